/**
 * Interop: phpCAS (Debian's php-cas, an independent CAS client) validates tickets issued by our
 * test CAS server in CAS 2.0, CAS 3.0 and SAML 1.1, and reads the user and every attribute.
 * The PHP script runs from the command line with the ticket in `$_GET['ticket']`, as a web
 * server would hand it over (test/sso/php/validate.php).
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CasTestServer, startCasTestServer } from '../../src/cas/server/index';
import type { Eleve, PartenaireIndex } from '../../src/index';
import { casLogin, frenchDate, HAS_PHPCAS, PASSWORD, world } from './helpers';

const SCRIPT = join(__dirname, 'php', 'validate.php');
const SERVICE = 'http://127.0.0.1:9/pronote/eleve.html';

function php(version: string, casUrl: string, ticket: string, tmp: string): Promise<{ code: number; out: unknown; stderr: string }> {
  return new Promise((resolve) => {
    execFile('php', [SCRIPT, version, casUrl, SERVICE, ticket], { env: { ...process.env, TMPDIR: tmp }, timeout: 30_000 }, (error, stdout, stderr) => {
      let out: unknown = stdout;
      try {
        out = JSON.parse(stdout);
      } catch {
        // keep the raw text
      }
      resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), out, stderr });
    });
  });
}

const ABSENT = 'phpCAS is not installed (Debian packages php-cli, php-cas, php-curl, php-xml; .ci/run installs them)';

describe.skipIf(!HAS_PHPCAS && process.env.CI !== 'true')(HAS_PHPCAS ? 'phpCAS validates tickets of our CAS server' : `SKIPPED: ${ABSENT}`, () => {
  let cas: CasTestServer;
  let doc: PartenaireIndex;
  let eleve: Eleve;
  let parentId: string;
  let tmp: string;

  beforeAll(async () => {
    if (!HAS_PHPCAS) throw new Error(ABSENT);
    tmp = mkdtempSync(join(tmpdir(), 'ent-pronote-phpcas-'));
    const w = world();
    doc = w.schools[0]!.partenaireIndex;
    eleve = doc.eleves.find((e) => e.codePostal !== undefined) ?? doc.eleves[0]!;
    parentId = doc.responsables[0]!.idPartenaire;
    // IDPN released too (mode 2): the school's complete identifier file.
    cas = await startCasTestServer({ accounts: doc, identifiants: w.schools[0]!.identifiantsComplet, password: PASSWORD, servicePattern: 'http://127.0.0.1:9/pronote/**', layout: 'entcore' });
  });

  afterAll(async () => {
    await cas?.close();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  function expectedIdpn(idPartenaire: string): string {
    const truth = world().groundTruth.schools[0]!.complet.pronote.find((p) => p.trueIdPartenaire === idPartenaire && (p.status === 'matched' || p.status === 'confirmed' || p.status === 'conflict'));
    return truth!.idpn as string;
  }

  for (const version of ['2.0', '3.0', 'S1'] as const) {
    it(`${version === 'S1' ? 'SAML 1.1' : `CAS ${version}`}: the user and every attribute of a student`, async () => {
      const login = await casLogin(cas.url, eleve.idPartenaire, PASSWORD, SERVICE);
      expect(login.status).toBe(302);
      const r = await php(version, cas.url, login.ticket as string, tmp);
      expect(r.stderr).toBe('');
      const attributes: Record<string, string> = { nom: eleve.nom, prenom: eleve.prenom, dateNaissance: frenchDate(eleve.dateNaissance) };
      if (eleve.codePostal !== undefined) attributes.codePostal = eleve.codePostal;
      attributes.categories = 'National_1';
      attributes.IDPN = expectedIdpn(eleve.idPartenaire);
      expect(r.out).toEqual({ user: eleve.idPartenaire, attributes });
      expect(r.code).toBe(0);
    });
  }

  it('SAML 1.1 and CAS 3.0: a multi-valued attribute reaches phpCAS as an array', async () => {
    // A teacher who is also a parent: the apereo preset releases one category per profile.
    const multi = structuredClone(doc);
    const teacher = multi.professeurs[0]!;
    multi.responsables[0]!.idPartenaire = teacher.idPartenaire;
    const apereo = await startCasTestServer({
      accounts: multi,
      password: PASSWORD,
      servicePattern: 'http://127.0.0.1:9/pronote/**',
      layout: 'apereo',
      profile: { user: 'idPartenaire' },
    });
    try {
      for (const version of ['3.0', 'S1']) {
        const login = await casLogin(apereo.url, teacher.idPartenaire, PASSWORD, SERVICE);
        const r = await php(version, apereo.url, login.ticket as string, tmp);
        expect(r.out).toMatchObject({ user: teacher.idPartenaire, attributes: { categories: ['National_3', 'National_2'] } });
      }
    } finally {
      await apereo.close();
    }
  });

  it('phpCAS refuses a replayed ticket and a ticket of another service', async () => {
    const login = await casLogin(cas.url, parentId, PASSWORD, SERVICE);
    expect((await php('2.0', cas.url, login.ticket as string, tmp)).out).toMatchObject({ user: parentId });
    const replay = await php('2.0', cas.url, login.ticket as string, tmp);
    expect(replay.code).toBe(1);
    expect(replay.out).toMatchObject({ error: 'CAS_AuthenticationException' });
    const other = await casLogin(cas.url, parentId, PASSWORD, 'http://127.0.0.1:9/pronote/parent.html');
    const foreign = await php('3.0', cas.url, other.ticket as string, tmp);
    expect(foreign.code).toBe(1);
    expect(foreign.out).toMatchObject({ error: 'CAS_AuthenticationException' });
  });
});
