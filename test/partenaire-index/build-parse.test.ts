import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { EntPronoteError, buildPartenaireIndex, type PartenaireIndex, parsePartenaireIndex, validatePartenaireIndex } from '../../src/index';
import { ROOT } from '../helpers/xsd';
import { partenaireIndex } from './arbitraries';
import { sampleDocument } from './sample';

const GOLDEN = join(ROOT, 'test', 'data', 'partenaire-index', 'sample.xml');

function errorOf(fn: () => unknown): EntPronoteError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EntPronoteError) return e;
    throw e;
  }
  throw new Error('expected an EntPronoteError');
}

describe('buildPartenaireIndex', () => {
  it('writes the golden file for the sample document', () => {
    expect(buildPartenaireIndex(sampleDocument())).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('writes one line when indent is false, with the same content', () => {
    const flat = buildPartenaireIndex(sampleDocument(), { indent: false });
    expect(flat.split('\n')).toHaveLength(3);
    expect(parsePartenaireIndex(flat).document).toEqual(sampleDocument());
  });

  it('escapes every special character of attribute values', () => {
    const doc = sampleDocument();
    const eleve = doc.eleves[0] as PartenaireIndex['eleves'][number];
    eleve.nom = `O'Brien "Junior" & <Fils>\tA\nB\rC 😀`;
    const xml = buildPartenaireIndex(doc);
    expect(xml).toContain('Nom="O\'Brien &quot;Junior&quot; &amp; &lt;Fils&gt;&#9;A&#10;B&#13;C 😀"');
    expect(parsePartenaireIndex(xml).document.eleves[0]?.nom).toBe(eleve.nom);
  });

  it('refuses characters XML 1.0 forbids instead of dropping them', () => {
    const doc = sampleDocument();
    (doc.eleves[1] as PartenaireIndex['eleves'][number]).prenom = 'Ma\u0007lle';
    const e = errorOf(() => buildPartenaireIndex(doc));
    expect(e.code).toBe('ERR_SCHEMA');
    expect(e.problems[0]?.path).toBe('/PARTENAIRE_INDEX/Eleves/Eleve[2]/@Prenom');
    expect(e.message).not.toContain('Ma');
  });

  it('refuses an invalid model with the problems and their paths', () => {
    const doc = sampleDocument();
    (doc.eleves[0] as PartenaireIndex['eleves'][number]).responsables.push(999);
    const e = errorOf(() => buildPartenaireIndex(doc));
    expect(e.code).toBe('ERR_SCHEMA');
    expect(e.problems.map((p) => [p.path, p.rule])).toEqual([['/PARTENAIRE_INDEX/Eleves/Eleve[1]/Responsable[3]/@Ident', 'ref']]);
  });

  it('agrees with an independent parser (fast-xml-parser) on every value', () => {
    fc.assert(
      fc.property(partenaireIndex, (doc) => {
        const xml = buildPartenaireIndex(doc);
        const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (_n: string, _p: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute, parseAttributeValue: false, processEntities: true, htmlEntities: true, trimValues: false }).parse(xml);
        const root = parsed.PARTENAIRE_INDEX[0];
        expect(root.Partenaire).toBe(doc.partenaire);
        const eleves = root.Eleves?.[0]?.Eleve ?? [];
        expect(eleves.map((e: Record<string, string>) => [e.Nom, e.Prenom, e.ID_Partenaire])).toEqual(doc.eleves.map((e) => [e.nom, e.prenom, e.idPartenaire]));
      }),
      { numRuns: 60 },
    );
  });
});

describe('parsePartenaireIndex', () => {
  it('round-trips every valid document, adversarial names included', () => {
    fc.assert(
      fc.property(partenaireIndex, fc.boolean(), (doc, indent) => {
        expect(parsePartenaireIndex(buildPartenaireIndex(doc, { indent })).document).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });

  it('reads bytes with a BOM, a prefixed namespace and other indentation', () => {
    const xml = readFileSync(GOLDEN, 'utf8')
      .replace('<PARTENAIRE_INDEX xmlns=', '<pi:PARTENAIRE_INDEX xmlns:pi=')
      .replace(/<(\/?)([A-Z][A-Za-z_]*)/g, (m, slash: string, name: string) => (name === 'PARTENAIRE_INDEX' && slash === '' ? m : `<${slash}pi:${name}`))
      .replace(/\n\s*/g, '\r\n\t');
    expect(xml).toContain('<pi:Eleve ');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]);
    expect(parsePartenaireIndex(bytes).document).toEqual(sampleDocument());
  });

  it('reads a document declared in ISO-8859-15', () => {
    const xml = buildPartenaireIndex(sampleDocument()).replace('encoding="UTF-8"', 'encoding="ISO-8859-15"');
    const latin9 = new Map([['Œ', 0xbc], ['€', 0xa4]]);
    const bytes = Uint8Array.from([...xml].map((ch) => latin9.get(ch) ?? (ch.codePointAt(0) as number)));
    expect(parsePartenaireIndex(bytes).document).toEqual(sampleDocument());
  });

  it('refuses another root, a missing namespace or another namespace', () => {
    const xml = readFileSync(GOLDEN, 'utf8');
    expect(errorOf(() => parsePartenaireIndex('<ImportChiffre xmlns="x"/>')).message).toMatch(/root element is <ImportChiffre>, expected <PARTENAIRE_INDEX>/);
    const noNs = errorOf(() => parsePartenaireIndex(xml.replace(/ xmlns="[^"]*"/, '')));
    expect([noNs.code, noNs.reason]).toEqual(['ERR_SCHEMA', expect.stringMatching(/has no namespace/)]);
    const otherNs = errorOf(() => parsePartenaireIndex(xml.replace('rapprochementssoV2.0', 'rapprochementssoV1.0')));
    expect([otherNs.code, otherNs.line]).toEqual(['ERR_SCHEMA', 2]);
  });

  it('refuses a DOCTYPE, so no entity is ever expanded', () => {
    const xml = readFileSync(GOLDEN, 'utf8').replace('<PARTENAIRE_INDEX', '<!DOCTYPE PARTENAIRE_INDEX [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<PARTENAIRE_INDEX');
    expect(errorOf(() => parsePartenaireIndex(xml)).code).toBe('ERR_DOCTYPE');
  });

  it('names every schema problem with its path and line', () => {
    const xml = [
      '<PARTENAIRE_INDEX xmlns="http://www.index-education.com/rapprochementssoV2.0" Date="2026-13-01T00:00:00" Partenaire="X" Extra="1">',
      '<EtablissementsGeres><Etablissement Ident="1"/></EtablissementsGeres>',
      '<Etablissements><Etablissement Ident="x" Numero="0410017W"/></Etablissements>',
      '<Eleves><Eleve Ident="2" Nom="A" Prenom="B" ID_Partenaire="i" Sexe="M"><Responsable/></Eleve></Eleves>',
      '<Eleves/>',
      '</PARTENAIRE_INDEX>',
    ].join('\n');
    const e = errorOf(() => parsePartenaireIndex(xml));
    expect(e.code).toBe('ERR_SCHEMA');
    expect(e.problems.map((p) => `${p.line} ${p.path} ${p.rule}`)).toEqual([
      '1 /PARTENAIRE_INDEX/@Date date',
      '1 /PARTENAIRE_INDEX/@Extra unknown',
      '3 /PARTENAIRE_INDEX/Etablissements order',
      '3 /PARTENAIRE_INDEX/Etablissements/Etablissement[1]/@Ident type',
      '3 /PARTENAIRE_INDEX/Etablissements/Etablissement[1]/@Nom required',
      '4 /PARTENAIRE_INDEX/Eleves/Eleve[1]/@Sexe enum',
      '4 /PARTENAIRE_INDEX/Eleves/Eleve[1]/@DateNaissance required',
      '4 /PARTENAIRE_INDEX/Eleves/Eleve[1]/Responsable[1]/@Ident required',
      '5 /PARTENAIRE_INDEX/Eleves[2] duplicate',
    ]);
  });

  it('refuses empty lists, text content and unknown elements', () => {
    const golden = readFileSync(GOLDEN, 'utf8');
    const cases: [string, string][] = [
      [golden.replace(/<Personnels>[\s\S]*?<\/Personnels>/, '<Personnels/>'), '/PARTENAIRE_INDEX/Personnels cardinality'],
      [golden.replace('<Civilites>', '<Civilites>hello'), '/PARTENAIRE_INDEX/Nomenclatures/Civilites text'],
      [golden.replace('</Eleves>', '<Classe/></Eleves>'), '/PARTENAIRE_INDEX/Eleves/Classe unexpected'],
      [golden.replace(/<EtablissementsGeres>[\s\S]*?<\/EtablissementsGeres>/, ''), '/PARTENAIRE_INDEX/EtablissementsGeres required'],
      [golden.replace('<Civilite Ident="2"/>', '<Civilite Ident="2"/><Civilite Ident="1"/>'), '/PARTENAIRE_INDEX/Responsables/Responsable[1]/Civilite[2] duplicate'],
    ];
    for (const [xml, expected] of cases) {
      const e = errorOf(() => parsePartenaireIndex(xml));
      expect(e.problems.map((p) => `${p.path} ${p.rule}`)).toEqual([expected]);
    }
  });

  it('reads attributes whatever their order from one element to the next (the reader remembers the last order)', () => {
    const head = '<PARTENAIRE_INDEX xmlns="http://www.index-education.com/rapprochementssoV2.0" xmlns:f="urn:f" Date="2026-01-01T00:00:00" Partenaire="X">';
    const schools = '<Etablissements><Etablissement Ident="1" Numero="0410017W" Nom="C"/></Etablissements><EtablissementsGeres><Etablissement Ident="1"/></EtablissementsGeres>';
    const eleves = [
      '<Eleve Ident="1" Nom="A" Prenom="B" DateNaissance="2010-01-02" Sexe="Masculin" ID_Partenaire="p1"/>',
      '<Eleve ID_Partenaire="p2" Sexe="Feminin" DateNaissance="2011-03-04" Prenom="D" Nom="C" Ident="2"/>',
      '<Eleve Ident="3" Nom="E" Prenom="F" DateNaissance="2012-05-06" Sexe="Masculin" ID_Partenaire="p3"/>',
      '<Eleve Ident="4" f:Nom="G" Nom="G" Prenom="H" DateNaissance="2013-07-08" Sexe="Feminin" ID_Partenaire="p4"/>',
    ];
    const xml = `${head}${schools}<Eleves>${eleves.join('')}</Eleves></PARTENAIRE_INDEX>`;
    const e = errorOf(() => parsePartenaireIndex(xml));
    // Only the foreign attribute: every other attribute was recognised at its new position.
    expect(e.problems.map((p) => `${p.path} ${p.rule}`)).toEqual(['/PARTENAIRE_INDEX/Eleves/Eleve[4]/@f:Nom unknown']);
    const { document: doc } = parsePartenaireIndex(xml.replace(' f:Nom="G"', ''));
    expect(doc.eleves).toEqual([
      { ident: 1, nom: 'A', prenom: 'B', dateNaissance: '2010-01-02', sexe: 'Masculin', idPartenaire: 'p1', responsables: [] },
      { idPartenaire: 'p2', sexe: 'Feminin', dateNaissance: '2011-03-04', prenom: 'D', nom: 'C', ident: 2, responsables: [] },
      { ident: 3, nom: 'E', prenom: 'F', dateNaissance: '2012-05-06', sexe: 'Masculin', idPartenaire: 'p3', responsables: [] },
      { ident: 4, nom: 'G', prenom: 'H', dateNaissance: '2013-07-08', sexe: 'Feminin', idPartenaire: 'p4', responsables: [] },
    ]);
  });

  it('accepts xsi attributes and refuses other foreign attributes', () => {
    const golden = readFileSync(GOLDEN, 'utf8');
    const withXsi = golden.replace(
      '<PARTENAIRE_INDEX ',
      '<PARTENAIRE_INDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y" ',
    );
    expect(parsePartenaireIndex(withXsi).document).toEqual(sampleDocument());
    const foreign = golden.replace('<PARTENAIRE_INDEX ', '<PARTENAIRE_INDEX xmlns:f="urn:f" f:x="1" ');
    expect(errorOf(() => parsePartenaireIndex(foreign)).problems[0]?.path).toBe('/PARTENAIRE_INDEX/@f:x');
  });

  it('runs the semantic validation on request', () => {
    const xml = readFileSync(GOLDEN, 'utf8').replace('<Responsable Ident="4"/>', '<Responsable Ident="77"/>');
    expect(parsePartenaireIndex(xml).document.eleves[0]?.responsables).toEqual([3, 77]);
    const e = errorOf(() => parsePartenaireIndex(xml, { validate: true }));
    expect(e.problems.map((p) => p.rule)).toEqual(['ref']);
  });

  it('returns { document, problems }: the advisory warnings are left to validatePartenaireIndex', () => {
    const xml = readFileSync(GOLDEN, 'utf8').replace('<Responsable Ident="4"/>', '<Responsable Ident="3"/>');
    for (const options of [{}, { validate: true }]) {
      const { document, problems } = parsePartenaireIndex(xml, options);
      expect(Object.keys(parsePartenaireIndex(xml, options)).sort()).toEqual(['document', 'problems']);
      expect(document.eleves[0]?.responsables).toEqual([3, 3]);
      expect(problems).toEqual([]);
      expect(validatePartenaireIndex(document).map((p) => [p.severity, p.rule, p.path])).toEqual([
        ['warning', 'duplicate', '/PARTENAIRE_INDEX/Eleves/Eleve[1]/Responsable[2]/@Ident'],
      ]);
    }
  });

  it('enforces the people limit', () => {
    expect(errorOf(() => parsePartenaireIndex(readFileSync(GOLDEN, 'utf8'), { limits: { maxPeople: 5 } })).code).toBe('ERR_LIMIT');
  });

  it('reports truncation and invalid UTF-8 with coded errors', () => {
    const golden = readFileSync(GOLDEN, 'utf8');
    expect(errorOf(() => parsePartenaireIndex(golden.slice(0, golden.length / 2))).code).toBe('ERR_XML');
    const bytes = Buffer.from(golden, 'utf8');
    bytes[300] = 0xff;
    const e = errorOf(() => parsePartenaireIndex(bytes));
    const line = bytes.subarray(0, 300).toString('latin1').split('\n').length;
    expect(line).toBe(6);
    expect([e.code, e.line, e.reason]).toEqual(['ERR_ENCODING', line, expect.stringContaining('byte 300')]);
  });
});
