import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { IdentifiantsPronote, PronotePersonne, PronoteEleve, PronotePersonnel, PronoteProfesseur, PronoteResponsable } from '../../src/index';
import { PRONOTE_CSV_COLUMNS } from '../../src/input';
import { ATTRIBUTE_NAMES, ATTRIBUTES, type Holder, HOLDERS, REF, TABLES, type ValueType } from '../../src/identifiants-pronote/vocabulary';

/** The schema's element that carries each holder's attributes, as a path of element names. */
const ELEMENT_PATH: Record<Holder, string[]> = {
  root: ['IDENTIFIANTS_PRONOTE'],
  personnel: ['IDENTIFIANTS_PRONOTE', 'Personnels', 'Personnel'],
  professeur: ['IDENTIFIANTS_PRONOTE', 'Professeurs', 'Professeur'],
  responsable: ['IDENTIFIANTS_PRONOTE', 'Responsables', 'Responsable'],
  eleve: ['IDENTIFIANTS_PRONOTE', 'Eleves', 'Eleve'],
  ref: ['IDENTIFIANTS_PRONOTE', 'Eleves', 'Eleve', 'Responsable'],
};

/** The XSD types of each vocabulary type. */
const XSD_TYPE: Record<ValueType, string[]> = {
  ident: ['Ident'],
  string: ['xs:string'],
  nonBlank: ['NonBlank'],
  idPartenaire: ['IdPartenaire'],
  uai: ['UAI'],
  birthDate: ['DateNaissance'],
  dateTime: ['xs:dateTime'],
  enum: ['Sexe', 'Mode'],
};

type Node = Record<string, unknown>;
const asList = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);

const xsd = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(readFileSync(new URL('../../schema/identifiants-pronote.xsd', import.meta.url), 'utf8'))['xs:schema'] as Node;
const complexTypes = new Map(asList(xsd['xs:complexType']).map((t) => [t['@name'] as string, t]));
const simpleTypes = new Map(asList(xsd['xs:simpleType']).map((t) => [t['@name'] as string, t]));

function typeOf(el: Node): Node {
  return (el['xs:complexType'] as Node | undefined) ?? (complexTypes.get(el['@type'] as string) as Node);
}

function elementAt(path: string[]): Node {
  let el = asList(xsd['xs:element']).find((e) => e['@name'] === path[0]) as Node;
  for (const name of path.slice(1)) {
    el = asList((typeOf(el)['xs:sequence'] as Node)['xs:element']).find((e) => e['@name'] === name) as Node;
    expect(el, name).toBeDefined();
  }
  return el;
}

/** The attributes of a complex type: name → { type, required }. */
function attributesOf(type: Node): Map<string, { type: string; required: boolean }> {
  return new Map(asList(type['xs:attribute']).map((a) => [a['@name'] as string, { type: a['@type'] as string, required: a['@use'] === 'required' }]));
}

/** The `@field` of the identity constraints of kind `kind` under an element, by name. */
function constraints(el: Node, kind: string): Map<string, { selector: string; field: string }> {
  return new Map(asList(el[`xs:${kind}`]).map((c) => [c['@name'] as string, { selector: (c['xs:selector'] as Node)['@xpath'] as string, field: (c['xs:field'] as Node)['@xpath'] as string }]));
}

