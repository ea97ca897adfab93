/**
 * The project's schema of the PRONOTE identifier file, derived from the vocabulary: every
 * element, attribute, use, type, enumeration and uniqueness constraint of
 * `schema/identifiants-pronote.xsd` comes from {@link ATTRIBUTES}, {@link REF} and the population
 * names. `npm run schema` writes it; `test/identifiants-pronote/xsd-generated.test.ts` fails when
 * the committed file differs.
 *
 * Not part of the public API (the schema file is: `ent-pronote/schema/identifiants-pronote.xsd`).
 *
 * @module
 * @internal
 */

import { ATTRIBUTES, type AttributeSpec, CONTAINER, HOLDER, type Holder, PERSON, POPULATIONS, REF, TABLES, type ValueType } from './vocabulary';
import { xsdConstraint, xsdEnumType } from '../internal/xsd-text';

/** The schema type of each value type (`enum` gets a simple type named after its attribute). */
const TYPE: Readonly<Record<Exclude<ValueType, 'enum'>, string>> = {
  ident: 'Ident',
  string: 'xs:string',
  nonBlank: 'NonBlank',
  idPartenaire: 'IdPartenaire',
  uai: 'UAI',
  birthDate: 'DateNaissance',
  dateTime: 'xs:dateTime',
};

