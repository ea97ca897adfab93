/**
 * Turns the key arguments of the sealers and openers (a key object or any {@link KeyInput}) into
 * keys.
 *
 * @internal
 * @module
 */

import { importPrivateKey } from '../keys/import-private';
import { importPublicKey } from '../keys/import-public';
import type { PrivateKey, PublicKey } from '../keys/types';
import type { OpenKeyOptions, PrivateKeyArgument, PublicKeyArgument, SealCommonOptions } from './types';

/** The public key of a sealing. */
export function resolvePublicKey(key: PublicKeyArgument, options: SealCommonOptions): PublicKey {
  const o: { allowLegacy1024?: boolean; onWarning?: (message: string) => void } = {};
  if (options.allowLegacy1024 !== undefined) o.allowLegacy1024 = options.allowLegacy1024;
  if (options.onWarning !== undefined) o.onWarning = options.onWarning;
  return importPublicKey(key as Parameters<typeof importPublicKey>[0], o);
}

/** The private key of an opening. */
export function resolvePrivateKey(key: PrivateKeyArgument, options: OpenKeyOptions): PrivateKey {
  const o: { passphrase?: string | Uint8Array; allowLegacy1024?: boolean; onWarning?: (message: string) => void } = {};
  if (options.passphrase !== undefined) o.passphrase = options.passphrase;
  if (options.allowLegacy1024 !== undefined) o.allowLegacy1024 = options.allowLegacy1024;
  if (options.onWarning !== undefined) o.onWarning = options.onWarning;
  return importPrivateKey(key as Parameters<typeof importPrivateKey>[0], o);
}
