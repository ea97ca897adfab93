/**
 * Measures readAafFeed's throughput on a synthetic feed of 100,000 records (not a test: no
 * timed assertion). Run: `npx tsx test/input/measure-aaf-throughput.ts [records]`.
 */

import { readAafFeed } from '../../src/input';
import { DEFAULT_LIMITS } from '../../src/index';
import { StreamingXmlDecoder } from '../../src/internal/xml/decode';
import { XmlTokenizer } from '../../src/internal/xml/tokenizer';
import { addRequest, aafFile, chunked } from './helpers';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const S = '19410017800012';
  const students = Math.floor(n * 0.5);
  const parents = Math.floor(n * 0.4);
  const staff = n - students - parents - 1;
  const parts: Record<string, string[]> = { EtabEducNat: [], PersEducNat: [], Eleve: [], PersRelEleve: [] };
  parts.EtabEducNat!.push(addRequest('Etablissement', S, { ENTStructureJointure: S, ENTStructureUAI: '0410017W', ENTStructureNomCourant: 'LYCEE', street: '1 RUE', postalCode: '41000', l: 'BLOIS' }));
  for (let i = 0; i < staff; i++) {
    parts.PersEducNat!.push(
      addRequest('PersEducNat', `5${i}`, {
        ENTPersonJointure: `5${i}`,
        personalTitle: i % 2 ? 'M' : 'Mme',
        sn: `LEFÈVRE${i}`,
        givenName: 'Hélène',
        ENTPersonNomPatro: `LEFÈVRE${i}`,
        ENTPersonDateNaissance: '14/07/1979',
        ENTPersonStructRattach: S,
        ENTPersonCategorieEnseignant: i % 5 ? 'true' : 'false',
        PersEducNatPresenceDevantEleves: i % 5 ? 'O' : 'N',
        ENTPersonFonctions: `${S}$ENS$ENSEIGNEMENT$L0201$LETTRES MODERNES`,
      }),
    );
  }
  for (let i = 0; i < students; i++) {
    parts.Eleve!.push(
      addRequest('Eleve', `9${i}`, {
        ENTPersonJointure: `9${i}`,
        personalTitle: i % 2 ? 'M' : 'Mme',
        sn: `D'ALMEIDA MARTIN${i}`,
        givenName: 'Noé',
        ENTPersonDateNaissance: '31/12/2010',
        ENTEleveINE: `${100000000 + i}AB`,
        ENTPersonStructRattach: S,
        ENTEleveStructRattachId: '123456',
        ENTEleveClasses: `${S}$2NDE3`,
        ENTElevePersRelEleve: [`7${(2 * i) % parents}$1$0$1$0$0`, `7${(2 * i + 1) % parents}$1$0$1$0$0`],
        ENTEleveAutoriteParentale: [`7${(2 * i) % parents}`, `7${(2 * i + 1) % parents}`],
      }),
    );
  }
  for (let i = 0; i < parents; i++) {
    parts.PersRelEleve!.push(
      addRequest('PersRelEleve', `7${i}`, {
        ENTPersonJointure: `7${i}`,
        personalTitle: i % 2 ? 'M' : 'Mme',
        sn: `D'ALMEIDA${i}`,
        givenName: 'João',
        ENTPersonAdresse: 'RÉSIDENCE LES ORMES$BÂT. B$12 RUE DES ŒILLETS',
        ENTPersonCodePostal: '41000',
        ENTPersonVille: 'BLOIS',
        ENTPersonPays: 'FRANCE',
        ENTAuxPersRelEleveEleve: `9${Math.floor(i / 2)}`,
      }),
    );
  }
  const files = Object.entries(parts).map(([kind, body]) => ({ name: `ENT_0410017W_Complet_20260901_${kind}_0000.xml`, bytes: aafFile(body.join('')) }));
  const total = files.reduce((s, f) => s + f.bytes.length, 0);
  for (let run = 0; run < 3; run++) {
    // Baseline: decoding and tokenizing alone, with a handler that does nothing.
    const c0 = process.cpuUsage();
    for (const f of files) {
      const dec = new StreamingXmlDecoder({ limits: DEFAULT_LIMITS, what: 'x' });
      const tok = new XmlTokenizer({ startElement() {}, endElement() {} }, { namespaces: false, doctype: 'external-only', limits: DEFAULT_LIMITS });
      for (const c of chunked(f.bytes, [65536])) tok.write(dec.write(c));
      tok.write(dec.end());
      tok.end();
    }
    const c1 = process.cpuUsage(c0);
    const baseMs = (c1.user + c1.system) / 1000;
    console.log(`baseline (decoder + tokenizer only): ${baseMs.toFixed(0)} ms CPU (${(total / 2 ** 20 / (baseMs / 1000)).toFixed(1)} MiB/s)`);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    // The first resolveId call marks the end of the streaming phase (every file read, deltas applied).
    let streamed: NodeJS.CpuUsage | undefined;
    const r = await readAafFeed(
      files.map((f) => ({ name: f.name, chunks: chunked(f.bytes, [65536]) })),
      {
        date: '2026-09-01T08:00:00+02:00',
        partenaire: 'MONENT',
        resolveId: (id) => {
          streamed ??= process.cpuUsage(cpu0);
          return `ent-${id}`;
        },
      },
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const streamMs = streamed === undefined ? cpuMs : (streamed.user + streamed.system) / 1000;
    global.gc?.();
    const retained = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    console.log(
      `run ${run + 1}: ${n} records, ${(total / 2 ** 20).toFixed(1)} MiB in ${ms.toFixed(0)} ms wall (${(total / 2 ** 20 / (ms / 1000)).toFixed(1)} MiB/s), ` +
        `${cpuMs.toFixed(0)} ms CPU (${(total / 2 ** 20 / (cpuMs / 1000)).toFixed(1)} MiB/s), ` +
        `of which streaming ${streamMs.toFixed(0)} ms CPU (${(total / 2 ** 20 / (streamMs / 1000)).toFixed(1)} MiB/s); ` +
        `exported ${JSON.stringify(r.stats.exported)}; result ${retained.toFixed(0)} MiB of heap, max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
  }
}

void main();
