/**
 * Tells which of the project's formats a file holds, from its first bytes, without parsing it
 * all and without any key.
 *
 * @module
 */

import { expectText } from './common/arguments';

/** The kinds of file the library reads. */
export type FileKind =
  | 'ImportChiffre'
  | 'EXPORT_INDEX_EDUCATION'
  | 'PARTENAIRE_INDEX'
  | 'IDENTIFIANTS_PRONOTE'
  | 'AAF'
  | 'CSV'
  | 'JSON'
  | 'unknown';

const HEAD_BYTES = 8192;

function headText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.slice(0, HEAD_BYTES);
  const head = input.subarray(0, HEAD_BYTES);
  if (head[0] === 0xff && head[1] === 0xfe) return Buffer.from(head.subarray(2)).toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) return Buffer.from(head.subarray(2)).swap16().toString('utf16le');
  // latin1 maps every byte to one character: enough to read ASCII element names.
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
}

/** Name of the first element after the prolog (XML declaration, comments, PIs, DOCTYPE). */
function rootName(text: string): string | undefined {
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1) return undefined;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end === -1) return undefined;
      i = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end === -1) return undefined;
      i = end + 3;
    } else if (text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt);
      if (end === -1) return undefined;
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200));
      if (m === null) return undefined;
      const name = m[1] as string;
      const colon = name.indexOf(':');
      return colon === -1 ? name : name.slice(colon + 1);
    }
  }
}

/**
 * Detects the kind of a file from its first 8 KiB: the root element of XML files (either
 * envelope, `PARTENAIRE_INDEX`, `IDENTIFIANTS_PRONOTE` — letter case ignored, as its reader
 * does — or an AAF feed `ficAlimMENESR`), JSON (`{` or `[` first), or CSV (a header line naming
 * a `population` column). Returns `unknown` otherwise. Detection is a hint: the readers still
 * check everything.
 *
 * @example
 * ```ts
 * detectFileKind(readFileSync('export.xml')) // 'ImportChiffre'
 * ```
 */
export function detectFileKind(input: string | Uint8Array): FileKind {
  expectText(input, 'input');
  let text = headText(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    const root = rootName(trimmed);
    switch (root?.toUpperCase()) {
      case 'IMPORTCHIFFRE':
        return root === 'ImportChiffre' ? 'ImportChiffre' : 'unknown';
      case 'EXPORT_INDEX_EDUCATION':
        return 'EXPORT_INDEX_EDUCATION';
      case 'PARTENAIRE_INDEX':
        return root === 'PARTENAIRE_INDEX' ? 'PARTENAIRE_INDEX' : 'unknown';
      case 'IDENTIFIANTS_PRONOTE':
        return 'IDENTIFIANTS_PRONOTE';
      case 'FICALIMMENESR':
        return 'AAF';
      default:
        return 'unknown';
    }
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'JSON';
  const firstLine = (trimmed.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  if (/(^|[;,"])\s*population\s*("|[;,]|$)/.test(firstLine)) return 'CSV';
  return 'unknown';
}
