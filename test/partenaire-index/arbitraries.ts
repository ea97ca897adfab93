import fc from 'fast-check';
import { findForbiddenChar } from '../../src/internal/xml/chars';
import { type Eleve, type PartenaireIndex, type Professeur, type Responsable, uaiCheckLetter } from '../../src/index';

/** Characters that break naive writers: quotes, markup, white space, accents, non-BMP. */
const NASTY = ["'", '"', '&', '<', '>', '\t', '\n', '\r', ' ', '  ', 'é', 'Œ', 'ß', '’', '😀', '𝔘', '\u00A0', ']]>', '&amp;', '-', 'ǅ'];

/** Any string XML 1.0 can carry, biased towards the characters that break writers. */
export const xmlString = (min = 0, max = 24) =>
  fc
    .string({ unit: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: min, maxLength: max })
    .filter((s) => findForbiddenChar(s) === -1 && s.length >= min);

const date = fc
  .record({ y: fc.integer({ min: 1900, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const dateTime = fc
  .tuple(date, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('', 'Z', '+02:00', '-05:30'))
  .map(([d, h, m, tz]) => `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:07${tz}`);

const uai = fc.integer({ min: 0, max: 9999999 }).map((n) => {
  const digits = String(n).padStart(7, '0');
  return digits + uaiCheckLetter(digits);
});

const adresse = fc.record(
  {
    adresse1: xmlString(),
    adresse2: xmlString(),
    adresse3: xmlString(),
    adresse4: xmlString(),
    codePostal: xmlString(),
    ville: xmlString(),
    pays: xmlString(),
  },
  { requiredKeys: [] },
);

const base = fc.record({ nom: xmlString(1), prenom: xmlString(1), idPartenaire: xmlString(1) });

/** A valid PARTENAIRE_INDEX model (Idents assigned, references resolved). */
export const partenaireIndex: fc.Arbitrary<PartenaireIndex> = fc
  .record({
    date: dateTime,
    partenaire: xmlString(1),
    proto: fc.option(fc.constantFrom('CAS' as const, 'ADFS' as const), { nil: undefined }),
    nomenclature: fc.constantFrom('none', 'empty', 'civilites'),
    schools: fc.array(fc.tuple(uai, xmlString(1), adresse, fc.option(xmlString(), { nil: undefined })), { minLength: 1, maxLength: 3 }),
    personnels: fc.array(fc.tuple(base, adresse), { maxLength: 4 }),
    professeurs: fc.array(fc.tuple(base, adresse, fc.option(date, { nil: undefined })), { maxLength: 4 }),
    responsables: fc.array(fc.tuple(base, adresse, fc.option(fc.constantFrom(0, 1, 2), { nil: undefined })), { maxLength: 6 }),
    eleves: fc.array(
      fc.tuple(base, adresse, date, fc.option(fc.constantFrom('Masculin' as const, 'Feminin' as const), { nil: undefined }), fc.option(xmlString(), { nil: undefined }), fc.array(fc.nat(), { maxLength: 3 })),
      { maxLength: 6 },
    ),
  })
  .map((r) => {
    let ident = 0;
    const uniq = <T extends { idPartenaire: string }>(xs: T[]): T[] => xs.map((x, i) => ({ ...x, idPartenaire: `${x.idPartenaire}#${i}` }));
    const doc: PartenaireIndex = {
      date: r.date,
      partenaire: r.partenaire,
      etablissements: r.schools.map(([numero, nom, adr, tel], i) => ({ ident: i, numero, nom, ...adr, ...(tel === undefined ? {} : { telSecretariat: tel }) })),
      etablissementsGeres: r.schools.map((_, i) => ({ ident: i })),
      personnels: uniq(r.personnels.map(([b, adr]) => ({ ...b, ...adr, ident: ident++ }))),
      professeurs: uniq(r.professeurs.map(([b, adr, dn]): Professeur => ({ ...b, ...adr, ident: ident++, ...(dn === undefined ? {} : { dateNaissance: dn }) }))),
      responsables: [],
      eleves: [],
    };
    if (r.proto !== undefined) doc.protocoleDelegationAuthentification = r.proto;
    if (r.nomenclature === 'empty') doc.nomenclatures = {};
    const withCivilites = r.nomenclature === 'civilites';
    if (withCivilites) doc.nomenclatures = { civilites: [{ ident: 2, libelle: 'M' }, { ident: 1, libelle: 'Mme' }, { ident: 0, libelle: 'undefined' }] };
    doc.responsables = uniq(
      r.responsables.map(([b, adr, civ]): Responsable => ({ ...b, ...adr, ident: ident++, ...(civ !== undefined && withCivilites ? { civilite: civ } : {}) })),
    );
    const parents = doc.responsables.map((p) => p.ident);
    doc.eleves = uniq(
      r.eleves.map(([b, adr, dn, sexe, ine, refs]): Eleve => ({
        ...b,
        ...adr,
        ident: ident++,
        dateNaissance: dn,
        ...(sexe === undefined ? {} : { sexe }),
        ...(ine === undefined ? {} : { numeroNational: ine }),
        responsables: parents.length === 0 ? [] : [...new Set(refs.map((k) => parents[k % parents.length] as number))],
      })),
    );
    return doc;
  });
