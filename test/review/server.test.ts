/**
 * The supervision server's JSON API: paging, filters, search, sort, person details, decisions
 * (pending, confirmed, round trip through the saved file), the save callback, and the refusals
 * (secret path, Host, custom header, bad parameters).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEntPronoteError, matchAccounts, type ManualDecisions } from '../../src/index';
import { reviewInputsFromMatchJson, type ReviewFile, startReviewServer, type ReviewServer } from '../../src/review';
import { matchResultToJson } from '../../src/report';
import { e, es, p, ps, resetIdents } from '../match/helpers';
import { realLinks, reviewWorld } from './world';

function small() {
  resetIdents(1000);
  const ent = {
    personnels: [e('S1', 'Bonnet', 'Inès')],
    professeurs: [e('T1', 'Petit', 'Anne', '1980-05-05')],
    responsables: [e('R1', 'Martin', 'Sophie')],
    eleves: [
      es('E1', 'Martin', 'Léa', '05/03/2012', ['R1']),
      es('E2', 'Durand', 'Hugo', '2011-01-01'),
      es('E3', 'Durand', 'Hugo', '2011-01-01'),
      es('E4', 'Zola', 'Émile', '2012-02-02'),
      es('E5', 'Lefèvre', 'Noé', '2012-06-06'),
    ],
  };
  const pronote = {
    personnels: [p('Q1', 'BONNET', 'INES')],
    professeurs: [p('U1', 'PETIT', 'ANNE', '1980-05-05', 'OLD-T1')],
    responsables: [p('QR1', 'MARTIN', 'SOPHIE', undefined, undefined, 501)],
    eleves: [
      ps('P1', 'MARTIN', 'LEA', '2012-03-05', [501]),
      ps('P2', 'DURAND', 'HUGO', '2011-01-01'),
      ps('P3', 'DURAND', 'HUGO', '2011-01-01'),
      ps('P5', 'Lefevre', 'Noe', '2012-06-07'),
    ],
  };
  return { ent, pronote };
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

function call(server: ReviewServer, path: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const u = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
        headers: { 'X-Review': '1', ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(JSON.stringify(options.body));
    req.end();
  });
}

describe('review server API', () => {
  let server: ReviewServer;
  const saved: (readonly ReviewFile[])[] = [];
  const { ent, pronote } = small();
  /** The row key of a PRONOTE student (by Ident). */
  const pk = (idpn: string): string => `P:${pronote.eleves.find((x) => x.idpn === idpn)?.ident ?? -1}`;

  beforeAll(async () => {
    server = await startReviewServer({
      ent,
      pronote,
      info: { generatedAt: new Date(2026, 8, 1, 8, 30), school: { uai: '0410017W', nom: 'Lycée de test' }, sources: { ent: 'ent.xml', pronote: 'IdPN.xml' } },
      onSave: (files) => {
        saved.push(files);
        return files.map((f) => ({ path: `/out/${f.name}`, description: f.description }));
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('listens on the loopback only, under a secret path, with a strict CSP and no inline script', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{24}\/$/);
    const page = await call(server, server.url);
    expect(page.status).toBe(200);
    const html = String(page.body.text);
    expect(html).toContain('<script src="app.js" integrity="sha256-');
    expect(html).not.toMatch(/<script>|<style>|\sstyle="|\son[a-z]+="/);
    const wrongPath = await call(server, `http://127.0.0.1:${server.port}/api/summary`);
    expect(wrongPath.status).toBe(404);
    const wrongHost = await call(server, 'api/summary', { headers: { Host: 'evil.example:80' } });
    expect(wrongHost.status).toBe(421);
    const noHeader = await call(server, 'api/summary', { headers: { 'X-Review': '' } });
    expect(noHeader.status).toBe(403);
    const post = await call(server, 'api/summary', { body: {} });
    expect(post.status).toBe(405);
  });

  it('sends the summary: school, sources, mode, date, counts that agree with the filters', async () => {
    const s = (await call(server, 'api/summary')).body as { info: string[]; populations: { population: string; counts: Record<string, number>; filters: Record<string, number> }[]; totals: Record<string, number> };
    expect(s.info).toEqual([
      'Établissement : 0410017W — Lycée de test',
      'Fichiers : ENT : ent.xml ; PRONOTE : IdPN.xml',
      'Mode : complet (tout le monde ; un identifiant en conflit est remplacé)',
      'Rapprochement calculé le 01/09/2026 à 08:30',
    ]);
    const eleves = s.populations.find((x) => x.population === 'eleves');
    expect(eleves?.counts).toEqual({ ent: 5, pronote: 4, linked: 1, matched: 1, confirmed: 0, conflict: 0, manual: 0, entAmbiguous: 2, pronoteAmbiguous: 2, entUnmatched: 2, pronoteUnmatched: 1 });
    expect(eleves?.filters).toEqual({ all: 8, linked: 1, conflict: 0, ambiguous: 4, 'unmatched-ent': 2, 'unmatched-pronote': 1 });
    expect(s.totals.linked).toBe(4);
  });

  it('pages, filters, searches and sorts', async () => {
    const rows = async (q: string): Promise<{ total: number; rows: { key: string; status: string; ent: { naissance: string } | null }[] }> =>
      (await call(server, `api/rows?population=eleves&${q}`)).body as never;
    const all = await rows('limit=3');
    expect(all.total).toBe(8);
    expect(all.rows.map((r) => r.key)).toEqual(['E:E2', 'E:E3', pk('P2')]); // DURAND… by name, then list order
    const next = await rows('limit=3&offset=3');
    expect(next.rows.map((r) => r.key)).toEqual([pk('P3'), 'E:E5', pk('P5')]);
    const last = await rows('limit=3&offset=6');
    expect(last.rows.map((r) => r.key)).toEqual(['L:E1', 'E:E4']);
    expect(last.total).toBe(8);
    expect((await rows('filter=unmatched-ent')).rows.map((r) => r.key)).toEqual(['E:E5', 'E:E4']);
    expect((await rows('filter=unmatched-pronote')).rows.map((r) => r.key)).toEqual([pk('P5')]);
    expect((await rows('filter=linked')).rows.map((r) => r.key)).toEqual(['L:E1']);
    // search: accents and case ignored, every word must match, either side
    expect((await rows('q=lefevre')).rows.map((r) => r.key)).toEqual(['E:E5', pk('P5')]);
    expect((await rows('q=NOÉ%20lef')).rows.map((r) => r.key)).toEqual(['E:E5', pk('P5')]);
    expect((await rows('q=zola&filter=linked')).total).toBe(0);
    expect((await rows('sort=name&order=desc&limit=2')).rows.map((r) => r.key)).toEqual(['E:E4', 'L:E1']);
    expect((await rows('sort=status')).rows.map((r) => r.status)).toEqual(['ambiguous', 'ambiguous', 'ambiguous', 'ambiguous', 'unmatched', 'unmatched', 'unmatched', 'matched']);
    expect((await rows('sort=date&filter=unmatched-ent')).rows.map((r) => r.ent?.naissance)).toEqual(['02/02/2012', '06/06/2012']);
    for (const bad of ['population=x', 'population=eleves&filter=x', 'population=eleves&sort=x', 'population=eleves&offset=-1', 'population=eleves&order=up']) {
      expect((await call(server, `api/rows?${bad}`)).status).toBe(400);
    }
    expect((await rows('limit=100000')).rows.length).toBe(8); // at most 200 per page
  });

  it('explains a person and lists its candidates; searches the other side', async () => {
    const amb = (await call(server, 'api/person?population=eleves&key=E:E2')).body as { why: string; candidates: { id: string }[]; candidateCount: number };
    expect(amb.why).toContain('Plusieurs candidats : 2 personnes');
    expect(amb.candidates.map((c) => c.id)).toEqual(['P2', 'P3']);
    expect(amb.candidateCount).toBe(2);
    const none = (await call(server, 'api/person?population=eleves&key=E:E5')).body as { why: string; candidates: unknown[] };
    expect(none.why).toContain('Aucun candidat');
    expect(none.candidates).toEqual([]);
    const conflict = (await call(server, 'api/person?population=professeurs&key=L:T1')).body as { why: string };
    expect(conflict.why).toContain('Conflit');
    expect((await call(server, 'api/person?population=eleves&key=E:nobody')).status).toBe(404);
    const found = (await call(server, 'api/search?population=eleves&side=pronote&q=lefevre')).body as { total: number; people: { id: string; naissance: string }[] };
    expect(found).toEqual({ total: 1, people: [{ id: 'P5', ident: expect.any(Number), nom: 'Lefevre', prenom: 'Noe', naissance: '07/06/2012' }] });
    const linked = (await call(server, 'api/search?population=eleves&side=ent&q=martin')).body as { people: { linkedTo?: string; famille?: string }[] };
    expect(linked.people[0]?.linkedTo).toBe('MARTIN LEA');
    // the family tells homonyms apart: a student's parents, a parent's children
    expect(linked.people[0]?.famille).toBe('Responsables : Martin Sophie');
    const student = (await call(server, 'api/person?population=eleves&key=L:E1')).body as { row: { ent: { famille?: string }; pronote: { famille?: string } } };
    expect([student.row.ent.famille, student.row.pronote.famille]).toEqual(['Responsables : Martin Sophie', 'Responsables : MARTIN SOPHIE']);
    const parent = (await call(server, 'api/search?population=responsables&side=pronote&q=sophie')).body as { people: { famille?: string }[] };
    expect(parent.people[0]?.famille).toBe('Enfants : MARTIN LEA (05/03/2012)');
  });

  it('validates, confirms, unlinks and excludes; saves files whose decisions replay to the same links', async () => {
    const add = (decision: unknown): Promise<Reply> => call(server, 'api/pending', { body: { op: 'add', decision } });
    expect((await add({ kind: 'link', population: 'eleves', idPartenaire: 'E2', idpn: 'P3' })).status).toBe(200);
    expect((await add({ kind: 'link', population: 'eleves', idPartenaire: 'E3', idpn: 'P2' })).status).toBe(200);
    expect((await add({ kind: 'link', population: 'eleves', idPartenaire: 'E5', idpn: 'P5' })).status).toBe(200);
    expect((await add({ kind: 'unlink', population: 'professeurs', idPartenaire: 'T1', idpn: 'U1' })).status).toBe(200);
    expect((await add({ kind: 'exclude', population: 'eleves', idPartenaire: 'E4' })).status).toBe(200);
    // refused: unknown person, bad kind, bad population
    expect((await add({ kind: 'link', population: 'eleves', idPartenaire: 'E2', idpn: 'NOPE' })).status).toBe(400);
    expect((await add({ kind: 'merge', population: 'eleves', idPartenaire: 'E2' })).status).toBe(400);
    expect((await add({ kind: 'exclude', population: 'eleve', idPartenaire: 'E2' })).status).toBe(400);
    // not saved while pending
    expect((await call(server, 'api/save', { body: {} })).status).toBe(409);
    const confirmed = await call(server, 'api/confirm', { body: {} });
    expect(confirmed.status).toBe(200);
    const r = server.result();
    expect(r.populations.eleves.pairs.map((x) => `${x.idPartenaire}>${x.idpn}:${x.status}`)).toEqual(['E1>P1:matched', 'E2>P3:manual', 'E3>P2:manual', 'E5>P5:manual']);
    expect(r.populations.professeurs.pairs).toEqual([]);
    expect(r.populations.eleves.unmatched.map((u) => `${u.person.idPartenaire ?? ''}:${u.reason}`)).toEqual(['E4:excluded']);
    expect(server.decisions()).toEqual({
      pairs: [
        { population: 'eleves', idPartenaire: 'E2', idpn: 'P3' },
        { population: 'eleves', idPartenaire: 'E3', idpn: 'P2' },
        { population: 'eleves', idPartenaire: 'E5', idpn: 'P5' },
      ],
      exclusions: [
        { population: 'professeurs', idPartenaire: 'T1', idpn: 'U1' },
        { population: 'eleves', idPartenaire: 'E4' },
      ],
    });

    const save = await call(server, 'api/save', { body: {} });
    expect(save.status).toBe(200);
    const files = saved.at(-1) as readonly ReviewFile[];
    expect(files.map((f) => f.name)).toEqual(['decisions.json', 'liens-ent.csv', 'liens-pronote.csv', 'identifiant-cas-personnels.csv', 'identifiant-cas-responsables.csv', 'identifiant-cas-eleves.csv']);
    expect((save.body.files as { path: string }[]).map((f) => f.path)).toEqual(files.map((f) => `/out/${f.name}`));
    const decisions = JSON.parse(files[0]?.content as string) as ManualDecisions;
    expect(decisions).toEqual(server.decisions());
    const replay = matchAccounts(ent, pronote, { manual: decisions });
    expect(replay.pairs.map((x) => `${x.population} ${x.idPartenaire} ${x.idpn} ${x.status}`)).toEqual(r.pairs.map((x) => `${x.population} ${x.idPartenaire} ${x.idpn} ${x.status}`));
    expect(files[1]?.content).toBe(
      '\uFEFFPopulation;Identifiant ENT (ID_Partenaire);Identifiant PRONOTE (IDPN);Statut\r\npersonnels;S1;Q1;matched\r\nresponsables;R1;QR1;matched\r\neleves;E1;P1;matched\r\neleves;E2;P3;manual\r\neleves;E3;P2;manual\r\neleves;E5;P5;manual\r\n',
    );
    expect(files[5]?.content).toBe(
      '\uFEFFNom;Prénom;Né(e) le;Identifiant CAS\r\nMARTIN;LEA;05/03/2012;E1\r\nDURAND;HUGO;01/01/2011;E2\r\nDURAND;HUGO;01/01/2011;E3\r\nLefevre;Noe;07/06/2012;E5\r\n',
    );

    // revoke the exclusion: the person goes back to automatic matching
    expect((await add({ kind: 'revoke', population: 'eleves', idPartenaire: 'E4' })).status).toBe(200);
    expect((await call(server, 'api/confirm', { body: {} })).status).toBe(200);
    expect(server.decisions().exclusions).toEqual([{ population: 'professeurs', idPartenaire: 'T1', idpn: 'U1' }]);
  });

  it('reports a failed save with the reason of an EntPronoteError only', async () => {
    const failing = await startReviewServer({
      ...small(),
      onSave: () => {
        throw new Error('secret detail /home/x');
      },
    });
    try {
      const r = await call(failing, 'api/save', { body: {} });
      expect(r.status).toBe(500);
      expect(r.body.error).toBe('Enregistrement impossible (voir le terminal).');
    } finally {
      await failing.close();
    }
  });

  it('checks its options', async () => {
    await expect(startReviewServer({ ent: {}, pronote: {}, onSave: undefined as never })).rejects.toSatisfy((e) => isEntPronoteError(e, 'ERR_ARGUMENT'));
    await expect(startReviewServer({ ent: {}, pronote: {}, port: 70000, onSave: () => [] })).rejects.toSatisfy((e) => isEntPronoteError(e, 'ERR_ARGUMENT'));
  });
});

describe('reviewInputsFromMatchJson', () => {
  it('rebuilds inputs that match again to the same links (parents through their students)', () => {
    const world = reviewWorld('review-json', 120);
    const result = matchAccounts(world.school.partenaireIndex, world.school.identifiantsComplet);
    const json = JSON.parse(JSON.stringify(matchResultToJson(result))) as unknown;
    const inputs = reviewInputsFromMatchJson(json);
    const again = matchAccounts(inputs.ent, inputs.pronote, { mode: inputs.mode });
    const key = (r: typeof result): string[] => r.pairs.map((x) => `${x.population} ${x.idPartenaire} ${x.idpn} ${x.status}`).sort();
    expect(key(again)).toEqual(key(result));
    expect(again.totals).toEqual(result.totals);
    expect(realLinks(world.truth).length).toBeGreaterThan(result.pairs.length - 1);
  });

  it('rebuilds staff without an IDPN (by Ident)', () => {
    const ent = { personnels: [{ idPartenaire: 'S1', nom: 'Bonnet', prenom: 'Inès' }, { idPartenaire: 'S2', nom: 'Roux', prenom: 'Paul' }] };
    const pronote = { personnels: [{ ident: 5, nom: 'BONNET', prenom: 'INES' }, { ident: 6, nom: 'Garcia', prenom: 'Luis' }] };
    const result = matchAccounts(ent, pronote);
    const inputs = reviewInputsFromMatchJson(JSON.parse(JSON.stringify(matchResultToJson(result))) as unknown);
    expect(inputs.pronote.personnels).toEqual([
      { ident: 5, nom: 'BONNET', prenom: 'INES' },
      { ident: 6, nom: 'Garcia', prenom: 'Luis' },
    ]);
    const again = matchAccounts(inputs.ent, inputs.pronote);
    expect(again.pairs.map((x) => `${x.idPartenaire} ${x.pronote.ident}`)).toEqual(['S1 5']);
  });

  it('refuses a report without names, saying how to get one', () => {
    const result = matchAccounts(small().ent, small().pronote);
    const json = JSON.parse(JSON.stringify(matchResultToJson(result, { people: false }))) as unknown;
    expect(() => reviewInputsFromMatchJson(json)).toThrow(/match --json-report/);
    expect(() => reviewInputsFromMatchJson({ version: 1 })).toThrow(/version 2/);
  });
});
