#!/usr/bin/env node
// Hostile-input benchmark: each shape of issue 15 (and a few legitimate inputs at the default
// limits) is fed to the public function that reads it, each in its own child process started
// with a 2 GB heap (`--max-old-space-size=2048`). For each: the input size, the time of the call,
// the peak RSS of the child (building the input included: inputs are built as Buffers, outside
// the V8 heap, before the call) and the error code (or `ok`). Prints a Markdown table.
//
//   npm run bench:hostile              # every shape
//   npm run bench:hostile -- csv-empty-rows pronote-unknown-attributes
//   node bench/hostile.mjs --child NAME  # one shape, one JSON line (what the parent runs)
//
// Not a test: nothing here asserts a time. The refusal codes are asserted by test/hardening.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const HEAP_MB = 2048;
const MiB = 1024 * 1024;
const here = fileURLToPath(import.meta.url);
const PI_NS = 'http://www.index-education.com/rapprochementssoV2.0';
const DATE = '2026-09-01T08:00:00+02:00';
const INPUT = { date: DATE, partenaire: 'BENCH' };
const CSV_HEADER = 'population;id_partenaire;nom;prenom;date_naissance;sexe;uai';
const AAF_DOCTYPE = '<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">';
const AAF_NAME = 'ENT_0410017W_Complet_20260901_Eleve_0000.xml';

/** Concatenates the Buffers `piece(i)` for i in [0, n), built in batches (no giant string). */
function buffers(head, n, piece, tail, batch = 10_000) {
  const parts = [Buffer.from(head)];
  for (let i = 0; i < n; i += batch) {
    let s = '';
    for (let k = i; k < Math.min(n, i + batch); k++) s += piece(k);
    parts.push(Buffer.from(s));
  }
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts);
}

function repeated(head, unit, count, tail) {
  const block = Buffer.from(unit.repeat(Math.min(count, 65536)));
  const whole = Math.floor(count / 65536);
  const parts = [Buffer.from(head)];
  for (let i = 0; i < whole; i++) parts.push(block);
  parts.push(Buffer.from(unit.repeat(count % 65536)), Buffer.from(tail));
  return Buffer.concat(parts);
}

const piPerson = (i) => `<Eleve Ident="${i + 10}" Nom="NOM${i}" Prenom="PRENOM${i}" DateNaissance="2010-01-01" Sexe="Masculin" ID_Partenaire="e-${i}"/>`;
const piDocument = (n) =>
  buffers(
    `<?xml version="1.0" encoding="UTF-8"?><PARTENAIRE_INDEX xmlns="${PI_NS}" Date="${DATE}" Partenaire="BENCH"><Nomenclatures><Civilites><Civilite Ident="1" Libelle="M"/></Civilites></Nomenclatures><Etablissements><Etablissement Ident="1" Numero="0410017W" Nom="LYCEE"/></Etablissements><EtablissementsGeres><Etablissement Ident="1"/></EtablissementsGeres><Eleves>`,
    n,
    piPerson,
    '</Eleves></PARTENAIRE_INDEX>',
  );

