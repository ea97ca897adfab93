/**
 * A CSV of accounts spanning several schools (column `uai`) → the document of each file of the
 * batch: the CSV is decoded and split once (schools and people by their `uai`, parents with the
 * students naming them), then each file's rows are read by `readCsvAccounts` (its checks and
 * problems, with the lines of the original file).
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { decodeCsvBytes } from '../input/csv/decode';
import { formatCsv } from '../input/csv/format';
import { parseCsv } from '../input/csv/parse';
import { readCsvAccounts } from '../input/csv/read';
import { textPath } from '../input/problems';
import { addProblem, type Bucket, bucketsOf } from './buckets';
import type { RouteContext, Routed } from './aaf';
import { planGroups } from './plan';
import type { BatchProblem, CsvBatchSource } from './types';

/** Routes a CSV (see the module). */
export function routeCsv(source: CsvBatchSource, ctx: RouteContext & { date?: string; partenaire?: string }): Routed {
  const bytes = source.bytes;
  if (typeof bytes !== 'string' && !(bytes instanceof Uint8Array)) throw new EntPronoteError('ERR_ARGUMENT', 'source.bytes must be the CSV bytes or text');
  const file = source.file;
  const where = file !== undefined ? { file } : {};
  const text = typeof bytes === 'string' ? bytes.replace(/^\uFEFF/, '') : decodeCsvBytes(bytes, 'auto', file).text;
  const parsed = parseCsv(text, { maxFieldLength: ctx.limits.maxAttributeLength, ...where });
  const [header, ...rows] = parsed.rows;
  if (header === undefined) throw new EntPronoteError('ERR_INPUT', 'the CSV is empty: a header line naming the columns is needed', where);
  const col = (name: string): number => header.fields.findIndex((f) => f.trim().toLowerCase() === name);
  const iPop = col('population');
  const iUai = col('uai');
  const iId = col('id_partenaire');
  const iParents = col('parents');
  if (iPop === -1 || iUai === -1) throw new EntPronoteError('ERR_INPUT', 'a CSV for several schools needs the columns population and uai', { ...where, line: header.line });
  const cell = (r: { fields: string[] }, i: number): string => (i === -1 ? '' : (r.fields[i] ?? '').trim());
  const pop = (r: { fields: string[] }): string => cell(r, iPop).toLowerCase();

  const schoolUais: string[] = [];
  for (const r of rows) {
    const u = cell(r, iUai).toUpperCase();
    if (pop(r) === 'etablissement' && u !== '' && !schoolUais.includes(u)) schoolUais.push(u);
  }
  const plan = planGroups(schoolUais, ctx.regroupements, ctx.selected);
  const buckets = bucketsOf(plan.groups);
  const feedProblems: BatchProblem[] = [];
  for (const p of plan.problems) {
    ctx.onProblem(p);
    if (p.uai === undefined) feedProblems.push(p);
    else addProblem(buckets[plan.groupOf.get(p.uai) as number] as Bucket, p, false);
  }
  const rowsOf: (typeof rows)[] = buckets.map(() => []);
  const studentGroups = new Map<string, number[]>();
  let unattached = 0;
  for (const r of rows) {
    if (pop(r) === 'responsable') continue;
    const g = plan.groupOf.get(cell(r, iUai).toUpperCase());
    if (g === undefined) {
      if (ctx.selected === undefined && pop(r) !== 'etablissement' && r.fields.some((f) => f.trim() !== '')) unattached++;
      continue;
    }
    rowsOf[g]?.push(r);
    if (pop(r) === 'eleve') {
      for (const p of cell(r, iParents).split('|')) {
        const id = p.trim();
        if (id === '') continue;
        const list = studentGroups.get(id) ?? [];
        if (!list.includes(g)) list.push(g);
        studentGroups.set(id, list);
      }
    }
  }
  for (const r of rows) {
    if (pop(r) !== 'responsable') continue;
    const groups = [...(studentGroups.get(cell(r, iId)) ?? [])];
    const own = plan.groupOf.get(cell(r, iUai).toUpperCase());
    if (own !== undefined && !groups.includes(own)) groups.push(own);
    if (groups.length === 0 && ctx.selected === undefined) unattached++;
    for (const g of groups) rowsOf[g]?.push(r);
  }
  ctx.onPeopleRead(rows.length);

  buckets.forEach((b, g) => {
    if (b.skipReason !== undefined) return;
    // The file's rows, in the original order, each on the lines it had (for problems).
    const own = (rowsOf[g] ?? []).sort((a, c) => a.line - c.line);
    let sub = formatCsv([header.fields], { eol: '\n' });
    const starts: number[] = [1];
    const origin: number[] = [header.line];
    let line = 1 + (sub.match(/\n/g)?.length ?? 0);
    for (const r of own) {
      const s = formatCsv([r.fields], { eol: '\n' });
      starts.push(line);
      origin.push(r.line);
      line += s.match(/\n/g)?.length ?? 0;
      sub += s;
    }
    const lineOf = (l: number | undefined): number | undefined => {
      if (l === undefined) return undefined;
      let i = starts.length - 1;
      while (i > 0 && (starts[i] as number) > l) i--;
      return (origin[i] as number) + (l - (starts[i] as number));
    };
    const problems: BatchProblem[] = [];
    try {
      const result = readCsvAccounts(sub, {
        date: ctx.date ?? '2000-01-01T00:00:00Z',
        partenaire: ctx.partenaire ?? 'BATCH',
        ...where,
        uai: b.plan.uais,
        onInvalidRecord: 'skip',
        limits: ctx.limits,
      });
      for (const p of result.problems) {
        const l = lineOf(p.line);
        const { column: _column, ...rest } = p;
        problems.push({ ...rest, ...(l !== undefined ? { line: l, path: textPath(file, l) } : {}), uai: b.plan.uai });
      }
      b.document = result.document;
      b.nom = result.document.etablissements.find((e) => e.numero === b.plan.uai)?.nom ?? '';
    } catch (e) {
      b.skipReason = e instanceof EntPronoteError ? `its rows cannot be read (${e.reason.slice(0, 200)})` : 'its rows cannot be read';
    }
    for (const p of problems) {
      ctx.onProblem(p);
      addProblem(b, p, p.severity === 'error' && p.rule !== 'ref');
    }
  });
  return { buckets, students: [], problems: feedProblems, peopleRead: rows.length, unattached };
}
