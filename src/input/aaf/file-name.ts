/**
 * AAF feed file names: `ENT_<UAI>_Complet_<yyyymmdd>_<Kind>_<nnnn>.xml` (and the variants
 * without UAI or date that tools produce), and the order in which to read a feed.
 *
 * @module
 */

import { expectString } from '../../common/arguments';

/** The AAF file kinds this library reads. */
export type AafFileKind = 'EtabEducNat' | 'PersEducNat' | 'Eleve' | 'PersRelEleve';

/** The AAF file kinds, in the order {@link compareAafFileNames} puts them. */
export const AAF_FILE_KINDS: readonly AafFileKind[] = ['EtabEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve'];

/** What a file name says about an AAF file; each part is undefined when the name lacks it. */
export interface AafFileName {
  /** The kind, when it is one this library reads. */
  kind?: AafFileKind;
  /** Any other kind token (`MatiereEducNat`, `MefEducNat`, …), ignored by the reader. */
  otherKind?: string;
  /** `Complet` (full export) or `Delta` (changes). */
  mode?: 'Complet' | 'Delta';
  /** `yyyymmdd`. */
  date?: string;
  /** The UAI the feed is for. */
  uai?: string;
  /** Sequence number of the file within its kind (`0000`, `0001`, …). */
  index?: number;
}

const KIND_BY_LOWER: ReadonlyMap<string, AafFileKind> = new Map(AAF_FILE_KINDS.map((k) => [k.toLowerCase(), k]));
const OTHER_KIND = /^[A-Za-z]+EducNat$/;

/**
 * Reads what an AAF file name says (the directory part is ignored, matching is case-insensitive).
 *
 * @example
 * ```ts
 * parseAafFileName('ENT_0410017W_Complet_20260901_Eleve_0000.xml')
 * // { kind: 'Eleve', mode: 'Complet', date: '20260901', uai: '0410017W', index: 0 }
 * ```
 */
export function parseAafFileName(name: string): AafFileName {
  expectString(name, 'name');
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/\.xml$/i, '');
  const out: AafFileName = {};
  for (const token of base.split(/[_.]/)) {
    const lower = token.toLowerCase();
    const kind = KIND_BY_LOWER.get(lower);
    if (kind !== undefined) out.kind = kind;
    else if (lower === 'complet') out.mode = 'Complet';
    else if (lower === 'delta') out.mode = 'Delta';
    else if (/^\d{8}$/.test(token)) out.date = token;
    else if (/^\d{7}[A-Za-z]$/.test(token)) out.uai = token.toUpperCase();
    else if (/^\d{1,6}$/.test(token)) out.index = Number(token);
    else if (OTHER_KIND.test(token)) out.otherKind = token;
  }
  return out;
}

function rank(n: AafFileName): number {
  return n.kind === undefined ? AAF_FILE_KINDS.length : AAF_FILE_KINDS.indexOf(n.kind);
}

/**
 * Orders AAF file names for {@link readAafFeed}: by date, a `Complet` export before the
 * `Delta`s of the same date, then by kind (`EtabEducNat` first, so that the school filter can
 * drop people as they are read, then `PersEducNat`, `Eleve`, `PersRelEleve`), then by sequence
 * number, then by name.
 *
 * @example
 * ```ts
 * const names = (await readdir(dir)).filter((n) => n.endsWith('.xml')).sort(compareAafFileNames);
 * ```
 */
export function compareAafFileNames(a: string, b: string): number {
  expectString(a, 'a');
  expectString(b, 'b');
  const x = parseAafFileName(a);
  const y = parseAafFileName(b);
  const dx = x.date ?? '';
  const dy = y.date ?? '';
  if (dx !== dy) return dx < dy ? -1 : 1;
  const mx = x.mode === 'Delta' ? 1 : 0;
  const my = y.mode === 'Delta' ? 1 : 0;
  if (mx !== my) return mx - my;
  const kx = rank(x);
  const ky = rank(y);
  if (kx !== ky) return kx - ky;
  const ix = x.index ?? 0;
  const iy = y.index ?? 0;
  if (ix !== iy) return ix - iy;
  return a < b ? -1 : a > b ? 1 : 0;
}
