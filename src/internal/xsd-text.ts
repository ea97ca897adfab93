/**
 * Pieces of XML Schema text shared by the generators of the project's two schemas
 * (`src/partenaire-index/xsd.ts`, `src/identifiants-pronote/xsd.ts`).
 *
 * @internal
 * @module
 */

/**
 * An identity constraint (`xs:key`, `xs:keyref`, `xs:unique`) on `@field` of the selected
 * elements; `refer` is the qualified name of the key a `keyref` refers to.
 */
export function xsdConstraint(kind: 'key' | 'keyref' | 'unique', name: string, selector: string, field: string, indent: string, refer?: string): string[] {
  return [
    `${indent}<xs:${kind} name="${name}"${refer === undefined ? '' : ` refer="${refer}"`}>`,
    `${indent}  <xs:selector xpath="${selector}"/>`,
    `${indent}  <xs:field xpath="@${field}"/>`,
    `${indent}</xs:${kind}>`,
  ];
}

/** A top-level enumerated simple type, preceded by an empty line. */
export function xsdEnumType(name: string, values: readonly string[]): string[] {
  return [
    '',
    `  <xs:simpleType name="${name}">`,
    '    <xs:restriction base="xs:string">',
    ...values.map((v) => `      <xs:enumeration value="${v}"/>`),
    '    </xs:restriction>',
    '  </xs:simpleType>',
  ];
}
