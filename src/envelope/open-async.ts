/**
 * `openEnvelopeAsync`: `openEnvelope` with the decompression on the libuv thread pool.
 *
 * @module
 */

import { resolveLimits } from '../limits';
import { resolvePrivateKey } from './key-args';
import { parseEnvelope } from './parse';
import type { OpenedEnvelope, OpenEnvelopeOptions, PrivateKeyArgument } from './types';
import { decodeEnvelope, openedEnvelope, stepFor, unsealAsync } from './unseal';

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
  const limits = resolveLimits(options.limits);
  const key = resolvePrivateKey(privateKey, options);
  const parsed = parseEnvelope(envelope, limits);
  const decoded = decodeEnvelope(parsed);
  const content = await unsealAsync(decoded, stepFor(parsed, decoded, options.partner), key, limits);
  return openedEnvelope(decoded.info, content, limits);
}
