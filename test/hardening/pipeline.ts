/**
 * A full run of the library, shared by the secrets tests (in process, with every output channel
 * spied) and the sandbox test (bundled and run in a child process under Node's permission model,
 * where any file write, child process or worker is denied).
 *
 * It goes through every format: build → seal → inspect → open → parse for both envelopes and
 * both documents, the three input readers, generated fixtures read back by the reader of each
 * file, matching and the three reports; then it walks as many error paths as it can reach with
 * documents full of distinctive fake names, collecting every error (and every notice/problem a
 * successful lenient read returns). It uses no file system, no test framework: node builtins
 * and the library sources only.
 */

import { EntPronoteError, sealExportIndexEducation, openImportChiffre, sealImportChiffre, inspectEnvelope, openEnvelope, openEnvelopeAsync, openExportIndexEducation, buildIdentifiantsPronote, type IdentifiantsPronote, openIdentifiantsPronote, parseIdentifiantsPronote, sealIdentifiantsPronote, validateIdentifiantsPronote, importPrivateKey, importPublicKey, matchAccounts, assemblePartenaireIndex, buildPartenaireIndex, type PartenaireIndex, parsePartenaireIndex, validatePartenaireIndex } from '../../src/index';
import { generateFixtures } from '../../src/fixtures';
import { readAafFeed, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { renderMatchCsv, renderMatchHtml, renderMatchJson } from '../../src/report';
import {
  AAF_OPTIONS,
  aafText,
  INPUT_OPTIONS,
  SECRET_NAMES,
  secretAafBody,
  secretCsv,
  secretIdentifiantsPronote,
  secretJson,
  secretPartenaireIndex,
} from './secret-documents';
import { canonical } from './canonical';

/** The keys of a run, as text (the pipeline reads no file). */
export interface PipelineKeys {
  publicPem: string;
  privatePem: string;
  /** An encrypted private key and its passphrase. */
  encryptedPem: string;
  passphrase: string;
  /** A private key of the same size that is not the recipient's. */
  otherPrivatePem: string;
}

/** What a run found. */
export interface PipelineSummary {
  /** Steps that completed. */
  steps: string[];
  /** Every library error met, as the caller would see it. */
  errors: Array<{ step: string; code: string; message: string; json: string }>;
  /** Everything else thrown (must stay empty). */
  foreign: Array<{ step: string; error: string }>;
  /** Notices and problems returned by successful lenient reads (shown to users by the CLI). */
  notices: Array<{ step: string; text: string }>;
  /** Steps whose round trip did not give back what went in (must stay empty). */
  mismatches: string[];
  /** Every distinct nominative value of the generated fixtures, to look for in outputs. */
  fixtureNames: string[];
}

const DATE = '2026-09-01T08:00:00+02:00';

/** Variants of an attribute or field value that break it, each carrying a distinctive name. */
export function hostileValues(value: string): string[] {
  const [a, b, c] = SECRET_NAMES;
  return [
    '',
    ' ',
    `${value}${a}`,
    `${a}`,
    `${a}&${b}`,
    `${a}&${b};`,
    `&${a};`,
    `&#${a};`,
    `&#x${a};`,
    `${a}&#0;`,
    `${a}<${b}`,
    `${a}<${b}>`,
    `${a}\u0001${b}`,
    `${a}\uFFFE`,
    `${a}" ${b}`,
    `${a}" ${b} ${c}`,
    `${a}" ${b}=${c}`,
    `${a}'${b}`,
    `${a}\n${b}`,
    `${a}]]>${b}`,
    `9999999999${a}`,
    `-1${a}`,
    `2011-02-30${a}`,
    `${a.repeat(700)}`,
  ];
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}


/** Runs the whole library; never throws (everything is recorded in the summary). */
export async function runPipeline(keys: PipelineKeys): Promise<PipelineSummary> {
  const summary: PipelineSummary = { steps: [], errors: [], foreign: [], notices: [], mismatches: [], fixtureNames: [] };
  const record = (step: string, e: unknown) => {
    if (e instanceof EntPronoteError) summary.errors.push({ step, code: e.code, message: e.message, json: json(e.toJSON()) });
    else summary.foreign.push({ step, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
  };
  const attempt = async (step: string, fn: () => unknown): Promise<unknown> => {
    try {
      const out = await fn();
      summary.steps.push(step);
      return out;
    } catch (e) {
      record(step, e);
      return undefined;
    }
  };
  const same = (step: string, a: unknown, b: unknown) => {
    if (canonical(a) !== canonical(b)) summary.mismatches.push(step);
  };
  const notices = (step: string, list: readonly unknown[]) => {
    for (const n of list) summary.notices.push({ step, text: json(n) });
  };

  const publicKey = importPublicKey(keys.publicPem);
  const privateKey = importPrivateKey(keys.privatePem);

  // 1. The secret documents, through every format.
  const pi: PartenaireIndex = secretPartenaireIndex();
  const piXml = buildPartenaireIndex(pi);
  same('parse(build(PARTENAIRE_INDEX))', parsePartenaireIndex(piXml, { validate: true }).document, pi);
  notices('validatePartenaireIndex', validatePartenaireIndex(pi));
  const ic = sealImportChiffre(piXml, publicKey, { partenaire: 'ENT-HARDENING', uai: '0410017W', date: DATE });
  await attempt('inspect ImportChiffre', () => inspectEnvelope(ic));
  await attempt('open ImportChiffre', () => same('open(seal(PARTENAIRE_INDEX))', parsePartenaireIndex(openImportChiffre(ic, keys.encryptedPem, { passphrase: keys.passphrase }).content).document, pi));
  await attempt('open ImportChiffre async', async () => same('openAsync', (await openEnvelopeAsync(ic, privateKey)).text(), piXml));

  const id: IdentifiantsPronote = secretIdentifiantsPronote();
  const idXml = buildIdentifiantsPronote(id);
  const parsedId = parseIdentifiantsPronote(idXml);
  same('parse(build(IDENTIFIANTS_PRONOTE))', parsedId.document, id);
  notices('parseIdentifiantsPronote', parsedId.problems);
  const sealedId = sealIdentifiantsPronote(id, publicKey, { date: DATE });
  await attempt('open identifier file', async () => same('open(seal(IDENTIFIANTS_PRONOTE))', (await openIdentifiantsPronote(sealedId, privateKey, { partner: 'HARDENING' })).document, id));
  const ex = sealExportIndexEducation(idXml, [{ nom: 'HARDENING', publicKey }], { date: DATE, uai: '0410017W' });
  await attempt('open EXPORT_INDEX_EDUCATION', () => openExportIndexEducation(ex, privateKey, { partner: 'HARDENING' }).text());

  for (const [step, read] of [
    ['readCsvAccounts', () => readCsvAccounts(secretCsv(), INPUT_OPTIONS)],
    ['readJsonAccounts', () => readJsonAccounts(secretJson(), INPUT_OPTIONS)],
    ['readAafFeed', () => readAafFeed([{ name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks: new TextEncoder().encode(aafText(secretAafBody())) }], AAF_OPTIONS)],
  ] as const) {
    const r = (await attempt(step, read)) as { document: PartenaireIndex; problems: unknown[] } | undefined;
    if (r !== undefined) {
      notices(step, r.problems);
      same(`${step}: parse(build(read))`, parsePartenaireIndex(buildPartenaireIndex(r.document)).document, r.document);
    }
  }

  await attempt('match and reports', () => {
    const result = matchAccounts(pi, id);
    return [renderMatchCsv(result), renderMatchHtml(result), renderMatchJson(result)].join('').length;
  });

  // 2. Generated fixtures, each file read back by its reader.
  const fixtures = generateFixtures({ seed: 'hardening', students: 24, indexEducationPublicKey: publicKey, partnerPublicKey: publicKey });
  const names = new Set<string>();
  for (const p of fixtures.world.people as unknown as Array<Record<string, unknown>>) {
    for (const side of [p, p.ent, p.pronote] as unknown[]) {
      if (typeof side !== 'object' || side === null) continue;
      for (const key of ['nom', 'prenom']) {
        const v = (side as Record<string, unknown>)[key];
        if (typeof v === 'string' && v.length >= 4) names.add(v);
      }
    }
  }
  summary.fixtureNames = [...names];
  const aafFiles = fixtures.files.filter((f) => f.kind === 'aaf');
  for (const f of fixtures.files) {
    const bytes = typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content;
    const step = `fixture ${f.path}`;
    switch (f.kind) {
      case 'csv':
        await attempt(step, () => notices(step, readCsvAccounts(bytes, INPUT_OPTIONS).problems));
        break;
      case 'json':
        await attempt(step, () => notices(step, readJsonAccounts(bytes, INPUT_OPTIONS).problems));
        break;
      case 'partenaire-index':
        await attempt(step, () => parsePartenaireIndex(bytes, { validate: true }));
        break;
      case 'import-chiffre':
        await attempt(step, () => parsePartenaireIndex(openImportChiffre(bytes, privateKey).content, { validate: true }));
        break;
      case 'identifiants-pronote':
        await attempt(step, () => notices(step, parseIdentifiantsPronote(bytes).problems));
        break;
      case 'export-index-education':
        await attempt(step, async () => notices(step, (await openIdentifiantsPronote(bytes, privateKey)).problems));
        break;
      default:
        break;
    }
  }
  await attempt('fixture AAF feed', async () => notices('fixture AAF feed', (await readAafFeed(aafFiles.map((f) => ({ name: f.path.split('/').pop() as string, chunks: f.content as Uint8Array })), AAF_OPTIONS)).problems));

  // 3. Error paths, with documents full of distinctive names.
  const mutateAttributes = (xml: string): string[] => {
    const out: string[] = [];
    for (const m of xml.matchAll(/ ([A-Za-z_:]+)="([^"]*)"/g)) {
      const at = m.index;
      const [whole, name, value] = m as unknown as [string, string, string];
      const before = xml.slice(0, at);
      const after = xml.slice(at + whole.length);
      out.push(before + after); // removed
      out.push(`${before}${whole}${whole}${after}`); // duplicated
      out.push(`${before} ${name.toUpperCase()}="${value}"${whole}${after}`); // twice, other case
      for (const v of hostileValues(value)) out.push(`${before} ${name}="${v}"${after}`);
    }
    return out;
  };

  let k = 0;
  for (const bad of mutateAttributes(piXml)) {
    await attempt(`PARTENAIRE_INDEX variant ${k++}`, () => parsePartenaireIndex(bad, { validate: true }));
  }
  k = 0;
  for (const bad of mutateAttributes(idXml)) {
    await attempt(`IDENTIFIANTS_PRONOTE variant ${k}`, () => notices(`IDENTIFIANTS_PRONOTE variant ${k}`, parseIdentifiantsPronote(bad).problems));
    k++;
  }
  const aaf = aafText(secretAafBody());
  k = 0;
  // Values of people and schools (not the categories, which are vocabulary, nor the record ids,
  // which errors name by design).
  for (const m of aaf.matchAll(/<attr name="(?!categorie)[^"]*"><value>([^<]*)<\/value>/g)) {
    for (const v of ['', ...hostileValues(m[1] as string)]) {
      const bad = aaf.slice(0, m.index) + m[0].replace(/<value>[^<]*</, `<value>${v}<`) + aaf.slice(m.index + m[0].length);
      const step = `AAF variant ${k++}`;
      await attempt(step, async () => notices(step, (await readAafFeed([{ name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks: new TextEncoder().encode(bad) }], AAF_OPTIONS)).problems));
    }
  }
  const csvLines = secretCsv().split('\r\n');
  k = 0;
  // Data rows only: the header line names columns, it holds no value.
  for (let line = 1; line < csvLines.length; line++) {
    const cells = (csvLines[line] as string).split(';');
    for (let cell = 0; cell < cells.length; cell++) {
      for (const v of hostileValues(cells[cell] as string).slice(0, 20)) {
        const copy = [...cells];
        copy[cell] = v;
        const text = [...csvLines.slice(0, line), copy.join(';'), ...csvLines.slice(line + 1)].join('\r\n');
        for (const onInvalidRecord of ['error', 'skip'] as const) {
          const step = `CSV variant ${k++}`;
          await attempt(step, () => notices(step, readCsvAccounts(text, { ...INPUT_OPTIONS, onInvalidRecord }).problems));
        }
      }
    }
  }
  // A CSV without its header line: the first row of people is read as the header.
  await attempt('CSV without header', () =>
    readCsvAccounts(csvLines.slice(2).join('\r\n'), { ...INPUT_OPTIONS, onProblem: (p) => summary.notices.push({ step: 'CSV without header (onProblem)', text: json(p) }) }),
  );
  const jsonText = secretJson();
  k = 0;
  for (const m of jsonText.matchAll(/"(\w+)": "([^"]*)"/g)) {
    for (const v of [...hostileValues(m[2] as string).slice(0, 12), 42, null, [], {}]) {
      const bad = jsonText.slice(0, m.index) + `"${m[1]}": ${JSON.stringify(v)}` + jsonText.slice(m.index + m[0].length);
      for (const onInvalidRecord of ['error', 'skip'] as const) {
        const step = `JSON variant ${k++}`;
        await attempt(step, () => notices(step, readJsonAccounts(bad, { ...INPUT_OPTIONS, onInvalidRecord }).problems));
      }
    }
  }
  await attempt('JSON model form, broken', () => readJsonAccounts(JSON.stringify({ ...pi, eleves: [{ ...pi.eleves[0], ident: 'x', dateNaissance: SECRET_NAMES[0] }] })));

  // Models handed to builders and validators.
  const brokenModels: Array<[string, () => unknown]> = [
    ['build: forbidden character in a name', () => buildPartenaireIndex({ ...pi, eleves: [{ ...(pi.eleves[0] as PartenaireIndex['eleves'][number]), nom: `${SECRET_NAMES[0]}\u0001` }] })],
    ['build: bad birth date', () => buildPartenaireIndex({ ...pi, eleves: [{ ...(pi.eleves[0] as PartenaireIndex['eleves'][number]), dateNaissance: SECRET_NAMES[1] }] })],
    ['build: duplicate Ident', () => buildPartenaireIndex({ ...pi, personnels: [...pi.personnels, ...pi.personnels] })],
    ['build: too long', () => buildPartenaireIndex({ ...pi, personnels: [{ ...(pi.personnels[0] as PartenaireIndex['personnels'][number]), nom: SECRET_NAMES[0].repeat(1000) }] })],
    ['assemble: unknown parent', () => assemblePartenaireIndex({ date: DATE, partenaire: 'P', etablissements: [{ numero: '0410017W', nom: 'L' }], eleves: [{ idPartenaire: SECRET_NAMES[2], nom: SECRET_NAMES[0], prenom: SECRET_NAMES[1], dateNaissance: '2011-02-17', responsables: [SECRET_NAMES[3]] }] })],
    ['build identifiers: bad date', () => buildIdentifiantsPronote({ ...id, eleves: [{ ...(id.eleves[0] as IdentifiantsPronote['eleves'][number]), dateNaissance: SECRET_NAMES[4] }] })],
    ['build identifiers: Partiel with ID_Partenaire', () => buildIdentifiantsPronote({ ...id, mode: 'Partiel' })],
  ];
  for (const [step, fn] of brokenModels) await attempt(step, fn);
  notices('validateIdentifiantsPronote broken', validateIdentifiantsPronote({ ...id, eleves: [{ ...(id.eleves[0] as IdentifiantsPronote['eleves'][number]), dateNaissance: SECRET_NAMES[5], idpn: '' }] }));
  notices('validatePartenaireIndex broken', validatePartenaireIndex({ ...pi, eleves: [{ ...(pi.eleves[0] as PartenaireIndex['eleves'][number]), dateNaissance: SECRET_NAMES[6], sexe: SECRET_NAMES[7] as 'Feminin' }] }));

  // Envelopes and keys.
  const envelopeErrors: Array<[string, () => unknown]> = [
    ['wrong key', () => openImportChiffre(ic, keys.otherPrivatePem)],
    ['wrong passphrase', () => openImportChiffre(ic, keys.encryptedPem, { passphrase: SECRET_NAMES[0] })],
    ['no passphrase', () => openImportChiffre(ic, keys.encryptedPem)],
    ['garbage key', () => openImportChiffre(ic, `-----BEGIN PRIVATE KEY-----\n${SECRET_NAMES[0]}\n-----END PRIVATE KEY-----\n`)],
    ['public key where a private one is needed', () => openImportChiffre(ic, keys.publicPem)],
    ['private key text as public key', () => sealImportChiffre(piXml, keys.privatePem.replace(/PRIVATE/g, 'PUBLIC'), { partenaire: 'P', uai: '0410017W' })],
    ['altered Contenu', () => openImportChiffre(ic.replace(/<Contenu>(.)/, (_m, c: string) => `<Contenu>${c === 'A' ? 'B' : 'A'}`), privateKey)],
    ['altered Cle', () => openImportChiffre(ic.replace(/<Cle>(.)/, (_m, c: string) => `<Cle>${c === 'A' ? 'B' : 'A'}`), privateKey)],
    ['truncated Verification', () => openImportChiffre(ic.replace(/<Verification>..../, '<Verification>'), privateKey)],
    ['wrong partner', () => openEnvelope(ex, privateKey, { partner: 'AUTRE-ENT' })],
    ['decompression limit', () => openEnvelope(ic, privateKey, { limits: { maxDecompressedBytes: 100 } })],
    ['content read as another format', () => parseIdentifiantsPronote(openImportChiffre(ic, privateKey).content)],
    ['identifier file given an ImportChiffre', () => openIdentifiantsPronote(ic, privateKey)],
  ];
  for (const [step, fn] of envelopeErrors) await attempt(step, fn);

  return summary;
}
