/**
 * The ENT accounts of the command line (`export`, `match`, `inspect`, `validate`): a CSV, a JSON,
 * an AAF feed (a directory of `ficAlimMENESR` files, or one file), a plain `PARTENAIRE_INDEX` or,
 * with a private key, a sealed `ImportChiffre`. The kind is detected from the content; the
 * readers are the library's.
 *
 * @internal
 * @module
 */

import { createReadStream, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_LIMITS, detectFileKind, EntPronoteError, type FileKind, openPartenaireIndex, type PartenaireIndex, parsePartenaireIndex, type PrivateKey, type Problem } from '../index';
import { type AafFeedOptions, type AafFile, compareAafFileNames, deriveOpaqueId, type InputOptions, OPAQUE_ID_MIN_SECRET_BYTES, parseCsv, readAafFeed, readCsvAccounts, readJsonAccounts } from '../input';
import { usageError, withFile } from './errors';
import { checkInputSize, fileError, isDirectory, MAX_SECRET_FILE_BYTES, readFileBytes } from './io';
import { formatCount, type Reporter } from './output';

/** What an ENT account source turned out to be. */
export type AccountSourceKind = 'CSV' | 'JSON' | 'AAF' | 'PARTENAIRE_INDEX' | 'ImportChiffre';

/** How to map AAF identifiers to ENT account identifiers (`--id-map`, `--id-secret-file`). */
export interface IdResolverOptions {
  /** CSV `aaf_id;ent_id` (header optional). */
  idMap?: string;
  /** A secret (at least 16 bytes) to derive opaque identifiers from AAF identifiers. */
  idSecretFile?: string;
  /**
   * Identity mapping, for `inspect` and `validate` only (they need counts and problems, not
   * identifiers).
   */
  identity?: boolean;
}

/** Options of {@link loadEntAccounts}. */
export interface LoadAccountsOptions extends IdResolverOptions {
  /** `PARTENAIRE_INDEX/@Date` for CSV, JSON and AAF sources. */
  date: string;
  /** `PARTENAIRE_INDEX/@Partenaire` (the partner ID issued by Index-Education). */
  partenaire: string;
  /** `CAS` or `ADFS`. */
  protocole?: 'CAS' | 'ADFS';
  /** Keep only this school (CSV and AAF sources; the others must contain it). */
  uai?: string;
  /** Leave invalid records out (reported) instead of failing. */
  skipInvalid?: boolean;
  /** Opens a sealed `ImportChiffre` (asked only when the source is one). */
  privateKey?: () => PrivateKey;
  /** Replace the `Partenaire` and `Date` of a `PARTENAIRE_INDEX` source by the options'. */
  overrideHeader?: boolean;
}

/** What {@link loadEntAccounts} returns. */
export interface LoadedAccounts {
  kind: AccountSourceKind;
  document: PartenaireIndex;
  /** Warnings, and with `skipInvalid` the records left out. */
  problems: Problem[];
  /** AAF: the files read, in reading order. */
  files?: string[];
}

/** The id map CSV `aaf_id;ent_id` as a map (header line optional; `;`, `,` or tab). */
export function readIdMap(path: string): Map<string, string> {
  const text = Buffer.from(readFileBytes(path)).toString('utf8').replace(/^\uFEFF/, '');
  const file = basename(path);
  const { rows } = parseCsv(text, { file });
  const map = new Map<string, string>();
  rows.forEach((row, i) => {
    const [aafId = '', entId = ''] = row.fields.map((f) => f.trim());
    if (i === 0 && aafId.toLowerCase() === 'aaf_id') return;
    if (row.fields.length < 2 || aafId === '' || entId === '') {
      throw new EntPronoteError('ERR_INPUT', 'each line of the id map must be "aaf_id;ent_id", both non-empty', { file: path, line: row.line });
    }
    if (map.has(aafId)) throw new EntPronoteError('ERR_INPUT', 'this AAF identifier is mapped twice in the id map', { file: path, line: row.line });
    map.set(aafId, entId);
  });
  return map;
}

/** Reads a secret file: its bytes, without one trailing line end. */
export function readSecret(path: string): Uint8Array {
  let bytes = Buffer.from(readFileBytes(path, { maxBytes: MAX_SECRET_FILE_BYTES }));
  if (bytes.at(-1) === 0x0a) bytes = bytes.subarray(0, bytes.at(-2) === 0x0d ? -2 : -1);
  if (bytes.length < OPAQUE_ID_MIN_SECRET_BYTES) {
    throw new EntPronoteError('ERR_ARGUMENT', `the secret of --id-secret-file must be at least ${OPAQUE_ID_MIN_SECRET_BYTES} bytes (use 32 random bytes, e.g. openssl rand -base64 32)`, {
      file: path,
    });
  }
  return bytes;
}

/** The AAF identifier resolver of the options; a usage error when none is given. */
export function aafResolver(options: IdResolverOptions): AafFeedOptions['resolveId'] {
  if (options.idMap !== undefined && options.idSecretFile !== undefined) throw usageError('give either --id-map or --id-secret-file, not both');
  if (options.idMap !== undefined) {
    const map = readIdMap(options.idMap);
    return (id) => map.get(id);
  }
  if (options.idSecretFile !== undefined) {
    const secret = readSecret(options.idSecretFile);
    return (id) => deriveOpaqueId(secret, id);
  }
  if (options.identity === true) return (id) => id;
  throw usageError(
    'the accounts are an AAF feed, whose identifiers are not ENT account identifiers: give --id-map FILE (CSV "aaf_id;ent_id") or --id-secret-file FILE (a secret of 16+ bytes to derive opaque identifiers)',
  );
}

