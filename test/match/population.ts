/**
 * A deterministic generator of matching populations with known truth, for the matching tests:
 * families (parents, siblings, twins), teachers and staff drawn from small name pools (so that
 * homonyms are frequent), each written on each side with spelling variants that the
 * normalisation rules must see through (case, accents, ligatures, separators, date forms),
 * people missing on either side, identifiers PRONOTE already holds (right, old or another
 * account's).
 */
import type { EntAccountLike, EntStudentLike, PronotePersonLike, PronoteStudentLike, Population } from '../../src/index';
import type { Mutable } from './helpers';

/** Seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NOMS = ['Martin', 'Le Goff', "D'Artagnan", 'Lefèvre', 'Müller', 'Œuvray', 'Nguyễn', 'Strauß', 'Yılmaz', 'De La Fontaine', 'Roux', 'Ødegård'];
export const PRENOMS = ['Jean', 'Jean-François', 'Marie', 'Marie-Claire', 'Léa', 'Zoé', 'Noël', 'Lætitia', 'Ève', 'Łukasz', 'Anaïs', 'Jean-Marie'];
const SEPARATORS = [' ', '-', "'", '’', '  ', ' - ', '\u00A0', '–', 'ʼ'];

/** Strips accents the way a careless export does (independently of the library). */
function stripAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'Oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O');
}

/** A spelling of `s` that the normalisation must identify with it. */
export function variant(s: string, r: () => number): string {
  let v = s;
  const a = r();
  if (a < 0.3) v = stripAccents(v);
  else if (a < 0.45) v = v.normalize('NFD');
  v = v.replace(/[-' ’]+/g, () => SEPARATORS[Math.floor(r() * SEPARATORS.length)] as string);
  const c = r();
  if (c < 0.35) v = v.toUpperCase();
  else if (c < 0.5) v = v.toLowerCase();
  if (r() < 0.15) v = ` ${v}  `;
  return v;
}

function frDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** A person of the truth. */
export interface Human {
  readonly id: number;
  readonly population: Population;
  readonly nom: string;
  readonly prenom: string;
  readonly date: string | undefined;
  readonly onEnt: boolean;
  readonly onPronote: boolean;
  /** Teachers: whether each side writes the birth date. */
  readonly entDate: boolean;
  readonly pronoteDate: boolean;
  /** Students: the parents (human ids). */
  readonly parents: readonly number[];
}

/** A generated population: the truth and both sides. */
export interface Generated {
  readonly humans: readonly Human[];
  readonly ent: {
    personnels: EntAccountLike[];
    professeurs: EntAccountLike[];
    responsables: EntAccountLike[];
    eleves: EntStudentLike[];
  };
  readonly pronote: {
    personnels: PronotePersonLike[];
    professeurs: PronotePersonLike[];
    responsables: PronotePersonLike[];
    eleves: PronoteStudentLike[];
  };
  /** Human id of an ENT identifier / IDPN. */
  readonly humanOfEnt: ReadonlyMap<string, number>;
  readonly humanOfIdpn: ReadonlyMap<string, number>;
  /** What PRONOTE held, by IDPN: `true` (the right identifier), `old`, `other` (another account's). */
  readonly heldKind: ReadonlyMap<string, 'true' | 'old' | 'other'>;
}

export const entId = (h: Human): string => `ent-${h.population}-${h.id}`;
export const idpnOf = (h: Human): string => `pn-${h.id}`;

/** Options of {@link generate}. */
export interface GenerateOptions {
  /**
   * Leave out the cases no identity-based matching can tell apart: a person present only in the
   * ENT whose homonym (same identity) is present only in PRONOTE is renamed, and students list
   * all their parents on both sides. Without it, such two people look like one person, and the
   * engine links them.
   */
  readonly strict?: boolean;
}

const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));

