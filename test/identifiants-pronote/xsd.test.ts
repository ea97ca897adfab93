import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { buildIdentifiantsPronote } from '../../src/index';
import { docArb } from './arbitraries';
import { completeDoc, data, partialDoc } from './samples';

const SCHEMA = readFileSync(fileURLToPath(new URL('../../schema/identifiants-pronote.xsd', import.meta.url)), 'utf8');

/** Validates several documents in one xmllint run; returns the error messages of each. */
async function xsdErrors(docs: readonly string[]): Promise<string[][]> {
  const result = await validateXML({
    xml: docs.map((contents, i) => ({ fileName: `doc${i}.xml`, contents })),
    schema: [{ fileName: 'identifiants-pronote.xsd', contents: SCHEMA }],
  });
  const out: string[][] = docs.map(() => []);
  for (const e of result.errors) {
    const i = Number(/^doc(\d+)\.xml\b/.exec(e.rawMessage)?.[1] ?? NaN);
    expect(Number.isInteger(i), `unattributed xmllint message: ${e.rawMessage}`).toBe(true);
    out[i]?.push(e.rawMessage);
  }
  expect(result.valid).toBe(out.every((m) => m.length === 0));
  return out;
}

const MUTATIONS: [string, (x: string) => string, RegExp][] = [
  ['a duplicate Ident', (x) => x.replace('Ident="2" IDPN', 'Ident="1" IDPN'), /IdentUnique/],
  ['a reference to no parent', (x) => x.replace('<Responsable Ident="7"/>', '<Responsable Ident="4"/>'), /EleveResponsableRef/],
  ['a duplicate IDPN in a population', (x) => x.replace('IDPN="PN-E-0002"', 'IDPN="PN-E-0001"'), /EleveIDPN/],
  ['another letter case', (x) => x.replace(/<Eleves>/, '<ELEVES>').replace(/<\/Eleves>/, '</ELEVES>'), /ELEVES/],
  ['a missing IDPN', (x) => x.replace(' IDPN="PN-T-0001"', ''), /IDPN/],
  ['a blank Nom', (x) => x.replace('Nom="DURAND"', 'Nom=" "'), /Nom/],
  ['a French birth date', (x) => x.replace('DateNaissance="2010-12-31"', 'DateNaissance="31/12/2010"'), /DateNaissance/],
  ['a student without birth date', (x) => x.replace(' DateNaissance="2010-12-31"', ''), /DateNaissance/],
  ['an unknown Sexe', (x) => x.replace('Sexe="Masculin"', 'Sexe="M"'), /Sexe/],
  ['an unknown Mode', (x) => x.replace('Mode="Complet"', 'Mode="complet"'), /Mode/],
  ['an empty ID_Partenaire', (x) => x.replace('ID_Partenaire="ent-7c1e"', 'ID_Partenaire=""'), /ID_Partenaire/],
  ['an unknown attribute', (x) => x.replace('Nom="DURAND"', 'Nom="DURAND" Classe="3A"'), /Classe/],
  ['populations out of order', (x) => x.replace(/(<Personnels>[\s\S]*?<\/Personnels>\n)([\s\S]*?<\/Professeurs>\n)/, '$2$1'), /Personnels/],
];

describe('schema/identifiants-pronote.xsd', () => {
  const golden = buildIdentifiantsPronote(completeDoc());
  let mutationErrors: string[][] = [];

  beforeAll(async () => {
    mutationErrors = await xsdErrors(MUTATIONS.map(([, mutate]) => mutate(golden)));
  });

  it('is itself a valid schema and accepts the golden complete and partial files', async () => {
    expect(await xsdErrors([data('IdPN_To_KOSMOS-complet.xml').toString('utf8'), data('IdPN_To_KOSMOS-partiel.xml').toString('utf8'), buildIdentifiantsPronote(partialDoc())])).toEqual([[], [], []]);
  });

  it('accepts staff without IDPN (PRONOTE\'s partner exports), and only staff', async () => {
    const staff = golden.replace(' IDPN="PN-P-0002"', '');
    expect(staff).not.toBe(golden);
    expect(await xsdErrors([staff])).toEqual([[]]);
  });

  it('accepts whatever the builder writes without extras (sampled documents, adversarial strings, both modes)', async () => {
    const samples = fc.sample(fc.tuple(docArb({ extras: false, max: 6 }), fc.constantFrom<'Complet' | 'Partiel'>('Complet', 'Partiel')), { numRuns: 120, seed: 20260901 });
    const docs = samples.map(([doc, mode]) => buildIdentifiantsPronote(doc, { mode, extras: 'omit' }));
    const errors = await xsdErrors(docs);
    errors.forEach((messages, i) => expect(messages, docs[i]).toEqual([]));
  });

  it.each(MUTATIONS.map(([what], i) => [what, i] as const))('refuses %s', (what, i) => {
    const [, mutate, message] = MUTATIONS[i] as (typeof MUTATIONS)[number];
    expect(mutate(golden), what).not.toBe(golden);
    const errors = mutationErrors[i] as string[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });
});
