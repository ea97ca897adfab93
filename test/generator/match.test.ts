import { describe, expect, it } from 'vitest';
import type { ExpectedMatching, SchoolDocuments } from '../../src/fixtures';
import { matchAccounts } from '../../src/index';
import { boosted, generated } from './helpers';

/** Runs the matching engine on one school's documents and compares it with the ground truth. */
function compare(s: SchoolDocuments, expected: ExpectedMatching): { links: number; ambiguous: number; unmatched: number } {
  const mode = expected.mode;
  const result = matchAccounts(s.partenaireIndex, mode === 'Complet' ? s.identifiantsComplet : s.identifiantsPartiel, { mode });
  const got = new Map<string, { status: string; idPartenaire?: string; reason?: string }>();
  for (const p of result.pairs) got.set(`${p.population}/${p.pronote.ident}`, { status: p.status, idPartenaire: p.idPartenaire });
  const entGot = new Map<string, string>();
  for (const pop of Object.values(result.populations)) {
    for (const a of pop.ambiguous) {
      if (a.side === 'pronote') got.set(`${a.population}/${a.person.ident}`, { status: 'ambiguous', reason: a.reason });
      else entGot.set(`${a.population}/${a.person.idPartenaire}`, `ambiguous/${a.reason}`);
    }
    for (const u of pop.unmatched) {
      if (u.side === 'pronote') got.set(`${u.population}/${u.person.ident}`, { status: 'unmatched', reason: u.reason });
      else entGot.set(`${u.population}/${u.person.idPartenaire}`, `unmatched/${u.reason}`);
    }
  }
  // Zero wrong links: every link the engine makes is the person's real account. (People are
  // keyed by Ident: staff have no IDPN.)
  const truth = new Map(expected.pronote.map((e) => [`${e.population}/${e.ident}`, e]));
  for (const p of result.pairs) expect({ ident: p.pronote.ident, link: p.idPartenaire }).toEqual({ ident: p.pronote.ident, link: truth.get(`${p.population}/${p.pronote.ident}`)?.trueIdPartenaire });
  // Every safely matchable person is linked, with the expected status; the others are left out for the same reason.
  for (const e of expected.pronote) {
    const g = got.get(`${e.population}/${e.ident}`);
    const want: { status: string; idPartenaire?: string; reason?: string } = { status: e.status };
    if (e.idPartenaire !== undefined) want.idPartenaire = e.idPartenaire;
    if (e.reason !== undefined) want.reason = e.reason;
    expect({ ident: e.ident, ...g }).toEqual({ ident: e.ident, ...want });
  }
  expect(got.size).toBe(expected.pronote.length);
  for (const e of expected.ent) expect({ id: e.idPartenaire, got: entGot.get(`${e.population}/${e.idPartenaire}`) }).toEqual({ id: e.idPartenaire, got: `${e.status}/${e.reason}` });
  expect(entGot.size).toBe(expected.ent.length);
  return {
    links: result.pairs.length,
    ambiguous: expected.pronote.filter((e) => e.status === 'ambiguous').length,
    unmatched: expected.pronote.filter((e) => e.status === 'unmatched').length,
  };
}

describe('the matching engine on generated worlds', () => {
  for (const [name, options] of [
    ['boosted divergences', boosted('match-1', 2000, 2)],
    ['other seed', boosted('match-2', 2000, 2)],
    ['default rates', { seed: 'match-default', students: 4000 }],
    ['no divergence', { seed: 'match-plain', students: 2000, divergences: false as const }],
  ] as const) {
    it(`matches its ground truth (${name}), complete and partial`, () => {
      const r = generated(options);
      let links = 0;
      let left = 0;
      r.schools.forEach((s, i) => {
        for (const mode of ['complet', 'partiel'] as const) {
          const c = compare(s, r.groundTruth.schools[i]?.[mode] as ExpectedMatching);
          links += c.links;
          left += c.ambiguous + c.unmatched;
        }
      });
      expect(links).toBeGreaterThan(1000);
      if (name !== 'no divergence') expect(left).toBeGreaterThan(10);
    });
  }
});
