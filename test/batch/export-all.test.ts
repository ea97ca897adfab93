/**
 * `exportAll` on a generated academy: one pass over one AAF feed of six schools (a regroupement,
 * people attached to two schools, parents with children in two schools, every defect): every
 * sealed file opens with OpenSSL and validates against the vendor XSD, the files hold exactly the
 * ground truth, defective people are left out and reported without a value, a defective school
 * is skipped and the others sealed.
 */

import { describe, expect, it } from 'vitest';
import type { SealedSchool } from '../../src/batch';
import { compareAafFileNames } from '../../src/input';
import { builtBatch, checkSealedFile, DATE, expectMatchesTruth, PUBLIC_KEY, resolverOf, smallAcademy } from './helpers';

const academy = smallAcademy();
const truth = academy.groundTruth;

function feedFiles(): { name: string; chunks: Uint8Array[] }[] {
  const byName = new Map<string, Uint8Array[]>();
  for (const { name, bytes } of academy.feed()) byName.set(name, [...(byName.get(name) ?? []), bytes]);
  return [...byName.keys()].sort(compareAafFileNames).map((name) => ({ name, chunks: byName.get(name) ?? [] }));
}

async function run(extra: Record<string, unknown> = {}): Promise<{ summary: Awaited<ReturnType<Awaited<ReturnType<typeof builtBatch>>['exportAll']>>; sealed: SealedSchool[] }> {
  const { exportAll } = await builtBatch();
  const sealed: SealedSchool[] = [];
  const summary = await exportAll({
    source: { kind: 'aaf', files: feedFiles(), resolveId: resolverOf(academy) },
    publicKey: PUBLIC_KEY(),
    partenaire: 'MONENT',
    partenaireId: '1234',
    date: DATE,
    regroupements: academy.regroupements,
    workers: 2,
    sink: (s) => {
      sealed.push(s);
    },
    ...extra,
  });
  return { summary, sealed };
}

