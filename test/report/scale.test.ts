/**
 * A large homonym group (2,000 identical people per side) no longer makes the reports grow with
 * the square of the group: candidate lists are capped in the result, the HTML lists are capped.
 */
import { describe, expect, it } from 'vitest';
import { matchAccounts } from '../../src/index';
import { renderMatchCsv, renderMatchHtml, renderMatchJson } from '../../src/report';

describe('2,000 homonyms per side', () => {
  const n = 2000;
  const ent = { eleves: Array.from({ length: n }, (_, i) => ({ idPartenaire: `E${i}`, nom: 'Martin', prenom: 'Léa', dateNaissance: '2012-01-01' })) };
  const pronote = { eleves: Array.from({ length: n }, (_, i) => ({ ident: i, idpn: `P${i}`, nom: 'MARTIN', prenom: 'LEA', dateNaissance: '01/01/2012' })) };
  const result = matchAccounts(ent, pronote);

  it('lists at most 10 candidates per person, and says how many there are', () => {
    expect(result.totals.ambiguous).toBe(2 * n);
    for (const a of result.populations.eleves.ambiguous) {
      expect(a.candidates).toHaveLength(10);
      expect(a.candidateCount).toBe(n);
    }
  });

  it('renders JSON, CSV and HTML of a size linear in the people', () => {
    const json = renderMatchJson(result, { indent: 0 });
    const parsed = JSON.parse(json) as { ambiguous: { candidates: unknown[]; candidateCount: number }[] };
    expect(parsed.ambiguous[0]?.candidates).toHaveLength(10);
    expect(parsed.ambiguous[0]?.candidateCount).toBe(n);
    expect(json.length).toBeLessThan(2 * n * 1500);
    expect(renderMatchCsv(result).length).toBeLessThan(2 * n * 600);
    const html = renderMatchHtml(result);
    expect(html.match(/<tr data-status="ambiguous"/g)).toHaveLength(500);
    expect(html.length).toBeLessThan(2_000_000);
  });
});
