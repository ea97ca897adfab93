/**
 * `openEnvelopeAsync`: `openEnvelope` with the decompression on the libuv thread pool.
 *
 * @module
 */

import { expectOptions } from '../common/arguments';
import type { OpenedEnvelope, OpenEnvelopeOptions, PrivateKeyArgument } from './types';
import { openedEnvelope, prepareOpening, unsealAsync } from './unseal';

/**
 * Same as `openEnvelope`, but inflates the content on the libuv thread pool, so that a server
 * keeps serving while a large envelope is decompressed. Same checks, same errors (as a rejected
 * promise).
 *
 * @example
 * ```ts
 * const opened = await openEnvelopeAsync(bytes, privateKey);
 * ```
 */
export async function openEnvelopeAsync(
  envelope: string | Uint8Array,
  privateKey: PrivateKeyArgument,
  options: OpenEnvelopeOptions = {},
): Promise<OpenedEnvelope> {
  expectOptions(options);
  const { limits, key, decoded, step } = prepareOpening(envelope, privateKey, options, undefined, options.partner);
  const content = await unsealAsync(decoded, step, key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
