/**
 * The project's own schema of `PARTENAIRE_INDEX`, derived from the vocabulary: every element,
 * attribute, use, type and enumeration of `schema/partenaire-index.xsd` comes from
 * {@link ATTRIBUTES}, {@link CHILDREN} and {@link POPULATION_NAMES}. `npm run schema` writes it;
 * `test/partenaire-index/xsd-generated.test.ts` fails when the committed file differs.
 *
 * Not part of the public API (the schema file is: `ent-pronote/schema/partenaire-index.xsd`).
 *
 * @module
 * @internal
 */

import { ATTRIBUTES, type AttributeSpec, CHILDREN, type Holder, POPULATION_NAMES, TABLES, type ValueType } from './vocabulary';
import { xsdConstraint, xsdEnumType } from '../internal/xsd-text';

/** The schema type of each value type (`enum` gets a simple type named after its field). */
const TYPE: Readonly<Record<Exclude<ValueType, 'enum'>, string>> = {
  ident: 'p:Ident',
  string: 'xs:string',
  name: 'p:NonEmptyString',
  idPartenaire: 'p:IdPartenaire',
  uai: 'p:Uai',
  date: 'xs:date',
  dateTime: 'xs:dateTime',
};

/** `sexe` → `Sexe`: the simple type of an enumerated attribute. */
function enumTypeName(spec: AttributeSpec): string {
  return spec.field.charAt(0).toUpperCase() + spec.field.slice(1);
}

function typeOf(spec: AttributeSpec): string {
  return spec.type === 'enum' ? `p:${enumTypeName(spec)}` : TYPE[spec.type];
}

/** The `xs:attribute` lines of a holder, in the vocabulary's order. */
function attributeLines(holder: Holder, indent: string): string[] {
  return TABLES[holder].attributes.map(
    (a) => `${indent}<xs:attribute name="${a.xml}" type="${typeOf(a.spec)}"${a.required ? ' use="required"' : ''}/>`,
  );
}

/** The child reference elements of a holder (`Eleve/Responsable`), as an `xs:sequence`. */
function childLines(holder: Holder, indent: string): string[] {
  const children = CHILDREN.filter((c) => c.on === holder);
  if (children.length === 0) return [];
  return [
    `${indent}<xs:sequence>`,
    ...children.map(
      (c) => `${indent}  <xs:element name="${c.xml}" type="p:RefIdent" minOccurs="0"${c.multiple ? ' maxOccurs="unbounded"' : ''}/>`,
    ),
    `${indent}</xs:sequence>`,
  ];
}

/** A list element (`Eleves`) holding one or more item elements (`Eleve`) of a holder. */
function listLines(container: string, element: string, holder: Holder, optional: boolean, indent: string): string[] {
  return [
    `${indent}<xs:element name="${container}"${optional ? ' minOccurs="0"' : ''}>`,
    `${indent}  <xs:complexType>`,
    `${indent}    <xs:sequence>`,
    `${indent}      <xs:element name="${element}" maxOccurs="unbounded">`,
    `${indent}        <xs:complexType>`,
    ...childLines(holder, `${indent}          `),
    ...attributeLines(holder, `${indent}          `),
    `${indent}        </xs:complexType>`,
    `${indent}      </xs:element>`,
    `${indent}    </xs:sequence>`,
    `${indent}  </xs:complexType>`,
    `${indent}</xs:element>`,
  ];
}

/** An identity constraint of the root element, in the project's namespace (`refer` unprefixed). */
function constraint(kind: 'key' | 'keyref' | 'unique', name: string, selector: string, field: string, refer?: string): string[] {
  return xsdConstraint(kind, name, selector, field, '    ', refer === undefined ? undefined : `p:${refer}`);
}

