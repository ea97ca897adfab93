/**
 * An {@link AccountSource} backed by the fixture generator: a reproducible world of fake
 * schools and people, for demonstrations and tests. A real service would read its directory
 * (LDAP, database, AAF feed) instead.
 */

import type { PartenaireIndex } from 'ent-pronote';
import { generateFixtures } from 'ent-pronote/fixtures';
import type { AccountSource } from './server';

/** Options of {@link fixtureAccountSource}. */
export interface FixtureSourceOptions {
  seed: string;
  students: number;
  schools: number;
}

/** A source serving the generated `PARTENAIRE_INDEX` of each school; `uais` lists them. */
export function fixtureAccountSource(options: FixtureSourceOptions): AccountSource & { uais: string[] } {
  const world = generateFixtures({
    seed: options.seed,
    students: options.students,
    schools: options.schools,
    // Only the in-memory documents are needed, no file.
    outputs: { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false },
  });
  const bySchool = new Map<string, PartenaireIndex>(world.schools.map((s) => [s.uai, s.partenaireIndex]));
  return {
    uais: [...bySchool.keys()],
    accounts: async (uai) => bySchool.get(uai),
  };
}
