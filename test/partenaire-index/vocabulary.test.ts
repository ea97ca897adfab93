import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTES, CHILDREN, type Holder, HOLDERS, TABLES, type ValueType } from '../../src/partenaire-index/vocabulary';
import { CSV_COLUMNS } from '../../src/input';
import { CSV_USED } from '../../src/input/csv/columns';

/** The schema's element that carries each holder's attributes, as a path of element names. */
const ELEMENT_PATH: Record<Holder, string[]> = {
  root: ['PARTENAIRE_INDEX'],
  civilite: ['PARTENAIRE_INDEX', 'Nomenclatures', 'Civilites', 'Civilite'],
  etablissement: ['PARTENAIRE_INDEX', 'Etablissements', 'Etablissement'],
  etablissementGere: ['PARTENAIRE_INDEX', 'EtablissementsGeres', 'Etablissement'],
  personnel: ['PARTENAIRE_INDEX', 'Personnels', 'Personnel'],
  professeur: ['PARTENAIRE_INDEX', 'Professeurs', 'Professeur'],
  responsable: ['PARTENAIRE_INDEX', 'Responsables', 'Responsable'],
  eleve: ['PARTENAIRE_INDEX', 'Eleves', 'Eleve'],
};

/** The XSD types of each vocabulary type. */
const XSD_TYPE: Record<ValueType, string[]> = {
  ident: ['p:Ident'],
  string: ['xs:string'],
  name: ['p:NonEmptyString'],
  idPartenaire: ['p:IdPartenaire'],
  uai: ['p:Uai'],
  date: ['xs:date'],
  dateTime: ['xs:dateTime'],
  enum: ['p:Sexe', 'p:ProtocoleDelegationAuthentification'],
};

type Node = Record<string, unknown>;
const asList = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);

const xsd = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(readFileSync(new URL('../../schema/partenaire-index.xsd', import.meta.url), 'utf8'))['xs:schema'] as Node;
const groups = new Map(asList(xsd['xs:attributeGroup']).map((g) => [`p:${g['@name'] as string}`, g]));
const complexTypes = new Map(asList(xsd['xs:complexType']).map((t) => [`p:${t['@name'] as string}`, t]));
const simpleTypes = new Map(asList(xsd['xs:simpleType']).map((t) => [`p:${t['@name'] as string}`, t]));

/** The attributes of a complex type (attribute groups expanded): name → { type, required }. */
function attributesOf(type: Node): Map<string, { type: string; required: boolean }> {
  const out = new Map<string, { type: string; required: boolean }>();
  for (const a of asList(type['xs:attribute'])) out.set(a['@name'] as string, { type: a['@type'] as string, required: a['@use'] === 'required' });
  for (const ref of asList(type['xs:attributeGroup'])) for (const [k, v] of attributesOf(groups.get(ref['@ref'] as string) as Node)) out.set(k, v);
  return out;
}

function elementAt(path: string[]): Node {
  let el = asList(xsd['xs:element']).find((e) => e['@name'] === path[0]) as Node;
  for (const name of path.slice(1)) {
    const ct = el['xs:complexType'] as Node;
    el = asList((ct['xs:sequence'] as Node)['xs:element']).find((e) => e['@name'] === name) as Node;
    expect(el, name).toBeDefined();
  }
  return el;
}

function typeOf(el: Node): Node {
  return (el['xs:complexType'] as Node | undefined) ?? (complexTypes.get(el['@type'] as string) as Node);
}

describe('the PARTENAIRE_INDEX vocabulary', () => {
  for (const holder of HOLDERS) {
    it(`declares exactly the attributes of ${ELEMENT_PATH[holder].join('/')} in schema/partenaire-index.xsd, with their use and type`, () => {
      const schema = attributesOf(typeOf(elementAt(ELEMENT_PATH[holder])));
      const ours = TABLES[holder].attributes;
      expect(ours.map((a) => a.xml).sort()).toEqual([...schema.keys()].sort());
      for (const a of ours) {
        const s = schema.get(a.xml) as { type: string; required: boolean };
        expect({ attribute: a.xml, required: a.required }).toEqual({ attribute: a.xml, required: s.required });
        expect(XSD_TYPE[a.type], `${holder}/@${a.xml}`).toContain(s.type);
        if (a.type === 'enum') {
          const values = asList(((simpleTypes.get(s.type) as Node)['xs:restriction'] as Node)['xs:enumeration']).map((e) => e['@value']);
          expect(a.spec.values).toEqual(values);
        }
      }
    });
  }

  it('declares the child references of the schema (Responsable/Civilite 0..1, Eleve/Responsable 0..n)', () => {
    for (const c of CHILDREN) {
      const holderPath = ELEMENT_PATH[c.on];
      const child = asList(((typeOf(elementAt(holderPath)))['xs:sequence'] as Node)['xs:element']).find((e) => e['@name'] === c.xml) as Node;
      expect(child['@type']).toBe('p:RefIdent');
      expect(child['@minOccurs']).toBe('0');
      expect(child['@maxOccurs'] === 'unbounded').toBe(c.multiple);
    }
  });

  it('names each field and XML attribute once', () => {
    const byField = new Map<string, string>();
    for (const a of ATTRIBUTES) {
      expect(byField.get(a.field) ?? a.xml).toBe(a.xml);
      byField.set(a.field, a.xml);
    }
    expect(new Set(ATTRIBUTES.map((a) => a.xml)).size).toBe(ATTRIBUTES.length);
  });

  it('gives the CSV contract its columns, in the documented order', () => {
    expect(CSV_COLUMNS).toEqual([
      'population', 'id_partenaire', 'nom', 'prenom', 'date_naissance', 'sexe', 'civilite', 'numero_national',
      'adresse1', 'adresse2', 'adresse3', 'adresse4', 'code_postal', 'ville', 'pays', 'uai', 'parents',
    ]);
    expect([...CSV_USED.personnel].sort()).toEqual(['adresse1', 'adresse2', 'adresse3', 'adresse4', 'code_postal', 'id_partenaire', 'nom', 'pays', 'population', 'prenom', 'uai', 'ville']);
    expect([...CSV_USED.eleve].sort()).toEqual([...CSV_COLUMNS].sort());
  });
});