/** The shapes: name → { what, build() → { input, size }, run(lib, input) → promise or value }. */
const SHAPES = {
  'pronote-unknown-attributes': {
    what: 'IDENTIFIANTS_PRONOTE, 60 students × 100,000 distinct unknown attributes',
    build: () => buffers('<IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00" UAI="0410017W" Socle="X" Mode="Complet"><Eleves>', 60, (s) => `<Eleve Ident="${s + 1}" IDPN="${s}" Nom="N" Prenom="P" DateNaissance="2010-01-01"${Array.from({ length: 100_000 }, (_, i) => ` u${s}x${i}="v"`).join('')}/>`, '</Eleves></IDENTIFIANTS_PRONOTE>', 1),
    run: (lib, input) => lib.parseIdentifiantsPronote(input),
  },
  'pronote-many-extras': {
    what: 'IDENTIFIANTS_PRONOTE, 2,000 students × 1,000 distinct unknown attributes',
    build: () => buffers('<IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00" UAI="0410017W" Socle="X" Mode="Complet"><Eleves>', 2000, (s) => `<Eleve Ident="${s + 1}" IDPN="${s}" Nom="N" Prenom="P" DateNaissance="2010-01-01"${Array.from({ length: 1000 }, (_, i) => ` u${s}x${i}="v"`).join('')}/>`, '</Eleves></IDENTIFIANTS_PRONOTE>', 10),
    run: (lib, input) => lib.parseIdentifiantsPronote(input),
  },
  'csv-empty-rows': {
    what: 'accounts CSV, header + 8 million `;;;;` lines',
    build: () => repeated(`${CSV_HEADER}\n`, ';;;;\n', 8_000_000, ''),
    run: (lib, input) => lib.readCsvAccounts(input, INPUT),
  },
  'csv-invalid-rows': {
    what: 'accounts CSV, header + 8 million invalid rows `x;;;;`',
    build: () => repeated(`${CSV_HEADER}\n`, 'x;;;;\n', 8_000_000, ''),
    run: (lib, input) => lib.readCsvAccounts(input, INPUT),
  },
  'csv-warnings-then-error': {
    what: 'accounts CSV, 20,000 rows with a warning, then one invalid row',
    build: () =>
      buffers(`${CSV_HEADER}\netablissement;;LYCEE;;;;0410017W\n`, 20_000, (i) => `eleve;e${i};N;P;01/01/2010;Z;0410017W\n`, 'eleve;;N;P;01/01/2010;M;0410017W\n'),
    run: (lib, input) => lib.readCsvAccounts(input, INPUT),
  },
  'pronote-csv-invalid-rows': {
    what: 'PRONOTE people CSV, header + 8 million invalid rows',
    build: () => repeated('population;idpn;nom;prenom\n', 'x;;;\n', 8_000_000, ''),
    run: (lib, input) => lib.readIdentifiantsPronoteCsv(input, { date: DATE, uai: '0410017W', socle: 'X' }),
  },
  'csv-utf8-one-bad-byte': {
    what: 'accounts CSV in UTF-8 (`é`) with one invalid byte',
    build: () => Buffer.concat([Buffer.from(`${CSV_HEADER}\netablissement;;LYCÉE;;;;0410017W\n`), Buffer.from([0xe9]), Buffer.from(';e1;N;P;01/01/2010;M;0410017W\n')]),
    run: (lib, input) => lib.readCsvAccounts(input, INPUT),
  },
  'json-empty-objects': {
    what: 'accounts JSON, 256 MiB of `{},` in `eleves`',
    build: () => repeated('{"eleves":[', '{},', Math.floor((256 * MiB - 64) / 3), '{}]}'),
    run: (lib, input) => lib.readJsonAccounts(input, INPUT),
  },
  'aaf-unknown-elements': {
    what: 'AAF file, 500,000 distinct unknown elements',
    build: () => buffers(`<?xml version="1.0" encoding="UTF-8"?>\n${AAF_DOCTYPE}\n<ficAlimMENESR>\n`, 500_000, (i) => `<x${i}/>`, '</ficAlimMENESR>\n'),
    run: (lib, input) => lib.readAafFeed([{ name: AAF_NAME, chunks: input }], { ...INPUT, resolveId: (id) => `e-${id}` }),
  },
  'aaf-many-values': {
    what: 'AAF file, one student with 10 million values of a kept attribute',
    build: () =>
      repeated(
        `<?xml version="1.0" encoding="UTF-8"?>\n${AAF_DOCTYPE}\n<ficAlimMENESR>\n<addRequest><operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes><identifier><id>1</id></identifier><attributes><attr name="ENTPersonStructRattach">`,
        '<value>5</value>',
        10_000_000,
        '</attr></attributes></addRequest>\n</ficAlimMENESR>\n',
      ),
    run: (lib, input) => lib.readAafFeed([{ name: AAF_NAME, chunks: input }], { ...INPUT, resolveId: (id) => `e-${id}` }),
  },
  'xml-huge-element-name': {
    what: 'PARTENAIRE_INDEX, a 64 MiB element name',
    build: () => repeated('<', 'E', 64 * MiB, '/>'),
    run: (lib, input) => lib.parsePartenaireIndex(input),
  },
  'xml-huge-attribute-name': {
    what: 'IDENTIFIANTS_PRONOTE, a 64 MiB attribute name',
    build: () => repeated('<IDENTIFIANTS_PRONOTE ', 'a', 64 * MiB, '=""/>'),
    run: (lib, input) => lib.parseIdentifiantsPronote(input),
  },
  'ssh2-continuations': {
    what: 'SSH2 public key, 600 KB of header continuation lines',
    build: () => Buffer.from(`---- BEGIN SSH2 PUBLIC KEY ----\nComment: x\\\n${'y\\\n'.repeat(200_000)}z\nAAAA\n---- END SSH2 PUBLIC KEY ----\n`),
    run: (lib, input) => lib.importPublicKey(input.toString('latin1')),
  },
  'rsa-even-modulus': {
    what: 'RSA public key (JWK) with an even 2048-bit modulus',
    build: () => {
      const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
      const n = Buffer.from(jwk.n, 'base64url');
      n[n.length - 1] &= 0xfe;
      return Buffer.from(JSON.stringify({ kty: 'RSA', e: jwk.e, n: n.toString('base64url') }));
    },
    run: (lib, input) => lib.sealImportChiffre('<x/>', lib.importPublicKey(input.toString('utf8')), { partenaire: 'P', uai: '0410017W' }),
  },
  'over-max-input': {
    what: 'PARTENAIRE_INDEX bytes, maxInputBytes + 1 (256 MiB + 1)',
    build: () => Buffer.alloc(256 * MiB + 1, 0x20),
    run: (lib, input) => lib.parsePartenaireIndex(input),
  },
  'limit-above-string-max': {
    what: 'PARTENAIRE_INDEX of 600 MiB with limits.maxInputBytes raised to 1 GiB',
    build: () => Buffer.alloc(600 * MiB, 0x20),
    run: (lib, input) => lib.parsePartenaireIndex(input, { limits: { maxInputBytes: 1024 * MiB } }),
  },
  'pi-max-people': {
    what: 'PARTENAIRE_INDEX, 1,000,000 students (default maxPeople): read',
    build: () => piDocument(1_000_000),
    run: (lib, input) => lib.parsePartenaireIndex(input),
  },
  'pi-over-max-people': {
    what: 'PARTENAIRE_INDEX, 1,000,001 students',
    build: () => piDocument(1_000_001),
    run: (lib, input) => lib.parsePartenaireIndex(input),
  },
  'csv-max-people': {
    what: 'accounts CSV, 1,000,000 students (default maxPeople): read',
    build: () => buffers(`${CSV_HEADER}\netablissement;;LYCEE;;;;0410017W\n`, 1_000_000, (i) => `eleve;e${i};NOM${i};PRENOM${i};01/01/2010;M;0410017W\n`, ''),
    run: (lib, input) => lib.readCsvAccounts(input, INPUT),
  },
  'json-max-people': {
    what: 'accounts JSON, 1,000,000 students (default maxPeople): read',
    build: () =>
      buffers(
        '{"etablissements":[{"numero":"0410017W","nom":"LYCEE"}],"eleves":[',
        1_000_000,
        (i) => `${i === 0 ? '' : ','}{"idPartenaire":"e${i}","nom":"NOM${i}","prenom":"PRENOM${i}","dateNaissance":"2010-01-01","sexe":"Masculin","uai":"0410017W"}`,
        ']}',
      ),
    run: (lib, input) => lib.readJsonAccounts(input, INPUT),
  },
};

