/**
 * Shared material of the hardening and fuzz suites: the documents of ./secret-documents, a spy on
 * every output channel, assertions on the library's error family, fuzz budgets.
 */

import { expect, vi } from 'vitest';
import { EntPronoteError, ERROR_CODES, type ErrorCode } from '../../src/index';
import { leakedSecrets } from './secret-documents';

export * from './secret-documents';

/** Asserts that `e` is one of the library's coded errors; returns it. */
export function asLibraryError(e: unknown, context = ''): EntPronoteError {
  if (!(e instanceof EntPronoteError)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    throw new Error(`${context} threw something else than an EntPronoteError: ${what}`);
  }
  expect(ERROR_CODES, `${context}: unknown code ${e.code}`).toContain(e.code);
  return e;
}

/** Runs `fn`, which must throw an EntPronoteError (with `code` when given). */
export function libraryError(fn: () => unknown, code?: ErrorCode): EntPronoteError {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    const err = asLibraryError(e);
    if (code !== undefined) expect(err.code, err.message).toBe(code);
    return err;
  }
  throw new Error(`expected an EntPronoteError${code !== undefined ? ` ${code}` : ''}, got a result: ${String(result).slice(0, 200)}`);
}

/** Same as {@link libraryError} for an async function. */
export async function libraryErrorAsync(fn: () => Promise<unknown>, code?: ErrorCode): Promise<EntPronoteError> {
  let result: unknown;
  try {
    result = await fn();
  } catch (e) {
    const err = asLibraryError(e);
    if (code !== undefined) expect(err.code, err.message).toBe(code);
    return err;
  }
  throw new Error(`expected an EntPronoteError${code !== undefined ? ` ${code}` : ''}, got a result: ${String(result).slice(0, 200)}`);
}

/** Every text of an error a caller may display or log: message, reason, JSON view, problems. */
export function errorTexts(e: EntPronoteError): string {
  return [e.message, e.reason, e.stack?.split('\n')[0] ?? '', JSON.stringify(e.toJSON())].join('\n');
}

/** Asserts that no distinctive value appears in anything the error shows. */
export function expectNoLeak(e: EntPronoteError, context = ''): void {
  expect(leakedSecrets(errorTexts(e)), `${context}: ${e.code} ${e.message}`).toEqual([]);
}

/** Every output channel a library could log through, spied; `calls()` lists what was written. */
export interface OutputSpy {
  /** Everything written, one string per call. */
  calls(): string[];
  restore(): void;
}

/** Spies on console.* and on process.stdout/stderr writes (writes are still suppressed). */
export function spyOutput(): OutputSpy {
  const seen: string[] = [];
  const record = (...args: unknown[]) => {
    seen.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Uint8Array ? Buffer.from(a).toString('utf8') : String(a))).join(' '));
  };
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const).map((m) => vi.spyOn(console, m).mockImplementation(record)),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      record(chunk);
      return true;
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      record(chunk);
      return true;
    }),
  ];
  return {
    calls: () => [...seen],
    restore: () => {
      for (const s of spies) s.mockRestore();
    },
  };
}

/** Number of runs of a property: `FUZZ_RUNS` (npm run fuzz) scaled by `share`, else `ci`. */
export function runs(ci: number, share = 1): number {
  const env = Number(process.env.FUZZ_RUNS);
  return Number.isSafeInteger(env) && env > 0 ? Math.max(1, Math.round(env * share)) : ci;
}

/** A test timeout that grows with the number of runs (a hang still fails, just later). */
export function timeoutFor(numRuns: number, msPerRun: number): number {
  return Math.max(60_000, Math.ceil(numRuns * msPerRun * 4));
}
