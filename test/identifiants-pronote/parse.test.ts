import { describe, expect, it } from 'vitest';
import { parseIdentifiantsPronote, buildIdentifiantsPronote, selectIdentifiantsPronote, type IdentifiantsPronote } from '../../src/index';
import { expectError } from './expect-error';
import { completeDoc, data, partialDoc } from './samples';

const HEAD = '<IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00+02:00" UAI="0410017W" Socle="KOSMOS" Mode="Complet">';

function rules(notices: readonly { rule: string }[]): string[] {
  return [...new Set(notices.map((n) => n.rule))].sort();
}

describe('parseIdentifiantsPronote: the canonical files', () => {
  it('reads the complete file of the school back to its model, without notices', () => {
    const { document, problems: notices } = parseIdentifiantsPronote(data('IdPN_To_KOSMOS-complet.xml'));
    expect(document).toStrictEqual(completeDoc());
    expect(notices).toEqual([]);
  });

  it('reads the partial file of the same school: only the people without an identifier, references kept resolvable', () => {
    const { document, problems: notices } = parseIdentifiantsPronote(data('IdPN_To_KOSMOS-partiel.xml').toString('utf8'));
    expect(document).toStrictEqual(partialDoc());
    expect(document).toStrictEqual(selectIdentifiantsPronote(completeDoc(), 'Partiel'));
    expect(notices).toEqual([]);
  });
});