/** Generates a population from a seed; `scale` multiplies the number of families and staff. */
export function generate(seed: number, scale = 1, options: GenerateOptions = {}): Generated {
  const strict = options.strict === true;
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (n: number): number => Math.floor(r() * n);
  const dates = Array.from({ length: 5 }, () => `2012-0${1 + int(9)}-1${int(10)}`);
  const teacherDates = ['1975-01-01', '1980-05-05', '1985-10-10'];
  const humans: Human[] = [];
  const presence = (): [boolean, boolean] => {
    const x = r();
    return x < 0.08 ? [true, false] : x < 0.16 ? [false, true] : [true, true];
  };
  const add = (population: Population, nom: string, prenom: string, date: string | undefined, parents: number[] = []): Human => {
    const [onEnt, onPronote] = presence();
    const h: Human = {
      id: humans.length,
      population,
      nom,
      prenom,
      date,
      onEnt,
      onPronote,
      entDate: population === 'eleves' || (date !== undefined && r() < 0.6),
      pronoteDate: population === 'eleves' || (date !== undefined && r() < 0.6),
      parents,
    };
    humans.push(h);
    return h;
  };
  const families = int(12 * scale) + 1;
  for (let f = 0; f < families; f++) {
    const nom = pick(NOMS);
    const parents = [add('responsables', r() < 0.8 ? nom : pick(NOMS), pick(PRENOMS), undefined).id];
    if (r() < 0.6) parents.push(add('responsables', nom, pick(PRENOMS), undefined).id);
    const children = 1 + int(3);
    const twinsDate = pick(dates);
    for (let c = 0; c < children; c++) add('eleves', nom, pick(PRENOMS), r() < 0.3 ? twinsDate : pick(dates), parents);
  }
  for (let i = int(6 * scale); i > 0; i--) add('personnels', pick(NOMS), pick(PRENOMS), undefined);
  for (let i = int(6 * scale); i > 0; i--) add('professeurs', pick(NOMS), pick(PRENOMS), pick(teacherDates));

  if (strict) {
    // A person present only in the ENT and a homonym present only in PRONOTE: rename one.
    for (const h of humans) {
      if (!h.onEnt || h.onPronote) continue;
      const twin = humans.some(
        (o) =>
          o.population === h.population &&
          o.onPronote &&
          !o.onEnt &&
          o.nom === h.nom &&
          o.prenom === h.prenom &&
          (h.population !== 'eleves' || o.date === h.date),
      );
      if (twin) (h as { prenom: string }).prenom = `${h.prenom}-${letters(h.id)}`;
    }
  }
  const keepLink = (): boolean => strict || r() < 0.92;

  const ent: Generated['ent'] = { personnels: [], professeurs: [], responsables: [], eleves: [] };
  const pronote: Generated['pronote'] = { personnels: [], professeurs: [], responsables: [], eleves: [] };
  const humanOfEnt = new Map<string, number>();
  const humanOfIdpn = new Map<string, number>();
  const heldKind = new Map<string, 'true' | 'old' | 'other'>();
  const identOf = new Map<number, number>(); // PRONOTE Ident by human id
  let ident = 1;
  for (const h of humans) if (h.onPronote) identOf.set(h.id, ident++);

  const order = [...humans].sort(() => r() - 0.5); // input order independent of the truth
  for (const h of order) {
    if (h.onEnt) {
      const a: Mutable<EntStudentLike> = {
        idPartenaire: entId(h),
        nom: variant(h.nom, r),
        prenom: variant(h.prenom, r),
        dateNaissance: '',
      };
      if (h.date !== undefined && h.entDate) a.dateNaissance = r() < 0.5 ? frDate(h.date) : h.date;
      else delete (a as { dateNaissance?: string }).dateNaissance;
      if (h.population === 'eleves') {
        a.responsables = h.parents.filter((p) => humans[p]?.onEnt === true && keepLink()).map((p) => entId(humans[p] as Human));
        ent.eleves.push(a);
      } else {
        ent[h.population].push(a);
      }
      humanOfEnt.set(entId(h), h.id);
    }
  }
  for (const h of order) {
    if (!h.onPronote) continue;
    const q: Mutable<PronoteStudentLike> = {
      ident: identOf.get(h.id) as number,
      idpn: idpnOf(h),
      nom: variant(h.nom, r),
      prenom: variant(h.prenom, r),
      dateNaissance: '',
    };
    if (h.date !== undefined && h.pronoteDate) q.dateNaissance = r() < 0.8 ? h.date : frDate(h.date);
    else delete (q as { dateNaissance?: string }).dateNaissance;
    const x = r();
    if (h.onEnt && x < 0.2) {
      q.idPartenaire = entId(h);
      heldKind.set(q.idpn as string, 'true');
    } else if (x < 0.3) {
      q.idPartenaire = `old-${h.id}`;
      heldKind.set(q.idpn as string, 'old');
    } else if (x < 0.35) {
      // Another account's identifier, of someone with another name (a stale or swapped link).
      const other = humans.find((o) => o.population === h.population && o.onEnt && (o.nom !== h.nom || o.prenom !== h.prenom));
      if (other !== undefined) {
        q.idPartenaire = entId(other);
        heldKind.set(q.idpn as string, 'other');
      }
    }
    if (h.population === 'eleves') {
      q.responsables = h.parents.filter((p) => humans[p]?.onPronote === true && keepLink()).map((p) => identOf.get(p) as number);
      pronote.eleves.push(q);
    } else {
      pronote[h.population].push(q);
    }
    humanOfIdpn.set(idpnOf(h), h.id);
  }
  return { humans, ent, pronote, humanOfEnt, humanOfIdpn, heldKind };
}
