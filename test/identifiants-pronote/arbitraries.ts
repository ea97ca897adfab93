/**
 * fast-check arbitraries of valid identifier documents, with adversarial strings: XML
 * metacharacters, white space that attribute normalisation would change, non-BMP characters,
 * combining accents, and extra bags with awkward names (`__proto__`, prefixes, non-ASCII).
 */
import fc from 'fast-check';
import { uaiCheckLetter, type Extra, type ExtraElement, type IdentifiantsPronote, type IdentifiantsPronoteMode, type PronotePersonne, type PronoteEleve, type PronoteProfesseur, type PronoteResponsable } from '../../src/index';
import { findForbiddenChar } from '../../src/internal/xml/chars';
import { ATTRIBUTE_NAMES, ELEMENT_NAMES, nameKey, setOwn } from '../../src/identifiants-pronote/vocabulary';

const PIECES = [
  "'",
  '"',
  '&',
  '<',
  '>',
  '\t',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '  ',
  'é',
  'e\u0301',
  'Ö',
  'ß',
  '😀',
  '𝔘',
  '\u{10FFFD}',
  ']]>',
  '&amp;',
  '&#x41;',
  '\u00A0',
  '\u2028',
  '\uFEFF',
  'İ',
  '’',
  '-',
  'A',
];

const xmlSafe = fc.string({ unit: 'binary', maxLength: 3 }).filter((s) => findForbiddenChar(s) === -1);

/** Any string XML 1.0 can carry, biased towards trouble. */
export const adversarial: fc.Arbitrary<string> = fc.array(fc.oneof(fc.constantFrom(...PIECES), xmlSafe), { maxLength: 6 }).map((a) => a.join(''));

/** An adversarial string with at least one character that is not white space. */
export const nonBlank: fc.Arbitrary<string> = fc
  .tuple(adversarial, fc.constantFrom('A', 'é', '😀', '&', '<', '"', "'", 'Ω', '0'), adversarial)
  .map(([a, b, c]) => a + b + c);

const RESERVED = new Set([...ATTRIBUTE_NAMES, ...ELEMENT_NAMES].map((n) => n.toLowerCase()));

/** XML names a reader keeps as unknown (never a model name, whatever the case or prefix). */
export const extraName: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Classe', 'é', '名前', 'x-y.z', 'ns:attr', '_', 'Nom2', 'a:Civilite'),
    fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,6}$/),
  )
  .filter((n) => !RESERVED.has(nameKey(n)) && !n.toLowerCase().startsWith('xml'));

const attributes: fc.Arbitrary<Record<string, string>> = fc
  .uniqueArray(fc.tuple(extraName, adversarial), { selector: (t) => t[0], minLength: 1, maxLength: 3 })
  .map((entries) => {
    const out: Record<string, string> = {};
    for (const [k, v] of entries) setOwn(out, k, v);
    return out;
  });

const extraElement: fc.Arbitrary<ExtraElement> = fc.letrec<{ el: ExtraElement }>((tie) => ({
  el: fc
    .record({
      name: extraName,
      attributes: fc.oneof(fc.constant<Record<string, string>>({}), attributes),
      children: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant<ExtraElement[]>([]), fc.array(tie('el'), { maxLength: 2 })),
      text: fc.option(nonBlank, { nil: undefined }),
    })
    .map(({ name, attributes: a, children, text }): ExtraElement => (text === undefined ? { name, attributes: a, children: [...children] } : { name, attributes: a, children: [...children], text })),
})).el;