describe('exportAll on an academy AAF feed', () => {
  it('seals one verified file per school or regroupement, holding exactly the ground truth', async () => {
    const { summary, sealed } = await run();
    expect(truth.files.length).toBe(5); // 6 schools, one regroupement of two
    expect(summary.schools.map((s) => s.uai)).toEqual(truth.files.map((f) => f.uai));
    expect(summary.workers).toBe(2);
    for (const f of truth.files) {
      const result = summary.schools.find((s) => s.uai === f.uai);
      expect(result?.status, f.uai).toBe(f.skipped ? 'skipped' : 'sealed');
      if (f.skipped) {
        expect(result?.problems[0]?.rule).toBe('school');
        continue;
      }
      const s = sealed.find((x) => x.uai === f.uai) as SealedSchool;
      expect(s.fileName).toBe(`ImportChiffre_${f.uai}.xml`);
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      const doc = await checkSealedFile(s.bytes);
      expectMatchesTruth(doc, f);
      expect(s.counts).toEqual({ etablissements: f.uais.length, personnels: f.people.personnels.length, professeurs: f.people.professeurs.length, responsables: f.people.responsables.length, eleves: f.people.eleves.length });
    }
    expect(summary.totals.sealed).toBe(truth.files.filter((f) => !f.skipped).length);
    expect(summary.totals.skipped).toBe(1);
    expect(summary.fingerprint).toMatch(/^SHA256:/);
  });

  it('the generated academy has what the test is about', () => {
    const multi = truth.files.flatMap((f) => f.people.professeurs);
    expect(multi.length).toBeGreaterThan(new Set(multi).size); // teachers in two files
    const parents = truth.files.flatMap((f) => f.people.responsables);
    expect(parents.length).toBeGreaterThan(new Set(parents).size); // parents following children into two files
    expect(truth.defects.map((d) => d.defect).sort()).toEqual(['bad-date', 'no-account', 'no-id', 'no-name', 'unknown-parent']);
  });

  it('reports each defective person with the school, the record and the rule, never a value', async () => {
    const { summary } = await run();
    const rules: Record<string, string> = { 'no-id': 'required', 'bad-date': 'date', 'no-name': 'required', 'unknown-parent': 'ref', 'no-account': 'resolve' };
    for (const d of truth.defects) {
      const school = summary.schools.find((s) => s.uai === d.uai);
      const found = school?.problems.find((p) => p.rule === rules[d.defect] && (d.record === '' ? p.record === undefined : p.record === d.record));
      expect(found, `${d.defect} in ${d.uai}`).toBeDefined();
      expect(found?.uai).toBe(d.uai);
      expect(found?.file).toMatch(/^ENT_ACADEMIE_Complet_20260901_/);
      expect(found?.line).toBeGreaterThan(0);
    }
    const leftOut = truth.defects.filter((d) => d.defect !== 'unknown-parent').length;
    expect(summary.totals.leftOut).toBe(leftOut);
    // No name of the world in any problem.
    const text = JSON.stringify(summary);
    for (const p of academy.world.people.slice(0, 400)) {
      expect(text.includes(`"${p.nom}"`) || text.includes(p.prenom + ' ')).toBe(false);
    }
  });

  it('refuses instead of skipping with onInvalidRecord: error; the uai option chooses files', async () => {
    const { summary } = await run({ onInvalidRecord: 'error' });
    const withDefects = new Set(truth.defects.filter((d) => d.defect !== 'unknown-parent').map((d) => d.uai));
    for (const s of summary.schools) {
      if (s.status === 'skipped') continue;
      expect(s.status, s.uai).toBe(withDefects.has(s.uai) ? 'refused' : 'sealed');
    }
    const first = truth.files[0] as (typeof truth.files)[number];
    const member = first.uais[1] as string; // a member of the regroupement selects its file
    const chosen = await run({ uai: [member] });
    expect(chosen.summary.schools.map((s) => s.uai)).toEqual([first.uai]);
    expectMatchesTruth(await checkSealedFile((chosen.sealed[0] as SealedSchool).bytes), first);
  });

  it('builds in the calling thread with workers: 0, to the same documents', async () => {
    const { sealed } = await run({ workers: 0 });
    const { openPartenaireIndex } = await import('../../src/partenaire-index/open');
    const { keyText } = await import('../keys/helpers');
    expect(sealed.length).toBe(4);
    for (const s of sealed) {
      const { document } = await openPartenaireIndex(s.bytes, keyText('rsa2048.pkcs8.pem'));
      expectMatchesTruth(document, truth.files.find((f) => f.uai === s.uai) as (typeof truth.files)[number]);
    }
  });

  it('checks its arguments', async () => {
    const { exportAll } = await builtBatch();
    await expect(exportAll({} as never)).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(
      exportAll({ source: { kind: 'csv', bytes: '' }, publicKey: PUBLIC_KEY(), partenaire: 'X', partenaireId: '1', date: DATE, sink: () => {}, regroupements: { '0000001A': ['0000002B'], '0000002B': [] } }),
    ).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
    await expect(exportAll({ source: { kind: 'csv', bytes: '' }, publicKey: PUBLIC_KEY(), partenaire: 'X', partenaireId: '1', date: DATE, sink: () => {}, workers: -1 })).rejects.toMatchObject({ code: 'ERR_ARGUMENT' });
  });
});

