import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchAccounts } from '../../src/index';
import { MATCH_HTML_CSP, renderMatchHtml } from '../../src/report';
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

  it('shows the counts in the summary table, each saying which side it counts', () => {
    const head = /<table id="summary"><thead>(.*?)<\/thead>/.exec(html)?.[1] ?? '';
    expect([...head.matchAll(/<th>([^<]*)<\/th>/g)].map((m) => m[1])).toEqual([
      'Population',
      'Comptes ENT',
      'Personnes PRONOTE',
      'Rapprochés (liens)',
      'dont nouveaux liens',
      'dont liens déjà connus',
      'dont conflits',
      'dont liens manuels',
      'Ambigus côté ENT',
      'Ambigus côté PRONOTE',
      'Non rapprochés côté ENT',
      'Non rapprochés côté PRONOTE',
    ]);
    const row = /<tr data-population="eleves">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
    expect(row).toBe(
      '<th scope="row">Élèves</th><td data-count="ent">6</td><td data-count="pronote">5</td><td data-count="linked">3</td><td data-count="matched">2</td>' +
        '<td data-count="confirmed">0</td><td data-count="conflict">0</td><td data-count="manual">1</td><td data-count="entAmbiguous">2</td>' +
        '<td data-count="pronoteAmbiguous">1</td><td data-count="entUnmatched">1</td><td data-count="pronoteUnmatched">1</td>',
    );
    expect(html).toMatch(/<tr class="total" data-population="total"><th scope="row">Total<\/th><td data-count="ent">11<\/td>/);
  });

  it('says when, for which school, from which files, in which mode, and what comes next', () => {
    const out = renderMatchHtml(sampleResult(), { generatedAt: new Date(2026, 8, 1, 14, 7), school: { uai: '0410017W', nom: 'Lycée X' }, sources: { ent: 'e.xml', pronote: 'p.xml' } });
    expect(out).toContain('<p class="meta">Généré le 01/09/2026 à 14:07</p><p class="meta">Établissement : 0410017W — Lycée X</p>');
    expect(out).toContain('<p class="meta">Fichiers : ENT : e.xml ; PRONOTE : p.xml</p>');
    expect(out).toContain('<p class="meta">Mode : complet (tout le monde ; un identifiant en conflit est remplacé)</p>');
    expect(out).toContain('<h2 id="next-title">Et ensuite ?</h2>');
    expect(out).toContain('sauvegarde de la base PRONOTE');
    expect(out).toContain('<dt>Identifiant ENT</dt>');
    expect(out).toContain('<td>05/03/2012</td>'); // dd/mm/yyyy
    expect(out).not.toContain('2012-03-05');
  });

  it('has one table row per person, the ones to act on first, with filter counts equal to the summary', () => {
    const eleves = /<section class="population" id="pop-eleves"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const groups = [...eleves.matchAll(/<tr data-status="([a-z]+)" data-side="([a-z]+)" data-groups="([a-z -]+)">/g)].map((m) => `${m[1]}/${m[2]}/${m[3]}`);
    expect(groups).toEqual([
      'ambiguous/ent/ambiguous',
      'ambiguous/ent/ambiguous',
      'ambiguous/pronote/ambiguous',
      'unmatched/ent/unmatched-ent',
      'unmatched/pronote/unmatched-pronote',
      'matched/both/linked',
      'matched/both/linked',
      'manual/both/linked',
    ]);
    expect(eleves).toContain('<button type="button" data-filter="all" aria-pressed="true">Tous (8)</button>');
    expect(eleves).toContain('<button type="button" data-filter="linked" aria-pressed="false">Rapprochés (3)</button>');
    expect(eleves).toContain('<button type="button" data-filter="unmatched-ent" aria-pressed="false">Non rapprochés côté ENT (1)</button>');
    expect(eleves).toContain('<button type="button" data-filter="unmatched-pronote" aria-pressed="false">Non rapprochés côté PRONOTE (1)</button>');
    expect(eleves).toContain('<button type="button" data-filter="ambiguous" aria-pressed="false">Ambigus (3)</button>');
    const profs = /<section class="population" id="pop-professeurs"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(profs).toContain('data-status="conflict" data-side="both" data-groups="linked conflict"');
  });

  it('caps each kind of row and points to the complete reports; caps candidate lists', () => {
    const ent = { eleves: Array.from({ length: 30 }, (_, i) => ({ idPartenaire: `E${i}`, nom: 'Homo', prenom: 'Nyme', dateNaissance: '2012-01-01' })) };
    const pronote = { eleves: Array.from({ length: 30 }, (_, i) => ({ ident: i, idpn: `P${i}`, nom: 'Homo', prenom: 'Nyme', dateNaissance: '2012-01-01' })) };
    const out = renderMatchHtml(matchAccounts(ent, pronote, { candidateLimit: 3 }), { maxRows: 4 });
    expect(out.match(/<tr data-status="ambiguous"/g)).toHaveLength(4);
    expect(out).toContain('Liste abrégée : 4 lignes affichées, 56 de plus');
    expect(out).toContain('ent-pronote review');
    expect(out).toContain('<li>… et 27 autres</li>');
    expect(out).toContain('Ambigus (60)');
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
