import { describe, expect, it, vi } from 'vitest';
import { EntPronoteError, type IdentifiantsPronote, entLinks, pronoteLinks, matchAccounts, type EntAccounts, type MatchResult, type MatchCounts, type PronotePeople, POPULATIONS, type PartenaireIndex } from '../../src/index';
import { ambiguous, e, es, links, p, ps, unmatched } from './helpers';

function checkInvariants(r: MatchResult, ent: EntAccounts, pro: PronotePeople): void {
  for (const pop of POPULATIONS) {
    const res = r.populations[pop];
    const c = res.counts;
    const linked = c.matched + c.confirmed + c.conflict + c.manual;
    expect(c.ent).toBe((ent[pop] ?? []).length);
    expect(c.pronote).toBe((pro[pop] ?? []).length);
    expect(linked + c.entAmbiguous + c.entUnmatched).toBe(c.ent);
    expect(linked + c.pronoteAmbiguous + c.pronoteUnmatched).toBe(c.pronote);
    expect(res.pairs.length).toBe(linked);
    expect(res.ambiguous.length).toBe(c.ambiguous);
    expect(res.unmatched.length).toBe(c.unmatched);
    // every person exactly once
    const entSeen = new Set<string>();
    const proSeen = new Set<string>();
    for (const x of res.pairs) {
      entSeen.add(x.idPartenaire);
      proSeen.add(x.idpn as string);
    }
    for (const x of [...res.ambiguous, ...res.unmatched]) {
      if (x.side === 'ent') entSeen.add(x.person.idPartenaire);
      else proSeen.add(x.person.idpn as string);
    }
    expect(entSeen.size).toBe(c.ent);
    expect(proSeen.size).toBe(c.pronote);
  }
}

function run(ent: EntAccounts, pro: PronotePeople, options: Parameters<typeof matchAccounts>[2] = {}): MatchResult {
  const r = matchAccounts(ent, pro, options);
  checkInvariants(r, ent, pro);
  return r;
}

function errorOf(f: () => unknown): EntPronoteError {
  try {
    f();
  } catch (err) {
    if (err instanceof EntPronoteError) return err;
    throw err;
  }
  throw new Error('expected an EntPronoteError');
}

