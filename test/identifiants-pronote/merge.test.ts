import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uaiCheckLetter, mergeIdentifiantsPronote, selectIdentifiantsPronote, validateIdentifiantsPronote, type IdentifiantsPronote, type PronoteEleve } from '../../src/index';
import { docArb } from './arbitraries';
import { expectError } from './expect-error';
import { completeDoc, partialDoc } from './samples';

/** New arrivals of October, numbered by PRONOTE from 1 again (their Idents clash). */
function october(): IdentifiantsPronote {
  return {
    ...partialDoc(),
    date: '2026-10-05T10:00:00+02:00',
    personnels: [],
    professeurs: [{ ident: 1, idpn: 'PN-T-0003', nom: 'PETIT', prenom: 'Inès', dateNaissance: '1990-05-05' }],
    responsables: [
      { ident: 2, idpn: 'PN-R-0002', nom: 'MARTIN', prenom: 'Paul' },
      { ident: 3, idpn: 'PN-R-0004', nom: 'ROUX', prenom: 'Sami' },
    ],
    eleves: [
      { ident: 4, idpn: 'PN-E-0004', nom: 'ROUX', prenom: 'Lina', dateNaissance: '2013-04-04', sexe: 'Feminin', responsables: [3, 2] },
      { ident: 50, idpn: 'PN-E-0003', nom: 'Ó SÚILLEABHÁIN', prenom: 'Cian', dateNaissance: '2011-06-15', responsables: [3] },
    ],
  };
}

