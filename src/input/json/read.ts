/**
 * A JSON file of schools and accounts → `PARTENAIRE_INDEX`. The steps: the text
 * (`./text`), the form, then the model form picked and validated whole (`./model-form`) or the
 * input form read entry by entry per the vocabulary (`./input-form`, `./fields`).
 *
 * @module
 */

import { EntPronoteError } from '../../errors';
import { resolveLimits } from '../../limits';
import { checkInputOptions } from '../fields';
import { exportedCounts, finishInput, validated } from '../finish';
import { type InputOptions, type InputResult, type PopulationCounts, ProblemLog } from '../problems';
import { FieldPicker, type JsonContext } from './fields';
import { applyHeaderOptions, InputFormReader } from './input-form';
import { asModel, isModelForm, pickModel } from './model-form';
import { jsonText, parseJsonRoot } from './text';

/** Options of {@link readJsonAccounts}. */
export interface JsonAccountsOptions extends Partial<InputOptions> {
  /** File name, used in problems and errors. */
  file?: string;
}

/** Counts of {@link readJsonAccounts}. */
export interface JsonStats {
  /** `model`: a `PartenaireIndex` with `Ident`s; `input`: the form of `assemblePartenaireIndex`. */
  form: 'model' | 'input';
  /** Entries left out because invalid (input form, `onInvalidRecord: 'skip'`). */
  invalid: number;
  /** What the document holds. */
  exported: PopulationCounts;
}

const WHAT = 'the JSON';

/**
 * Reads a JSON file into a `PARTENAIRE_INDEX` model. Two forms are accepted, told apart by the
 * schools: when any entry of `etablissements` has an `ident` (or `etablissementsGeres` holds
 * objects), the file is a **model** (`PartenaireIndex`, as `parsePartenaireIndex` returns and
 * `JSON.stringify` writes it); otherwise it is the **input form** of `assemblePartenaireIndex`
 * (no `Ident`s; parents linked by `key`/`idPartenaire`, civilities by label), which is assembled.
 *
 * Missing population lists count as empty (and a student's missing `responsables` too). The
 * options `date`, `partenaire`, `protocoleDelegationAuthentification` and
 * `etablissementsGeres` (input form only), when given, replace the file's. Unknown fields are
 * dropped with a warning (`unknown-field`, once per field and list).
 *
 * A model is taken whole: it must pass `validatePartenaireIndex`, else `ERR_INPUT` with the
 * problems. In the input form each entry is checked (types, required non-empty strings,
 * `xs:date`s, UAI, civility labels, references, uniqueness); an invalid entry is reported with
 * its path (`$.eleves[3].dateNaissance`) and left out (`onInvalidRecord: 'skip'`) or fails the
 * read after every entry is checked (`'error'`, the default). Malformed JSON fails with
 * `ERR_INPUT` and the line and column of the first syntax error; bytes must be UTF-8 (byte
 * order mark allowed).
 *
 * @example
 * ```ts
 * const { document } = readJsonAccounts(await readFile('comptes.json'), { file: 'comptes.json' });
 * ```
 */
export function readJsonAccounts(input: string | Uint8Array, options: JsonAccountsOptions = {}): InputResult<JsonStats> {
  checkInputOptions(options, false);
  const limits = resolveLimits(options.limits);
  const policy = options.onInvalidRecord ?? 'error';
  const log = new ProblemLog(options.onProblem);
  const file = options.file;
  const where = file !== undefined ? { file } : {};
  const value = parseJsonRoot(jsonText(input, limits, where), limits, where);
  const ctx: JsonContext = { log, where, limits, fields: new FieldPicker(), pathOf: (p) => (file !== undefined ? `${file}#${p}` : p) };

  if (isModelForm(value)) {
    const doc = pickModel(ctx, value);
    applyHeaderOptions(doc, options);
    ctx.fields.flush(ctx);
    const document = validated(asModel(doc), log, WHAT, limits);
    return { document, problems: log.list, stats: { form: 'model', invalid: 0, exported: exportedCounts(document) } };
  }

  const { input: assembled, schools, invalid } = new InputFormReader(ctx, value, options).read();
  if (schools === 0 && !(policy === 'error' && log.errors > 0)) {
    throw new EntPronoteError('ERR_INPUT', `${WHAT} has no valid school: at least one entry of etablissements is needed`, { ...where, problems: log.list });
  }
  if (policy === 'error' && log.errors > 0) throw log.toError(WHAT);
  if (assembled === undefined) throw log.toError(WHAT);
  const document = finishInput(assembled, log, policy, WHAT, limits);
  return { document, problems: log.list, stats: { form: 'input', invalid, exported: exportedCounts(document) } };
}