describe('the IDENTIFIANTS_PRONOTE vocabulary', () => {
  for (const holder of HOLDERS) {
    it(`declares exactly the attributes of ${ELEMENT_PATH[holder].join('/')} in schema/identifiants-pronote.xsd, with their use and type`, () => {
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

  it('gives the exact uses the format needs: staff may lack IDPN, students need a birth date, only students have Sexe', () => {
    const use = (holder: Holder, xml: string): string | undefined => {
      const a = TABLES[holder].attributes.find((x) => x.xml === xml);
      return a === undefined ? undefined : a.required ? 'required' : 'optional';
    };
    expect(['personnel', 'professeur', 'responsable', 'eleve'].map((h) => use(h as Holder, 'IDPN'))).toEqual(['optional', 'required', 'required', 'required']);
    expect(['personnel', 'professeur', 'responsable', 'eleve'].map((h) => use(h as Holder, 'DateNaissance'))).toEqual(['optional', 'optional', 'optional', 'required']);
    expect(['personnel', 'professeur', 'responsable', 'eleve'].map((h) => use(h as Holder, 'Sexe'))).toEqual([undefined, undefined, undefined, 'optional']);
    expect(TABLES.root.attributes.map((a) => `${a.xml}:${a.required}`)).toEqual(['Version:true', 'Date:true', 'UAI:true', 'Socle:true', 'Mode:true']);
    expect(TABLES.ref.attributes.map((a) => a.xml)).toEqual(['Ident']);
  });

  it('declares the uniqueness rules of the schema: Ident in the file, IDPN within each population, parent references', () => {
    const root = elementAt(ELEMENT_PATH.root);
    const fileUnique = ATTRIBUTES.filter((a) => 'unique' in a && a.unique === 'file').map((a) => a.xml);
    expect(fileUnique).toEqual(['Ident']);
    expect(constraints(root, 'unique').get('IdentUnique')).toEqual({ selector: 'Personnels/Personnel|Professeurs/Professeur|Responsables/Responsable|Eleves/Eleve', field: '@Ident' });
    expect(constraints(root, 'key').get('ResponsableKey')).toEqual({ selector: 'Responsables/Responsable', field: '@Ident' });
    expect(constraints(root, 'keyref').get('EleveResponsableRef')).toEqual({ selector: `Eleves/Eleve/${REF.xml}`, field: '@Ident' });
    const populationUnique = ATTRIBUTES.filter((a) => 'unique' in a && a.unique === 'population').map((a) => a.xml);
    expect(populationUnique).toEqual(['IDPN']);
    for (const [container, element] of [['Personnels', 'Personnel'], ['Professeurs', 'Professeur'], ['Responsables', 'Responsable'], ['Eleves', 'Eleve']] as const) {
      expect(constraints(elementAt(['IDENTIFIANTS_PRONOTE', container]), 'unique').get(`${element}IDPN`)).toEqual({ selector: element, field: '@IDPN' });
    }
  });

  it('names each field and XML attribute once', () => {
    const byField = new Map<string, string>();
    for (const a of ATTRIBUTES) {
      expect(byField.get(a.field) ?? a.xml).toBe(a.xml);
      byField.set(a.field, a.xml);
    }
    expect(new Set(ATTRIBUTES.map((a) => a.xml)).size).toBe(ATTRIBUTES.length);
    expect(ATTRIBUTE_NAMES).toEqual(['Version', 'Date', 'UAI', 'Socle', 'Mode', 'Ident', 'IDPN', 'Nom', 'Prenom', 'DateNaissance', 'Sexe', 'ID_Partenaire']);
  });

  it('gives the PRONOTE people CSV its columns, in the documented order', () => {
    expect(PRONOTE_CSV_COLUMNS).toEqual(['population', 'ident', 'idpn', 'nom', 'prenom', 'date_naissance', 'sexe', 'id_partenaire', 'parents']);
  });

  it('derives the model types of today', () => {
    type Person = { ident: number; idpn?: string; nom: string; prenom: string; dateNaissance?: string; idPartenaire?: string };
    expectTypeOf<Omit<PronotePersonne, 'extra'>>().toEqualTypeOf<Person>();
    expectTypeOf<Omit<PronotePersonnel, 'extra'>>().toEqualTypeOf<Person>();
    expectTypeOf<Omit<PronoteProfesseur, 'extra'>>().toEqualTypeOf<{ ident: number; idpn: string; nom: string; prenom: string; dateNaissance?: string; idPartenaire?: string }>();
    expectTypeOf<PronoteProfesseur['idpn']>().toEqualTypeOf<string>();
    expectTypeOf<PronoteResponsable['idpn']>().toEqualTypeOf<string>();
    expectTypeOf<PronoteEleve['dateNaissance']>().toEqualTypeOf<string>();
    expectTypeOf<PronoteEleve['sexe']>().toEqualTypeOf<'Masculin' | 'Feminin' | undefined>();
    expectTypeOf<IdentifiantsPronote['mode']>().toEqualTypeOf<'Complet' | 'Partiel'>();
    expectTypeOf<IdentifiantsPronote['version']>().toEqualTypeOf<string>();
    // Optional stays optional: a teacher without birth date, staff without IDPN.
    expectTypeOf<{ ident: 1; idpn: 'X'; nom: 'N'; prenom: 'P' }>().toExtend<PronoteProfesseur>();
    expectTypeOf<{ ident: 1; nom: 'N'; prenom: 'P' }>().toExtend<PronotePersonnel>();
    expectTypeOf<{ ident: 1; nom: 'N'; prenom: 'P' }>().not.toExtend<PronoteProfesseur>();
  });
});