describe('students', () => {
  it('match on name, first name and birth date across case, accents, separators and date forms', () => {
    const ent = {
      eleves: [
        es('E1', 'LEFÈVRE', 'Zoé', '05/03/2012'),
        es('E2', 'Le Goff', 'Jean-François', '2011-12-31'),
        es('E3', "D'ARTAGNAN", 'Lætitia', '1/1/2010'),
      ],
    };
    const pro = {
      eleves: [
        ps('P3', 'D’Artagnan', 'LAETITIA', '2010-01-01'),
        ps('P1', 'Lefevre', 'ZOE', '2012-03-05'),
        ps('P2', 'LE  GOFF', 'Jean François', '2011-12-31'),
      ],
    };
    const r = run(ent, pro);
    expect(links(r, 'eleves')).toEqual(['E1→P1:matched', 'E2→P2:matched', 'E3→P3:matched']);
    expect(r.populations.eleves.counts).toMatchObject({ matched: 3, ambiguous: 0, unmatched: 0 });
  });

  it('keep twins apart (same name and birth date, different first names)', () => {
    const ent = { eleves: [es('E1', 'Martin', 'Léa', '2012-04-01'), es('E2', 'Martin', 'Lucas', '2012-04-01')] };
    const pro = { eleves: [ps('P2', 'MARTIN', 'LUCAS', '2012-04-01'), ps('P1', 'MARTIN', 'LEA', '2012-04-01')] };
    expect(links(run(ent, pro), 'eleves')).toEqual(['E1→P1:matched', 'E2→P2:matched']);
  });

  it('do not link a first name to a compound first name starting with it (twins Jean and Jean-François)', () => {
    const ent = { eleves: [es('E1', 'Martin', 'Jean', '2012-04-01'), es('E2', 'Martin', 'Jean-François', '2012-04-01')] };
    const pro = { eleves: [ps('P2', 'Martin', 'Jean François', '2012-04-01')] };
    const r = run(ent, pro);
    expect(links(r, 'eleves')).toEqual(['E2→P2:matched']);
    expect(unmatched(r, 'eleves')).toEqual(['ent:E1:no-candidate']);
  });

  it('leave a shortened first name unmatched rather than guess', () => {
    const r = run({ eleves: [es('E1', 'Martin', 'Jean-François', '2012-04-01')] }, { eleves: [ps('P1', 'Martin', 'Jean', '2012-04-01')] });
    expect(r.pairs).toEqual([]);
    expect(unmatched(r, 'eleves')).toEqual(['ent:E1:no-candidate', 'pronote:P1:no-candidate']);
  });

  it('report homonyms (same identity) as ambiguous with their candidates, never linked', () => {
    const ent = { eleves: [es('E1', 'Martin', 'Léa', '2012-04-01'), es('E2', 'MARTIN', 'LEA', '01/04/2012')] };
    const pro = { eleves: [ps('P1', 'Martin', 'Léa', '2012-04-01')] };
    const r = run(ent, pro);
    expect(r.pairs).toEqual([]);
    expect(ambiguous(r, 'eleves')).toEqual(['ent:E1:homonyms[P1]', 'ent:E2:homonyms[P1]', 'pronote:P1:homonyms[E1,E2]']);
    expect(r.populations.eleves.counts).toMatchObject({ ambiguous: 3, entAmbiguous: 2, pronoteAmbiguous: 1, unmatched: 0 });
  });

  it('report homonyms on the PRONOTE side as ambiguous', () => {
    const ent = { eleves: [es('E1', 'Martin', 'Léa', '2012-04-01')] };
    const pro = { eleves: [ps('P1', 'Martin', 'Léa', '2012-04-01'), ps('P2', 'Martin', 'Lea', '2012-04-01')] };
    expect(ambiguous(run(ent, pro), 'eleves')).toEqual(['ent:E1:homonyms[P1,P2]', 'pronote:P1:homonyms[E1]', 'pronote:P2:homonyms[E1]']);
  });

  it('do not link the same name and first name with another birth date', () => {
    const r = run({ eleves: [es('E1', 'Martin', 'Léa', '2012-04-01')] }, { eleves: [ps('P1', 'Martin', 'Léa', '2012-04-02')] });
    expect(r.pairs).toEqual([]);
    expect(unmatched(r, 'eleves')).toEqual(['ent:E1:no-candidate', 'pronote:P1:no-candidate']);
  });

  it('split a large homonym group by birth date', () => {
    // 20 × 20 people named alike, 20 dates: each date is a 1–1 pair; one date is shared by two.
    const ent = { eleves: Array.from({ length: 20 }, (_, i) => es(`E${i}`, 'Martin', 'Léa', `2012-01-${String(i + 1).padStart(2, '0')}`)) };
    const pro = { eleves: Array.from({ length: 20 }, (_, i) => ps(`P${i}`, 'MARTIN', 'LEA', `2012-01-${String(i + 1).padStart(2, '0')}`)) };
    (ent.eleves[19] as { dateNaissance: string }).dateNaissance = '2012-01-01';
    const r = run(ent, pro);
    expect(r.populations.eleves.counts).toMatchObject({ matched: 18, entAmbiguous: 2, pronoteAmbiguous: 1, pronoteUnmatched: 1 });
    expect(links(r, 'eleves')).toContain('E5→P5:matched');
    expect(ambiguous(r, 'eleves')).toEqual(['ent:E0:homonyms[P0]', 'ent:E19:homonyms[P0]', 'pronote:P0:homonyms[E0,E19]']);
    expect(unmatched(r, 'eleves')).toEqual(['pronote:P19:no-candidate']);
  });

  it('leave students without a valid birth date or name unmatched as incomplete identity', () => {
    const ent = { eleves: [es('E1', 'Martin', 'Léa', '31/02/2012'), es('E2', ' - ', 'Léa', '2012-01-01'), es('E3', 'Martin', '', '2012-01-01')] };
    const pro = { eleves: [ps('P1', 'Martin', 'Léa', 'unknown'), ps('P2', "'", 'Léa', '2012-01-01')] };
    const r = run(ent, pro);
    expect(r.pairs).toEqual([]);
    expect(unmatched(r, 'eleves')).toEqual([
      'ent:E1:incomplete-identity',
      'ent:E2:incomplete-identity',
      'ent:E3:incomplete-identity',
      'pronote:P1:incomplete-identity',
      'pronote:P2:incomplete-identity',
    ]);
  });

  it('report people missing on either side as unmatched', () => {
    const r = run({ eleves: [es('E1', 'A', 'B', '2012-01-01'), es('E2', 'C', 'D', '2012-01-01')] }, { eleves: [ps('P1', 'A', 'B', '2012-01-01'), ps('P3', 'E', 'F', '2012-01-01')] });
    expect(links(r, 'eleves')).toEqual(['E1→P1:matched']);
    expect(unmatched(r, 'eleves')).toEqual(['ent:E2:no-candidate', 'pronote:P3:no-candidate']);
  });
});