/** The schema type of an attribute. */
export function xsdTypeOf(spec: AttributeSpec): string {
  return spec.type === 'enum' ? spec.xml : TYPE[spec.type];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function annotation(doc: string | undefined, indent: string): string[] {
  return doc === undefined ? [] : [`${indent}<xs:annotation><xs:documentation>${escape(doc)}</xs:documentation></xs:annotation>`];
}

/** The `xs:attribute` declarations of a holder, in the vocabulary's order. */
function attributeLines(holder: Holder, indent: string): string[] {
  return TABLES[holder].attributes.flatMap((a) => {
    const start = `${indent}<xs:attribute name="${a.xml}" type="${xsdTypeOf(a.spec)}"${a.required ? ' use="required"' : ''}`;
    if (a.spec.doc === undefined) return [`${start}/>`];
    return [`${start}>`, ...annotation(a.spec.doc, `${indent}  `), `${indent}</xs:attribute>`];
  });
}

/** The complex type of each population's people (named after the element: `Eleve`). */
function personTypes(): string[] {
  const lines: string[] = [];
  for (const population of POPULATIONS) {
    const holder = HOLDER[population];
    lines.push('', `  <xs:complexType name="${PERSON[population]}">`);
    if (REF.on === holder) {
      lines.push(
        '    <xs:sequence>',
        `      <xs:element name="${REF.xml}" minOccurs="0" maxOccurs="unbounded">`,
        ...annotation(`A parent of the student: Ident of a ${CONTAINER[REF.refers]}/${PERSON[REF.refers]}.`, '        '),
        '        <xs:complexType>',
        ...attributeLines('ref', '          '),
        '        </xs:complexType>',
        '      </xs:element>',
        '    </xs:sequence>',
      );
    }
    lines.push(...attributeLines(holder, '    '), '  </xs:complexType>');
  }
  return lines;
}

const SPECS = ATTRIBUTES as readonly AttributeSpec[];

/** The population lists, each with the attributes unique within it (`EleveIDPN`). */
function containerLines(): string[] {
  return POPULATIONS.flatMap((population) => {
    const element = PERSON[population];
    const unique = TABLES[HOLDER[population]].attributes.filter((a) => a.spec.unique === 'population');
    return [
      `        <xs:element name="${CONTAINER[population]}" minOccurs="0">`,
      '          <xs:complexType>',
      '            <xs:sequence>',
      `              <xs:element name="${element}" type="${element}" maxOccurs="unbounded"/>`,
      '            </xs:sequence>',
      '          </xs:complexType>',
      ...unique.flatMap((a) => xsdConstraint('unique', `${element}${a.xml}`, element, a.xml, '          ')),
      '        </xs:element>',
    ];
  });
}

/** The enumerated simple types (`Mode`, `Sexe`). */
function enumTypes(): string[] {
  return SPECS.filter((spec) => spec.type === 'enum').flatMap((spec) => xsdEnumType(spec.xml, spec.values ?? []));
}

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<!--
  ent-pronote: schema of the PRONOTE identifier file IdPN_To_<ENT>.xml (root IDENTIFIANTS_PRONOTE),
  model version 1, as modelled by this project (docs/formats/identifiants-pronote.md).

  Index-Education has NOT published a schema for this file. This schema is written from the
  project's model, itself based on the vendor's partner-export conventions (EXPORT_INDEX_EDUCATION
  envelope; entity attributes Ident, IDPN, Nom, Prenom, DateNaissance) and on the
  PARTENAIRE_INDEX vocabulary.

  It describes the canonical form the library writes with buildIdentifiantsPronote(doc,
  { extras: 'omit' }): case-sensitive names, no namespace, no unknown attribute or element.
  The library's reader (parseIdentifiantsPronote) is deliberately more lenient: case-insensitive
  names, unknown attributes/elements kept, DD/MM/YYYY birth dates, Sexe variants, aliases.

  Rules XML Schema 1.0 cannot express are checked by validateIdentifiantsPronote: no ID_Partenaire
  in a Partiel document, a real calendar date for DateNaissance without time zone.

  Generated from src/identifiants-pronote/vocabulary.ts by \`npm run schema\`: do not edit by hand.
  License: MIT (see the package's LICENSE).
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="unqualified" attributeFormDefault="unqualified">

  <xs:simpleType name="Ident">
    <xs:annotation><xs:documentation>Unique in the file, all populations together.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:unsignedInt"/>
  </xs:simpleType>

  <xs:simpleType name="NonBlank">
    <xs:annotation><xs:documentation>A string holding at least one character that is not white space.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="[\\s\\S]*\\S[\\s\\S]*"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="IdPartenaire">
    <xs:annotation><xs:documentation>The ENT (CAS) identifier PRONOTE holds for the person; white space preserved.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:whiteSpace value="preserve"/>
      <xs:minLength value="1"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="DateNaissance">
    <xs:annotation><xs:documentation>YYYY-MM-DD, no time zone.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:date">
      <xs:pattern value="\\d{4}-\\d{2}-\\d{2}"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="UAI">
    <xs:restriction base="xs:string">
      <xs:pattern value="[0-9]{7}[A-Z]"/>
    </xs:restriction>
  </xs:simpleType>
`;

/**
 * `schema/identifiants-pronote.xsd`, derived from the vocabulary (what `npm run schema` writes).
 *
 * @returns The schema's text, LF line ends, ending with a line end.
 */
export function identifiantsPronoteXsd(): string {
  const people = POPULATIONS.map((p) => `${CONTAINER[p]}/${PERSON[p]}`).join('|');
  const refKey = TABLES.ref.attributes.find((a) => a.required)?.xml;
  const holderPopulation = POPULATIONS.find((p) => HOLDER[p] === REF.on);
  if (refKey === undefined || holderPopulation === undefined) throw new Error('vocabulary: the parent reference changed; update src/identifiants-pronote/xsd.ts');
  const target = `${CONTAINER[REF.refers]}/${PERSON[REF.refers]}`;
  const source = `${CONTAINER[holderPopulation]}/${PERSON[holderPopulation]}/${REF.xml}`;
  const lines = [
    ...enumTypes(),
    ...personTypes(),
    '',
    '  <xs:element name="IDENTIFIANTS_PRONOTE">',
    '    <xs:complexType>',
    '      <xs:sequence>',
    ...containerLines(),
    '      </xs:sequence>',
    ...attributeLines('root', '      '),
    '    </xs:complexType>',
    ...SPECS.filter((s) => s.unique === 'file').flatMap((s) => xsdConstraint('unique', `${s.xml}Unique`, people, s.xml, '    ')),
    ...xsdConstraint('key', `${PERSON[REF.refers]}Key`, target, refKey, '    '),
    ...xsdConstraint('keyref', `${PERSON[holderPopulation]}${REF.xml}Ref`, source, refKey, '    ', `${PERSON[REF.refers]}Key`),
    '  </xs:element>',
    '</xs:schema>',
  ];
  return `${HEADER}${lines.join('\n')}\n`;
}
