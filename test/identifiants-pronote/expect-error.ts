import { expect } from 'vitest';
import { EntPronoteError, type ErrorCode } from '../../src/errors';

/** Runs `fn`, expects an EntPronoteError of `code`, returns it. */
export function expectError(fn: () => unknown, code: ErrorCode): EntPronoteError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EntPronoteError);
    expect((e as EntPronoteError).code).toBe(code);
    return e as EntPronoteError;
  }
  throw new Error(`expected ${code}`);
}
