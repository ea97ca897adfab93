/**
 * The "done" scenario: a generated population with every difficulty (accents, hyphens,
 * case, homonyms, twins, siblings sharing parents, people missing on each side, held and
 * conflicting identifiers) is matched without a wrong link, and the three reports agree with
 * the result.
 */
import { describe, expect, it } from 'vitest';
import { matchAccounts, POPULATIONS } from '../../src/index';
import { renderMatchCsv, renderMatchHtml, matchResultToJson, renderMatchJson } from '../../src/report';
import { generate } from '../match/population';

describe('generated population, end to end', () => {
  const g = generate(20260901, 10, { strict: true });
  const result = matchAccounts(g.ent, g.pronote, { mode: 'Complet' });

  it('has every difficulty and no wrong link', () => {
    expect(result.totals.matched).toBeGreaterThan(50);
    expect(result.totals.confirmed).toBeGreaterThan(5);
    expect(result.totals.conflict).toBeGreaterThan(5);
    expect(result.totals.ambiguous).toBeGreaterThan(5);
    expect(result.totals.unmatched).toBeGreaterThan(5);
    expect(result.populations.responsables.counts.matched).toBeGreaterThan(10);
    for (const p of result.pairs) expect(g.humanOfEnt.get(p.idPartenaire)).toBe(g.humanOfIdpn.get(p.idpn as string));
  });

  it('JSON carries the same counts and pairs', () => {
    const json = JSON.parse(renderMatchJson(result)) as ReturnType<typeof matchResultToJson>;
    for (const pop of POPULATIONS) expect(json.counts[pop]).toEqual(matchResultToJson(result).counts[pop]);
    expect(json.pairs.map((p) => `${p.idPartenaire}→${p.idpn}`)).toEqual(result.pairs.map((p) => `${p.idPartenaire}→${p.idpn}`));
    expect(json.ambiguous).toHaveLength(result.totals.ambiguous);
    expect(json.unmatched).toHaveLength(result.totals.unmatched);
  });

  it('CSV has one row per person', () => {
    const lines = renderMatchCsv(result, { preamble: false }).split('\r\n').filter((l) => l !== '');
    const t = result.totals;
    // no field of the generated data holds a line break, so lines are rows
    expect(lines.length - 1).toBe(t.matched + t.confirmed + t.conflict + t.manual + t.ambiguous + t.unmatched);
  });

  it('HTML shows the counts and one row per person', () => {
    const html = renderMatchHtml(result, { maxRows: 100_000 });
    for (const pop of POPULATIONS) {
      const c = result.populations[pop].counts;
      const row = new RegExp(`<tr data-population="${pop}">(.*?)</tr>`).exec(html)?.[1] ?? '';
      const linked = c.matched + c.confirmed + c.conflict + c.manual;
      expect(row).toContain(`<td data-count="linked">${linked}</td><td data-count="matched">${c.matched}</td>`);
      expect(row).toContain(`<td data-count="entAmbiguous">${c.entAmbiguous}</td><td data-count="pronoteAmbiguous">${c.pronoteAmbiguous}</td>`);
      expect(row).toContain(`<td data-count="entUnmatched">${c.entUnmatched}</td><td data-count="pronoteUnmatched">${c.pronoteUnmatched}</td>`);
      // the filters count the same rows as the summary
      const section = new RegExp(`<section class="population" id="pop-${pop}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
      expect(section).toContain(`data-filter="linked" aria-pressed="false">Rapprochés (${linked})</button>`);
      expect(section.match(/data-groups="linked/g)?.length ?? 0).toBe(linked);
      expect(section.match(/data-groups="unmatched-ent"/g)?.length ?? 0).toBe(c.entUnmatched);
    }
    const t = result.totals;
    expect(html.match(/<tr data-status=/g)).toHaveLength(t.matched + t.confirmed + t.conflict + t.manual + t.ambiguous + t.unmatched);
  });
});