/** An extra bag as the reader produces it: never empty. */
export const extra: fc.Arbitrary<Extra | undefined> = fc
  .record({
    attributes: fc.option(attributes, { nil: undefined }),
    elements: fc.option(fc.array(extraElement, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    text: fc.option(nonBlank, { nil: undefined }),
  })
  .map((r) => {
    const out: Extra = {};
    if (r.attributes !== undefined) out.attributes = r.attributes;
    if (r.elements !== undefined) out.elements = r.elements;
    if (r.text !== undefined) out.text = r.text;
    return Object.keys(out).length > 0 ? out : undefined;
  });

/** Birth dates `YYYY-MM-DD`. */
export const birthDate: fc.Arbitrary<string> = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** ENT identifiers with a distinctive shape, so a test can look for them in output text. */
export const secretId: fc.Arbitrary<string> = fc.uuid().map((u) => `ENTSECRET-${u}`);

export interface DocOptions {
  /** Mode of the generated document (default: either). */
  mode?: IdentifiantsPronoteMode;
  /** Generate extra bags (default true). */
  extras?: boolean;
  /** Identifier values (default: adversarial non-blank strings). */
  idPartenaire?: fc.Arbitrary<string>;
  /** Largest population size (default 4). */
  max?: number;
}

interface PersonSeed {
  nom: string;
  prenom: string;
  date: string | undefined;
  id: string | undefined;
  extra: Extra | undefined;
  sexe: 'Masculin' | 'Feminin' | undefined;
  refs: number[];
  refExtras: (Extra | undefined)[];
}

/** Valid {@link IdentifiantsPronote} documents. */
export function docArb(options: DocOptions = {}): fc.Arbitrary<IdentifiantsPronote> {
  const max = options.max ?? 4;
  const withExtras = options.extras ?? true;
  const maybeExtra = withExtras ? extra : fc.constant(undefined);
  const idArb = options.idPartenaire ?? nonBlank;
  const modeArb = options.mode === undefined ? fc.constantFrom<IdentifiantsPronoteMode>('Complet', 'Partiel') : fc.constant(options.mode);
  return fc
    .record({
      mode: modeArb,
      counts: fc.tuple(fc.nat(max), fc.nat(max), fc.nat(max), fc.nat(max)),
    })
    .chain(({ mode, counts }) => {
      const total = counts.reduce((a, b) => a + b, 0);
      const nr = counts[2];
      const seed = (eleve: boolean): fc.Arbitrary<PersonSeed> =>
        fc
          .record({
            nom: nonBlank,
            prenom: nonBlank,
            date: eleve ? birthDate : fc.option(birthDate, { nil: undefined }),
            id: mode === 'Partiel' ? fc.constant(undefined) : fc.option(idArb, { nil: undefined }),
            extra: maybeExtra,
            sexe: eleve ? fc.option(fc.constantFrom<'Masculin' | 'Feminin'>('Masculin', 'Feminin'), { nil: undefined }) : fc.constant(undefined),
            refs: eleve && nr > 0 ? fc.uniqueArray(fc.nat(nr - 1), { maxLength: 3 }) : fc.constant([] as number[]),
          })
          .chain((s) =>
            fc.array(fc.option(maybeExtra, { nil: undefined, freq: 3 }).map((x) => x ?? undefined), { minLength: s.refs.length, maxLength: s.refs.length }).map((refExtras) => ({ ...s, refExtras })),
          );
      return fc.record({
        version: fc.constant('1'),
        date: fc.constantFrom('2026-09-01T08:00:00+02:00', '2027-01-15T17:45:12Z', '2026-12-31T23:59:59.125-05:00'),
        uai: fc.constantFrom('0410017W', ...['0750001', '9999999', '0000000'].map((d) => d + uaiCheckLetter(d))),
        socle: fc.constantFrom('KOSMOS', 'ENT 77', 'Skolengo', 'Mon-ENT.v2'),
        idents: fc.uniqueArray(fc.oneof(fc.nat(40), fc.integer({ min: 0, max: 0xffffffff })), { minLength: total, maxLength: total }),
        idpns: fc.tuple(...counts.map((n) => fc.uniqueArray(nonBlank, { minLength: n, maxLength: n }))),
        seeds: fc.tuple(...counts.map((n, k) => fc.array(seed(k === 3), { minLength: n, maxLength: n }))),
        rootExtra: maybeExtra,
        containerExtra: fc.tuple(maybeExtra, maybeExtra, maybeExtra, maybeExtra),
        // Staff may carry no IDPN (PRONOTE's partner exports).
        staffWithoutIdpn: fc.boolean(),
      }).map((r) => {
        let next = 0;
        const lists: PronotePersonne[][] = r.seeds.map((seeds, k) =>
          seeds.map((s, i) => {
            const p: PronotePersonne =
              k === 0 && r.staffWithoutIdpn && i % 2 === 0
                ? { ident: r.idents[next++] as number, nom: s.nom, prenom: s.prenom }
                : { ident: r.idents[next++] as number, idpn: r.idpns[k]?.[i], nom: s.nom, prenom: s.prenom };
            if (s.date !== undefined) p.dateNaissance = s.date;
            if (k === 3 && s.sexe !== undefined) (p as PronoteEleve).sexe = s.sexe;
            if (s.id !== undefined) p.idPartenaire = s.id;
            if (s.extra !== undefined) p.extra = s.extra;
            return p;
          }),
        );
        const [personnels, professeurs, responsables, eleves] = lists as [PronotePersonne[], PronotePersonne[], PronotePersonne[], PronoteEleve[]];
        eleves.forEach((e, i) => {
          const s = r.seeds[3]?.[i] as PersonSeed;
          e.responsables = s.refs.map((j) => (responsables[j] as PronotePersonne).ident);
          if (s.refExtras.some((x) => x !== undefined)) e.responsablesExtra = s.refExtras;
        });
        const doc: IdentifiantsPronote = { version: r.version, date: r.date, uai: r.uai, socle: r.socle, mode, personnels, professeurs: professeurs as PronoteProfesseur[], responsables: responsables as PronoteResponsable[], eleves };
        if (r.rootExtra !== undefined) doc.extra = r.rootExtra;
        const pops = ['personnels', 'professeurs', 'responsables', 'eleves'] as const;
        pops.forEach((p, k) => {
          const x = r.containerExtra[k];
          if (x !== undefined) (doc.containerExtra ??= {})[p] = x;
        });
        return doc;
      });
    });
}
