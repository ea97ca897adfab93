import { expect } from 'vitest';
import { EntPronoteError, type ErrorCode } from '../../src/index';

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

/** Awaits `fn()`, expects it to reject with an EntPronoteError of `code`, returns it. */
export async function expectRejection(fn: () => Promise<unknown>, code: ErrorCode): Promise<EntPronoteError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EntPronoteError);
    expect((e as EntPronoteError).code).toBe(code);
    return e as EntPronoteError;
  }
  throw new Error(`expected ${code}`);
}
