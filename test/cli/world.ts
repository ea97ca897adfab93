/**
 * A small generated world for the CLI tests, written by the `fixtures` command itself.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { GroundTruth } from '../../src/fixtures';
import { run } from './helpers';

/** A world written under `dir`. */
export interface World {
  dir: string;
  uai: string;
  socle: string;
  truth: GroundTruth;
  aafDir: string;
  csv: string;
  json: string;
  partenaireIndex: string;
  complet: string;
  partiel: string;
}

/** Runs `ent-pronote fixtures` into `dir` and describes what it wrote (of its first school). */
export async function makeWorld(dir: string, options: { students?: number; schools?: number; seed?: string; extra?: string[] } = {}): Promise<World> {
  const r = await run(['fixtures', '--students', String(options.students ?? 60), '--schools', String(options.schools ?? 1), '--seed', options.seed ?? 'cli-tests', '--out', dir, ...(options.extra ?? [])]);
  expect(r.code, r.stderr).toBe(0);
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as GroundTruth;
  const uai = truth.schools[0]?.uai as string;
  const socle = truth.socle;
  return {
    dir,
    uai,
    socle,
    truth,
    aafDir: join(dir, 'aaf'),
    csv: join(dir, 'ent', 'comptes-ent.csv'),
    json: join(dir, 'ent', uai, 'comptes-ent.json'),
    partenaireIndex: join(dir, 'ent', uai, 'PARTENAIRE_INDEX.xml'),
    complet: join(dir, 'pronote', uai, 'complet', `IdPN_To_${socle}.xml`),
    partiel: join(dir, 'pronote', uai, 'partiel', `IdPN_To_${socle}.xml`),
  };
}
