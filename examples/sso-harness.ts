/**
 * A single sign-on test harness: a generated world, the test CAS server over its ENT accounts,
 * the PRONOTE stand-in over its first school, and every account of that school logged in as a
 * browser would (PRONOTE → CAS login form → back with the ticket), in one of PRONOTE's three
 * modes. Each outcome is compared with the ground truth; one JSON line per mismatch (identifiers
 * only, never names) and a summary line; exit code 1 on any mismatch.
 *
 *   npx tsx examples/sso-harness.ts [--mode identite|identite-pronote|double-authentification]
 *                                   [--protocol cas2|cas3|saml11] [--students N] [--seed S]
 */

import { parseArgs } from 'node:util';
import { generateFixtures } from 'ent-pronote/fixtures';
import { startCasTestServer, startPronoteStandIn } from 'ent-pronote/cas/server';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'identite' },
    protocol: { type: 'string', default: 'cas2' },
    students: { type: 'string', default: '60' },
    seed: { type: 'string', default: 'sso-harness' },
  },
});
const mode = values.mode as 'identite' | 'identite-pronote' | 'double-authentification';
const protocol = values.protocol as 'cas2' | 'cas3' | 'saml11';

const fixtures = generateFixtures({ seed: values.seed, students: Number(values.students) });
const truth = fixtures.groundTruth.sso?.schools[0];
if (truth === undefined) throw new Error('the fixture world has no single sign-on ground truth');

const cas = await startCasTestServer({ accounts: fixtures, layout: 'entcore' });
const pronote = await startPronoteStandIn({
  casUrl: cas.url,
  people: fixtures.schools[0]!.identifiantsComplet,
  mode,
  protocol,
  logins: truth.pronote,
  // A harness knows the ENT's accounts: an identity must then be unique among them too (as the
  // ground truth's expectations are computed). PRONOTE itself does not know them.
  recognize: { ent: fixtures.schools[0]!.partenaireIndex },
});

/** The `Set-Cookie` of an answer as a `Cookie` header value. */
function cookieOf(res: Response): string {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

let checked = 0;
let mismatches = 0;
const counts: Record<string, number> = {};
try {
  for (const account of truth.accounts) {
    const expected = account.expected[mode];
    // The browser: PRONOTE sends it to the CAS, which shows its form; the user logs in.
    const start = await fetch(`${pronote.url}/pronote/`, { redirect: 'manual' });
    const loginPage = new URL(start.headers.get('location') as string);
    const service = loginPage.searchParams.get('service') as string;
    const login = await fetch(`${cas.url}/login`, { method: 'POST', body: new URLSearchParams({ username: account.login, password: account.password, service }), redirect: 'manual' });
    const back = await fetch(login.headers.get('location') as string, { headers: { accept: 'application/json' } });
    let summary = (await back.json()) as { status: string; ident?: number };
    if (summary.status === 'double-authentification' && account.trueIdent !== undefined) {
      // Mode 3: the user types their PRONOTE login and password once.
      const person = truth.pronote.find((p) => p.population === account.population && p.ident === account.trueIdent);
      if (person !== undefined) {
        const form = await fetch(`${pronote.url}/pronote/double-authentification`, {
          method: 'POST',
          body: new URLSearchParams({ login: person.login, password: person.password }),
          headers: { accept: 'application/json', cookie: cookieOf(back) },
        });
        summary = (await form.json()) as { status: string; ident?: number };
      }
    }
    checked++;
    const status = summary.status === 'double-authentification' ? 'unknown' : summary.status;
    counts[status] = (counts[status] ?? 0) + 1;
    if (status !== expected.status || summary.ident !== expected.ident) {
      mismatches++;
      console.log(JSON.stringify({ population: account.population, idPartenaire: account.idPartenaire, expected, got: summary }));
    }
  }
} finally {
  await pronote.close();
  await cas.close();
}
console.log(JSON.stringify({ mode, protocol, checked, mismatches, counts }));
process.exitCode = mismatches === 0 ? 0 : 1;
