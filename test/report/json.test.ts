import { describe, expect, it } from 'vitest';
import { matchAccounts } from '../../src/index';
import { matchResultToJson, renderMatchJson } from '../../src/report';
import { sampleResult } from './sample';

describe('renderMatchJson', () => {
  it('writes counts per population and status, with a stable key order', () => {
    const json = JSON.parse(renderMatchJson(sampleResult())) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'generatedAt', 'school', 'sources', 'mode', 'counts', 'totals', 'pairs', 'ambiguous', 'unmatched', 'ignoredDecisions']);
    expect(json.version).toBe(2);
    expect(json.school).toBe(null);
    expect(json.sources).toEqual({ ent: null, pronote: null, decisions: null });
    expect(json.mode).toBe('Complet');
    const counts = json.counts as Record<string, Record<string, number>>;
    expect(Object.keys(counts)).toEqual(['personnels', 'professeurs', 'responsables', 'eleves']);
    expect(counts.eleves).toEqual({
      matched: 2,
      confirmed: 0,
      conflict: 0,
      manual: 1,
      ambiguous: 3,
      unmatched: 2,
      ent: 6,
      pronote: 5,
      entAmbiguous: 2,
      pronoteAmbiguous: 1,
      entUnmatched: 1,
      pronoteUnmatched: 1,
    });
    expect(Object.keys(counts.personnels as object)).toEqual(Object.keys(counts.eleves as object));
    expect(json.totals).toMatchObject({ matched: 3, confirmed: 1, conflict: 1, manual: 1, ambiguous: 3, unmatched: 5, ent: 11, pronote: 9 });
  });

  it('writes pairs with population, idPartenaire, idpn and status first', () => {
    const json = matchResultToJson(sampleResult());
    expect(json.pairs.map((p) => [p.population, p.idPartenaire, p.idpn, p.status, p.apply, p.previousIdPartenaire])).toEqual([
      ['personnels', 'S1', 'Q1', 'confirmed', true, null],
      ['professeurs', 'T1', 'U1', 'conflict', true, 'OLD-T1'],
      ['responsables', 'R1', 'QR1', 'matched', true, null],
      ['eleves', 'E1', 'P1', 'matched', true, null],
      ['eleves', 'E5', 'P5', 'matched', true, null],
      ['eleves', 'E6', 'P6', 'manual', true, null],
    ]);
    for (const p of json.pairs) {
      expect(Object.keys(p)).toEqual(['population', 'idPartenaire', 'idpn', 'status', 'apply', 'previousIdPartenaire', 'ent', 'pronote']);
      const student = p.population === 'eleves' ? ['responsables'] : [];
      expect(Object.keys(p.ent)).toEqual(['ident', 'idPartenaire', 'nom', 'prenom', 'dateNaissance', ...student]);
      expect(Object.keys(p.pronote)).toEqual(['ident', 'idpn', 'nom', 'prenom', 'dateNaissance', 'idPartenaire', ...student]);
    }
    expect(json.pairs[3]?.ent).toEqual({ ident: null, idPartenaire: 'E1', nom: 'Martin', prenom: 'Léa', dateNaissance: '05/03/2012', responsables: ['R1'] });
    expect(json.pairs[3]?.pronote).toEqual({ ident: 1002, idpn: 'P1', nom: 'MARTIN', prenom: 'LEA', dateNaissance: '2012-03-05', idPartenaire: null, responsables: [501] });
  });

  it('marks partial-mode conflicts as not applied', () => {
    const json = matchResultToJson(sampleResult('Partiel'));
    expect(json.mode).toBe('Partiel');
    expect(json.pairs.find((p) => p.status === 'conflict')?.apply).toBe(false);
  });

  it('lists ambiguous people with their candidates and unmatched people with a reason', () => {
    const json = matchResultToJson(sampleResult());
    expect(json.ambiguous.map((a) => [a.population, a.side, a.reason, a.side === 'ent' ? a.person.idPartenaire : a.person.idpn, a.candidates.length])).toEqual([
      ['eleves', 'ent', 'homonyms', 'E2', 1],
      ['eleves', 'ent', 'homonyms', 'E3', 1],
      ['eleves', 'pronote', 'homonyms', 'P2', 2],
    ]);
    expect(json.unmatched.map((u) => `${u.population}:${u.side}:${u.side === 'ent' ? u.person.idPartenaire : u.person.idpn}:${u.reason}`)).toEqual([
      'professeurs:ent:T2:no-candidate',
      'responsables:ent:R2:no-linked-student',
      'responsables:pronote:QR9:no-linked-student',
      'eleves:ent:E4:no-candidate',
      'eleves:pronote:P7:no-candidate',
    ]);
  });

  it('leaves names and dates out with people: false', () => {
    const text = renderMatchJson(sampleResult(), { people: false });
    for (const secret of ['Martin', 'MARTIN', 'Léa', 'Durand', '2012-03-05', '05/03/2012', 'Bonnet', 'script']) expect(text).not.toContain(secret);
    const json = JSON.parse(text) as { pairs: { ent: object; pronote: object }[] };
    expect(json.pairs[0]?.ent).toEqual({ ident: null, idPartenaire: 'S1' });
    expect(json.pairs[0]?.pronote).toEqual({ ident: 1000, idpn: 'Q1', idPartenaire: 'S1' });
  });

  it('is deterministic and indents as asked', () => {
    const at = new Date(Date.UTC(2026, 8, 1, 6, 0, 0));
    const a = renderMatchJson(sampleResult(), { generatedAt: at, school: { uai: '0410017W' }, sources: { ent: 'a.xml' } });
    expect(renderMatchJson(sampleResult(), { generatedAt: at, school: { uai: '0410017W' }, sources: { ent: 'a.xml' } })).toBe(a);
    expect(
      a.startsWith(
        '{\n  "version": 2,\n  "generatedAt": "2026-09-01T06:00:00.000Z",\n  "school": {\n    "uai": "0410017W",\n    "nom": null\n  },\n  "sources": {\n    "ent": "a.xml",\n    "pronote": null,\n    "decisions": null\n  },\n  "mode": "Complet",\n  "counts": {\n    "personnels": {\n      "matched": 0,',
      ),
    ).toBe(true);
    expect(a.endsWith('}\n')).toBe(true);
    const one = renderMatchJson(sampleResult(), { indent: 0, generatedAt: at, school: { uai: '0410017W' }, sources: { ent: 'a.xml' } });
    expect(one.split('\n')).toHaveLength(2);
    expect(JSON.parse(one)).toEqual(JSON.parse(a));
  });

  it('reports ignored manual decisions', () => {
    const r = matchAccounts({}, {}, { manual: { pairs: [{ population: 'eleves', idPartenaire: 'x', idpn: 'y' }] } });
    expect(matchResultToJson(r).ignoredDecisions).toEqual([{ kind: 'pair', index: 0, unknown: 'ent' }]);
  });
});
