/**
 * Differential test of the three account readers: generated inputs, valid and damaged in many
 * seeded ways (fields removed, wrong types, bad dates, UAIs, sexes, civilities, references,
 * duplicates, unknown fields and columns, school filters), read by `readJsonAccounts`,
 * `readCsvAccounts` and `readAafFeed`; each outcome (problems with codes, messages, lines and
 * columns, stats, a digest of the document, or the error) must equal the golden file
 * digests of `golden/readers-differential.json`, which the readers wrote BEFORE they were split into named
 * steps (commit 8e14610). Regenerate only on purpose: `UPDATE_GOLDEN=1 npx vitest run test/input/differential.test.ts`.
 */

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFixtures, SeededRandom } from '../../src/fixtures';
import { readAafFeed, readCsvAccounts, readJsonAccounts } from '../../src/input';

const GOLDEN = join(__dirname, 'golden', 'readers-differential.json');
const DATE = '2026-09-01T08:00:00+02:00';

/** The fixtures' seeded generator, as a function giving floats in [0, 1). */
function rng(seed: string): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

const fixtures = generateFixtures({ students: 24, schools: 2, seed: 'differential' });
const text = (kind: string): string[] =>
  fixtures.files.filter((f) => f.kind === kind).map((f) => (typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('latin1')));
const uais = fixtures.world.schools.map((s) => s.uai);

/** Values that exercise every check: types, empty, dates, UAIs, enumerations, characters XML cannot carry. */
const VALUES: readonly unknown[] = [
  undefined, '', ' ', 12, null, true, [], {}, ['a', 3], 'x'.repeat(300), 'A\u0001B', 'a\ud800b',
  '2010-02-29', '2012-02-29', '2010-13-01', '0000-01-01', '2010-1-1', '31/12/2010', '29/02/2011', '2010-12-31Z',
  'Masculin', 'Feminin', 'M', 'Mme', 'Mlle', 'F', 'x', '0410017W', '0410017w', '041001W', uais[0], uais[1],
  'CAS', 'ADFS', 7, 1, 0, -1, 4294967296, 'ok', 'DUPONT',
];
const JSON_FIELDS = [
  'idPartenaire', 'nom', 'prenom', 'dateNaissance', 'sexe', 'numeroNational', 'adresse1', 'adresse2', 'adresse3', 'adresse4', 'adresse5',
  'codePostal', 'ville', 'pays', 'civilite', 'responsables', 'key', 'numero', 'telSecretariat', 'email', 'ident', 'foo',
];
const LISTS = ['etablissements', 'personnels', 'professeurs', 'responsables', 'eleves'] as const;
const ROOT_FIELDS = ['date', 'partenaire', 'protocoleDelegationAuthentification', 'civilites', 'etablissementsGeres', 'nomenclatures', 'extra', ...LISTS];

function mutateJson(r: () => number, doc: Record<string, unknown>, model: boolean): void {
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const what = r();
    if (what < 0.1) {
      const f = pick(r, ROOT_FIELDS);
      const v = pick(r, [...VALUES, [], [{ ident: 1, libelle: 'M' }], false, [uais[0]], ['nope']]);
      if (v === undefined) delete doc[f];
      else doc[f] = v;
      continue;
    }
    const list = doc[pick(r, LISTS)];
    if (!Array.isArray(list) || list.length === 0) continue;
    const i = Math.floor(r() * list.length);
    if (what < 0.15) {
      list[i] = pick(r, VALUES);
    } else if (what < 0.22) {
      list.push(structuredClone(list[i]));
    } else {
      const entry: unknown = list[i];
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
      const e = entry as Record<string, unknown>;
      const f = pick(r, model ? [...JSON_FIELDS, 'ident', 'ident'] : JSON_FIELDS);
      const v = f === 'responsables' && r() < 0.5 ? [pick(r, ['nobody', 'p1', 3]), ...(Array.isArray(e.responsables) ? e.responsables : [])] : pick(r, VALUES);
      if (v === undefined) delete e[f];
      else e[f] = v;
    }
  }
}

function mutateCsv(r: () => number, csv: string): string {
  const lines = csv.split('\n');
  const header = (lines[0] ?? '').split(';');
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const what = r();
    if (what < 0.05) {
      header.push(pick(r, ['inconnue', 'NOM', 'uai', '']));
      continue;
    }
    if (what < 0.08) {
      const a = Math.floor(r() * header.length);
      header.splice(a, 1);
      continue;
    }
    const li = 1 + Math.floor(r() * Math.max(1, lines.length - 2));
    const cells = (lines[li] ?? '').split(';');
    if (what < 0.12) {
      cells.push(pick(r, ['', 'extra', '"q"']));
    } else if (what < 0.16) {
      lines.splice(li + 1, 0, lines[li] ?? '');
      continue;
    } else {
      const c = Math.floor(r() * cells.length);
      const v = pick(r, [
        '', ' ', 'eleve', 'Eleves', 'Élève', 'professeur', 'x', 'responsable', 'etablissement', 'personnels', 'A\u0001B', 'x'.repeat(300),
        '2010-02-29', '29/02/2012', '31/04/2010', '1/2/2010', '2012-02-29', 'M', 'Mme', 'Mlle', 'F', 'Masculin', 'z',
        '0410017w', '041001W', uais[0], uais[1], 'p1|p2', ' | ', 'nobody', 'DUPONT',
      ]);
      cells[c] = v ?? '';
    }
    lines[li] = cells.join(';');
  }
  lines[0] = header.join(';');
  return lines.join('\n');
}