describe('parseIdentifiantsPronote: lenient reading of variants', () => {
  it('reads a hand-written variant: BOM, CRLF, other letter case, extra attributes and elements, French dates, M/F', () => {
    const { document, problems: notices } = parseIdentifiantsPronote(data('variant-bom-case.xml'));
    const expected: IdentifiantsPronote = {
      version: '1',
      date: '2026-09-01T08:00:00+02:00',
      uai: '0410017W',
      socle: 'KOSMOS',
      mode: 'Complet',
      personnels: [{ ident: 1, idpn: 'PN-P-0001', nom: 'DURAND', prenom: 'Claire', idPartenaire: 'ent-7c1e', extra: { attributes: { Fonction: 'CPE' } } }],
      professeurs: [{ ident: 3, idpn: 'PN-T-0001', nom: 'BERNARD', prenom: 'Éloïse', dateNaissance: '1980-02-29', extra: { attributes: { Discipline: 'MATHS' } } }],
      responsables: [{ ident: 5, idpn: 'PN-R-0001', nom: 'MARTIN', prenom: 'Zoé' }],
      eleves: [
        {
          ident: 8,
          idpn: 'PN-E-0001',
          nom: 'MARTIN',
          prenom: 'Noé',
          dateNaissance: '2010-12-31',
          sexe: 'Masculin',
          responsables: [5],
          responsablesExtra: [{ attributes: { Lien: 'Mère' } }],
          extra: {
            attributes: { Classe: '3A' },
            elements: [{ name: 'Options', attributes: {}, children: [{ name: 'Option', attributes: { Code: 'LATIN' }, children: [], text: 'Latin' }] }],
          },
        },
        { ident: 9, idpn: 'PN-E-0002', nom: 'MARTIN', prenom: 'Léa', dateNaissance: '2012-03-01', sexe: 'Feminin', responsables: [] },
      ],
      extra: {
        attributes: { Logiciel: 'PRONOTE 2026', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
        elements: [{ name: 'Etablissement', attributes: { Nom: 'COLLEGE DE TEST' }, children: [] }],
      },
    };
    expect(document).toStrictEqual(expected);
    expect(rules(notices)).toEqual(['case', 'date-format', 'empty', 'unknown-attribute', 'unknown-element', 'value']);
    expect(notices.every((n) => n.severity === 'warning')).toBe(true);
    expect(notices).toContainEqual({
      severity: 'warning',
      rule: 'unknown-attribute',
      path: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@Classe',
      message: 'unknown attribute Classe kept in extra.attributes',
      line: 15,
      column: 5,
    });
    expect(notices).toContainEqual({
      severity: 'warning',
      rule: 'date-format',
      path: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@DateNaissance',
      message: 'DateNaissance not written YYYY-MM-DD: read and normalised to YYYY-MM-DD (2 occurrences; first one here)',
      line: 15,
      column: 5,
    });
    expect(notices).toContainEqual({
      severity: 'warning',
      rule: 'unknown-element',
      path: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Options',
      message: 'unknown element Options kept in extra.elements',
      line: 17,
      column: 7,
    });
    // Notices name fields, never values.
    for (const n of notices) expect(n.message).not.toMatch(/MARTIN|Noé|ent-7c1e|2010|31\/12|PN-/);
  });

  it('adapts to a variant with the mapping option (element and attribute aliases, value spellings), from ISO-8859-1 bytes', () => {
    const bytes = data('variant-mapped-latin1.xml');
    const { document, problems: notices } = parseIdentifiantsPronote(bytes, {
      mapping: {
        elements: { ELEVES_PRONOTE: 'Eleves', eleve_pronote: 'eleve' },
        attributes: { NUMERO: 'IDPN', 'IDENTIFIANTS_PRONOTE@ETAB': 'UAI', 'Eleve/@NAISSANCE': 'DateNaissance' },
        values: { Sexe: { g: 'Masculin' }, Mode: { Partial: 'Partiel' } },
      },
    });
    expect(document).toStrictEqual({
      version: '1',
      date: '2026-09-01T08:00:00+02:00',
      uai: '0410017W',
      socle: 'KOSMOS',
      mode: 'Partiel',
      personnels: [],
      professeurs: [],
      responsables: [{ ident: 6, idpn: 'PN-R-0002', nom: 'MARTIN', prenom: 'Paul' }],
      eleves: [{ ident: 9, idpn: 'PN-E-0002', nom: 'MARTIN', prenom: 'Léa', dateNaissance: '2012-03-01', sexe: 'Masculin', responsables: [6] }],
    });
    // Aliases are what the caller asked for: no notice; other case and value spellings are noticed.
    expect(rules(notices)).toEqual(['case', 'value']);
  });

  it('without the mapping, the same variant fails with the paths and lines of what is missing', () => {
    const e = expectError(() => parseIdentifiantsPronote(data('variant-mapped-latin1.xml'), { file: 'IdPN_To_KOSMOS.xml' }), 'ERR_SCHEMA');
    expect(e.problems.map((p) => [p.rule, p.path, p.line])).toEqual([
      ['required', '/IDENTIFIANTS_PRONOTE/@UAI', 2],
      ['enum', '/IDENTIFIANTS_PRONOTE/@Mode', 2],
      ['required', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[1]/@IDPN', 4],
    ]);
    expect(e.path).toBe('/IDENTIFIANTS_PRONOTE/@UAI');
    expect(e.line).toBe(2);
    expect(e.file).toBe('IdPN_To_KOSMOS.xml');
    expect(e.message).toBe(
      'IdPN_To_KOSMOS.xml, /IDENTIFIANTS_PRONOTE/@UAI, line 2, column 1: the IDENTIFIANTS_PRONOTE document is invalid: required attribute UAI is missing or empty (and 2 more: /IDENTIFIANTS_PRONOTE/@Mode, /IDENTIFIANTS_PRONOTE/Responsables/Responsable[1]/@IDPN; see problems)',
    );
  });

  it('reads UTF-16 with its byte order mark', () => {
    const text = data('IdPN_To_KOSMOS-complet.xml').toString('utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(parseIdentifiantsPronote(bytes).document).toStrictEqual(completeDoc());
  });

  it('reads namespace prefixes and a default namespace, keeping the declarations as extras', () => {
    const xml = `<p:IDENTIFIANTS_PRONOTE xmlns:p="urn:x" xmlns="urn:y" p:Version="1" Date="2026-09-01T08:00:00Z" UAI="0410017W" Socle="KOSMOS" Mode="Partiel"><p:Eleves><p:Eleve Ident="1" IDPN="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02"/></p:Eleves></p:IDENTIFIANTS_PRONOTE>`;
    const { document, problems: notices } = parseIdentifiantsPronote(xml);
    expect(document.extra).toStrictEqual({ attributes: { 'xmlns:p': 'urn:x', xmlns: 'urn:y' } });
    expect(document.eleves).toStrictEqual([{ ident: 1, idpn: 'E1', nom: 'A', prenom: 'B', dateNaissance: '2010-01-02', responsables: [] }]);
    expect(notices.filter((n) => n.rule === 'case').map((n) => n.path)).toEqual([
      '/IDENTIFIANTS_PRONOTE',
      '/IDENTIFIANTS_PRONOTE/@Version',
      '/IDENTIFIANTS_PRONOTE/Eleves',
      '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]',
    ]);
  });

  it('reads people outside their population element, repeated or out-of-order population elements, and text, with notices', () => {
    const xml = `${HEAD}
<Eleves><Eleve Ident="3" IDPN="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02"><Responsable Ident="1"/></Eleve></Eleves>
<Responsables><Responsable Ident="1" IDPN="R1" Nom="C" Prenom="D"/></Responsables>
<Responsable Ident="2" IDPN="R2" Nom="E" Prenom="F"/>
<Eleves>free text<Eleve Ident="4" IDPN="E2" Nom="G" Prenom="H" DateNaissance="2011-01-02"/></Eleves>
</IDENTIFIANTS_PRONOTE>`;
    const { document, problems: notices } = parseIdentifiantsPronote(xml);
    expect(document.responsables.map((r) => r.ident)).toEqual([1, 2]);
    expect(document.eleves.map((r) => r.ident)).toEqual([3, 4]);
    expect(document.containerExtra).toStrictEqual({ eleves: { text: 'free text' } });
    expect(notices.map((n) => [n.rule, n.path, n.line])).toEqual([
      ['order', '/IDENTIFIANTS_PRONOTE/Responsables', 3],
      ['container', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[2]', 4],
      ['repeated', '/IDENTIFIANTS_PRONOTE/Eleves', 5],
      ['text', '/IDENTIFIANTS_PRONOTE/Eleves/text()', 5],
    ]);
  });

  it('turns empty optional attributes into absent ones and leaves an unknown Sexe out, with notices', () => {
    const xml = `${HEAD}<Professeurs><Professeur Ident="1" IDPN="P1" Nom="A" Prenom="B" DateNaissance="" ID_Partenaire=""/></Professeurs>
<Eleves><Eleve Ident="2" IDPN="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02" Sexe="X"/><Eleve Ident="3" IDPN="E2" Nom="A" Prenom="B" DateNaissance="2010-01-02" Sexe=""/></Eleves></IDENTIFIANTS_PRONOTE>`;
    const { document, problems: notices } = parseIdentifiantsPronote(xml);
    expect(document.professeurs).toStrictEqual([{ ident: 1, idpn: 'P1', nom: 'A', prenom: 'B' }]);
    expect(document.eleves.map((e) => e.sexe)).toEqual([undefined, undefined]);
    expect(notices.map((n) => [n.rule, n.path])).toEqual([
      ['empty', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[1]/@DateNaissance'],
      ['empty', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[1]/@ID_Partenaire'],
      ['value', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@Sexe'],
      ['empty', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]/@Sexe'],
    ]);
  });

  it.each([
    ['Masculin', 'Masculin'],
    ['MASCULIN', 'Masculin'],
    ['m', 'Masculin'],
    ['H', 'Masculin'],
    ['Garçon', 'Masculin'],
    ['1', 'Masculin'],
    ['Féminin', 'Feminin'],
    ['feminin', 'Feminin'],
    ['F', 'Feminin'],
    ['Fille', 'Feminin'],
    ['2', 'Feminin'],
  ])('reads Sexe="%s" as %s', (written, sexe) => {
    const xml = `${HEAD}<Eleves><Eleve Ident="2" IDPN="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02" Sexe="${written}"/></Eleves></IDENTIFIANTS_PRONOTE>`;
    expect(parseIdentifiantsPronote(xml).document.eleves[0]?.sexe).toBe(sexe);
  });

  it('uses defaults for root attributes a variant leaves out, and reads a missing Version as 1', () => {
    const xml = '<IDENTIFIANTS_PRONOTE><Eleves><Eleve Ident="2" IDPN="E1" Nom="A" Prenom="B" DateNaissance="02/01/2010"/></Eleves></IDENTIFIANTS_PRONOTE>';
    const { document, problems: notices } = parseIdentifiantsPronote(xml, { defaults: { date: '2026-09-01T08:00:00Z', uai: '0410017W', socle: 'KOSMOS', mode: 'Partiel' } });
    expect([document.version, document.date, document.uai, document.socle, document.mode]).toEqual(['1', '2026-09-01T08:00:00Z', '0410017W', 'KOSMOS', 'Partiel']);
    expect(document.eleves[0]?.dateNaissance).toBe('2010-01-02');
    expect(notices.filter((n) => n.rule === 'default').map((n) => n.path)).toEqual([
      '/IDENTIFIANTS_PRONOTE/@Version',
      '/IDENTIFIANTS_PRONOTE/@Date',
      '/IDENTIFIANTS_PRONOTE/@UAI',
      '/IDENTIFIANTS_PRONOTE/@Socle',
      '/IDENTIFIANTS_PRONOTE/@Mode',
    ]);
  });

  it('reports validation warnings among the notices (wrong UAI check letter, parent listed twice)', () => {
    const xml = `<IDENTIFIANTS_PRONOTE Version="2" Date="2026-09-01T08:00:00Z" UAI="0410017A" Socle="KOSMOS" Mode="Complet">
<Responsables><Responsable Ident="1" IDPN="R1" Nom="C" Prenom="D"/></Responsables>
<Eleves><Eleve Ident="3" IDPN="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02">
<Responsable Ident="1"/>
<Responsable Ident="1"/></Eleve></Eleves></IDENTIFIANTS_PRONOTE>`;
    const { problems: notices } = parseIdentifiantsPronote(xml);
    expect(notices.map((n) => [n.rule, n.path, n.line])).toEqual([
      ['version', '/IDENTIFIANTS_PRONOTE/@Version', 1],
      ['uai', '/IDENTIFIANTS_PRONOTE/@UAI', 1],
      ['duplicate-ref', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[2]/@Ident', 5],
    ]);
  });
});

describe('parseIdentifiantsPronote: strict on what matching needs', () => {
  function problems(xml: string): [string, string, number | undefined][] {
    return expectError(() => parseIdentifiantsPronote(xml), 'ERR_SCHEMA').problems.map((p) => [p.rule, p.path, p.line]);
  }

  it('requires IDPN (but of staff), Nom and Prenom of every person, and a valid birth date for students', () => {
    const xml = `${HEAD}
<Personnels>
  <Personnel Ident="1" Nom="SECRETNAME" Prenom="  "/>
</Personnels>
<Eleves>
  <Eleve Ident="2" Nom="A" Prenom="B"/>
  <Eleve Ident="3" IDPN="E2" Nom="A" Prenom="B" DateNaissance="31/02/2010"/>
  <Eleve Ident="4" IDPN="E3" Nom="A" Prenom="B" DateNaissance="2010-01-02+01:00"/>
</Eleves>
</IDENTIFIANTS_PRONOTE>`;
    expect(problems(xml)).toEqual([
      ['required', '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[1]/@Prenom', 3],
      ['required', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@IDPN', 6],
      ['required', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@DateNaissance', 6],
      ['date', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]/@DateNaissance', 7],
      ['date', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]/@DateNaissance', 8],
    ]);
    const e = expectError(() => parseIdentifiantsPronote(xml), 'ERR_SCHEMA');
    expect(e.message).not.toMatch(/SECRETNAME|31\/02|2010/);
  });

  it('reads staff without IDPN (absent or empty) as having none, and writes them back so', () => {
    const xml = `${HEAD}
<Personnels>
  <Personnel Ident="1" Nom="A" Prenom="B"/>
  <Personnel Ident="2" IDPN="" Nom="C" Prenom="D"/>
  <Personnel Ident="3" IDPN="S3" Nom="E" Prenom="F"/>
</Personnels>
</IDENTIFIANTS_PRONOTE>`;
    const { document, problems: notices } = parseIdentifiantsPronote(xml);
    expect(document.personnels).toEqual([
      { ident: 1, nom: 'A', prenom: 'B' },
      { ident: 2, nom: 'C', prenom: 'D' },
      { ident: 3, idpn: 'S3', nom: 'E', prenom: 'F' },
    ]);
    expect(notices.map((n) => [n.rule, n.path])).toEqual([['empty', '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[2]/@IDPN']]);
    expect(parseIdentifiantsPronote(buildIdentifiantsPronote(document)).document).toEqual(document);
  });

  it('requires Idents that are unsignedInts, unique in the file', () => {
    const xml = `${HEAD}
<Personnels><Personnel Ident="7" IDPN="P1" Nom="A" Prenom="B"/></Personnels>
<Professeurs><Professeur Ident="007" IDPN="T1" Nom="A" Prenom="B"/>
<Professeur Ident="-1" IDPN="T2" Nom="A" Prenom="B"/>
<Professeur Ident="4294967296" IDPN="T3" Nom="A" Prenom="B"/>
<Professeur IDPN="T4" Nom="A" Prenom="B"/>
<Professeur Ident=" 4294967295 " IDPN="T5" Nom="A" Prenom="B"/></Professeurs>
</IDENTIFIANTS_PRONOTE>`;
    expect(problems(xml)).toEqual([
      ['unique', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[1]/@Ident', 3],
      ['ident', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[2]/@Ident', 4],
      ['ident', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[3]/@Ident', 5],
      ['ident', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[4]/@Ident', 6],
    ]);
    const e = expectError(() => parseIdentifiantsPronote(xml), 'ERR_SCHEMA');
    expect(e.problems[0]?.message).toBe('Ident is already used by /IDENTIFIANTS_PRONOTE/Personnels/Personnel[1]; every person needs an Ident unique in the file');
  });

  it('requires IDPNs unique within a population (not across populations)', () => {
    const xml = `${HEAD}
<Professeurs><Professeur Ident="1" IDPN="X" Nom="A" Prenom="B"/></Professeurs>
<Responsables><Responsable Ident="2" IDPN="X" Nom="A" Prenom="B"/>
<Responsable Ident="3" IDPN="X" Nom="A" Prenom="B"/></Responsables>
</IDENTIFIANTS_PRONOTE>`;
    expect(problems(xml)).toEqual([['unique', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[2]/@IDPN', 4]]);
  });

  it('requires student → parent references that resolve to a Responsables/Responsable', () => {
    const xml = `${HEAD}
<Professeurs><Professeur Ident="1" IDPN="T1" Nom="A" Prenom="B"/></Professeurs>
<Responsables><Responsable Ident="2" IDPN="R1" Nom="A" Prenom="B"/></Responsables>
<Eleves><Eleve Ident="3" IDPN="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02">
  <Responsable Ident="2"/>
  <Responsable Ident="1"/>
  <Responsable Ident="99"/>
  <Responsable/>
</Eleve></Eleves>
</IDENTIFIANTS_PRONOTE>`;
    expect(problems(xml)).toEqual([
      ['ref', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[2]/@Ident', 6],
      ['ref', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[3]/@Ident', 7],
      ['ident', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[4]/@Ident', 8],
    ]);
  });

  it('refuses a Partiel file that carries an ID_Partenaire, in any letter case or in an extra element', () => {
    const xml = `<IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00Z" UAI="0410017W" Socle="KOSMOS" Mode="Partiel">
<Personnels><Personnel Ident="1" IDPN="P1" Nom="A" Prenom="B" id_partenaire="ent-secret"/></Personnels>
<Eleves><Eleve Ident="3" IDPN="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02"><Compte p:ID_PARTENAIRE="ent-secret2"/></Eleve></Eleves>
</IDENTIFIANTS_PRONOTE>`;
    expect(problems(xml)).toEqual([
      ['partiel', '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[1]/@ID_Partenaire', 2],
      ['partiel', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Compte[1]/@p:ID_PARTENAIRE', 3],
    ]);
    const e = expectError(() => parseIdentifiantsPronote(xml), 'ERR_SCHEMA');
    expect(e.message).not.toContain('ent-secret');
  });

  it('refuses an attribute given twice in different letter cases, and invalid root attributes', () => {
    const xml = `<IDENTIFIANTS_PRONOTE Version="1" Date="1 sept 2026" UAI="410017W" Socle="KOSMOS" MODE="Complet" mode="Partiel">
<Eleves><Eleve Ident="3" IDPN="E1" Nom="A" NOM="B" Prenom="B" DateNaissance="2010-01-02"/></Eleves>
</IDENTIFIANTS_PRONOTE>`;
    expect(problems(xml)).toEqual([
      ['unique', '/IDENTIFIANTS_PRONOTE/@Mode', 1],
      ['unique', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@Nom', 2],
      ['datetime', '/IDENTIFIANTS_PRONOTE/@Date', 1],
      ['uai', '/IDENTIFIANTS_PRONOTE/@UAI', 1],
    ]);
  });

  it('refuses another root element', () => {
    const e = expectError(() => parseIdentifiantsPronote('<?xml version="1.0"?>\n<PARTENAIRE_INDEX/>'), 'ERR_SCHEMA');
    expect([e.path, e.line, e.column]).toEqual(['/PARTENAIRE_INDEX', 2, 1]);
  });

  it('refuses a DOCTYPE (entity expansion, XXE)', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE IDENTIFIANTS_PRONOTE [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${HEAD}</IDENTIFIANTS_PRONOTE>`;
    const e = expectError(() => parseIdentifiantsPronote(xml), 'ERR_DOCTYPE');
    expect(e.line).toBe(2);
  });

  it('fails with ERR_XML, line and column on a file that is not well-formed, naming the file', () => {
    const e = expectError(() => parseIdentifiantsPronote(`${HEAD}\n<Eleves>\n  <Eleve Ident="1" Nom="A & B"/>\n</Eleves></IDENTIFIANTS_PRONOTE>`, { file: 'x.xml' }), 'ERR_XML');
    expect([e.file, e.line, e.column]).toEqual(['x.xml', 3, 27]);
    expectError(() => parseIdentifiantsPronote(`${HEAD}<Eleves>`), 'ERR_XML');
    expectError(() => parseIdentifiantsPronote(''), 'ERR_XML');
  });

  it('fails with ERR_ENCODING on invalid UTF-8 bytes', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEAD}<Personnels><Personnel Ident="1" IDPN="P" Nom="`), Buffer.from([0xc3, 0x28]), Buffer.from('" Prenom="B"/></Personnels></IDENTIFIANTS_PRONOTE>')]);
    expectError(() => parseIdentifiantsPronote(bytes), 'ERR_ENCODING');
  });

  it('applies the limits', () => {
    const xml = `${HEAD}<Personnels><Personnel Ident="1" IDPN="P1" Nom="A" Prenom="B"/><Personnel Ident="2" IDPN="P2" Nom="A" Prenom="B"/></Personnels></IDENTIFIANTS_PRONOTE>`;
    expect(parseIdentifiantsPronote(xml, { limits: { maxPeople: 2 } }).document.personnels).toHaveLength(2);
    expectError(() => parseIdentifiantsPronote(xml, { limits: { maxPeople: 1 } }), 'ERR_LIMIT');
    expectError(() => parseIdentifiantsPronote(xml, { limits: { maxInputBytes: 100 } }), 'ERR_LIMIT');
    expectError(() => parseIdentifiantsPronote(`${HEAD}<a><b><c/></b></a></IDENTIFIANTS_PRONOTE>`, { limits: { maxDepth: 3 } }), 'ERR_LIMIT');
  });

  it('refuses a mapping whose targets are not model names', () => {
    expectError(() => parseIdentifiantsPronote(HEAD, { mapping: { elements: { X: 'Student' } } }), 'ERR_ARGUMENT');
    expectError(() => parseIdentifiantsPronote(HEAD, { mapping: { attributes: { X: 'Numero' } } }), 'ERR_ARGUMENT');
    expectError(() => parseIdentifiantsPronote(HEAD, { mapping: { attributes: { 'Student@X': 'IDPN' } } }), 'ERR_ARGUMENT');
    expectError(() => parseIdentifiantsPronote(HEAD, { mapping: { values: { Sexe: { G: 'Garcon' as 'Masculin' } } } }), 'ERR_ARGUMENT');
    expectError(() => parseIdentifiantsPronote(42 as unknown as string), 'ERR_ARGUMENT');
  });

  it('an alias wins over the canonical meaning, and a scoped alias over an unscoped one', () => {
    const xml = `${HEAD}<Personnels><Personnel Ident="3" IDPN="P1" Nom="X" Prenom="Y"/></Personnels>
<Professeurs><Professeur Ident="1" IDPN="T1" Nom="A" CODE="B"/></Professeurs>
<Eleves><Eleve Ident="2" CODE="E1" Nom="A" Prenom="B" DateNaissance="2010-01-02"/></Eleves></IDENTIFIANTS_PRONOTE>`;
    const { document, problems: notices } = parseIdentifiantsPronote(xml, {
      mapping: { attributes: { code: 'IDPN', 'Professeur@CODE': 'Prenom', 'Personnel@Nom': 'Prenom', 'Personnel@Prenom': 'Nom' } },
    });
    expect(document.personnels).toStrictEqual([{ ident: 3, idpn: 'P1', nom: 'Y', prenom: 'X' }]);
    expect(document.professeurs).toStrictEqual([{ ident: 1, idpn: 'T1', nom: 'A', prenom: 'B' }]);
    expect(document.eleves).toStrictEqual([{ ident: 2, idpn: 'E1', nom: 'A', prenom: 'B', dateNaissance: '2010-01-02', responsables: [] }]);
    expect(notices).toEqual([]);
  });

  it('an alias that makes an attribute appear twice is reported', () => {
    const xml = `${HEAD}<Professeurs><Professeur Ident="1" IDPN="T1" NUMERO="T2" Nom="A" Prenom="B"/></Professeurs></IDENTIFIANTS_PRONOTE>`;
    const e = expectError(() => parseIdentifiantsPronote(xml, { mapping: { attributes: { NUMERO: 'IDPN' } } }), 'ERR_SCHEMA');
    expect(e.problems.map((p) => [p.rule, p.path])).toEqual([['unique', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[1]/@IDPN']]);
  });
});
