import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

const here = dirname(fileURLToPath(import.meta.url));
/** The project root. */
export const ROOT = join(here, '..', '..');
/** ../shared beside the project (the vendor reference material), when present. */
export const SHARED = join(ROOT, '..', 'shared');

/** Path of a vendor reference XSD in ../shared, or undefined when the folder is absent. */
export function vendorXsd(name: 'RapprochementSSO.xsd' | 'ConteneurImportChiffre.xsd'): string | undefined {
  const p = join(SHARED, 'reference', 'xsd', name);
  return existsSync(p) ? p : undefined;
}

/** Path of one of the project's own schemas. */
export function ownXsd(name: string): string {
  return join(ROOT, 'schema', name);
}

/** Validates `xml` against the XSD file with libxml2 (xmllint compiled to WebAssembly). */
export async function xsdErrors(xml: string | readonly string[], xsdPath: string): Promise<string[]> {
  const docs = typeof xml === 'string' ? [xml] : xml;
  const result = await validateXML({
    xml: docs.map((contents, i) => ({ fileName: `doc${i}.xml`, contents })),
    schema: [{ fileName: 'schema.xsd', contents: readFileSync(xsdPath, 'utf8') }],
    initialMemoryPages: 1024,
    maxMemoryPages: 16384,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
