/**
 * What the two test-server commands (`cas-server`, `pronote-server`) share: the PRONOTE
 * identifier file (plain or sealed), the folder written by `ent-pronote fixtures`, the host
 * check, the start banner and the wait for SIGINT/SIGTERM.
 *
 * @internal
 * @module
 */

import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { detectFileKind, EntPronoteError, type IdentifiantsPronote, openIdentifiantsPronote, type PartenaireIndex, parseIdentifiantsPronote, parsePartenaireIndex } from '../index';
import { withFile } from './errors';
import { isDirectory, readFileBytes, readFileText } from './io';
import { loadPrivateKey } from './keys';
import { usageError } from './errors';

/** One school of a fixtures folder. */
export interface FixtureSchoolFiles {
  uai: string;
  /** `ent/<UAI>/PARTENAIRE_INDEX.xml`. */
  partenaireIndex: PartenaireIndex;
  /** `pronote/<UAI>/complet/IdPN_To_<SOCLE>.xml`. */
  identifiants: IdentifiantsPronote;
}

/** A folder written by `ent-pronote fixtures`. */
export interface FixturesFolder {
  dir: string;
  schools: FixtureSchoolFiles[];
  /** `ground-truth.json`, as written. */
  groundTruth: Record<string, unknown>;
}

/** Whether `path` is a folder written by `ent-pronote fixtures` (it holds `ground-truth.json`). */
export function isFixturesFolder(path: string): boolean {
  return isDirectory(path) && existsSync(join(path, 'ground-truth.json')) && isDirectory(join(path, 'ent'));
}

/** Reads a fixtures folder (the plain files: `ent/<UAI>/PARTENAIRE_INDEX.xml`, `pronote/<UAI>/complet/*.xml`). */
export async function readFixturesFolder(dir: string): Promise<FixturesFolder> {
  const truthPath = join(dir, 'ground-truth.json');
  let groundTruth: Record<string, unknown>;
  try {
    groundTruth = JSON.parse(readFileText(truthPath)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof EntPronoteError) throw e;
    throw new EntPronoteError('ERR_INPUT', 'malformed JSON (expected the ground truth written by ent-pronote fixtures)', { file: truthPath });
  }
  const schools: FixtureSchoolFiles[] = [];
  for (const uai of readdirSync(join(dir, 'ent')).sort()) {
    const entFile = join(dir, 'ent', uai, 'PARTENAIRE_INDEX.xml');
    if (!existsSync(entFile)) continue;
    const completDir = join(dir, 'pronote', uai, 'complet');
    const idpnFile = isDirectory(completDir) ? readdirSync(completDir).find((n) => /^IdPN_To_.+\.xml$/.test(n)) : undefined;
    if (idpnFile === undefined) throw new EntPronoteError('ERR_INPUT', `the fixtures folder has no complete PRONOTE identifier file for ${uai}`, { file: completDir });
    let partenaireIndex: PartenaireIndex;
    try {
      partenaireIndex = parsePartenaireIndex(readFileBytes(entFile)).document;
    } catch (e) {
      throw withFile(e, entFile);
    }
    schools.push({ uai, partenaireIndex, identifiants: await loadIdentifiants(join(completDir, idpnFile)) });
  }
  if (schools.length === 0) throw new EntPronoteError('ERR_INPUT', 'the fixtures folder holds no school (ent/<UAI>/PARTENAIRE_INDEX.xml)', { file: dir });
  return { dir, schools, groundTruth };
}

/** Reads a PRONOTE identifier file: IDENTIFIANTS_PRONOTE, plain or sealed (EXPORT_INDEX_EDUCATION, with `key`). */
export async function loadIdentifiants(path: string, key?: { path?: string; passphraseFile?: string; partner?: string }): Promise<IdentifiantsPronote> {
  const bytes = readFileBytes(path);
  const kind = detectFileKind(bytes);
  const file = basename(path);
  try {
    if (kind === 'IDENTIFIANTS_PRONOTE') return parseIdentifiantsPronote(bytes, { file }).document;
    if (kind === 'EXPORT_INDEX_EDUCATION') {
      if (key?.path === undefined) throw usageError('this identifier file is sealed: give --key PRIVATE_KEY to open it');
      return (await openIdentifiantsPronote(bytes, loadPrivateKey(key.path, key.passphraseFile), { file, ...(key.partner !== undefined ? { partner: key.partner } : {}) })).document;
    }
  } catch (e) {
    throw withFile(e, path);
  }
  throw new EntPronoteError('ERR_INPUT', 'expected a PRONOTE identifier file: an IDENTIFIANTS_PRONOTE, plain or sealed in EXPORT_INDEX_EDUCATION', { file: path });
}

/** A TCP port for commander (0: any free port). */
export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value.trim()) || Number(value) > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535 (0: any free port).');
  return Number(value);
}

/** `KEY=NAME` pairs of a repeatable option, collected in a record. */
export function collectPairs(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected KEY=NAME, e.g. nom=sn.');
  return { ...previous, [value.slice(0, eq).trim()]: value.slice(eq + 1).trim() };
}

/** The banner every test server prints on stderr before it listens. */
export function testServerBanner(what: string): void {
  process.stderr.write(`ent-pronote: ${what} is a TEST server, for test harnesses only: NEVER use it in production or with real accounts.\n`);
}

/** Resolves when the process gets SIGINT or SIGTERM (the handlers are removed then). */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
