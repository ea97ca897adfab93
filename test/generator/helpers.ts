/**
 * Shared helpers of the generator tests: cached generations (a world is generated once per
 * options per test file) and small utilities.
 */

import { createHash } from 'node:crypto';
import { generateFixtures, type GeneratedFixtures, type GenerateFixturesOptions, type FixturePerson, type FixtureWorld } from '../../src/fixtures';

const cache = new Map<string, GeneratedFixtures>();

/** `generateFixtures(options)`, cached by options. */
export function generated(options: GenerateFixturesOptions): GeneratedFixtures {
  const key = JSON.stringify(options);
  let r = cache.get(key);
  if (r === undefined) {
    r = generateFixtures(options);
    cache.set(key, r);
  }
  return r;
}

/** Options with boosted rates, so that every case shows up in a mid-size world. */
export function boosted(seed: string, students = 1500, schools = 3): GenerateFixturesOptions {
  return {
    seed,
    students,
    schools,
    homonymRate: 0.02,
    twinRate: 0.3,
    divergences: {
      'missing-ent': 0.05,
      'missing-pronote': 0.05,
      'birth-date-differs': 0.03,
      'held-same': 0.15,
      'held-other': 0.05,
      whitespace: 0.1,
      case: 0.2,
    },
  };
}

/** SHA-256 (hex) of a file content. */
export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The people of a world by population. */
export function byPopulation(world: FixtureWorld, population: FixturePerson['population']): FixturePerson[] {
  return world.people.filter((p) => p.population === population);
}

/** The person at an index. */
export function person(world: FixtureWorld, index: number): FixturePerson {
  const p = world.people[index];
  if (p === undefined) throw new Error(`no person ${index}`);
  return p;
}
