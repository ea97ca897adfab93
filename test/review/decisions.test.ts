/** How one decision changes a set of confirmed decisions (the rules of the page's Décisions list). */
import { describe, expect, it } from 'vitest';
import { applyDecision } from '../../src/review';
import { checkDecision } from '../../src/review/model';

describe('applyDecision', () => {
  const base = {
    pairs: [
      { population: 'eleves' as const, idPartenaire: 'E1', idpn: 'P1' },
      { population: 'eleves' as const, idPartenaire: 'E2', idpn: 'P2' },
      { population: 'responsables' as const, idPartenaire: 'E1', idpn: 'P9' },
    ],
    exclusions: [
      { population: 'eleves' as const, idPartenaire: 'E3' },
      { population: 'eleves' as const, idpn: 'P4' },
      { population: 'eleves' as const, idPartenaire: 'E5', idpn: 'P5' },
    ],
  };

  it('link: replaces the pairs and exclusions naming either person, in that population only', () => {
    expect(applyDecision(base, { kind: 'link', population: 'eleves', idPartenaire: 'E1', idpn: 'P2' })).toEqual({
      pairs: [
        { population: 'responsables', idPartenaire: 'E1', idpn: 'P9' },
        { population: 'eleves', idPartenaire: 'E1', idpn: 'P2' },
      ],
      exclusions: base.exclusions,
    });
    expect(applyDecision(base, { kind: 'link', population: 'eleves', idPartenaire: 'E3', idpn: 'P4' }).exclusions).toEqual([{ population: 'eleves', idPartenaire: 'E5', idpn: 'P5' }]);
    expect(applyDecision(base, { kind: 'link', population: 'eleves', idPartenaire: 'E5', idpn: 'P5' }).exclusions).toEqual(base.exclusions.slice(0, 2));
  });

  it('unlink: removes the forced pair and excludes the pair, once', () => {
    const once = applyDecision(base, { kind: 'unlink', population: 'eleves', idPartenaire: 'E1', idpn: 'P1' });
    expect(once.pairs).toEqual(base.pairs.slice(1));
    expect(once.exclusions).toEqual([...base.exclusions, { population: 'eleves', idPartenaire: 'E1', idpn: 'P1' }]);
    expect(applyDecision(once, { kind: 'unlink', population: 'eleves', idPartenaire: 'E1', idpn: 'P1' })).toEqual(once);
  });

  it('exclude: removes the pairs naming the person and excludes it', () => {
    const r = applyDecision(base, { kind: 'exclude', population: 'eleves', idpn: 'P2' });
    expect(r.pairs).toEqual([base.pairs[0], base.pairs[2]]);
    expect(r.exclusions).toEqual([...base.exclusions, { population: 'eleves', idpn: 'P2' }]);
  });

  it('revoke: removes the decisions naming exactly these identifiers', () => {
    expect(applyDecision(base, { kind: 'revoke', population: 'eleves', idPartenaire: 'E3' }).exclusions).toEqual(base.exclusions.slice(1));
    expect(applyDecision(base, { kind: 'revoke', population: 'eleves', idPartenaire: 'E2', idpn: 'P2' }).pairs).toEqual([base.pairs[0], base.pairs[2]]);
    expect(applyDecision(base, { kind: 'revoke', population: 'eleves', idPartenaire: 'E5' })).toEqual(base);
  });
});

describe('checkDecision', () => {
  const known = (_p: string, side: string, id: string): boolean => (side === 'ent' ? id.startsWith('E') : id.startsWith('P'));
  it('accepts well-formed decisions about known people', () => {
    expect(checkDecision({ kind: 'exclude', population: 'eleves', idpn: 'P1', extra: 1 }, known)).toEqual({ kind: 'exclude', population: 'eleves', idpn: 'P1' });
  });
  it.each([
    [null, 'expected a decision object'],
    [{ kind: 'link', population: 'eleve', idPartenaire: 'E1', idpn: 'P1' }, 'population'],
    [{ kind: 'link', population: 'eleves', idPartenaire: 'E1' }, 'give both'],
    [{ kind: 'link', population: 'eleves', idPartenaire: 'X1', idpn: 'P1' }, 'no such ENT account'],
    [{ kind: 'exclude', population: 'eleves', idpn: 7 }, 'no such PRONOTE person'],
    [{ kind: 'exclude', population: 'eleves' }, 'give idPartenaire, idpn or both'],
    [{ kind: 'drop', population: 'eleves', idpn: 'P1' }, 'kind'],
  ])('refuses %j', (value, message) => {
    expect(() => checkDecision(value, known)).toThrow(message);
  });
});
