import { describe, expect, it } from 'vitest';
import { isEntPronoteError, openExportIndexEducation, openImportChiffre, parseIdentifiantsPronote, generateKeyPair, parsePartenaireIndex, validatePartenaireIndex } from '../../src/index';
import { generateFixtures, type GeneratedFixtures, type GenerateFixturesOptions } from '../../src/fixtures';
import { generated, sha256 } from './helpers';

const hashes = (r: GeneratedFixtures): Record<string, string> => Object.fromEntries(r.files.map((f) => [f.path, sha256(f.content)]));
const base: GenerateFixturesOptions = { seed: 'generate-tests', students: 300, schools: 2 };

describe('generateFixtures: reproducibility', () => {
  it('gives byte-identical files for the same seed and options', () => {
    const a = generateFixtures(base);
    const b = generateFixtures(base);
    expect(hashes(b)).toEqual(hashes(a));
    expect(b.groundTruth).toEqual(a.groundTruth);
  });

  it('gives different files for another seed', () => {
    const a = hashes(generated(base));
    const b = hashes(generated({ ...base, seed: 'generate-tests-2' }));
    const differing = Object.keys(a).filter((p) => b[p] !== undefined && b[p] !== a[p]);
    expect(Object.keys(a).length).toBeGreaterThan(10);
    // UAIs are random too, so most paths differ; every shared path has another content.
    for (const p of Object.keys(a)) if (b[p] !== undefined) expect(differing).toContain(p);
    expect(Object.values(a).some((h) => Object.values(b).includes(h))).toBe(false);
  });

  it('takes dates from the options, never from the clock', () => {
    const r = generated({ seed: 'dates', students: 50, date: '2031-03-02T10:15:00+01:00' });
    const uai = r.world.schools[0]?.uai as string;
    const paths = r.files.map((f) => f.path);
    expect(paths).toContain(`aaf/ENT_${uai}_Complet_20310302_Eleve_0000.xml`);
    const today = new Date().toISOString().slice(0, 10);
    for (const f of r.files) {
      const text = typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('latin1');
      expect(text.includes(today)).toBe(false);
    }
    expect(r.schools[0]?.partenaireIndex.date).toBe('2031-03-02T10:15:00+01:00');
    expect(r.schools[0]?.identifiantsComplet.date).toBe('2031-03-02T10:15:00+01:00');
    const pi = r.files.find((f) => f.kind === 'partenaire-index')?.content as string;
    expect(pi).toContain('Date="2031-03-02T10:15:00+01:00"');
  });
});

describe('generateFixtures: files', () => {
  const r = generated(base);
  const [u1, u2] = r.world.schools.map((s) => s.uai) as [string, string];

  it('lists the expected files, in a stable order', () => {
    const perSchool = (u: string): string[] => [
      `ent/${u}/comptes-ent.json`,
      `ent/${u}/PARTENAIRE_INDEX.xml`,
      `pronote/${u}/complet/IdPN_To_FIXTURES.xml`,
      `pronote/${u}/partiel/IdPN_To_FIXTURES.xml`,
    ];
    const aaf = (u: string): string[] => ['EtabEducNat', 'PersEducNat', 'Eleve', 'PersRelEleve'].map((k) => `aaf/ENT_${u}_Complet_20260901_${k}_0000.xml`);
    expect(r.files.map((f) => f.path)).toEqual([...aaf(u1), ...aaf(u2), 'ent/comptes-ent.csv', ...perSchool(u1), ...perSchool(u2), 'ground-truth.json']);
    for (const f of r.files) expect(f.sensitive).toBe(true);
    expect(r.files.filter((f) => f.kind === 'identifiants-pronote').map((f) => f.mode)).toEqual(['Complet', 'Partiel', 'Complet', 'Partiel']);
  });

  it('writes only the outputs asked for', () => {
    const only = generated({ ...base, outputs: { aaf: false, csv: false, json: false, identifiantsPronote: false, groundTruth: false } });
    expect(only.files.map((f) => f.kind)).toEqual(['partenaire-index', 'partenaire-index']);
    expect(only.groundTruth.schools).toHaveLength(2);
    expect(only.schools[0]?.identifiantsPartiel.mode).toBe('Partiel');
  });

  it('writes PARTENAIRE_INDEX files that parse back to the models and pass every check, warnings included', () => {
    for (const s of r.schools) {
      expect(validatePartenaireIndex(s.partenaireIndex)).toEqual([]);
      const xml = r.files.find((f) => f.path === `ent/${s.uai}/PARTENAIRE_INDEX.xml`)?.content as string;
      expect(parsePartenaireIndex(xml).document).toEqual(s.partenaireIndex);
      expect(s.partenaireIndex.etablissements.map((e) => e.numero)).toEqual([s.uai]);
    }
  });

  it('writes IDENTIFIANTS_PRONOTE files, complete and partial, that parse back to the models', () => {
    for (const s of r.schools) {
      for (const [dir, doc] of [
        ['complet', s.identifiantsComplet],
        ['partiel', s.identifiantsPartiel],
      ] as const) {
        const xml = r.files.find((f) => f.path === `pronote/${s.uai}/${dir}/IdPN_To_FIXTURES.xml`)?.content as string;
        expect(parseIdentifiantsPronote(xml).document).toEqual(doc);
      }
      const held = [...s.identifiantsComplet.eleves, ...s.identifiantsComplet.responsables].filter((p) => p.idPartenaire !== undefined);
      expect(held.length).toBeGreaterThan(0);
      expect(s.identifiantsPartiel.eleves.length + s.identifiantsPartiel.responsables.length).toBe(
        s.identifiantsComplet.eleves.length + s.identifiantsComplet.responsables.length - held.length,
      );
    }
  });

  it('passes the PARTENAIRE_INDEX checks for other seeds and sizes too', () => {
    for (const seed of ['v1', 'v2', 'v3']) {
      const g = generated({ seed, students: 700, schools: 2, homonymRate: 0.02 });
      for (const s of g.schools) expect(validatePartenaireIndex(s.partenaireIndex)).toEqual([]);
    }
  });

  it('writes a ground-truth file equal to the returned ground truth', () => {
    const text = r.files.find((f) => f.path === 'ground-truth.json')?.content as string;
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(r.groundTruth)));
    expect(r.groundTruth.format).toBe('ent-pronote-fixtures-ground-truth');
  });
});

