/**
 * Types of the envelope functions.
 *
 * @module
 */

import type { Limits } from '../limits';
import type { KeyInput, PrivateKey, PublicKey } from '../keys/types';

/** Namespace of the `ImportChiffre` container, version 1 (elements qualified). */
export const IMPORT_CHIFFRE_NAMESPACE = 'http://www.index-education.com/containeurimportchiffreV1';

/** The two envelopes: ENT → Index-Education, and Index-Education → partner. */
export type EnvelopeKind = 'ImportChiffre' | 'EXPORT_INDEX_EDUCATION';

/**
 * A deterministic source of "random" bytes, for golden files and reproducible fixtures only.
 * UNSAFE: whoever knows its output can decrypt the envelope. Never use it for real data.
 */
export type UnsafeRandom = (size: number) => Uint8Array;

/** The clear metadata of an envelope (readable without any key). */
export interface EnvelopeInfo {
  /** Which envelope. */
  kind: EnvelopeKind;
  /** `ImportChiffre/@Version` or `EXPORT_INDEX_EDUCATION/VERSION`. */
  version: string;
  /** `DateExport` or `DATEHEURE` (`xs:dateTime`, as written). */
  date: string;
  /** `UAI` (required in ImportChiffre, optional in EXPORT_INDEX_EDUCATION). */
  uai?: string;
  /** ImportChiffre: `Partenaire`, the sending ENT vendor's name. */
  partenaire?: string;
  /** ImportChiffre: `Description`. */
  description?: string;
  /** EXPORT_INDEX_EDUCATION: `LOGICIEL` (e.g. `PRONOTE`, `EDT`). */
  logiciel?: string;
  /** EXPORT_INDEX_EDUCATION: the `NOM` of each key block, in order. */
  partners?: string[];
  /** True when the content was zlib-compressed before encryption (always for ImportChiffre). */
  compressed: boolean;
  /** EXPORT_INDEX_EDUCATION: `NOMETABLISSEMENT`. */
  nomEtablissement?: string;
  /** EXPORT_INDEX_EDUCATION: `CODEPOSTALVILLE`. */
  codePostalVille?: string;
  /** Size of the encrypted content (decoded `Contenu`/`CONTENU`), in bytes. */
  encryptedBytes: number;
  /**
   * Size of each encrypted key block in bytes, in document order (256 for a 2048-bit key):
   * tells which key size the sender used.
   */
  keyBlockBytes: number[];
}

/** An opened, verified envelope. */
export interface OpenedEnvelope {
  /** Which envelope. */
  kind: EnvelopeInfo['kind'];
  /** The clear metadata. Note: the formats do not authenticate it (see `openEnvelope`). */
  info: EnvelopeInfo;
  /** Verified plaintext, leading UTF-8 BOM removed. */
  content: Uint8Array;
  /**
   * The content decoded per its XML declaration (UTF-8 by default).
   * @throws EntPronoteError `ERR_ENCODING` when the bytes are not valid in their encoding.
   */
  text(): string;
}

/** Options shared by the openers for turning a {@link KeyInput} into a key. */
export interface OpenKeyOptions {
  /** Passphrase of an encrypted private key given as {@link KeyInput}. */
  passphrase?: string | Uint8Array;
  /** Accept a legacy 1024-bit private key given as {@link KeyInput} (reported via `onWarning`). */
  allowLegacy1024?: boolean;
  /** Receives warnings. The library never logs. */
  onWarning?: (message: string) => void;
}

/** Options of `openImportChiffre` (and the base of those of `openEnvelope` and `openExportIndexEducation`). */
export interface OpenOptions extends OpenKeyOptions {
  /** Resource limits (input size, decompressed size…). */
  limits?: Partial<Limits>;
}

/** Options of `openEnvelope`, `openEnvelopeAsync` and `openExportIndexEducation`. */
export interface OpenEnvelopeOptions extends OpenOptions {
  /** EXPORT_INDEX_EDUCATION: the partner name (`PARTENAIRE/@NOM`) whose key block to use. */
  partner?: string;
}

