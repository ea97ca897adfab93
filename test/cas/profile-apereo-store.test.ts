import { describe, expect, it } from 'vitest';
import {
  NATIONAL_CATEGORIES,
  NATIONAL_CATEGORIES_WITH_STAFF_KINDS,
  apereoServiceDefinition,
  categoryOf,
  escapeJavaRegex,
  idpnToStore,
  populationsOfCategories,
  pronoteProfile,
} from '../../src/cas';
import { matchAccounts } from '../../src/index';

const account = { idPartenaire: 'a-1', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31', login: 'nmartin', codePostal: '41000' };

describe('pronoteProfile', () => {
  it('defaults: idPartenaire as user, dd/mm/yyyy, national categories, several profiles as several values', () => {
    expect(pronoteProfile(account, ['professeurs', 'responsables'])).toEqual({
      user: 'a-1',
      attributes: { nom: ['MARTIN'], prenom: ['Noé'], dateNaissance: ['31/12/2010'], codePostal: ['41000'], categories: ['National_3', 'National_2'] },
    });
  });

  it('attribute names, ISO dates, the IDPN attribute, empty values left out', () => {
    const id = pronoteProfile({ idPartenaire: 'a-2', nom: 'X', prenom: '', dateNaissance: '31/12/2010', idpn: 'A8BT6EGHDW3QFPXC' }, 'eleves', {
      attributeNames: { nom: 'sn', prenom: 'givenName', codePostal: '', idpn: 'pronoteId' },
      dateFormat: 'yyyy-mm-dd',
    });
    expect(id).toEqual({ user: 'a-2', attributes: { sn: ['X'], dateNaissance: ['2010-12-31'], categories: ['National_1'], pronoteId: ['A8BT6EGHDW3QFPXC'] } });
    expect(pronoteProfile(account, 'eleves', { idpn: 'B8BT6EGHDW3QFPXC' }).attributes.IDPN).toEqual(['B8BT6EGHDW3QFPXC']);
  });

  it('staff kinds and the category table, both ways', () => {
    expect(categoryOf({ population: 'personnels', staff: 'direction' }, NATIONAL_CATEGORIES_WITH_STAFF_KINDS)).toBe('National_4');
    expect(categoryOf({ population: 'personnels', staff: 'administratif' }, NATIONAL_CATEGORIES_WITH_STAFF_KINDS)).toBe('National_6');
    expect(categoryOf({ population: 'personnels', staff: 'autre' }, NATIONAL_CATEGORIES_WITH_STAFF_KINDS)).toBe('National_7');
    expect(categoryOf({ population: 'personnels', staff: 'vie-scolaire' })).toBe('National_4');
    expect(populationsOfCategories(['National_3;National_2'])).toEqual(['professeurs', 'responsables']);
    expect(populationsOfCategories(['National_5', 'National_9'], NATIONAL_CATEGORIES_WITH_STAFF_KINDS)).toEqual(['personnels']);
    expect(populationsOfCategories(['National_1'], NATIONAL_CATEGORIES)).toEqual(['eleves']);
    const custom = { eleves: 'ELEVE', responsables: 'PARENT', professeurs: 'ENS', personnels: 'PERS' };
    expect(pronoteProfile(account, ['eleves', 'eleves'], { categories: custom, multipleProfiles: 'join', separator: ',' }).attributes.categories).toEqual(['ELEVE']);
  });
});

describe('apereoServiceDefinition', () => {
  it('the JSON Apereo reads: serviceId pattern, allowed attributes, username attribute', () => {
    expect(apereoServiceDefinition({ pronoteUrl: 'https://0410017w.index-education.net/pronote/', id: 1001, name: 'PRONOTE', username: { kind: 'attribute', attribute: 'ENTPersonUid' } })).toEqual({
      '@class': 'org.apereo.cas.services.CasRegisteredService',
      serviceId: '^https://0410017w\\.index-education\\.net/pronote/.*',
      name: 'PRONOTE',
      id: 1001,
      evaluationOrder: 0,
      usernameAttributeProvider: { '@class': 'org.apereo.cas.services.PrincipalAttributeRegisteredServiceUsernameProvider', usernameAttribute: 'ENTPersonUid' },
      attributeReleasePolicy: {
        '@class': 'org.apereo.cas.services.ReturnAllowedAttributeReleasePolicy',
        allowedAttributes: ['java.util.ArrayList', ['nom', 'prenom', 'dateNaissance', 'codePostal', 'categories', 'IDPN']],
      },
    });
  });

  it('takes the attribute names of a profile', () => {
    const def = apereoServiceDefinition({ pronoteUrl: 'https://x.example/pronote/', id: 2, name: 'P', profile: { attributeNames: { idpn: 'pronoteId', codePostal: '' } } });
    expect(def.attributeReleasePolicy).toEqual({
      '@class': 'org.apereo.cas.services.ReturnAllowedAttributeReleasePolicy',
      allowedAttributes: ['java.util.ArrayList', ['nom', 'prenom', 'dateNaissance', 'categories', 'pronoteId']],
    });
  });

  it('mapped attributes and the anonymous persistent id', () => {
    const def = apereoServiceDefinition({
      pronoteUrl: 'https://x.example/pronote/',
      id: 7,
      name: 'P',
      description: 'PRONOTE',
      attributeMap: { sn: 'nom', givenName: 'prenom' },
      username: { kind: 'anonymous', salt: 'c2FsdA==' },
    });
    expect(def.attributeReleasePolicy).toEqual({ '@class': 'org.apereo.cas.services.ReturnMappedAttributeReleasePolicy', allowedAttributes: { '@class': 'java.util.TreeMap', givenName: 'prenom', sn: 'nom' } });
    expect(def.usernameAttributeProvider).toEqual({
      '@class': 'org.apereo.cas.services.AnonymousRegisteredServiceUsernameAttributeProvider',
      persistentIdGenerator: { '@class': 'org.apereo.cas.authentication.principal.ShibbolethCompatiblePersistentIdGenerator', salt: 'c2FsdA==' },
    });
    // The pattern matches every PRONOTE space and nothing else.
    const re = new RegExp(def.serviceId as string);
    expect(re.test('https://x.example/pronote/eleve.html?login=true')).toBe(true);
    expect(re.test('https://xaexample/pronote/')).toBe(false);
    expect(escapeJavaRegex('a.b*c?(d)[e]{f}|g^$\\')).toBe('a\\.b\\*c\\?\\(d\\)\\[e\\]\\{f\\}\\|g\\^\\$\\\\');
  });
});

describe('idpnToStore', () => {
  it('the IDPN of each linked ENT account; staff without IDPN store nothing', () => {
    const result = matchAccounts(
      {
        personnels: [{ idPartenaire: 's-1', nom: 'BERNARD', prenom: 'Luc' }],
        eleves: [{ idPartenaire: 'e-1', nom: 'MARTIN', prenom: 'Noé', dateNaissance: '2010-12-31' }],
      },
      {
        personnels: [{ ident: 1, nom: 'Bernard', prenom: 'Luc' }],
        eleves: [{ ident: 2, idpn: 'A8BT6EGHDW3QFPXC', nom: 'Martin', prenom: 'Noe', dateNaissance: '31/12/2010' }],
      },
    );
    expect(result.pairs.map((p) => [p.population, p.idPartenaire, p.idpn])).toEqual([
      ['personnels', 's-1', undefined],
      ['eleves', 'e-1', 'A8BT6EGHDW3QFPXC'],
    ]);
    expect(idpnToStore(result)).toEqual([{ idPartenaire: 'e-1', idpn: 'A8BT6EGHDW3QFPXC', population: 'eleves' }]);
  });
});
