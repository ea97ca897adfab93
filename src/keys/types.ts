/**
 * Types of the key functions: what a key can be given as, and the imported key objects.
 *
 * @module
 */

/**
 * A key as the caller holds it:
 * - a string: PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`, `CERTIFICATE`, `PRIVATE KEY`,
 *   `RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`), an SSH2 public key file (RFC 4716,
 *   `---- BEGIN SSH2 PUBLIC KEY ----`), an OpenSSH line (`ssh-rsa AAAA… comment`), or JWK JSON text;
 * - bytes: DER (SPKI, PKCS#1, X.509 certificate, PKCS#8, encrypted PKCS#8) or the bytes of any of
 *   the text forms above;
 * - an object: an RSA JSON Web Key (`{ kty: 'RSA', n, e, … }`).
 */
export type KeyInput = string | Uint8Array | Record<string, unknown>;

/**
 * An imported RSA public key (modulus of at least 2048 bits unless `allowLegacy1024` was given).
 * Immutable; the underlying key material is not enumerable.
 */
export interface PublicKey {
  /** Always `'public'`. */
  readonly type: 'public';
  /** Size of the modulus in bits (2048, 3072, 4096…). */
  readonly bits: number;
  /**
   * SHA-256 fingerprint exactly as `ssh-keygen -l` prints it: `SHA256:` followed by the unpadded
   * base64 of the SHA-256 of the SSH wire-format public key. Compare it with the one the key's
   * owner publishes before sealing anything for them.
   */
  readonly fingerprint: string;
  /** The comment of the SSH2 file (`Comment:` header) or OpenSSH line the key came from, if any. */
  readonly comment?: string;
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`), ending with a newline. */
  toPem(): string;
  /**
   * SSH2 public key file (RFC 4716), as PuTTY and `ssh-keygen -e -m RFC4716` write it: base64
   * wrapped at 70 columns, an optional quoted `Comment:` header, ending with a newline.
   */
  toSsh2(comment?: string): string;
  /** OpenSSH line `ssh-rsa AAAA… [comment]`, ending with a newline. */
  toOpenSsh(comment?: string): string;
  /** Public RSA JWK: `{ kty: 'RSA', n, e }`. */
  toJwk(): Record<string, string>;
}

/**
 * An imported RSA private key. Immutable; the key material is not enumerable and never appears
 * in `JSON.stringify` or `util.inspect` output.
 */
export interface PrivateKey {
  /** Always `'private'`. */
  readonly type: 'private';
  /** Size of the modulus in bits. */
  readonly bits: number;
  /** Fingerprint of the matching public key (see {@link PublicKey.fingerprint}). */
  readonly fingerprint: string;
  /** The matching public key. */
  readonly publicKey: PublicKey;
  /**
   * PKCS#8 PEM. With a passphrase, an `ENCRYPTED PRIVATE KEY` (PBES2, PBKDF2, AES-256-CBC, the
   * form `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes); without, a clear `PRIVATE KEY`.
   */
  toPem(options?: { passphrase?: string }): string;
  /** Private RSA JWK: `{ kty: 'RSA', n, e, d, p, q, dp, dq, qi }`. Handle with care. */
  toJwk(): Record<string, string>;
}

/** Options of {@link importPublicKey}. */
export interface ImportPublicKeyOptions {
  /**
   * Accept RSA moduli from 1024 bits (legacy test files only); each such key is reported through
   * `onWarning`. Default false: under 2048 bits fails with `ERR_KEY_UNSUPPORTED`.
   */
  allowLegacy1024?: boolean;
  /** Receives warnings (e.g. a legacy 1024-bit key was accepted). The library never logs. */
  onWarning?: (message: string) => void;
}

/** Options of {@link importPrivateKey}. */
export interface ImportPrivateKeyOptions extends ImportPublicKeyOptions {
  /** Passphrase of an encrypted private key (ignored for a clear key). */
  passphrase?: string | Uint8Array;
}

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** Modulus size. Default 2048. */
  bits?: 2048 | 3072 | 4096;
}

/** Result of {@link generateKeyPair}. */
export interface KeyPair {
  readonly publicKey: PublicKey;
  readonly privateKey: PrivateKey;
}