/** Options of `inspectEnvelope`. */
export interface InspectOptions {
  /** Resource limits. */
  limits?: Partial<Limits>;
}

/** Options shared by the sealers. */
export interface SealCommonOptions {
  /** zlib level 0–9 (default: zlib's default, 6, as Java's `Deflater`). */
  compressionLevel?: number;
  /**
   * UNSAFE, for golden files and reproducible fixtures only: supplies the AES key (first call,
   * 16 bytes), the IV (second call, 16 bytes) and the RSA PKCS#1 v1.5 padding bytes (then, per
   * key block: one call for the `k - 51` padding bytes, and further calls for as many bytes as
   * there were zero bytes to replace). Anyone who can reproduce its output can decrypt the
   * envelope. Without it, everything comes from the CSPRNG.
   */
  unsafeRandom?: UnsafeRandom;
  /** Options for a public key given as {@link KeyInput}. */
  allowLegacy1024?: boolean;
  /** Receives warnings. The library never logs. */
  onWarning?: (message: string) => void;
}

/** Options of `sealImportChiffre` and `createImportChiffreSealer`. */
export interface SealImportChiffreOptions extends SealCommonOptions {
  /** `Partenaire`: the ENT vendor's name, as agreed with Index-Education. Required, non-empty. */
  partenaire: string;
  /** `UAI` of the school (main school of a group): 7 digits and a letter. Required. */
  uai: string;
  /** `Description`: free comment on the content. Default `''`. */
  description?: string;
  /** `Version` of the container. Default `'1.0'`. */
  version?: string;
  /** `DateExport` (`xs:dateTime`). Default: now, with the local offset (`formatXsDateTime`). */
  date?: string;
}

/** One recipient of an EXPORT_INDEX_EDUCATION envelope. */
export interface ExportPartner {
  /** `PARTENAIRE/@NOM`: the name the partner looks its key block up by. */
  nom: string;
  /** The partner's public key. */
  publicKey: PublicKey | KeyInput;
}

/** Options of `sealExportIndexEducation`. */
export interface SealExportOptions extends SealCommonOptions {
  /** `VERSION`. Default `'1.0'`. */
  version?: string;
  /** `LOGICIEL`. Default `'PRONOTE'`. */
  logiciel?: string;
  /** `DATEHEURE` (`xs:dateTime`). Default: now, with the local offset. */
  date?: string;
  /** `UAI` (optional element). */
  uai?: string;
  /** `NOMETABLISSEMENT` (optional element). */
  nomEtablissement?: string;
  /** `CODEPOSTALVILLE` (optional element). */
  codePostalVille?: string;
  /** Compress before encrypting (`CompresseAvantChiffrement`). Default true. */
  compress?: boolean;
  /** Start the plaintext with a UTF-8 BOM, as PRONOTE does (not doubled if present). Default true. */
  bom?: boolean;
}

/** An incremental `ImportChiffre` sealer (see `createImportChiffreSealer`). */
export interface ImportChiffreSealer {
  /**
   * Feeds the next bytes of the plaintext (compressed on the libuv thread pool). `compressed`,
   * when given, is called once the sealer no longer reads `chunk` (the caller may then reuse it):
   * at once for a small chunk (copied), after its compression for a large one (referenced), or
   * when compression fails; never after `abort()`.
   */
  write(chunk: Uint8Array, compressed?: () => void): void;
  /** Ends the plaintext and resolves to the sealed envelope. */
  end(): Promise<string>;
  /** Abandons the sealing and releases its resources. */
  abort(): void;
}

/** A private key as the openers accept it. */
export type PrivateKeyArgument = PrivateKey | KeyInput;
/** A public key as the sealers accept it. */
export type PublicKeyArgument = PublicKey | KeyInput;
