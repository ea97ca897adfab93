/**
 * The PRONOTE side of the command line (`identifiers`, `match`, `inspect`, `validate`): the same
 * four kinds of input are accepted wherever PRONOTE people are expected:
 * - an `IDENTIFIANTS_PRONOTE` (plain XML);
 * - an `EXPORT_INDEX_EDUCATION` envelope holding one (with a private key);
 * - a CSV of PRONOTE people: `population;ident;idpn;nom;prenom;date_naissance;sexe;id_partenaire;parents`
 *   (told from a CSV of ENT accounts by its `idpn` column);
 * - a JSON of the `IdentifiantsPronote` model (root fields `version`, `date`, `uai`, `socle`,
 *   `mode` optional; missing population lists are empty). Where ENT accounts may also be given as
 *   JSON (`inspect`, `validate`), a JSON is taken for ENT accounts.
 *
 * @internal
 * @module
 */

import { basename } from 'node:path';
import {
  detectFileKind,
  EntPronoteError,
  type FileKind,
  IDENTIFIANTS_PRONOTE_VERSION,
  type IdentifiantsPronote,
  openIdentifiantsPronote,
  parseIdentifiantsPronote,
  type PrivateKey,
  type Problem,
} from '../index';
import { readIdentifiantsPronoteCsv } from '../identifiants-pronote/read-csv';
import { usageError, withFile } from './errors';
import { isRecord } from '../common/arguments';

/** What a PRONOTE source turned out to be. */
export type PronoteSourceKind = 'IDENTIFIANTS_PRONOTE' | 'EXPORT_INDEX_EDUCATION' | 'CSV' | 'JSON';

/** True when `bytes` start with the header of a CSV of PRONOTE people (an `idpn` column). */
export function isPronotePeopleCsv(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  return firstLine
    .split(/[;,\t]/)
    .map((f) => f.trim().replace(/^"|"$/g, '').toLowerCase())
    .includes('idpn');
}

/** The kind of a PRONOTE source, or `undefined` when it is none. */
export function pronoteKind(bytes: Uint8Array, path: string, kind: FileKind = detectFileKind(bytes)): PronoteSourceKind | undefined {
  if (kind === 'IDENTIFIANTS_PRONOTE' || kind === 'EXPORT_INDEX_EDUCATION') return kind;
  if ((kind === 'CSV' || kind === 'unknown') && (isPronotePeopleCsv(bytes) || (kind === 'unknown' && path.toLowerCase().endsWith('.csv')))) return 'CSV';
  if (kind === 'JSON') return 'JSON';
  return undefined;
}

/** A JSON `IdentifiantsPronote` model, root fields and lists completed from `defaults`. */
export function jsonModel(bytes: Uint8Array, path: string, defaults: Pick<IdentifiantsPronote, 'date' | 'uai' | 'socle'>): IdentifiantsPronote {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new EntPronoteError('ERR_INPUT', 'malformed JSON (check it with a JSON validator)', { file: path });
  }
  if (!isRecord(value)) throw new EntPronoteError('ERR_INPUT', 'the JSON must be an object (an IdentifiantsPronote model)', { file: path });
  const doc = {
    version: IDENTIFIANTS_PRONOTE_VERSION,
    date: defaults.date,
    uai: defaults.uai,
    socle: defaults.socle,
    mode: 'Complet',
    ...value,
  } as Record<string, unknown>;
  for (const k of ['personnels', 'professeurs', 'responsables', 'eleves']) doc[k] ??= [];
  if (Array.isArray(doc.eleves)) for (const e of doc.eleves) if (isRecord(e)) e.responsables ??= [];
  return doc as unknown as IdentifiantsPronote;
}

/** Options of {@link loadPronotePeople}. */
export interface LoadPronoteOptions {
  /** `Date` of a CSV or JSON source. */
  date: string;
  /** The school of a CSV or JSON source (a CSV names none: required for one). */
  uai?: string;
  /** How the UAI option is spelled in the messages (default `--uai`). */
  uaiOption?: string;
  /** `Socle` of a CSV or JSON source; the key block of an envelope. */
  entName?: string;
  /** Opens an `EXPORT_INDEX_EDUCATION` (asked only when the source is one). */
  privateKey?: () => PrivateKey;
  /** Accept a sealed envelope (default true). */
  sealed?: boolean;
}

/** What {@link loadPronotePeople} returns. */
export interface LoadedPronote {
  kind: PronoteSourceKind;
  document: IdentifiantsPronote;
  /** Warnings of the XML or CSV reader. */
  problems: Problem[];
}

/** Reads PRONOTE people of any kind (see the module documentation) from bytes read from `path`. */
export async function loadPronotePeople(bytes: Uint8Array, path: string, options: LoadPronoteOptions): Promise<LoadedPronote> {
  const kind = pronoteKind(bytes, path);
  const file = basename(path);
  try {
    switch (kind) {
      case 'IDENTIFIANTS_PRONOTE': {
        const r = parseIdentifiantsPronote(bytes, { file });
        return { kind, document: r.document, problems: r.problems };
      }
      case 'EXPORT_INDEX_EDUCATION': {
        if (options.sealed === false) {
          throw new EntPronoteError('ERR_INPUT', "this identifier file is sealed: open it first ('ent-pronote open --private-key … --out plain.xml')");
        }
        if (options.privateKey === undefined) throw usageError('this PRONOTE identifier file is sealed: give --private-key FILE to open it');
        const r = await openIdentifiantsPronote(bytes, options.privateKey(), { file, ...(options.entName !== undefined ? { partner: options.entName } : {}) });
        return { kind, document: r.document, problems: r.problems };
      }
      case 'CSV': {
        if (options.uai === undefined) throw usageError(`this is a CSV of PRONOTE people, which names no school: give ${options.uaiOption ?? '--uai'}`);
        const r = readIdentifiantsPronoteCsv(bytes, { date: options.date, uai: options.uai, socle: options.entName ?? 'ENT', file });
        return { kind, document: r.document, problems: r.problems };
      }
      case 'JSON': {
        const document = jsonModel(bytes, path, { date: options.date, uai: options.uai ?? '', socle: options.entName ?? 'ENT' });
        return { kind, document, problems: [] };
      }
      default:
        throw new EntPronoteError(
          'ERR_INPUT',
          'expected PRONOTE people: an IDENTIFIANTS_PRONOTE (plain or sealed in EXPORT_INDEX_EDUCATION), a CSV of PRONOTE people (population;ident;idpn;nom;prenom;…) or a JSON IdentifiantsPronote model',
        );
    }
  } catch (e) {
    throw withFile(e, path);
  }
}
