/**
 * Helpers of the batch tests: the built `exportAll` (its worker threads run the built files),
 * a small generated academy written to a folder, and the checks every sealed file must pass.
 */

import { mkdirSync, appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type * as Batch from '../../src/batch';
import { generateAcademy, type GeneratedAcademy } from '../../src/fixtures';
import { openPartenaireIndex, type PartenaireIndex, type Population } from '../../src/index';
import { ensureBuilt, ROOT } from '../cli/build';
import { opensslOpen } from '../envelope/helpers';
import { vendorXsd, xsdErrors } from '../helpers/xsd';
import { keyPath, keyText } from '../keys/helpers';

/** The built `ent-pronote/batch` (worker threads need the built worker file). */
export async function builtBatch(): Promise<typeof Batch> {
  ensureBuilt();
  return (await import(pathToFileURL(join(ROOT, 'dist', 'batch.js')).href)) as typeof Batch;
}

export const PUBLIC_KEY = (): string => keyText('rsa2048.spki.pem');
export const PUBLIC_KEY_FILE = keyPath('rsa2048.spki.pem');
export const PRIVATE_KEY_FILE = keyPath('rsa2048.pkcs8.pem');
export const DATE = '2026-09-01T08:00:00+02:00';

/** Writes an academy's feed, id map and regroupements under `dir`; returns their paths. */
export function writeAcademy(academy: GeneratedAcademy, dir: string): { aaf: string; idMap: string; regroupements: string } {
  const aaf = join(dir, 'aaf');
  mkdirSync(aaf, { recursive: true });
  for (const name of academy.fileNames) writeFileSync(join(aaf, name), '');
  for (const { name, bytes } of academy.feed()) appendFileSync(join(aaf, name), bytes);
  const idMap = join(dir, 'id-map.csv');
  writeFileSync(idMap, academy.idMap);
  const regroupements = join(dir, 'regroupements.json');
  writeFileSync(regroupements, JSON.stringify(academy.regroupements));
  return { aaf, idMap, regroupements };
}

/** The id map as a resolver. */
export function resolverOf(academy: GeneratedAcademy): (id: string) => string | undefined {
  const map = new Map(
    academy.idMap
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(';') as [string, string]),
  );
  return (id) => map.get(id);
}

/** A small academy: 6 schools (one regroupement, one defective school), every defect. */
export function smallAcademy(seed = 'batch'): GeneratedAcademy {
  return generateAcademy({ seed, schools: 6, students: 240, regroupements: 1, multiSchoolRate: 0.3 });
}

const POPULATIONS: Population[] = ['personnels', 'professeurs', 'responsables', 'eleves'];

/**
 * Checks a sealed file: OpenSSL opens it (key block, AES, SHA-256: an independent
 * implementation), its document validates against the vendor XSD (when ../shared is there), and
 * the library opens it to the same document. Returns the document.
 */
export async function checkSealedFile(bytes: Uint8Array): Promise<PartenaireIndex> {
  const xml = Buffer.from(bytes).toString('utf8');
  const opened = opensslOpen(xml, PRIVATE_KEY_FILE);
  const plain = opened.plain.toString('utf8');
  const xsd = vendorXsd('RapprochementSSO.xsd');
  if (xsd !== undefined) expect(await xsdErrors(plain, xsd)).toEqual([]);
  const { document } = await openPartenaireIndex(bytes, keyText('rsa2048.pkcs8.pem'));
  return document;
}

/** Compares a file's document with the ground truth: the same people, none twice, parents with their children. */
export function expectMatchesTruth(doc: PartenaireIndex, expected: GeneratedAcademy['groundTruth']['files'][number]): void {
  expect(doc.etablissements.map((e) => e.numero)).toEqual(expected.uais);
  for (const p of POPULATIONS) {
    const ids = doc[p].map((x) => x.idPartenaire);
    expect(new Set(ids).size, `${expected.uai} ${p}: nobody twice`).toBe(ids.length);
    expect([...ids].sort(), `${expected.uai} ${p}`).toEqual([...expected.people[p]].sort());
  }
  const parentId = new Map(doc.responsables.map((r) => [r.ident, r.idPartenaire]));
  for (const e of doc.eleves) {
    const parents = e.responsables.map((i) => parentId.get(i));
    expect([...parents].sort(), `parents of a student of ${expected.uai}`).toEqual([...(expected.parents[e.idPartenaire] ?? [])].sort());
  }
}
