import { describe, expect, it } from 'vitest';
import { joinBounded, MAX_STRING_BYTES } from '../../src/limits';
import { isEntPronoteError } from '../../src/index';

describe('joinBounded (the writers’ last step)', () => {
  it('joins pieces below the longest string', () => {
    expect(joinBounded(['<a', '/>', ''], 'the document')).toBe('<a/>');
    expect(joinBounded([], 'the document')).toBe('');
  });

  it('refuses a document longer than V8’s longest string with ERR_LIMIT, before joining it', () => {
    // The same 64 MiB piece nine times: 576 MiB of pieces, 64 MiB of memory.
    const piece = 'x'.repeat(64 * 1024 * 1024);
    const pieces = function* (): Generator<string> {
      for (let i = 0; i < 9; i++) yield piece;
    };
    let caught: unknown;
    try {
      joinBounded(pieces(), 'the PARTENAIRE_INDEX document');
    } catch (e) {
      caught = e;
    }
    expect(isEntPronoteError(caught, 'ERR_LIMIT')).toBe(true);
    expect((caught as Error).message).toContain(`the PARTENAIRE_INDEX document would be longer than ${MAX_STRING_BYTES.toLocaleString('en-US')} characters`);
  });
});