describe('held identifiers', () => {
  it('confirm a link PRONOTE already holds, report a different one as a conflict', () => {
    const ent = { eleves: [es('E1', 'A', 'B', '2012-01-01'), es('E2', 'C', 'D', '2012-01-01'), es('E3', 'E', 'F', '2012-01-01')] };
    const pro = {
      eleves: [ps('P1', 'A', 'B', '2012-01-01', [], 'E1'), ps('P2', 'C', 'D', '2012-01-01', [], 'OLD-ENT-9'), ps('P3', 'E', 'F', '2012-01-01', [], '')],
    };
    const r = run(ent, pro, { mode: 'Complet' });
    expect(links(r, 'eleves')).toEqual(['E1→P1:confirmed', 'E2→P2:conflict', 'E3→P3:matched']);
    const conflict = r.pairs.find((x) => x.status === 'conflict');
    expect(conflict).toMatchObject({ previousIdPartenaire: 'OLD-ENT-9', apply: true, idPartenaire: 'E2', idpn: 'P2' });
    expect(r.populations.eleves.counts).toMatchObject({ matched: 1, confirmed: 1, conflict: 1 });
  });

  it('apply a conflict in complete mode only', () => {
    const ent = { eleves: [es('E2', 'C', 'D', '2012-01-01')] };
    const pro = { eleves: [ps('P2', 'C', 'D', '2012-01-01', [], 'OLD')] };
    const complet = run(ent, pro, { mode: 'Complet' });
    const partiel = run(ent, pro, { mode: 'Partiel' });
    expect(complet.pairs[0]?.apply).toBe(true);
    expect(partiel.pairs[0]?.apply).toBe(false);
    expect(partiel.pairs[0]?.status).toBe('conflict');
    expect(entLinks(complet)).toEqual([{ population: 'eleves', idPartenaire: 'E2', idpn: 'P2', status: 'conflict' }]);
    expect(entLinks(partiel)).toEqual([]);
    expect(pronoteLinks(complet)).toEqual([
      { population: 'eleves', ident: pro.eleves[0]?.ident, idpn: 'P2', idPartenaire: 'E2', status: 'conflict', previousIdPartenaire: 'OLD' },
    ]);
    expect(pronoteLinks(partiel)).toEqual([]);
  });

  it('take the mode from the PRONOTE file when not given', () => {
    const ent = { eleves: [es('E2', 'C', 'D', '2012-01-01')] };
    const pro = { mode: 'Partiel' as const, eleves: [ps('P2', 'C', 'D', '2012-01-01', [], 'OLD')] };
    expect(run(ent, pro).mode).toBe('Partiel');
    expect(run(ent, { ...pro, mode: 'Complet' }).mode).toBe('Complet');
    expect(run(ent, { eleves: pro.eleves }).mode).toBe('Complet');
    expect(run(ent, pro, { mode: 'Complet' }).mode).toBe('Complet');
  });

  it('tell homonyms apart by the identifiers PRONOTE holds', () => {
    const ent = { personnels: [e('S1', 'Martin', 'Marie'), e('S2', 'Martin', 'Marie'), e('S3', 'Martin', 'Marie')] };
    const pro = { personnels: [p('Q2', 'MARTIN', 'MARIE', undefined, 'S2'), p('Q1', 'MARTIN', 'MARIE', undefined, 'S1'), p('Q3', 'MARTIN', 'MARIE')] };
    const r = run(ent, pro);
    expect(links(r, 'personnels')).toEqual(['S1→Q1:confirmed', 'S2→Q2:confirmed', 'S3→Q3:matched']);
  });

  it('do not confirm a held identifier when the identity differs', () => {
    const ent = { eleves: [es('E1', 'Dupont', 'Marie', '2012-01-01')] };
    const pro = { eleves: [ps('P1', 'Durand', 'Marie', '2012-01-01', [], 'E1')] };
    const r = run(ent, pro);
    expect(r.pairs).toEqual([]);
    expect(unmatched(r, 'eleves')).toEqual(['ent:E1:no-candidate', 'pronote:P1:no-candidate']);
  });

  it('do not confirm an identifier held by several PRONOTE people', () => {
    const ent = { personnels: [e('S1', 'Martin', 'Marie')] };
    const pro = { personnels: [p('Q1', 'Martin', 'Marie', undefined, 'S1'), p('Q2', 'Martin', 'Marie', undefined, 'S1')] };
    const r = run(ent, pro);
    expect(r.pairs).toEqual([]);
    expect(ambiguous(r, 'personnels')).toEqual(['ent:S1:homonyms[Q1,Q2]', 'pronote:Q1:homonyms[S1]', 'pronote:Q2:homonyms[S1]']);
  });

  it('replace an identifier held from another account of the same file by the identity match', () => {
    // PRONOTE holds the two students' identifiers swapped: identity wins, both are conflicts.
    const ent = { eleves: [es('E1', 'A', 'B', '2012-01-01'), es('E2', 'C', 'D', '2012-01-01')] };
    const pro = { eleves: [ps('P1', 'A', 'B', '2012-01-01', [], 'E2'), ps('P2', 'C', 'D', '2012-01-01', [], 'E1')] };
    const r = run(ent, pro);
    expect(links(r, 'eleves')).toEqual(['E1→P1:conflict', 'E2→P2:conflict']);
  });
});