function mutateAaf(r: () => number, xml: string): string {
  let out = xml;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const names = [...out.matchAll(/<attr name="([^"]+)">/g)];
    if (names.length === 0) break;
    const m = pick(r, names);
    const at = m.index ?? 0;
    const end = out.indexOf('</attr>', at) + '</attr>'.length;
    const what = r();
    if (what < 0.4) out = out.slice(0, at) + out.slice(end);
    else {
      const v = pick(r, ['', 'x', '31/02/2010', '2010-12-31', 'Mlle', 'Mme', 'z', '0410017w', 'nobody$1', 'A&#1;B', uais[0] ?? '']);
      out = `${out.slice(0, at)}<attr name="${m[1] ?? ''}"><value>${v}</value></attr>${out.slice(end)}`;
    }
  }
  return out;
}

function digest(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 24);
}

/** The outcome of a read, as plain data: problems, stats and a digest of the document, or the error. */
async function outcome(read: () => unknown): Promise<unknown> {
  try {
    const result = (await read()) as { document: unknown; problems: unknown; stats: unknown };
    return { problems: result.problems, stats: result.stats, document: digest(result.document) };
  } catch (e) {
    const x = e as Record<string, unknown>;
    return { error: { name: x.name, code: x.code, message: x.message, file: x.file, line: x.line, column: x.column, path: x.path, problems: x.problems } };
  }
}

interface Outcome {
  error?: { code?: string; problems?: { rule: string }[] };
  problems?: { rule: string }[];
}
/** What the golden file keeps of an outcome: a digest of all of it, and what helps read a difference. */
interface Summary {
  digest: string;
  code?: string;
  rules: string[];
}
function summarize(outcomes: Record<string, Outcome>): Record<string, Summary> {
  const out: Record<string, Summary> = {};
  for (const [key, o] of Object.entries(outcomes)) {
    const problems = o.error?.problems ?? o.problems ?? [];
    out[key] = { digest: digest(o), ...(o.error !== undefined ? { code: o.error.code } : {}), rules: [...new Set(problems.map((p) => p.rule))].sort() };
  }
  return out;
}

async function cases(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const r = rng('readers-differential');
  const jsonTexts = text('json');
  for (let c = 0; c < 400; c++) {
    const doc = JSON.parse(pick(r, jsonTexts)) as Record<string, unknown>;
    if (c > 0) mutateJson(r, doc, false);
    const policy = c % 2 === 0 ? 'skip' : 'error';
    const options = c % 7 === 3 ? { onInvalidRecord: policy, file: 'c.json', partenaire: 'OPT', etablissementsGeres: [uais[0] ?? ''] } : { onInvalidRecord: policy };
    out[`json-input-${c}`] = await outcome(() => readJsonAccounts(JSON.stringify(doc), options as never));
  }
  const models = fixtures.files.filter((f) => f.kind === 'partenaire-index').map((f) => f.uai);
  for (let c = 0; c < 80; c++) {
    const uai = pick(r, models);
    const base = readJsonAccounts(pick(r, jsonTexts)).document;
    const doc = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    if (c > 0) mutateJson(r, doc, true);
    out[`json-model-${c}-${uai}`] = await outcome(() => readJsonAccounts(JSON.stringify(doc), c % 3 === 0 ? { date: DATE } : {}));
  }
  const csv = text('csv')[0] ?? '';
  for (let c = 0; c < 300; c++) {
    const mutated = c === 0 ? csv : mutateCsv(r, csv);
    const options = {
      date: DATE,
      partenaire: 'X',
      onInvalidRecord: c % 2 === 0 ? 'skip' : 'error',
      file: 'c.csv',
      ...(c % 5 === 1 ? { uai: uais[0] } : c % 11 === 2 ? { uai: ['0000000A'] } : {}),
    };
    out[`csv-${c}`] = await outcome(() => readCsvAccounts(mutated, options as never));
  }
  const aaf = fixtures.files.filter((f) => f.kind === 'aaf');
  for (let c = 0; c < 80; c++) {
    const files = aaf.map((f) => {
      const content = typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('latin1');
      const name = f.path.split('/').pop() ?? f.path;
      return { name, chunks: Buffer.from(c > 0 && r() < 0.5 ? mutateAaf(r, content) : content, 'latin1') };
    });
    const options = {
      date: DATE,
      partenaire: 'X',
      onInvalidRecord: c % 2 === 0 ? 'skip' : 'error',
      resolveId: (id: string) => (c % 9 === 4 && id.endsWith('1') ? undefined : c % 13 === 5 ? 'same' : `ent-${id}`),
      ...(c % 4 === 1 ? { uai: uais[1] } : {}),
    };
    out[`aaf-${c}`] = await outcome(() => readAafFeed(files, options as never));
  }
  return out;
}

describe('readers, before and after their split into named steps', () => {
  it('give the same problems, stats, documents and errors on generated inputs', async () => {
    const actual = summarize(JSON.parse(JSON.stringify(await cases())) as Record<string, Outcome>);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(actual)).toEqual(Object.keys(golden));
    for (const key of Object.keys(golden)) expect(actual[key], key).toEqual(golden[key]);
    // The cases reach both outcomes and the readers' rules.
    const values = Object.values(golden) as Summary[];
    expect(values.filter((v) => v.code !== undefined).length).toBeGreaterThan(300);
    expect(values.filter((v) => v.code === undefined && v.rules.length > 0).length).toBeGreaterThan(300);
    expect(new Set(values.flatMap((v) => v.rules)).size).toBeGreaterThanOrEqual(17);
  }, 60_000);
});