async function child(name) {
  const shape = SHAPES[name];
  const lib = await import('../dist/index.js');
  const input = shape.build();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  const t = performance.now();
  let code = 'ok';
  try {
    await shape.run(lib, input);
  } catch (e) {
    code = e instanceof lib.EntPronoteError ? e.code : `UNCODED ${e?.code ?? e?.name ?? typeof e}`;
  }
  const ms = performance.now() - t;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ name, code, size: input.byteLength, ms, rssBefore, peakRss }));
}

function fmtBytes(n) {
  if (n >= MiB) return `${(n / MiB).toFixed(n >= 100 * MiB ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} B`;
}

function parent(names) {
  const chosen = names.length > 0 ? names : Object.keys(SHAPES);
  console.log(`Each shape in its own process: node --max-old-space-size=${HEAP_MB} --expose-gc (Node ${process.version}).\n`);
  console.log('| shape | input | time | peak RSS | result |');
  console.log('|---|---:|---:|---:|---|');
  for (const name of chosen) {
    if (SHAPES[name] === undefined) throw new Error(`unknown shape ${name} (known: ${Object.keys(SHAPES).join(', ')})`);
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', here, '--child', name], { encoding: 'utf8', maxBuffer: 16 * MiB });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    let row;
    try {
      const j = JSON.parse(line);
      row = `| ${SHAPES[name].what} | ${fmtBytes(j.size)} | ${(j.ms / 1000).toFixed(2)} s | ${fmtBytes(j.peakRss)} | \`${j.code}\` |`;
    } catch {
      row = `| ${SHAPES[name].what} | – | – | – | crashed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').split('\n').find((l) => /error|heap/i.test(l)) ?? ''} |`;
    }
    console.log(row);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]);
else parent(args);