describe('generateFixtures: sealing', () => {
  const vendor = generateKeyPair();
  const partner = generateKeyPair();
  const sealedOptions: GenerateFixturesOptions = {
    seed: 'sealing',
    students: 40,
    indexEducationPublicKey: vendor.publicKey,
    partnerPublicKey: partner.publicKey.toPem(),
  };

  it('seals each PARTENAIRE_INDEX and identifier file, which open back to the plain files', () => {
    const r = generateFixtures(sealedOptions);
    const uai = r.world.schools[0]?.uai as string;
    const sealedIc = r.files.find((f) => f.kind === 'import-chiffre');
    expect(sealedIc?.path).toBe(`ent/${uai}/sealed/ImportChiffre_${uai}.xml`);
    expect(sealedIc?.sensitive).toBe(false);
    const opened = openImportChiffre(sealedIc?.content as string, vendor.privateKey);
    expect(opened.text()).toBe(r.files.find((f) => f.kind === 'partenaire-index')?.content);
    expect(opened.info).toMatchObject({ uai, partenaire: 'ENT-FIXTURES', date: '2026-09-01T08:00:00+02:00' });
    for (const dir of ['complet', 'partiel']) {
      const sealed = r.files.find((f) => f.path === `pronote/${uai}/${dir}/sealed/IdPN_To_FIXTURES.xml`);
      expect(sealed?.sensitive).toBe(false);
      const o = openExportIndexEducation(sealed?.content as string, partner.privateKey, { partner: 'FIXTURES' });
      expect(o.text()).toBe(r.files.find((f) => f.path === `pronote/${uai}/${dir}/IdPN_To_FIXTURES.xml`)?.content);
      expect(o.info.partners).toEqual(['FIXTURES']);
    }
  });

  it('refuses a bad key before generating anything', () => {
    let error: unknown;
    try {
      generateFixtures({ seed: 's', students: 100_000, partnerPublicKey: 'not a key' });
    } catch (e) {
      error = e;
    }
    expect(isEntPronoteError(error, 'ERR_KEY_FORMAT')).toBe(true);
  });

  it('uses fresh keys on each run unless deterministic sealing is asked for', () => {
    const a = generateFixtures(sealedOptions);
    const b = generateFixtures(sealedOptions);
    const ha = hashes(a);
    const hb = hashes(b);
    for (const f of a.files) {
      if (f.sensitive) expect(hb[f.path]).toBe(ha[f.path]);
      else expect(hb[f.path]).not.toBe(ha[f.path]);
    }
    const c = generateFixtures({ ...sealedOptions, unsafeDeterministicSealing: true });
    const d = generateFixtures({ ...sealedOptions, unsafeDeterministicSealing: true });
    expect(hashes(d)).toEqual(hashes(c));
    const ic = c.files.find((f) => f.kind === 'import-chiffre')?.content as string;
    expect(openImportChiffre(ic, vendor.privateKey).text()).toBe(c.files.find((f) => f.kind === 'partenaire-index')?.content);
    expect(hashes(c)).not.toEqual(ha);
  });
});

describe('generateFixtures: options', () => {
  const bad: [string, unknown][] = [
    ['no options', undefined],
    ['no seed', { students: 3 }],
    ['object seed', { seed: {} }],
    ['negative students', { seed: 's', students: -1 }],
    ['fractional students', { seed: 's', students: 1.5 }],
    ['zero schools', { seed: 's', schools: 0 }],
    ['bad UAI', { seed: 's', schools: ['0410017A'] }],
    ['duplicate UAI', { seed: 's', schools: ['0410017W', '0410017W'] }],
    ['bad date', { seed: 's', date: '2026-09-01' }],
    ['unknown divergence', { seed: 's', divergences: { typo: 0.1 } }],
    ['rate above 1', { seed: 's', divergences: { case: 2 } }],
    ['unknown output', { seed: 's', outputs: { pdf: true } }],
    ['bad socle', { seed: 's', socle: '../x' }],
    ['empty partenaire', { seed: 's', partenaire: ' ' }],
    ['bad twin rate', { seed: 's', twinRate: -0.1 }],
  ];
  for (const [name, options] of bad) {
    it(`refuses ${name} with ERR_ARGUMENT`, () => {
      let error: unknown;
      try {
        generateFixtures(options as GenerateFixturesOptions);
      } catch (e) {
        error = e;
      }
      expect(isEntPronoteError(error, 'ERR_ARGUMENT')).toBe(true);
    });
  }

  it('accepts zero students (staff only) and a number seed equal to its text', () => {
    const r = generateFixtures({ seed: 7, students: 0 });
    expect(r.world.people.filter((p) => p.population === 'eleves')).toHaveLength(0);
    expect(r.world.people.length).toBe(4);
    expect(hashes(generateFixtures({ seed: '7', students: 0 }))).toEqual(hashes(r));
  });
});
