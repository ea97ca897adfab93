import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchAccounts } from '../../src/match/match';
import { MATCH_HTML_CSP, renderMatchHtml } from '../../src/report/html';
import { sampleResult } from './sample';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

describe('renderMatchHtml (static checks)', () => {
  const html = renderMatchHtml(sampleResult(), { subtitle: 'Lycée <Test> & "Co"' });

  it('is one HTML document in French with a strict CSP meta tag', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="fr">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toBe(MATCH_HTML_CSP);
    expect(MATCH_HTML_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'none'; base-uri 'none'; form-action 'none'$/);
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('allows exactly its inline style sheet and script by their hashes', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] as string);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect(MATCH_HTML_CSP).toContain(`style-src 'sha256-${sha256(styles[0] as string)}'`);
    expect(MATCH_HTML_CSP).toContain(`script-src 'sha256-${sha256(scripts[0] as string)}'`);
  });

  it('loads nothing: no external reference, no inline handler, no style attribute', () => {
    expect(html).not.toMatch(/\b(src|href|action|srcset)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('escapes every value', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Zoé &quot;Z&quot;; x');
    expect(html).toContain('Lycée &lt;Test&gt; &amp; &quot;Co&quot;');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)');
  });

  it('escapes hostile values in every position (names, identifiers, dates, title)', () => {
    const evil = `"'><img src=x onerror=alert(1)><!--`;
    const r = matchAccounts(
      { eleves: [{ idPartenaire: evil, nom: evil, prenom: evil, dateNaissance: evil }], professeurs: [{ idPartenaire: 'a', nom: 'X', prenom: 'Y' }, { idPartenaire: 'b', nom: 'X', prenom: 'Y' }] },
      { eleves: [{ ident: 1, idpn: evil, nom: evil, prenom: evil, dateNaissance: evil, idPartenaire: evil }], professeurs: [{ ident: 2, idpn: evil, nom: 'X', prenom: 'Y' }] },
    );
    const out = renderMatchHtml(r, { title: evil, subtitle: evil });
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<!--');
    expect(out).not.toMatch(/<[a-z][^>]*\sonerror/i);
    expect(out).toContain('&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;!--');
  });

  it('shows the counts in the summary table', () => {
    const row = /<tr data-population="eleves">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(row).toContain('<th scope="row">Élèves</th>');
    expect(row).toContain('<td data-count="ent">6</td><td data-count="pronote">5</td><td data-count="matched">2</td><td data-count="confirmed">0</td>');
    expect(row).toContain('<td data-count="manual">1</td><td data-count="ambiguous">3</td><td data-count="unmatched">2</td>');
    expect(html).toMatch(/<tr class="total" data-population="total"><th scope="row">Total<\/th><td data-count="ent">11<\/td>/);
  });

  it('has one table row per person, grouped for the filters', () => {
    const eleves = /<section class="population" id="pop-eleves"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const groups = [...eleves.matchAll(/<tr data-status="([a-z]+)" data-group="([a-z]+)">/g)].map((m) => `${m[1]}/${m[2]}`);
    expect(groups).toEqual([
      'matched/linked',
      'matched/linked',
      'manual/linked',
      'ambiguous/ambiguous',
      'ambiguous/ambiguous',
      'ambiguous/ambiguous',
      'unmatched/unmatched',
      'unmatched/unmatched',
    ]);
    expect(eleves).toContain('<button type="button" data-filter="unmatched" aria-pressed="false">Non rapprochés (2)</button>');
    expect(eleves).toContain('<button type="button" data-filter="ambiguous" aria-pressed="false">Ambigus (3)</button>');
  });

  it('can show only the people that need attention', () => {
    const out = renderMatchHtml(sampleResult(), { include: 'problems' });
    expect(out).not.toContain('<tr data-status="matched"');
    expect(out).not.toContain('<tr data-status="confirmed"');
    expect(out).toContain('<tr data-status="conflict"');
    expect(out).toContain('<tr data-status="manual"');
    expect(html).toContain('<tr data-status="matched"');
  });

  it('says when a population is empty', () => {
    const out = renderMatchHtml(matchAccounts({}, {}));
    expect(out.match(/<p class="empty">Aucune personne\.<\/p>/g)).toHaveLength(4);
  });
});
