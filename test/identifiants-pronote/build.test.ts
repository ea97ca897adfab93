import { describe, expect, it } from 'vitest';
import { buildIdentifiantsPronote, parseIdentifiantsPronote, type IdentifiantsPronote, type PronoteEleve } from '../../src/index';
import { expectError } from './expect-error';
import { completeDoc, data, partialDoc } from './samples';

function small(): IdentifiantsPronote {
  return {
    version: '1',
    date: '2026-09-01T08:00:00+02:00',
    uai: '0410017W',
    socle: 'KOSMOS',
    mode: 'Complet',
    personnels: [],
    professeurs: [],
    responsables: [{ ident: 1, idpn: 'R1', nom: 'A', prenom: 'B', idPartenaire: 'ent-1' }],
    eleves: [{ ident: 2, idpn: 'E1', nom: 'C', prenom: 'D', dateNaissance: '2010-01-02', responsables: [1] }],
  };
}

describe('buildIdentifiantsPronote', () => {
  it('writes the complete file of the school exactly (golden file)', () => {
    expect(buildIdentifiantsPronote(completeDoc())).toBe(data('IdPN_To_KOSMOS-complet.xml').toString('utf8'));
  });

  it('writes the partial file from the complete set of people (mode option) and from the partial model (doc.mode) identically', () => {
    const golden = data('IdPN_To_KOSMOS-partiel.xml').toString('utf8');
    expect(buildIdentifiantsPronote(completeDoc(), { mode: 'Partiel' })).toBe(golden);
    expect(buildIdentifiantsPronote(partialDoc())).toBe(golden);
    expect(golden).not.toMatch(/ID_Partenaire/);
  });

  it('a complete and a partial file for the same school build and parse back identically', () => {
    for (const doc of [completeDoc(), partialDoc()]) {
      expect(parseIdentifiantsPronote(buildIdentifiantsPronote(doc)).document).toStrictEqual(doc);
    }
  });

  it('the mode option wins over doc.mode, and the written Mode is the exported one', () => {
    const partiel = { ...completeDoc(), mode: 'Partiel' as const };
    // doc.mode Partiel with identifiers: building it exports only the people without one.
    expect(parseIdentifiantsPronote(buildIdentifiantsPronote(partiel)).document).toStrictEqual(partialDoc());
    const complet = parseIdentifiantsPronote(buildIdentifiantsPronote(partiel, { mode: 'Complet' })).document;
    expect(complet).toStrictEqual(completeDoc());
    expect(buildIdentifiantsPronote(partialDoc(), { mode: 'Complet' })).toContain(' Mode="Complet">');
  });

  it('does not modify its input', () => {
    const doc = completeDoc();
    buildIdentifiantsPronote(doc, { mode: 'Partiel' });
    expect(doc).toStrictEqual(completeDoc());
  });

  it('in Partiel mode, drops the references to the parents left out, and their extras in step', () => {
    const doc = small();
    doc.responsables.push({ ident: 3, idpn: 'R2', nom: 'A', prenom: 'B' });
    const e = doc.eleves[0] as PronoteEleve;
    e.responsables = [1, 3];
    e.responsablesExtra = [{ attributes: { Lien: 'a' } }, { attributes: { Lien: 'b' } }];
    const out = parseIdentifiantsPronote(buildIdentifiantsPronote(doc, { mode: 'Partiel' })).document.eleves[0];
    expect(out?.responsables).toEqual([3]);
    expect(out?.responsablesExtra).toStrictEqual([{ attributes: { Lien: 'b' } }]);
  });

  it('writes extras back: unknown attributes after the known ones, unknown elements after the known children, text before the end tag', () => {
    const doc = small();
    doc.extra = { attributes: { Logiciel: 'PRONOTE' }, elements: [{ name: 'Etab', attributes: { Nom: 'X' }, children: [{ name: 'C', attributes: {}, children: [], text: 't' }] }] };
    doc.containerExtra = { professeurs: { attributes: { n: '0' } } };
    const e = doc.eleves[0] as PronoteEleve;
    e.extra = { attributes: { Classe: '3A' }, text: 'free' };
    e.responsablesExtra = [{ attributes: { Lien: 'Mère' } }];
    expect(buildIdentifiantsPronote(doc, { xmlDeclaration: false })).toBe(
      `<IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00+02:00" UAI="0410017W" Socle="KOSMOS" Mode="Complet" Logiciel="PRONOTE">
  <Professeurs n="0"/>
  <Responsables>
    <Responsable Ident="1" IDPN="R1" Nom="A" Prenom="B" ID_Partenaire="ent-1"/>
  </Responsables>
  <Eleves>
    <Eleve Ident="2" IDPN="E1" Nom="C" Prenom="D" DateNaissance="2010-01-02" Classe="3A">
      <Responsable Ident="1" Lien="Mère"/>free</Eleve>
  </Eleves>
  <Etab Nom="X">
    <C>t</C>
  </Etab>
</IDENTIFIANTS_PRONOTE>
`,
    );
    expect(parseIdentifiantsPronote(buildIdentifiantsPronote(doc)).document).toStrictEqual(doc);
    expect(buildIdentifiantsPronote(doc, { extras: 'omit' })).toBe(buildIdentifiantsPronote(small()));
  });

  it('escapes what XML needs, and white space that attribute normalisation would change', () => {
    const doc = small();
    (doc.eleves[0] as PronoteEleve).nom = `O'Brien & "Fils" <a>\t1\n2\r3 😀 e\u0301`;
    const xml = buildIdentifiantsPronote(doc);
    expect(xml).toContain(`Nom="O'Brien &amp; &quot;Fils&quot; &lt;a&gt;&#9;1&#10;2&#13;3 😀 e\u0301"`);
    expect(parseIdentifiantsPronote(xml).document).toStrictEqual(doc);
  });

  it('writes an empty document as a self-closed root, a BOM when asked', () => {
    const doc: IdentifiantsPronote = { ...small(), responsables: [], eleves: [] };
    expect(buildIdentifiantsPronote(doc, { bom: true })).toBe(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00+02:00" UAI="0410017W" Socle="KOSMOS" Mode="Complet"/>\n',
    );
  });

  it.each([
    ['a control character', 'A\u0001B', 'U+0001 at position 2'],
    ['a lone surrogate', 'A\uD800', 'U+D800 at position 2'],
    ['U+FFFF', '\uFFFFA', 'U+FFFF at position 1'],
  ])('refuses %s with a coded error naming the field, never dropping it', (_what, value, where) => {
    const doc = small();
    (doc.eleves[0] as PronoteEleve).prenom = value;
    const e = expectError(() => buildIdentifiantsPronote(doc), 'ERR_SCHEMA');
    expect(e.problems).toEqual([
      {
        severity: 'error',
        rule: 'char',
        path: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@Prenom',
        message: `Prenom holds character ${where}, which XML 1.0 cannot carry; remove it`,
      },
    ]);
  });

  it('refuses forbidden characters in extras too', () => {
    const doc = small();
    doc.extra = { elements: [{ name: 'X', attributes: { a: '\u0000' }, children: [], text: 'ok' }] };
    const e = expectError(() => buildIdentifiantsPronote(doc), 'ERR_SCHEMA');
    expect(e.problems.map((p) => [p.rule, p.path])).toEqual([['char', '/IDENTIFIANTS_PRONOTE/X[1]/@a']]);
    // Omitted extras are not checked.
    expect(() => buildIdentifiantsPronote(doc, { extras: 'omit' })).not.toThrow();
  });

  it('refuses an invalid document with all its problems (ERR_SCHEMA, paths, no values in messages)', () => {
    const doc = small();
    const e0 = doc.eleves[0] as PronoteEleve;
    e0.dateNaissance = '31/12/2010';
    e0.responsables = [7];
    doc.responsables[0] = { ...(doc.responsables[0] as PronoteEleve), nom: ' ', ident: 2 };
    const e = expectError(() => buildIdentifiantsPronote(doc), 'ERR_SCHEMA');
    expect(e.problems.map((p) => [p.rule, p.path])).toEqual([
      ['required', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[1]/@Nom'],
      ['unique', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@Ident'],
      ['date', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@DateNaissance'],
      ['ref', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Responsable[1]/@Ident'],
    ]);
    expect(e.message).toMatch(/^the IDENTIFIANTS_PRONOTE document is invalid: \/IDENTIFIANTS_PRONOTE\/Responsables\/Responsable\[1\]\/@Nom: required/);
    expect(e.message).not.toContain('31/12/2010');
  });

  it('refuses an extra attribute that would read back as a known one, and, in Partiel mode, one named ID_Partenaire', () => {
    const doc = small();
    (doc.eleves[0] as PronoteEleve).extra = { attributes: { NOM: 'x' } };
    expect(expectError(() => buildIdentifiantsPronote(doc), 'ERR_SCHEMA').problems.map((p) => [p.rule, p.path])).toEqual([
      ['extra', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/@NOM'],
    ]);
    (doc.eleves[0] as PronoteEleve).extra = { elements: [{ name: 'Compte', attributes: { id_partenaire: 'ent-9' }, children: [] }] };
    expect(buildIdentifiantsPronote(doc)).toContain('id_partenaire="ent-9"');
    const e = expectError(() => buildIdentifiantsPronote(doc, { mode: 'Partiel' }), 'ERR_SCHEMA');
    expect(e.problems.map((p) => [p.rule, p.path])).toEqual([['partiel', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]/Compte[1]/@id_partenaire']]);
  });

  it('refuses bad options', () => {
    expectError(() => buildIdentifiantsPronote(small(), { mode: 'Partial' as 'Partiel' }), 'ERR_ARGUMENT');
    expectError(() => buildIdentifiantsPronote(small(), { extras: 'drop' as 'omit' }), 'ERR_ARGUMENT');
    expectError(() => buildIdentifiantsPronote({ ...small(), mode: 'Partial' as 'Partiel' }), 'ERR_SCHEMA');
  });

  it('writes a large document (many 64 KB chunks) that reads back identically', () => {
    const doc = small();
    doc.responsables = [];
    doc.eleves = [];
    for (let i = 0; i < 5000; i++) {
      doc.responsables.push({ ident: 2 * i, idpn: `R${i}`, nom: `NOM-${i}-é`, prenom: `Prénom & ${i}`, idPartenaire: `ent-${i}` });
      doc.eleves.push({ ident: 2 * i + 1, idpn: `E${i}`, nom: `NOM-${i}`, prenom: `<${i}>`, dateNaissance: '2010-01-02', sexe: 'Feminin', responsables: [2 * i] });
    }
    const xml = buildIdentifiantsPronote(doc);
    expect(xml.length).toBeGreaterThan(10 * 64 * 1024);
    expect(parseIdentifiantsPronote(xml).document).toStrictEqual(doc);
    const partial = parseIdentifiantsPronote(buildIdentifiantsPronote(doc, { mode: 'Partiel' })).document;
    expect(partial.responsables).toEqual([]);
    expect(partial.eleves).toHaveLength(5000);
    expect(partial.eleves.every((e) => e.responsables.length === 0)).toBe(true);
  });
});