describe('teachers and staff', () => {
  it('match teachers on name and first name, with the birth date when both sides have it', () => {
    const ent = {
      professeurs: [
        e('T1', 'Petit', 'Anne', '1980-05-05'),
        e('T2', 'Petit', 'Anne', '1975-01-01'),
        e('T3', 'Roux', 'Paul'),
        e('T4', 'Morel', 'Luc', '1970-01-01'),
        e('T5', 'Girard', 'Léo', '1970-01-01'),
      ],
    };
    const pro = {
      professeurs: [
        p('U2', 'PETIT', 'ANNE', '01/01/1975'),
        p('U1', 'Petit', 'Anne', '1980-05-05'),
        p('U3', 'Roux', 'Paul', '1990-09-09'),
        p('U4', 'Morel', 'Luc'),
        p('U5', 'Girard', 'Léo', '1971-01-01'),
      ],
    };
    const r = run(ent, pro);
    expect(links(r, 'professeurs')).toEqual(['T1→U1:matched', 'T2→U2:matched', 'T3→U3:matched', 'T4→U4:matched']);
    expect(unmatched(r, 'professeurs')).toEqual(['ent:T5:no-candidate', 'pronote:U5:no-candidate']);
  });

  it('leave teacher homonyms ambiguous when a birth date is missing', () => {
    const ent = { professeurs: [e('T1', 'Petit', 'Anne', '1980-05-05'), e('T2', 'Petit', 'Anne')] };
    const pro = { professeurs: [p('U1', 'Petit', 'Anne', '1980-05-05'), p('U2', 'Petit', 'Anne', '1975-01-01')] };
    const r = run(ent, pro);
    // T1 can only be U1, but U1 could also be T2 (no date): nothing is certain.
    expect(r.pairs).toEqual([]);
    expect(ambiguous(r, 'professeurs')).toEqual([
      'ent:T1:homonyms[U1]',
      'ent:T2:homonyms[U1,U2]',
      'pronote:U1:homonyms[T1,T2]',
      'pronote:U2:homonyms[T2]',
    ]);
  });

  it('match staff on name and first name only', () => {
    const ent = { personnels: [e('S1', 'Bonnet', 'Inès', '1980-01-01'), e('S2', 'Lambert', 'Noé')] };
    const pro = { personnels: [p('Q1', 'BONNET', 'INES', '1999-09-09'), p('Q2', 'Lambert', 'Noe')] };
    expect(links(run(ent, pro), 'personnels')).toEqual(['S1→Q1:matched', 'S2→Q2:matched']);
  });

  it('match population by population only', () => {
    const ent = { professeurs: [e('T1', 'Bonnet', 'Inès')] };
    const pro = { personnels: [p('Q1', 'Bonnet', 'Inès')] };
    const r = run(ent, pro);
    expect(r.pairs).toEqual([]);
    expect(unmatched(r, 'professeurs')).toEqual(['ent:T1:no-candidate']);
    expect(unmatched(r, 'personnels')).toEqual(['pronote:Q1:no-candidate']);
  });
});

