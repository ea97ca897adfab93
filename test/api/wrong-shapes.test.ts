import { describe, expect, it } from 'vitest';
import * as batch from '../../src/batch';
import * as cas from '../../src/cas';
import * as casServer from '../../src/cas/server';
import * as fixtures from '../../src/fixtures';
import * as input from '../../src/input';
import * as main from '../../src/index';
import * as report from '../../src/report';
import * as review from '../../src/review';

/** Every entry point of the package (`ent-pronote`, `/input`, `/fixtures`, `/report`, `/cas`, `/cas/server`, `/batch`, `/review`). */
const api = { ...main, ...input, ...fixtures, ...report, ...cas, ...casServer, ...batch, ...review };
import { ERROR_CODES, EntPronoteError } from '../../src/index';

/** Wrong shapes for any argument position. */
const WRONG: readonly unknown[] = [null, 0, -1, 1.5, Number.NaN, 'x', '', [], [1, 'a'], {}, { document: {}, problems: [] }, { eleves: 'x' }, { etablissements: {} }, true, Symbol('s'), () => 1, new Uint8Array([0xff, 0x00])];

/** Functions that are not operations on caller data (constructors, type guards accept anything). */
const SKIP = new Set(['EntPronoteError']);

const functions = Object.entries(api).filter(([name, v]) => typeof v === 'function' && !SKIP.has(name)) as [string, (...args: unknown[]) => unknown][];

async function outcome(fn: (...args: unknown[]) => unknown, args: unknown[]): Promise<string> {
  try {
    const isClass = /^class\b/.test(Function.prototype.toString.call(fn));
    const r: unknown = isClass ? new (fn as unknown as new (...a: unknown[]) => unknown)(...args) : fn(...args);
    if (r instanceof Promise) {
      const value: unknown = await r;
      // A server started with the defaults: stop it (the defaults are valid arguments).
      if (value !== null && typeof value === 'object' && typeof (value as { close?: unknown }).close === 'function') await (value as { close: () => unknown }).close();
    } else if (r !== null && typeof r === 'object' && typeof (r as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      for await (const _ of r as AsyncIterable<unknown>) break;
    } else if (r !== null && typeof r === 'object' && typeof (r as Iterable<unknown>)[Symbol.iterator] === 'function' && !Array.isArray(r) && typeof r !== 'string') {
      for (const _ of r as Iterable<unknown>) break;
    }
    return 'ok';
  } catch (e) {
    if (e instanceof EntPronoteError && (ERROR_CODES as readonly string[]).includes(e.code)) return 'ok';
    return `${(e as Error)?.constructor?.name ?? typeof e}: ${String((e as Error)?.message ?? e).slice(0, 80)}`;
  }
}

describe('every exported function answers wrong shapes with an EntPronoteError', () => {
  it('the seeded RNG methods too', async () => {
    const rng = api.createSeededRandom('seed') as unknown as Record<string, (...a: unknown[]) => unknown>;
    const failures: string[] = [];
    for (const method of ['int', 'string', 'bytes', 'pick', 'shuffle', 'chance']) {
      if (typeof rng[method] !== 'function') continue;
      for (const wrong of WRONG) for (const args of [[wrong], ['ab', wrong]]) {
        const o = await outcome((...a: unknown[]) => rng[method]?.(...a), args);
        if (o !== 'ok') failures.push(`${method}(${typeof wrong === 'symbol' ? 'symbol' : JSON.stringify(wrong) ?? typeof wrong}): ${o}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('has functions to check', () => {
    expect(functions.length).toBeGreaterThan(50);
  });
  for (const [name, fn] of functions) {
    it(name, async () => {
      const failures: string[] = [];
      for (let position = 0; position < Math.max(1, fn.length, 3); position++) {
        for (const wrong of WRONG) {
          const args = Array.from({ length: position + 1 }, (_, i) => (i === position ? wrong : undefined));
          const o = await outcome(fn, args);
          if (o !== 'ok') failures.push(`arg ${position} = ${typeof wrong === 'symbol' ? 'symbol' : JSON.stringify(wrong) ?? typeof wrong}: ${o}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