const path = (...names: string[]): string => names.map((n) => `p:${n}`).join('/');

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<!--
  PARTENAIRE_INDEX version 2.0: the ENT account export read by PRONOTE.
  Written by the ent-pronote project from its description of the format (docs/formats/partenaire-index.md).
  It accepts the documents the vendor schema accepts, minus what PRONOTE cannot use:
  a UAI that is not 7 digits and a letter, empty names and identifiers, duplicate Idents,
  references that resolve to nothing. License: MIT (see the package's LICENSE).
  Generated from src/partenaire-index/vocabulary.ts by \`npm run schema\`: do not edit by hand.
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:p="http://www.index-education.com/rapprochementssoV2.0"
           targetNamespace="http://www.index-education.com/rapprochementssoV2.0"
           elementFormDefault="qualified" attributeFormDefault="unqualified">

  <xs:simpleType name="Ident">
    <xs:restriction base="xs:unsignedInt"/>
  </xs:simpleType>

  <!-- The ENT's opaque identifier: whitespace preserved, never empty. -->
  <xs:simpleType name="IdPartenaire">
    <xs:restriction base="xs:string">
      <xs:whiteSpace value="preserve"/>
      <xs:minLength value="1"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="NonEmptyString">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
    </xs:restriction>
  </xs:simpleType>

  <xs:simpleType name="Uai">
    <xs:restriction base="xs:string">
      <xs:pattern value="[0-9]{7}[A-Z]"/>
    </xs:restriction>
  </xs:simpleType>
`;

/** The enumerated simple types (`Sexe`, `ProtocoleDelegationAuthentification`). */
function enumTypes(): string[] {
  return (ATTRIBUTES as readonly AttributeSpec[]).filter((spec) => spec.type === 'enum').flatMap((spec) => xsdEnumType(enumTypeName(spec), spec.values ?? []));
}

/**
 * `schema/partenaire-index.xsd`, derived from the vocabulary (what `npm run schema` writes).
 *
 * @returns The schema's text, LF line ends, ending with a line end.
 */
export function partenaireIndexXsd(): string {
  const people = POPULATION_NAMES.map((p) => ({ ...p, selector: path(p.container, p.element) }));
  const civilite = CHILDREN.find((c) => c.on === 'responsable');
  const parentRef = CHILDREN.find((c) => c.on === 'eleve');
  if (civilite === undefined || parentRef === undefined) throw new Error('vocabulary: the child references changed; update src/partenaire-index/xsd.ts');
  const responsables = people.find((p) => p.population === 'responsables');
  const eleves = people.find((p) => p.population === 'eleves');
  if (responsables === undefined || eleves === undefined) throw new Error('vocabulary: the populations changed; update src/partenaire-index/xsd.ts');
  const lines = [
    ...enumTypes(),
    '',
    '  <xs:complexType name="RefIdent">',
    ...attributeLines('etablissementGere', '    '),
    '  </xs:complexType>',
    '',
    '  <xs:element name="PARTENAIRE_INDEX">',
    '    <xs:complexType>',
    '      <xs:sequence>',
    '        <xs:element name="Nomenclatures" minOccurs="0">',
    '          <xs:complexType>',
    '            <xs:sequence>',
    ...listLines('Civilites', 'Civilite', 'civilite', true, '              '),
    '            </xs:sequence>',
    '          </xs:complexType>',
    '        </xs:element>',
    ...listLines('Etablissements', 'Etablissement', 'etablissement', false, '        '),
    '        <xs:element name="EtablissementsGeres">',
    '          <xs:complexType>',
    '            <xs:sequence>',
    '              <xs:element name="Etablissement" type="p:RefIdent" maxOccurs="unbounded"/>',
    '            </xs:sequence>',
    '          </xs:complexType>',
    '        </xs:element>',
    ...people.flatMap((p) => listLines(p.container, p.element, p.holder, true, '        ')),
    '      </xs:sequence>',
    ...attributeLines('root', '      '),
    '    </xs:complexType>',
    '',
    '    <!-- One Ident counter for all people: unique across the four populations. -->',
    ...constraint('key', 'PersonneIdent', people.map((p) => p.selector).join('|'), 'Ident'),
    ...constraint('key', 'ResponsableIdent', responsables.selector, 'Ident'),
    ...constraint('keyref', 'EleveResponsableRef', path(eleves.container, eleves.element, parentRef.xml), 'Ident', 'ResponsableIdent'),
    ...constraint('key', 'EtablissementIdent', path('Etablissements', 'Etablissement'), 'Ident'),
    ...constraint('keyref', 'EtablissementGereRef', path('EtablissementsGeres', 'Etablissement'), 'Ident', 'EtablissementIdent'),
    ...constraint('unique', 'EtablissementGereUnique', path('EtablissementsGeres', 'Etablissement'), 'Ident'),
    ...constraint('key', 'CiviliteIdent', path('Nomenclatures', 'Civilites', 'Civilite'), 'Ident'),
    ...constraint('keyref', 'ResponsableCiviliteRef', path(responsables.container, responsables.element, civilite.xml), 'Ident', 'CiviliteIdent'),
    '    <!-- ID_Partenaire unique within each population. -->',
    ...people.flatMap((p) => constraint('unique', `${p.element}IdPartenaire`, p.selector, 'ID_Partenaire')),
    '  </xs:element>',
    '</xs:schema>',
  ];
  return `${HEADER}${lines.join('\n')}\n`;
}