describe('exportAll through the store: deltas, files of unknown order', () => {
  it('applies a Delta (a teacher moved to another school, a student deleted) and routes as the streamed way does', async () => {
    const { exportAll } = await builtBatch();
    const files = truth.files.filter((f) => !f.skipped && f.uais.length === 1);
    const [a, b] = files as [(typeof files)[number], (typeof files)[number]];
    const byId = new Map(academy.world.people.map((p) => [p.idPartenaire, p]));
    const allTeachers = truth.files.flatMap((f) => f.people.professeurs);
    const teacherId = a.people.professeurs.find((id) => allTeachers.filter((x) => x === id).length === 1) as string;
    const teacher = byId.get(teacherId) as (typeof academy.world.people)[number];
    const family = academy.world.families.find((f) => f.children.length >= 2 && f.children.every((c) => a.people.eleves.includes((academy.world.people[c] as (typeof academy.world.people)[number]).idPartenaire)));
    const student = academy.world.people[family?.children[0] as number] as (typeof academy.world.people)[number];
    const structB = (academy.world.schools.find((s) => s.uai === b.uai) as (typeof academy.world.schools)[number]).structureId;
    const delta =
      '<?xml version="1.0" encoding="ISO-8859-15"?>\n<ficAlimMENESR>\n' +
      `<modifyRequest><operationalAttributes><attr name="categoriePersonne"><value>PersEducNat</value></attr></operationalAttributes><identifier><id>${teacher.aafId}</id></identifier>` +
      `<modifications><modification name="ENTPersonStructRattach" operation="replace"><value>${structB}</value></modification>` +
      `<modification name="ENTPersonFonctions" operation="replace"><value>${structB}$ENS$ENSEIGNEMENT$L1300$MATHEMATIQUES</value></modification></modifications></modifyRequest>\n` +
      `<deleteRequest><operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes><identifier><id>${student.aafId}</id></identifier></deleteRequest>\n` +
      '</ficAlimMENESR>\n';
    async function* withDelta(): AsyncGenerator<{ name: string; chunks: Uint8Array[] }> {
      yield* feedFiles();
      yield { name: 'ENT_ACADEMIE_Delta_20260902_PersEducNat_0000.xml', chunks: [Buffer.from(delta, 'latin1')] };
    }
    const sealed: SealedSchool[] = [];
    await exportAll({ source: { kind: 'aaf', files: withDelta(), resolveId: resolverOf(academy) }, publicKey: PUBLIC_KEY(), partenaire: 'MONENT', partenaireId: '1234', date: DATE, regroupements: academy.regroupements, workers: 1, sink: (s) => void sealed.push(s) });
    const expectedA = {
      ...a,
      people: { ...a.people, professeurs: a.people.professeurs.filter((x) => x !== teacherId), eleves: a.people.eleves.filter((x) => x !== student.idPartenaire) },
      parents: Object.fromEntries(Object.entries(a.parents).filter(([k]) => k !== student.idPartenaire)),
    };
    const expectedB = { ...b, people: { ...b.people, professeurs: [...b.people.professeurs, teacherId] } };
    const { openPartenaireIndex } = await import('../../src/partenaire-index/open');
    const { keyText } = await import('../keys/helpers');
    const docOf = async (uai: string) => (await openPartenaireIndex((sealed.find((s) => s.uai === uai) as SealedSchool).bytes, keyText('rsa2048.pkcs8.pem'))).document;
    expectMatchesTruth(await docOf(a.uai), expectedA);
    expectMatchesTruth(await docOf(b.uai), expectedB);
    // The other files are as the streamed way makes them.
    for (const f of truth.files.filter((x) => !x.skipped && x !== a && x !== b)) expectMatchesTruth(await docOf(f.uai), f);
  });
});

describe('exportAll on a CSV spanning several schools', () => {
  it('gives each school (and a regroupement) the people the single-school CSV reader keeps', async () => {
    const { exportAll } = await builtBatch();
    const { generateFixtures } = await import('../../src/fixtures/generate');
    const { readCsvAccounts } = await import('../../src/input/csv/read');
    const fx = generateFixtures({ seed: 'csv-batch', students: 150, schools: 3, outputs: { aaf: false, csv: true, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false } });
    const csv = (fx.files.find((f) => f.kind === 'csv') as { content: string }).content;
    const [a, b, c] = fx.world.schools.map((s) => s.uai) as [string, string, string];
    const sealed: SealedSchool[] = [];
    const summary = await exportAll({ source: { kind: 'csv', bytes: Buffer.from(csv), file: 'comptes.csv' }, publicKey: PUBLIC_KEY(), partenaire: 'MONENT', partenaireId: '1234', date: DATE, regroupements: { [a]: [b] }, workers: 1, sink: (s) => void sealed.push(s) });
    expect(summary.schools.map((s) => [s.uai, s.status])).toEqual([
      [a, 'sealed'],
      [c, 'sealed'],
    ]);
    for (const [uai, uais] of [
      [a, [a, b]],
      [c, [c]],
    ] as const) {
      const doc = await checkSealedFile((sealed.find((s) => s.uai === uai) as SealedSchool).bytes);
      const single = readCsvAccounts(csv, { date: DATE, partenaire: '1234', uai: [...uais] }).document;
      expect(doc.etablissements.map((e) => e.numero)).toEqual([...uais]);
      for (const p of ['personnels', 'professeurs', 'responsables', 'eleves'] as const) {
        expect(doc[p].map((x) => x.idPartenaire).sort(), `${uai} ${p}`).toEqual(single[p].map((x) => x.idPartenaire).sort());
      }
      expect(doc.eleves.length).toBeGreaterThan(0);
    }
  });
});
