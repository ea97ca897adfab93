/**
 * SSH SHA-256 fingerprints, as `ssh-keygen -l` prints them.
 *
 * @module
 */

import { argumentError } from '../common/arguments';
import { createHash } from 'node:crypto';

/**
 * The SHA-256 fingerprint of an SSH wire-format public key blob: `SHA256:` followed by the
 * unpadded base64 of its SHA-256 digest, exactly as `ssh-keygen -l -E sha256` prints it.
 * Throws nothing.
 *
 * @example
 * ```ts
 * sshFingerprint(blob) // 'SHA256:oFjDLol3c8L+FkFkiOOdZO+HSc9tObgPifyChicHIKM'
 * ```
 */
export function sshFingerprint(blob: Uint8Array): string {
  if (!(blob instanceof Uint8Array)) throw argumentError('blob', 'bytes (Uint8Array)', blob);
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