describe('parents', () => {
  it('match parents among the parents of linked students; siblings share parents', () => {
    const ent = {
      responsables: [e('R1', 'Martin', 'Sophie'), e('R2', 'Martin', 'Paul')],
      eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1', 'R2']), es('E2', 'Martin', 'Hugo', '2014-01-01', ['R1', 'R2'])],
    };
    const pro = {
      responsables: [p('Q1', 'MARTIN', 'SOPHIE', undefined, undefined, 1), p('Q2', 'MARTIN', 'PAUL', undefined, undefined, 2)],
      eleves: [ps('P1', 'Martin', 'Léa', '2012-01-01', [1, 2]), ps('P2', 'Martin', 'Hugo', '2014-01-01', [2, 1])],
    };
    const r = run(ent, pro);
    expect(links(r, 'responsables')).toEqual(['R1→Q1:matched', 'R2→Q2:matched']);
  });

  it('keep homonym parents of different children apart', () => {
    const ent = {
      responsables: [e('R1', 'Martin', 'Jean'), e('R2', 'Martin', 'Jean')],
      eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1']), es('E2', 'Martin', 'Hugo', '2014-01-01', ['R2'])],
    };
    const pro = {
      responsables: [p('Q2', 'Martin', 'Jean', undefined, undefined, 2), p('Q1', 'Martin', 'Jean', undefined, undefined, 1)],
      eleves: [ps('P2', 'Martin', 'Hugo', '2014-01-01', [2]), ps('P1', 'Martin', 'Léa', '2012-01-01', [1])],
    };
    const r = run(ent, pro);
    expect(links(r, 'responsables')).toEqual(['R1→Q1:matched', 'R2→Q2:matched']);
  });

  it('leave a parent ambiguous when its students point to several homonym parents', () => {
    // The ENT has one parent for two siblings; PRONOTE has the parent twice (a duplicate).
    const ent = {
      responsables: [e('R1', 'Martin', 'Jean')],
      eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1']), es('E2', 'Martin', 'Hugo', '2014-01-01', ['R1'])],
    };
    const pro = {
      responsables: [p('Q1', 'Martin', 'Jean', undefined, undefined, 1), p('Q2', 'Martin', 'Jean', undefined, undefined, 2)],
      eleves: [ps('P1', 'Martin', 'Léa', '2012-01-01', [1]), ps('P2', 'Martin', 'Hugo', '2014-01-01', [2])],
    };
    const r = run(ent, pro);
    expect(links(r, 'responsables')).toEqual([]);
    expect(ambiguous(r, 'responsables')).toEqual(['ent:R1:parents[Q1,Q2]', 'pronote:Q1:parents[R1]', 'pronote:Q2:parents[R1]']);
  });

  it('leave two same-name parents of one student ambiguous', () => {
    const ent = { responsables: [e('R1', 'Martin', 'Camille'), e('R2', 'Martin', 'Camille')], eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1', 'R2'])] };
    const pro = {
      responsables: [p('Q1', 'Martin', 'Camille', undefined, undefined, 1), p('Q2', 'Martin', 'Camille', undefined, undefined, 2)],
      eleves: [ps('P1', 'Martin', 'Léa', '2012-01-01', [1, 2])],
    };
    const r = run(ent, pro);
    expect(r.pairs.filter((x) => x.population === 'responsables')).toEqual([]);
    expect(r.populations.responsables.counts).toMatchObject({ entAmbiguous: 2, pronoteAmbiguous: 2 });
  });

  it('leave same-name parents of one student ambiguous when the other side has only one', () => {
    const ent = { responsables: [e('R1', 'Martin', 'Camille'), e('R2', 'Martin', 'Camille')], eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1', 'R2'])] };
    const pro = { responsables: [p('Q1', 'Martin', 'Camille', undefined, undefined, 1)], eleves: [ps('P1', 'Martin', 'Léa', '2012-01-01', [1])] };
    const r = run(ent, pro);
    expect(links(r, 'responsables')).toEqual([]);
    expect(ambiguous(r, 'responsables')).toEqual(['ent:R1:parents[Q1]', 'ent:R2:parents[Q1]', 'pronote:Q1:parents[R1,R2]']);
  });

  it('do not match parents by name alone, outside their students', () => {
    const ent = { responsables: [e('R1', 'Martin', 'Jean')], eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1'])] };
    const pro = {
      responsables: [p('Q1', 'Martin', 'Jean', undefined, undefined, 1), p('Q9', 'Durand', 'Eve', undefined, undefined, 9)],
      eleves: [ps('P1', 'Martin', 'Lea', '2013-01-01', [1])],
    };
    const r = run(ent, pro);
    expect(links(r, 'responsables')).toEqual([]);
    expect(unmatched(r, 'responsables')).toEqual(['ent:R1:no-linked-student', 'pronote:Q1:no-linked-student', 'pronote:Q9:no-linked-student']);
  });

  it('report a parent absent from the other side of its linked student as no-candidate', () => {
    const ent = { responsables: [e('R1', 'Martin', 'Jean'), e('R2', 'Martin', 'Anne')], eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1', 'R2'])] };
    const pro = { responsables: [p('Q1', 'Martin', 'Jean', undefined, undefined, 1)], eleves: [ps('P1', 'Martin', 'Léa', '2012-01-01', [1])] };
    const r = run(ent, pro);
    expect(links(r, 'responsables')).toEqual(['R1→Q1:matched']);
    expect(unmatched(r, 'responsables')).toEqual(['ent:R2:no-candidate']);
  });

  it('use manually linked students to find parents', () => {
    const ent = { responsables: [e('R1', 'Martin', 'Jean')], eleves: [es('E1', 'Martin', 'Léa', '2012-01-01', ['R1'])] };
    const pro = { responsables: [p('Q1', 'Martin', 'Jean', undefined, undefined, 1)], eleves: [ps('P1', 'Martin', 'Léa-Marie', '2012-01-01', [1])] };
    const r = run(ent, pro, { manual: { pairs: [{ population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }] } });
    expect(links(r, 'eleves')).toEqual(['E1→P1:manual']);
    expect(links(r, 'responsables')).toEqual(['R1→Q1:matched']);
  });

  it('confirm a parent by its held identifier even without linked students', () => {
    const ent = { responsables: [e('R1', 'Martin', 'Jean')] };
    const pro = { responsables: [p('Q1', 'Martin', 'Jean', undefined, 'R1')] };
    expect(links(run(ent, pro), 'responsables')).toEqual(['R1→Q1:confirmed']);
  });
});

describe('input forms', () => {
  it('read a PartenaireIndex and an IdentifiantsPronote (parents by Ident)', () => {
    const pi: PartenaireIndex = {
      date: '2026-09-01T08:00:00+02:00',
      partenaire: 'X',
      etablissements: [{ ident: 1, numero: '0410017W', nom: 'Lycée' }],
      etablissementsGeres: [{ ident: 1 }],
      personnels: [{ ident: 1, idPartenaire: 's1', nom: 'Roux', prenom: 'Ana' }],
      professeurs: [{ ident: 2, idPartenaire: 't1', nom: 'Petit', prenom: 'Luc', dateNaissance: '1980-01-01' }],
      responsables: [{ ident: 3, idPartenaire: 'r1', nom: 'Morel', prenom: 'Eve' }],
      eleves: [{ ident: 4, idPartenaire: 'e1', nom: 'Morel', prenom: 'Noé', dateNaissance: '2012-02-02', responsables: [3, 99] }],
    };
    const ip: IdentifiantsPronote = {
      version: '1',
      date: '2026-09-01T08:00:00+02:00',
      uai: '0410017W',
      socle: 'KOSMOS',
      mode: 'Complet',
      personnels: [{ ident: 10, idpn: 'PN-S', nom: 'ROUX', prenom: 'ANA' }],
      professeurs: [{ ident: 11, idpn: 'PN-T', nom: 'PETIT', prenom: 'LUC', dateNaissance: '1980-01-01', idPartenaire: 't1' }],
      responsables: [{ ident: 12, idpn: 'PN-R', nom: 'MOREL', prenom: 'EVE' }],
      eleves: [{ ident: 13, idpn: 'PN-E', nom: 'MOREL', prenom: 'NOE', dateNaissance: '2012-02-02', responsables: [12] }],
    };
    const r = run(pi, ip);
    expect(r.pairs.map((x) => `${x.population}:${x.idPartenaire}→${x.idpn}:${x.status}`)).toEqual([
      'personnels:s1→PN-S:matched',
      'professeurs:t1→PN-T:confirmed',
      'responsables:r1→PN-R:matched',
      'eleves:e1→PN-E:matched',
    ]);
    expect(r.pairs[3]?.ent).toBe(pi.eleves[0]);
    expect(r.pairs[3]?.pronote).toBe(ip.eleves[0]);
  });

  it('read parents referenced by key (PartenaireIndexInput) or by idPartenaire', () => {
    const ent = {
      responsables: [
        { idPartenaire: 'r1', key: 'mum', nom: 'Morel', prenom: 'Eve' },
        { idPartenaire: 'r2', nom: 'Morel', prenom: 'Yves' },
      ],
      eleves: [es('e1', 'Morel', 'Noé', '2012-02-02', ['mum', 'r2', 'nobody'])],
    };
    const pro = {
      responsables: [p('Q1', 'Morel', 'Eve', undefined, undefined, 1), p('Q2', 'Morel', 'Yves', undefined, undefined, 2)],
      eleves: [ps('P1', 'Morel', 'Noé', '2012-02-02', [1, 2, 3])],
    };
    expect(links(run(ent, pro), 'responsables')).toEqual(['r1→Q1:matched', 'r2→Q2:matched']);
  });

  it('resolve parent Idents spread over the whole unsignedInt range', () => {
    const ent = {
      responsables: [{ ident: 4294967295, idPartenaire: 'r1', nom: 'Morel', prenom: 'Eve' }, { ident: 7, idPartenaire: 'r2', nom: 'Morel', prenom: 'Yves' }],
      eleves: [{ ident: 3000000000, idPartenaire: 'e1', nom: 'Morel', prenom: 'Noé', dateNaissance: '2012-02-02', responsables: [4294967295, 7] }],
    };
    const pro = {
      responsables: [p('Q1', 'Morel', 'Eve', undefined, undefined, 4294967294), p('Q2', 'Morel', 'Yves', undefined, undefined, 0)],
      eleves: [ps('P1', 'Morel', 'Noé', '2012-02-02', [4294967294, 0])],
    };
    expect(links(run(ent, pro), 'responsables')).toEqual(['r1→Q1:matched', 'r2→Q2:matched']);
  });

  it('accept empty inputs', () => {
    const r = run({}, {});
    expect(r.pairs).toEqual([]);
    expect(r.totals).toEqual({
      ent: 0,
      pronote: 0,
      matched: 0,
      confirmed: 0,
      conflict: 0,
      manual: 0,
      ambiguous: 0,
      unmatched: 0,
      entAmbiguous: 0,
      pronoteAmbiguous: 0,
      entUnmatched: 0,
      pronoteUnmatched: 0,
    } satisfies MatchCounts);
  });

  it('refuse duplicate identifiers in a population without quoting them', () => {
    const err = errorOf(() => matchAccounts({ eleves: [es('SECRET', 'Dupont', 'Jean', '2012-01-01'), es('SECRET', 'Durand', 'Luc', '2012-01-01')] }, {}));
    expect(err.code).toBe('ERR_ARGUMENT');
    expect(err.path).toBe('ent.eleves[1].idPartenaire');
    expect(err.message).not.toMatch(/SECRET|Dupont|Durand|Jean|Luc/);
    const err2 = errorOf(() => matchAccounts({}, { personnels: [p('X', 'Dupont', 'Jean'), p('X', 'Dupont', 'Jean')] }));
    expect(err2.path).toBe('pronote.personnels[1].idpn');
    expect(err2.message).not.toMatch(/Dupont|Jean/);
  });

  it('allow the same identifier in two populations', () => {
    const r = run({ personnels: [e('X', 'A', 'B')], professeurs: [e('X', 'A', 'B')] }, { personnels: [p('Y', 'A', 'B')], professeurs: [p('Y', 'A', 'B')] });
    expect(r.pairs.length).toBe(2);
  });

  it('refuse malformed input with ERR_ARGUMENT', () => {
    expect(errorOf(() => matchAccounts(null as never, {})).path).toBe('ent');
    expect(errorOf(() => matchAccounts({}, 3 as never)).path).toBe('pronote');
    expect(errorOf(() => matchAccounts({ eleves: {} as never }, {})).path).toBe('ent.eleves');
    expect(errorOf(() => matchAccounts({ eleves: [{ idPartenaire: 'a', nom: 'A', prenom: 1 } as never] }, {})).path).toBe('ent.eleves[0].prenom');
    expect(errorOf(() => matchAccounts({}, { eleves: [{ idpn: 'a', nom: 'A', prenom: 'B', dateNaissance: '2012-01-01' } as never] })).path).toBe('pronote.eleves[0].ident');
    expect(errorOf(() => matchAccounts({}, {}, { mode: 'complet' as never })).path).toBe('options.mode');
    expect(errorOf(() => matchAccounts({ eleves: [{ ...es('a', 'A', 'B', '2012-01-01'), responsables: 'r1' as never }] }, {})).path).toBe(
      'ent.eleves[0].responsables',
    );
  });
});

describe('manual decisions', () => {
  const ent = { eleves: [es('E1', 'Martin', 'Léa', '2012-01-01'), es('E2', 'Martin', 'Léa', '2012-01-01'), es('E3', 'Roux', 'Ana', '2012-01-01')] };
  const pro = { eleves: [ps('P1', 'Martin', 'Léa', '2012-01-01', [], 'OLD'), ps('P2', 'Martin', 'Léa', '2012-01-01'), ps('P3', 'Roux', 'Ana', '2012-01-01')] };

  it('apply forced pairs before the automatic pass, reported as manual', () => {
    const r = run(ent, pro, { manual: { pairs: [{ population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }] } });
    // E1–P1 forced; the rest of the homonym group (E2, P2) is then unique.
    expect(links(r, 'eleves')).toEqual(['E1→P1:manual', 'E2→P2:matched', 'E3→P3:matched']);
    expect(r.pairs.find((x) => x.status === 'manual')).toMatchObject({ previousIdPartenaire: 'OLD', apply: true });
    expect(r.populations.eleves.counts.manual).toBe(1);
  });

  it('force a pair across different identities', () => {
    const r = run(ent, pro, { manual: { pairs: [{ population: 'eleves', idPartenaire: 'E3', idpn: 'P2' }] } });
    expect(links(r, 'eleves')).toContain('E3→P2:manual');
    expect(unmatched(r, 'eleves')).toEqual(['pronote:P3:no-candidate']);
  });

  it('leave an excluded person out, reported as excluded', () => {
    const r = run(ent, pro, { manual: { exclusions: [{ population: 'eleves', idPartenaire: 'E3' }, { population: 'eleves', idpn: 'P2' }] } });
    expect(unmatched(r, 'eleves')).toEqual(['ent:E3:excluded', 'pronote:P2:excluded', 'pronote:P3:no-candidate']);
    expect(ambiguous(r, 'eleves')).toEqual(['ent:E1:homonyms[P1]', 'ent:E2:homonyms[P1]', 'pronote:P1:homonyms[E1,E2]']);
  });

  it('never link an excluded pair, and link what stays unique', () => {
    const r = run(ent, pro, {
      manual: {
        exclusions: [
          { population: 'eleves', idPartenaire: 'E1', idpn: 'P1' },
          { population: 'eleves', idPartenaire: 'E2', idpn: 'P2' },
          { population: 'eleves', idPartenaire: 'E3', idpn: 'P3' },
        ],
      },
    });
    expect(links(r, 'eleves')).toEqual(['E1→P2:matched', 'E2→P1:conflict']);
    expect(unmatched(r, 'eleves')).toEqual(['ent:E3:no-candidate', 'pronote:P3:no-candidate']);
  });

  it('report decisions that name nobody as ignored', () => {
    const r = run(ent, pro, {
      manual: {
        pairs: [{ population: 'eleves', idPartenaire: 'GONE', idpn: 'P1' }, { population: 'eleves', idPartenaire: 'E1', idpn: 'GONE' }],
        exclusions: [{ population: 'personnels', idPartenaire: 'E1' }],
      },
    });
    expect(r.ignoredDecisions).toEqual([
      { kind: 'exclusion', index: 0, unknown: 'ent' },
      { kind: 'pair', index: 0, unknown: 'ent' },
      { kind: 'pair', index: 1, unknown: 'pronote' },
    ]);
  });

  it('accept the same forced pair twice', () => {
    const pair = { population: 'eleves', idPartenaire: 'E1', idpn: 'P2' } as const;
    expect(links(run(ent, pro, { manual: { pairs: [pair, pair] } }), 'eleves')).toContain('E1→P2:manual');
  });

  it('refuse contradictory decisions with ERR_CONFLICT, without quoting identifiers', () => {
    const two = errorOf(() =>
      matchAccounts(ent, pro, {
        manual: { pairs: [{ population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }, { population: 'eleves', idPartenaire: 'E1', idpn: 'P2' }] },
      }),
    );
    expect(two.code).toBe('ERR_CONFLICT');
    expect(two.path).toBe('manual.pairs[1]');
    expect(two.message).not.toMatch(/E1|P1|P2|Martin/);
    const twoP = errorOf(() =>
      matchAccounts(ent, pro, {
        manual: { pairs: [{ population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }, { population: 'eleves', idPartenaire: 'E2', idpn: 'P1' }] },
      }),
    );
    expect(twoP.code).toBe('ERR_CONFLICT');
    const excluded = errorOf(() =>
      matchAccounts(ent, pro, {
        manual: { pairs: [{ population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }], exclusions: [{ population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }] },
      }),
    );
    expect(excluded.code).toBe('ERR_CONFLICT');
    expect(excluded.path).toBe('manual.pairs[0]');
    const excludedPerson = errorOf(() =>
      matchAccounts(ent, pro, { manual: { pairs: [{ population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }], exclusions: [{ population: 'eleves', idpn: 'P1' }] } }),
    );
    expect(excludedPerson.code).toBe('ERR_CONFLICT');
  });

  it('refuse malformed decisions with ERR_ARGUMENT', () => {
    expect(errorOf(() => matchAccounts(ent, pro, { manual: { exclusions: [{ population: 'eleves' }] } })).path).toBe('manual.exclusions[0]');
    expect(errorOf(() => matchAccounts(ent, pro, { manual: { pairs: [{ population: 'students' as never, idPartenaire: 'E1', idpn: 'P1' }] } })).path).toBe(
      'manual.pairs[0].population',
    );
    expect(errorOf(() => matchAccounts(ent, pro, { manual: { pairs: [{ population: 'eleves', idPartenaire: 'E1', idpn: 3 as never }] } })).path).toBe(
      'manual.pairs[0].idpn',
    );
    expect(errorOf(() => matchAccounts(ent, pro, { manual: 'x' as never })).code).toBe('ERR_ARGUMENT');
  });
});

describe('result', () => {
  it('lists pairs in population order then ENT input order, and ambiguous/unmatched ENT first', () => {
    const ent = {
      eleves: [es('E2', 'B', 'B', '2012-01-01'), es('E1', 'A', 'A', '2012-01-01'), es('E9', 'Z', 'Z', '2012-01-01')],
      personnels: [e('S1', 'A', 'A')],
    };
    const pro = { eleves: [ps('P1', 'A', 'A', '2012-01-01'), ps('P2', 'B', 'B', '2012-01-01'), ps('P8', 'Y', 'Y', '2012-01-01')], personnels: [p('Q1', 'A', 'A')] };
    const r = run(ent, pro);
    expect(r.pairs.map((x) => x.idPartenaire)).toEqual(['S1', 'E2', 'E1']);
    expect(r.populations.eleves.unmatched.map((x) => x.side)).toEqual(['ent', 'pronote']);
    expect(r.totals).toMatchObject({ ent: 4, pronote: 4, matched: 3, unmatched: 2 });
  });

  it('never logs', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    try {
      run({ eleves: [es('E1', 'A', 'A', '2012-01-01')] }, { eleves: [ps('P1', 'A', 'A', '2012-01-01')] });
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(spies.map((s) => s.mock.calls.length)).toEqual([0, 0, 0, 0, 0]);
  });
});
