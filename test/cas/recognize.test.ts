import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENTCORE_PRESET,
  LACLASSE_PRESET,
  RECOGNITION_MODES,
  buildCasValidationResponse,
  buildSamlValidateResponse,
  idpnToStore,
  parseCasValidationResponse,
  parseSamlValidateResponse,
  pronoteProfile,
  recognizeCasUser,
  type CasValidationSuccess,
} from '../../src/cas';
import { generateFixtures } from '../../src/fixtures';
import { type IdentifiantsPronote, matchAccounts, POPULATIONS } from '../../src/index';
import { boosted } from '../generator/helpers';

const people: IdentifiantsPronote = {
  version: '1',
  date: '2026-09-01T08:00:00Z',
  uai: '0410017W',
  socle: 'TEST',
  mode: 'Complet',
  personnels: [{ ident: 1, nom: 'BERNARD', prenom: 'Luc' }],
  professeurs: [
    { ident: 2, idpn: 'P2AAAAAAAAAAAAAA', nom: 'PETIT', prenom: 'Anne', dateNaissance: '1980-01-01' },
    { ident: 3, idpn: 'P3AAAAAAAAAAAAAA', nom: 'PETIT', prenom: 'Anne', dateNaissance: '1985-05-05' },
  ],
  responsables: [{ ident: 4, idpn: 'R4AAAAAAAAAAAAAA', nom: 'MARTIN', prenom: 'Zoé', idPartenaire: 'r-held' }],
  eleves: [
    { ident: 5, idpn: 'E5AAAAAAAAAAAAAA', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31', responsables: [4] },
    { ident: 6, idpn: 'E6AAAAAAAAAAAAAA', nom: 'DURAND', prenom: 'Léa', dateNaissance: '2011-03-03', responsables: [] },
    { ident: 7, idpn: 'E7AAAAAAAAAAAAAA', nom: 'DURAND', prenom: 'Léa', dateNaissance: '2011-03-03', responsables: [] },
  ],
};
const cas = (user: string, attributes: Record<string, string[]>): CasValidationSuccess => ({ ok: true, user, attributes, proxies: [] });

describe('recognizeCasUser', () => {
  it('mode 1: by identity with the engine\'s normalisation (case, accents, dd/mm/yyyy)', () => {
    const r = recognizeCasUser(cas('e-1', { nom: ['martin'], prenom: ['NOE'], dateNaissance: ['31/12/2010'], categories: ['National_1'] }), people, { mode: 'identite' });
    expect(r).toEqual({ status: 'recognized', reason: 'identity', person: people.eleves[0], population: 'eleves' });
  });

  it('staff without IDPN are recognised by identity', () => {
    const r = recognizeCasUser(cas('s-1', { nom: ['Bernard'], prenom: ['Luc'], categories: ['National_4'] }), people, { mode: 'identite' });
    expect(r).toMatchObject({ status: 'recognized', population: 'personnels', person: { ident: 1 } });
    expect(recognizeCasUser(cas('s-1', { nom: ['Bernard'], prenom: ['Luc'], categories: ['National_4'] }), people, { mode: 'identite-pronote' })).toEqual({ status: 'unknown', reason: 'no-idpn' });
  });

  it('homonym students (same name and birth date) are ambiguous, never guessed', () => {
    const r = recognizeCasUser(cas('e-2', { nom: ['DURAND'], prenom: ['Léa'], dateNaissance: ['2011-03-03'] }), people, { mode: 'identite' });
    expect(r.status).toBe('ambiguous');
    expect(r.reason).toBe('homonyms');
    expect(r.candidates?.map((c) => c.person.ident)).toEqual([6, 7]);
    expect(r.person).toBeUndefined();
  });

  it('teachers with the same name are told apart by birth date, not without one', () => {
    const att = { nom: ['Petit'], prenom: ['Anne'], categories: ['National_3'] };
    expect(recognizeCasUser(cas('t', { ...att, dateNaissance: ['05/05/1985'] }), people, { mode: 'identite' })).toMatchObject({ status: 'recognized', person: { ident: 3 } });
    expect(recognizeCasUser(cas('t', att), people, { mode: 'identite' })).toMatchObject({ status: 'ambiguous', reason: 'homonyms' });
  });

  it('linked when the CAS user is a held ID_Partenaire or a stored Id. CAS', () => {
    expect(recognizeCasUser(cas('r-held', {}), people, { mode: 'identite' })).toEqual({ status: 'linked', reason: 'id-partenaire', person: people.responsables[0], population: 'responsables' });
    const links = new Map([['whoever', { population: 'eleves' as const, ident: 6 }]]);
    expect(recognizeCasUser(cas('whoever', {}), people, { mode: 'double-authentification', links })).toMatchObject({ status: 'linked', reason: 'stored-link', person: { ident: 6 } });
    expect(recognizeCasUser(cas('gone', {}), people, { mode: 'identite', links: { gone: { population: 'eleves', ident: 99 } } })).toEqual({ status: 'unknown', reason: 'unknown-link' });
  });

  it('mode 2: the IDPN attribute; mode 3: the PRONOTE credentials', () => {
    expect(recognizeCasUser(cas('x', { IDPN: ['E7AAAAAAAAAAAAAA'] }), people, { mode: 'identite-pronote' })).toMatchObject({ status: 'recognized', reason: 'idpn', person: { ident: 7 } });
    expect(recognizeCasUser(cas('x', { pronoteId: ['E7AAAAAAAAAAAAAA'] }), people, { mode: 'identite-pronote', attributeNames: { idpn: 'pronoteId' } })).toMatchObject({ person: { ident: 7 } });
    expect(recognizeCasUser(cas('x', { IDPN: ['NOPE'] }), people, { mode: 'identite-pronote' })).toEqual({ status: 'unknown', reason: 'no-candidate' });
    expect(recognizeCasUser(cas('x', {}), people, { mode: 'double-authentification' })).toEqual({ status: 'unknown', reason: 'credentials-required' });
    expect(recognizeCasUser(cas('x', {}), people, { mode: 'double-authentification', authenticated: { population: 'eleves', ident: 5 } })).toMatchObject({ status: 'recognized', reason: 'credentials', person: { ident: 5 } });
  });

  it('parents: not by name alone by default (a homonym parent of another family could be named); parentsByName opts in', () => {
    const parent = cas('r-2', { nom: ['MARTIN'], prenom: ['Zoe'], categories: ['National_2'] });
    expect(recognizeCasUser(parent, people, { mode: 'identite' })).toEqual({ status: 'unknown', reason: 'parent-identity' });
    expect(recognizeCasUser(parent, people, { mode: 'identite', parentsByName: true })).toMatchObject({ status: 'recognized', person: { ident: 4 } });
    // Homonym parents on the ENT side make it ambiguous (unique both ways).
    const ent = { responsables: [{ idPartenaire: 'r-2', nom: 'MARTIN', prenom: 'Zoé' }, { idPartenaire: 'r-3', nom: 'Martin', prenom: 'ZOE' }] };
    expect(recognizeCasUser(parent, people, { mode: 'identite', parentsByName: true, ent })).toMatchObject({ status: 'ambiguous', reason: 'homonyms' });
  });

  it('unknown without a candidate, or with an incomplete identity', () => {
    expect(recognizeCasUser(cas('x', { nom: ['NOBODY'], prenom: ['Nil'] }), people, { mode: 'identite' })).toEqual({ status: 'unknown', reason: 'no-candidate' });
    expect(recognizeCasUser(cas('x', { nom: ['MARTIN'] }), people, { mode: 'identite' })).toEqual({ status: 'unknown', reason: 'incomplete-identity' });
    expect(recognizeCasUser(cas('x', { nom: ['MARTIN', 'DURAND'], prenom: ['Noé'] }), people, { mode: 'identite' })).toEqual({ status: 'unknown', reason: 'incomplete-identity' });
  });
});

/** Every ENT account of generated worlds, through a CAS answer, in each mode: never a wrong person. */
function checkWorld(seed: string, students: number): { recognized: number; ambiguous: number } {
  const fx = generateFixtures({ ...boosted(seed, students, 1), outputs: { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false } });
  let recognized = 0;
  let ambiguous = 0;
  fx.schools.forEach((d, s) => {
    const truth = fx.groundTruth.sso?.schools[s];
    if (truth === undefined) throw new Error('no SSO ground truth');
    // Mode 2's IDPN: what the ENT stores after importing the complete file, as the library computes it.
    const stored = new Map(idpnToStore(matchAccounts(d.partenaireIndex, d.identifiantsComplet)).map((r) => [`${r.population}/${r.idPartenaire}`, r.idpn]));
    for (const a of truth.accounts) {
      expect(stored.get(`${a.population}/${a.idPartenaire}`)).toBe(a.idpn);
      const account = (d.partenaireIndex[a.population] as { idPartenaire: string }[]).find((x) => x.idPartenaire === a.idPartenaire) as Parameters<typeof pronoteProfile>[0];
      const id = pronoteProfile({ ...account, ...(a.idpn !== undefined ? { idpn: a.idpn } : {}) }, a.population, a.population === 'eleves' ? LACLASSE_PRESET.profile : {});
      const v = a.population === 'professeurs' ? parseSamlValidateResponse(buildSamlValidateResponse({ ok: true, ...id, proxies: [] }, { recipient: 'https://p/' })) : parseCasValidationResponse(buildCasValidationResponse({ ok: true, ...id, proxies: [] }, { layout: 'laclasse' }));
      for (const mode of RECOGNITION_MODES) {
        const creds = mode === 'double-authentification' && a.trueIdent !== undefined ? { authenticated: { population: a.population, ident: a.trueIdent } } : {};
        const r = recognizeCasUser(v, d.identifiantsComplet, { mode, ent: d.partenaireIndex, ...creds });
        // Never a wrong person.
        if (r.person !== undefined) expect({ account: a.idPartenaire, ident: r.person.ident }).toEqual({ account: a.idPartenaire, ident: a.trueIdent });
        // Who must be recognised is recognised.
        const want = a.expected[mode];
        if (want.status === 'linked' || want.status === 'recognized') expect({ account: a.idPartenaire, mode, status: r.status, ident: r.person?.ident }).toEqual({ account: a.idPartenaire, mode, status: want.status, ident: want.ident });
        else expect({ account: a.idPartenaire, mode, status: r.status }).toEqual({ account: a.idPartenaire, mode, status: want.status });
        if (r.status === 'recognized') recognized++;
        if (r.status === 'ambiguous') ambiguous++;
      }
    }
  });
  return { recognized, ambiguous };
}

describe('recognition on generated worlds with homonyms and twins', () => {
  it('never names a wrong person, and recognises whom the ground truth says (property over seeds)', () => {
    let recognized = 0;
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,8}$/), (seed) => {
        recognized += checkWorld(`sso-${seed}`, 80).recognized;
      }),
      { numRuns: 3 },
    );
    expect(recognized).toBeGreaterThan(100);
    // About one random world in seven has no homonyms that stay ambiguous (28 of 200 seeds): the
    // property does not count on them (three such worlds in a row failed CI once), the fixed world below does.
  });

  it('a fixed world where homonyms stay ambiguous: said so, never resolved to a wrong person', () => {
    const r = checkWorld('sso-s0', 80);
    expect(r.recognized).toBeGreaterThan(100);
    expect(r.ambiguous).toBeGreaterThan(0);
  });

  it('every population is exercised, staff without IDPN included', () => {
    const fx = generateFixtures({ seed: 'sso-pop', students: 60, schools: 1 });
    const truth = fx.groundTruth.sso?.schools[0];
    for (const p of POPULATIONS) expect(truth?.accounts.some((a) => a.population === p && a.expected['double-authentification'].status === 'recognized')).toBe(true);
    for (const p of ['personnels', 'professeurs', 'eleves'] as const) expect(truth?.accounts.some((a) => a.population === p && a.expected.identite.status === 'recognized')).toBe(true);
    // Parents are not recognised by name alone (unless linked).
    expect(truth?.accounts.filter((a) => a.population === 'responsables').every((a) => a.expected.identite.status !== 'recognized')).toBe(true);
    expect(truth?.pronote.filter((p) => p.population === 'personnels').every((p) => p.idpn === undefined)).toBe(true);
    expect(truth?.pronote.filter((p) => p.population !== 'personnels').every((p) => /^[A-HJ-NP-Z2-9]{16}$/.test(p.idpn ?? ''))).toBe(true);
    expect(fx.groundTruth.sso?.note).toMatch(/TEST ONLY/);
    // Credentials: unique logins, 16-character passwords.
    const logins = truth?.accounts.map((a) => a.login) ?? [];
    expect(new Set(logins).size).toBe(logins.length);
    for (const a of truth?.accounts ?? []) {
      expect(a.casUser).toBe(a.idPartenaire);
      expect(a.password).toMatch(/^[A-Za-z2-9]{16}$/);
    }
    // The entcore preset needs a login: the fixture's.
    const a = truth?.accounts[0];
    const account = fx.schools[0]?.partenaireIndex[a?.population ?? 'eleves'][0];
    expect(pronoteProfile({ ...(account as unknown as { idPartenaire: string; nom: string; prenom: string }), login: a?.login }, a?.population ?? 'eleves', ENTCORE_PRESET.profile).user).toBe(a?.login);
  });
});
