/**
 * `exportAll`: the nightly export of a whole academy: one pass over the accounts, one sealed
 * `ImportChiffre` per school (or regroupement), built and sealed on a pool of worker threads.
 *
 * @module
 */

import { argumentError } from '../common/arguments';
import { isXsDateTime } from '../common/dates';
import { isUaiFormat } from '../common/uai';
import { EntPronoteError } from '../errors';
import { uaiFilter } from '../input/fields';
import type { PopulationCounts } from '../input/problems';
import { importPublicKey } from '../keys/import-public';
import { isPublicKey } from '../keys/rsa-key';
import { resolveLimits } from '../limits';
import { routeAafFeed, type Routed } from './aaf';
import type { Bucket } from './buckets';
import { routeCsv } from './csv';
import { normalizeRegroupements } from './plan';
import { defaultPoolSize, ParseThread, SchoolPool } from './pool';
import type { BatchProblem, ExportAllOptions, ExportAllSummary, SchoolResult } from './types';

/** The file name of a school's sealed export, as the single-school `export` names it: `ImportChiffre_<UAI>.xml`. */
export function importChiffreFileName(uai: string): string {
  if (typeof uai !== 'string' || !isUaiFormat(uai)) throw argumentError('uai', 'a UAI (7 digits and a letter)', uai);
  return `ImportChiffre_${uai}.xml`;
}

const ZERO: PopulationCounts = { etablissements: 0, personnels: 0, professeurs: 0, responsables: 0, eleves: 0 };