/** The AAF files of a directory (`*.xml`), in the order `readAafFeed` wants them. */
export function aafFilesOf(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw fileError(dir, e, 'read');
  }
  const xml = names.filter((n) => n.toLowerCase().endsWith('.xml')).sort(compareAafFileNames);
  if (xml.length === 0) throw new EntPronoteError('ERR_INPUT', 'the directory holds no AAF file (*.xml)', { file: dir });
  return xml.map((n) => join(dir, n));
}

async function* chunksWithProgress(path: string, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      yield chunk;
    }
  } catch (e) {
    throw fileError(path, e, 'read');
  }
}

/** Reads AAF files (streamed, with a progress bar on a terminal). */
async function readAaf(paths: readonly string[], options: LoadAccountsOptions, reporter: Reporter): Promise<LoadedAccounts> {
  const resolveId = aafResolver(options);
  let total = 0;
  // Each file's size is checked before it is streamed (AAF files are streams: their own bound).
  for (const p of paths) total += checkInputSize(p, DEFAULT_LIMITS.maxStreamedFileBytes);
  const progress = reporter.progress('reading AAF');
  let done = 0;
  const files: AafFile[] = paths.map((p) => ({
    name: basename(p),
    chunks: chunksWithProgress(p, (n) => {
      done += n;
      progress.update(done, total);
    }),
  }));
  try {
    const result = await readAafFeed(files, {
      ...inputOptions(options),
      resolveId,
      ...(options.uai !== undefined ? { uai: options.uai } : {}),
    });
    return { kind: 'AAF', document: result.document, problems: result.problems, files: paths.map((p) => basename(p)) };
  } finally {
    progress.done();
  }
}

function inputOptions(options: LoadAccountsOptions): InputOptions {
  return {
    date: options.date,
    partenaire: options.partenaire,
    ...(options.protocole !== undefined ? { protocoleDelegationAuthentification: options.protocole } : {}),
    onInvalidRecord: options.skipInvalid === true ? 'skip' : 'error',
  };
}

/** The detected kind of a file, refusing what is not a source of ENT accounts. */
function accountKind(kind: FileKind, path: string): AccountSourceKind {
  switch (kind) {
    case 'CSV':
    case 'JSON':
    case 'AAF':
    case 'PARTENAIRE_INDEX':
    case 'ImportChiffre':
      return kind;
    case 'IDENTIFIANTS_PRONOTE':
    case 'EXPORT_INDEX_EDUCATION':
      throw new EntPronoteError('ERR_INPUT', `this is a PRONOTE identifier file (${kind}), not ENT accounts`, { file: path });
    default:
      throw new EntPronoteError(
        'ERR_INPUT',
        'cannot tell what this file holds: expected a CSV of accounts (header with a "population" column), a JSON of accounts, an AAF file or directory, a PARTENAIRE_INDEX or an ImportChiffre',
        { file: path },
      );
  }
}

/** Checks that `uai` is one of the document's schools. */
export function requireSchool(doc: PartenaireIndex, uai: string, path: string): void {
  if (!doc.etablissements.some((e) => e.numero === uai)) {
    throw new EntPronoteError('ERR_INPUT', `the accounts hold no school with the UAI ${uai}`, { file: path });
  }
}

/**
 * Reads ENT accounts from `path` (see the module documentation). CSV and AAF sources are
 * filtered on `uai` when given; the other kinds must contain it (checked by the caller).
 */
export async function loadEntAccounts(path: string, options: LoadAccountsOptions, reporter: Reporter): Promise<LoadedAccounts> {
  if (isDirectory(path)) return readAaf(aafFilesOf(path), options, reporter);
  const bytes = readFileBytes(path);
  const kind = accountKind(detectFileKind(bytes), path);
  const file = basename(path);
  if (kind === 'AAF') return readAaf([path], options, reporter);
  // The readers below run in one go: a phase line rather than a bar.
  const progress = reporter.progress(kind === 'ImportChiffre' ? 'opening' : 'reading');
  progress.status(`${kind} (${formatCount(bytes.byteLength)} bytes)…`);
  try {
    switch (kind) {
      case 'CSV': {
        const r = readCsvAccounts(bytes, { ...inputOptions(options), file, ...(options.uai !== undefined ? { uai: options.uai } : {}) });
        return { kind, document: r.document, problems: r.problems };
      }
      case 'JSON': {
        const r = readJsonAccounts(bytes, { ...inputOptions(options), file });
        return { kind, document: r.document, problems: r.problems };
      }
      case 'PARTENAIRE_INDEX':
      case 'ImportChiffre': {
        let document: PartenaireIndex;
        if (kind === 'ImportChiffre') {
          if (options.privateKey === undefined) throw usageError('this is a sealed ImportChiffre: give --private-key FILE to open it');
          document = (await openPartenaireIndex(bytes, options.privateKey())).document;
        } else {
          document = parsePartenaireIndex(bytes).document;
        }
        if (options.overrideHeader === true) {
          document.partenaire = options.partenaire;
          document.date = options.date;
          if (options.protocole !== undefined) document.protocoleDelegationAuthentification = options.protocole;
        }
        return { kind, document, problems: [] };
      }
    }
  } catch (e) {
    throw withFile(e, path);
  } finally {
    progress.done();
  }
}
