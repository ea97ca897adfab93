/**
 * Keys: import, generation, fingerprints.
 *
 * @module
 */

export { importPublicKey } from './import-public';
export { importPrivateKey } from './import-private';
export { generateKeyPair } from './generate';
export { sshFingerprint } from './fingerprint';
export { isPrivateKey, isPublicKey } from './rsa-key';
export type { GenerateKeyPairOptions, ImportPrivateKeyOptions, ImportPublicKeyOptions, KeyInput, KeyPair, PrivateKey, PublicKey } from './types';