function checkOptions(o: ExportAllOptions): void {
  if (typeof o !== 'object' || o === null) throw new EntPronoteError('ERR_ARGUMENT', 'exportAll needs an options object');
  if (typeof o.source !== 'object' || o.source === null || (o.source.kind !== 'aaf' && o.source.kind !== 'csv')) {
    throw new EntPronoteError('ERR_ARGUMENT', "options.source must be { kind: 'aaf', files, resolveId } or { kind: 'csv', bytes }");
  }
  for (const name of ['partenaire', 'partenaireId'] as const) {
    if (typeof o[name] !== 'string' || o[name].trim() === '') throw new EntPronoteError('ERR_ARGUMENT', `options.${name} must be a non-empty string`);
  }
  if (typeof o.date !== 'string' || !isXsDateTime(o.date)) throw new EntPronoteError('ERR_ARGUMENT', 'options.date must be an xs:dateTime such as 2026-09-01T08:00:00+02:00');
  if (typeof o.sink !== 'function') throw new EntPronoteError('ERR_ARGUMENT', 'options.sink must be a function receiving each sealed school');
  for (const name of ['skip', 'onProgress', 'onProblem'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function') throw new EntPronoteError('ERR_ARGUMENT', `options.${name} must be a function`);
  }
  if (o.onInvalidRecord !== undefined && o.onInvalidRecord !== 'skip' && o.onInvalidRecord !== 'error') {
    throw new EntPronoteError('ERR_ARGUMENT', "options.onInvalidRecord must be 'skip' or 'error'");
  }
  if (o.workers !== undefined && (!Number.isSafeInteger(o.workers) || o.workers < 0 || o.workers > 256)) {
    throw new EntPronoteError('ERR_ARGUMENT', 'options.workers must be an integer from 0 to 256');
  }
  if (o.protocole !== undefined && o.protocole !== 'CAS' && o.protocole !== 'ADFS') throw new EntPronoteError('ERR_ARGUMENT', 'options.protocole must be CAS or ADFS');
  for (const name of ['description', 'version'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'string') throw new EntPronoteError('ERR_ARGUMENT', `options.${name} must be a string`);
  }
}

/**
 * Exports every school of an academy in one pass: reads the accounts once (an AAF feed of many
 * schools, with deltas, or a CSV whose rows name their school), and hands one sealed
 * `ImportChiffre` per school, or per regroupement, to `sink`.
 *
 * - **Routing.** A student, teacher or staff member goes to the file of each school they are
 *   attached to (`ENTPersonStructRattach`, the structure of `ENTPersonFonctions`; CSV: `uai`),
 *   once per file even when attached to several schools of a regroupement; a parent goes to every
 *   file of their children (and of their own attachments).
 * - **Never all-or-nothing.** A person with a problem (no identifier, no ENT account, a bad date,
 *   a missing name) is left out of the file and reported with the school (`uai`), the record
 *   (file, line, AAF id) and the rule, never a value; a file whose document cannot be built (an
 *   invalid school record, a regroupement without its main school) is `skipped`; the others are
 *   sealed. With `onInvalidRecord: 'error'` a school where someone would be left out is `refused`.
 * - **Both cores.** Schools are built and sealed on `workers` threads (default
 *   `os.availableParallelism()`) while this thread routes the next ones. Memory follows the
 *   people held (the feed's records, packed; then each person's account once, shared by the
 *   files it is in), not the number of schools: a file's sealed bytes leave as soon as the sink
 *   has taken them.
 * - The library writes nothing: the caller's `sink` stores the bytes (the CLI writes each file
 *   atomically and the manifest).
 *
 * @throws EntPronoteError `ERR_ARGUMENT` on a bad option; `ERR_XML`, `ERR_LIMIT`, `ERR_DOCTYPE`
 *   when the source itself cannot be read (then nothing is handed to the sink after the error).
 *
 * @example
 * ```ts
 * const summary = await exportAll({
 *   source: { kind: 'aaf', files, resolveId: (id) => deriveOpaqueId(secret, id) },
 *   publicKey, partenaire: 'MONENT', partenaireId: '1234', date: formatXsDateTime(new Date()),
 *   sink: async (school) => { await writeFile(join(dir, school.fileName), school.bytes, { mode: 0o600 }); },
 * });
 * ```
 */
export async function exportAll(options: ExportAllOptions): Promise<ExportAllSummary> {
  checkOptions(options);
  const started = performance.now();
  const key = isPublicKey(options.publicKey) ? options.publicKey : importPublicKey(options.publicKey);
  const limits = resolveLimits(options.limits);
  const regroupements = normalizeRegroupements(options.regroupements);
  const selected = options.uai === undefined ? undefined : uaiFilter(options.uai);
  const size = options.workers ?? defaultPoolSize();
  const fields = { partenaire: options.partenaire, description: options.description ?? 'PARTENAIRE_INDEX', version: options.version ?? '1.0', date: options.date };
  const onProblem = (p: BatchProblem): void => options.onProblem?.(p);

  let peopleRead = 0;
  let schoolsDone = 0;
  let schoolsTotal = 0;
  let phase: 'read' | 'seal' = 'read';
  let lastProgress = 0;
  const progress = (force: boolean): void => {
    if (options.onProgress === undefined) return;
    const now = performance.now();
    if (!force && now - lastProgress < 200) return;
    lastProgress = now;
    options.onProgress({ phase, peopleRead, schoolsDone, schoolsTotal });
  };

  // The threads start (and import the key) while the source is read.
  const pool = new SchoolPool(size, key, fields);
  try {
    const ctx = {
      limits,
      regroupements,
      selected,
      onProblem,
      ...(size > 0 && options.parseThread !== false ? { parseThread: () => ParseThread.create() } : {}),
      onPeopleRead: (n: number) => {
        peopleRead = n;
        progress(false);
      },
    };
    const routed: Routed = options.source.kind === 'aaf' ? await routeAafFeed(options.source, ctx) : routeCsv(options.source, { ...ctx, date: options.date, partenaire: options.partenaireId });
    peopleRead = routed.peopleRead;
    phase = 'seal';
    schoolsTotal = routed.buckets.length;
    progress(true);

    const results: (SchoolResult & { sha256?: string; bytes?: number })[] = [];
    let sinkChain: Promise<void> = Promise.resolve();
    const finish = (r: SchoolResult & { sha256?: string; bytes?: number }, index: number): void => {
      results[index] = r;
      schoolsDone++;
      progress(true);
    };
    const refuse = options.onInvalidRecord === 'error';
    const jobs: Promise<void>[] = [];
    routed.buckets.forEach((b: Bucket, index) => {
      const base = {
        uai: b.plan.uai,
        uais: b.plan.uais,
        nom: b.nom,
        fileName: importChiffreFileName(b.plan.uai),
        counts: { ...ZERO },
        problems: b.problems,
        leftOut: b.leftOut,
        ms: 0,
      };
      const release = (): void => {
        b.etablissements = [];
        b.personnels = [];
        b.professeurs = [];
        b.responsables = [];
        b.eleves = [];
        delete b.document;
      };
      if (b.skipReason !== undefined) {
        const problem: BatchProblem = { severity: 'error', rule: 'school', path: base.fileName, message: `${b.skipReason}: no file is written for ${b.plan.uai}`, uai: b.plan.uai };
        onProblem(problem);
        release();
        finish({ ...base, status: 'skipped', problems: [problem, ...b.problems] }, index);
        return;
      }
      if (options.skip?.(b.plan.uai) === true) {
        release();
        finish({ ...base, status: 'resumed' }, index);
        return;
      }
      if (refuse && b.leftOut > 0) {
        release();
        finish({ ...base, status: 'refused' }, index);
        return;
      }
      const input = {
        date: options.date,
        partenaire: options.partenaireId,
        ...(options.protocole !== undefined ? { protocoleDelegationAuthentification: options.protocole } : {}),
        etablissements: b.etablissements,
        personnels: b.personnels,
        professeurs: b.professeurs,
        responsables: b.responsables,
        eleves: b.eleves.map((i) => routed.students[i] as string),
      };
      const job = pool.run(b.document !== undefined ? { id: index, uai: b.plan.uai, document: b.document } : { id: index, uai: b.plan.uai, input }).then((outcome) => {
        release();
        if (!outcome.ok) {
          const problem: BatchProblem = { severity: 'error', rule: 'school', path: base.fileName, message: `${outcome.message}: no file is written for ${b.plan.uai}`, uai: b.plan.uai };
          onProblem(problem);
          const located = outcome.problems.map((p) => ({ ...p, uai: b.plan.uai }));
          finish({ ...base, status: 'skipped', problems: [problem, ...located, ...b.problems], ms: outcome.ms }, index);
          return;
        }
        const warnings = outcome.warnings.map((p) => ({ ...p, uai: b.plan.uai }));
        const result = { ...base, status: 'sealed' as const, counts: outcome.counts, problems: [...b.problems, ...warnings], ms: outcome.ms };
        // One sink call at a time, in completion order.
        sinkChain = sinkChain.then(async () => {
          await options.sink({ ...result, bytes: outcome.bytes, sha256: outcome.sha256 });
          finish({ ...result, sha256: outcome.sha256, bytes: outcome.bytes.byteLength }, index);
        });
        return sinkChain;
      });
      jobs.push(job);
    });
    await Promise.all(jobs);
    await sinkChain;

    const counts = { ...ZERO };
    const totals = { schools: results.length, sealed: 0, skipped: 0, refused: 0, resumed: 0, leftOut: 0, unattached: routed.unattached, peopleRead, counts, bytes: 0, ms: 0 };
    for (const r of results) {
      totals[r.status]++;
      totals.leftOut += r.leftOut;
      totals.bytes += r.bytes ?? 0;
      for (const k of Object.keys(counts) as (keyof PopulationCounts)[]) counts[k] += r.counts[k];
    }
    totals.ms = Math.round(performance.now() - started);
    return { schools: results, problems: routed.problems, totals, fingerprint: key.fingerprint, bits: key.bits, workers: size };
  } finally {
    await pool.close();
  }
}