describe('mergeIdentifiantsPronote', () => {
  it('merging the partial export of the same school into its complete export changes nothing', () => {
    const { document, additions, updates, conflicts } = mergeIdentifiantsPronote(completeDoc(), partialDoc());
    expect(document).toStrictEqual(completeDoc());
    expect(additions).toEqual([]);
    expect(conflicts).toEqual([]);
    expect(updates.map((u) => u.path)).toEqual([
      '/IDENTIFIANTS_PRONOTE/Personnels/Personnel[2]',
      '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[2]',
      '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[2]',
      '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]',
      '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]',
    ]);
  });

  it('adds new people, renumbers clashing Idents, translates and unites references', () => {
    const { document, additions, updates, conflicts } = mergeIdentifiantsPronote(completeDoc(), october());
    expect(document.date).toBe('2026-10-05T10:00:00+02:00');
    expect(document.mode).toBe('Complet');
    expect(validateIdentifiantsPronote(document)).toEqual([]);
    expect(document.professeurs.map((p) => [p.ident, p.idpn])).toEqual([
      [3, 'PN-T-0001'],
      [4, 'PN-T-0002'],
      [11, 'PN-T-0003'],
    ]);
    expect(document.responsables.map((p) => [p.ident, p.idpn])).toEqual([
      [5, 'PN-R-0001'],
      [6, 'PN-R-0002'],
      [7, 'PN-R-0003'],
      [12, 'PN-R-0004'],
    ]);
    expect(document.eleves.map((p) => [p.ident, p.idpn, p.responsables])).toEqual([
      [8, 'PN-E-0001', [5, 6]],
      [9, 'PN-E-0002', [5, 6]],
      [10, 'PN-E-0003', [7, 12]],
      // Ident 4 clashed (a teacher's): renumbered after the professeur (11) and the parent (12).
      [13, 'PN-E-0004', [12, 6]],
    ]);
    expect(additions).toEqual([
      { population: 'professeurs', path: '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[3]', partialPath: '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[1]', ident: 11 },
      { population: 'responsables', path: '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[4]', partialPath: '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[2]', ident: 12 },
      { population: 'eleves', path: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[4]', partialPath: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]', ident: 13 },
    ]);
    expect(updates.map((u) => [u.path, u.partialPath])).toEqual([
      ['/IDENTIFIANTS_PRONOTE/Responsables/Responsable[2]', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[1]'],
      ['/IDENTIFIANTS_PRONOTE/Eleves/Eleve[3]', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]'],
    ]);
    expect(conflicts.map((c) => [c.kind, c.path, c.fromIdent, c.toIdent])).toEqual([
      ['ident', '/IDENTIFIANTS_PRONOTE/Professeurs/Professeur[3]', 1, 11],
      ['ident', '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[4]', 3, 12],
      ['ident', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[4]', 4, 13],
    ]);
  });

  it('keeps a free Ident of a new person', () => {
    const partial = october();
    partial.professeurs = [{ ...partial.professeurs[0]!, ident: 100 }];
    const { document, conflicts } = mergeIdentifiantsPronote(completeDoc(), partial);
    expect(document.professeurs[2]?.ident).toBe(100);
    expect(conflicts.map((c) => [c.kind, c.fromIdent, c.toIdent])).toEqual([
      ['ident', 3, 101],
      ['ident', 4, 102],
    ]);
  });

  it('reports a same IDPN with another identity and a dropped ID_Partenaire; the partial record wins', () => {
    const partial = partialDoc();
    partial.eleves[0] = { ...partial.eleves[0]!, prenom: 'Lea', dateNaissance: '2012-03-02' };
    partial.responsables.push({ ident: 5, idpn: 'PN-R-0001', nom: 'MARTIN', prenom: 'Zoé' });
    const { document, conflicts } = mergeIdentifiantsPronote(completeDoc(), partial);
    expect(conflicts).toEqual([
      {
        kind: 'id-partenaire',
        population: 'responsables',
        path: '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[1]',
        partialPath: '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[2]',
        completePath: '/IDENTIFIANTS_PRONOTE/Responsables/Responsable[1]',
        message:
          'the person had an ID_Partenaire in the complete document but is in the partial one: PRONOTE holds no ENT identifier for them any more, so the merged person has none',
      },
      {
        kind: 'identity',
        population: 'eleves',
        path: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]',
        partialPath: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[1]',
        completePath: '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]',
        fields: ['prenom', 'dateNaissance'],
        message: "same IDPN in both documents but prenom, dateNaissance differ: the partial document's values are kept",
      },
    ]);
    expect(document.responsables[0]).toStrictEqual({ ident: 5, idpn: 'PN-R-0001', nom: 'MARTIN', prenom: 'Zoé' });
    expect((document.eleves[1] as PronoteEleve).prenom).toBe('Lea');
    for (const c of conflicts) expect(c.message).not.toMatch(/Lea|Léa|2012|MARTIN/);
    const e = expectError(() => mergeIdentifiantsPronote(completeDoc(), partial, { failOn: ['identity'] }), 'ERR_CONFLICT');
    expect(e.problems.map((p) => [p.rule, p.path])).toEqual([['identity', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]']]);
    expect(() => mergeIdentifiantsPronote(completeDoc(), october(), { failOn: ['identity', 'id-partenaire'] })).not.toThrow();
    expectError(() => mergeIdentifiantsPronote(completeDoc(), october(), { failOn: ['ident'] }), 'ERR_CONFLICT');
  });

  it('refuses files of another school or ENT, wrong modes and invalid documents', () => {
    expectError(() => mergeIdentifiantsPronote(completeDoc(), { ...partialDoc(), uai: '075001A' }), 'ERR_SCHEMA');
    const uai = `0750001${uaiCheckLetter('0750001')}`;
    expect(validateIdentifiantsPronote({ ...partialDoc(), uai }).filter((p) => p.severity === 'error')).toEqual([]);
    expectError(() => mergeIdentifiantsPronote(completeDoc(), { ...partialDoc(), uai }), 'ERR_CONFLICT');
    expectError(() => mergeIdentifiantsPronote(completeDoc(), { ...partialDoc(), socle: 'SKOLENGO' }), 'ERR_CONFLICT');
    expect(() => mergeIdentifiantsPronote(completeDoc(), { ...partialDoc(), socle: 'Kosmos' })).not.toThrow();
    expectError(() => mergeIdentifiantsPronote(partialDoc(), partialDoc()), 'ERR_ARGUMENT');
    expectError(() => mergeIdentifiantsPronote(completeDoc(), completeDoc()), 'ERR_ARGUMENT');
  });

  it('does not modify its inputs', () => {
    const complete = completeDoc();
    const partial = october();
    mergeIdentifiantsPronote(complete, partial);
    expect(complete).toStrictEqual(completeDoc());
    expect(partial).toStrictEqual(october());
  });

  it('nobody is lost, and every reference resolves (property)', () => {
    fc.assert(
      fc.property(docArb({ mode: 'Complet' }), docArb({ mode: 'Partiel' }), (c, p0) => {
        const p = { ...p0, uai: c.uai, socle: c.socle };
        const { document, additions, conflicts } = mergeIdentifiantsPronote(c, p);
        expect(validateIdentifiantsPronote(document).filter((x) => x.severity === 'error')).toEqual([]);
        let addedCount = 0;
        // A person is known by its IDPN; a member of staff without one by its Ident and names.
        const key = (x: { idpn?: string; ident: number; nom: string; prenom: string }): string => x.idpn ?? `${x.ident}|${x.nom}|${x.prenom}`;
        for (const population of ['personnels', 'professeurs', 'responsables', 'eleves'] as const) {
          const before = c[population].map(key);
          const added = p[population].map(key).filter((x) => !before.includes(x));
          addedCount += added.length;
          // Staff added without IDPN may be renumbered: compare their IDPN only.
          expect(document[population].map((x) => x.idpn)).toEqual([...c[population], ...p[population].filter((x) => !before.includes(key(x)))].map((x) => x.idpn));
          // People of the complete document keep their Ident.
          c[population].forEach((x, i) => expect(document[population][i]?.ident).toBe(x.ident));
        }
        expect(additions).toHaveLength(addedCount);
        // Only new people are renumbered.
        for (const x of conflicts.filter((k) => k.kind === 'ident')) expect(additions.map((a) => a.path)).toContain(x.path);
        // A partial student's parents are still its parents after the merge (by IDPN).
        p.eleves.forEach((e) => {
          const merged = document.eleves.find((x) => x.idpn === e.idpn) as PronoteEleve;
          const parentIdpn = (doc: IdentifiantsPronote, ident: number) => doc.responsables.find((r) => r.ident === ident)?.idpn;
          const want = e.responsables.map((r) => parentIdpn(p, r));
          const got = merged.responsables.map((r) => parentIdpn(document, r));
          for (const w of want) expect(got).toContain(w);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('merging a complete document with its own partial export gives it back (property)', () => {
    fc.assert(
      fc.property(docArb({ mode: 'Complet' }), (c) => {
        const { document, additions, conflicts } = mergeIdentifiantsPronote(c, selectIdentifiantsPronote(c, 'Partiel'));
        expect(document).toStrictEqual(c);
        expect(additions).toEqual([]);
        expect(conflicts).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
