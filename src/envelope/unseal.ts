/**
 * The opening steps shared by both envelopes, in the order the specification requires: key block
 * length, RSA + PKCS#1 v1.5 + MD5, AES padding + SHA-256, bounded decompression, BOM removal.
 * Nothing is returned unless every check passed.
 *
 * @internal
 * @module
 */

import { EntPronoteError } from '../errors';
import { limitError, type Limits, resolveLimits } from '../limits';
import type { PrivateKey } from '../keys/types';
import { decodeXmlBytes } from '../internal/xml/decode';
import { decodeBase64Strict } from './base64';
import { decompress, decompressAsync } from './compress';
import { decryptContent, decryptKeyBlock, modulusBytes, type RsaBackend } from './crypto';
import { resolvePrivateKey } from './key-args';
import { type ParsedEnvelope, type ParsedExport, type ParsedKeyBlock, parseEnvelope, PATHS } from './parse';
import type { EnvelopeInfo, OpenedEnvelope, OpenOptions, PrivateKeyArgument } from './types';

/** The decoded binary fields of an envelope. */
export interface DecodedEnvelope {
  readonly info: EnvelopeInfo;
  /** Key blocks in document order (one for ImportChiffre). */
  readonly keyBlocks: readonly Buffer[];
  readonly contenu: Buffer;
  readonly verification: Buffer;
}

/**
 * Decodes the base64 fields (strictly) and builds the clear metadata.
 *
 * @throws EntPronoteError `ERR_BASE64` with the element path.
 */
export function decodeEnvelope(parsed: ParsedEnvelope): DecodedEnvelope {
  if (parsed.kind === 'ImportChiffre') {
    const cle = decodeBase64Strict(parsed.cle, PATHS.cle);
    const contenu = decodeBase64Strict(parsed.contenu, PATHS.contenu);
    const verification = decodeBase64Strict(parsed.verification, PATHS.verification);
    const info: EnvelopeInfo = {
      kind: 'ImportChiffre',
      version: parsed.version,
      date: parsed.date,
      uai: parsed.uai,
      partenaire: parsed.partenaire,
      description: parsed.description,
      compressed: true,
      encryptedBytes: contenu.length,
      keyBlockBytes: [cle.length],
    };
    return { info, keyBlocks: [cle], contenu, verification };
  }
  const keyBlocks = parsed.cles.map((k) => decodeBase64Strict(k.text, k.path));
  const contenu = decodeBase64Strict(parsed.contenu, PATHS.exportContenu);
  const verification = decodeBase64Strict(parsed.verification, PATHS.exportVerification);
  const info: EnvelopeInfo = {
    kind: 'EXPORT_INDEX_EDUCATION',
    version: parsed.version,
    date: parsed.date,
    logiciel: parsed.logiciel,
    partners: parsed.cles.map((k) => k.nom),
    compressed: parsed.compressed,
    encryptedBytes: contenu.length,
    keyBlockBytes: keyBlocks.map((b) => b.length),
  };
  if (parsed.uai !== undefined) info.uai = parsed.uai;
  if (parsed.nomEtablissement !== undefined) info.nomEtablissement = parsed.nomEtablissement;
  if (parsed.codePostalVille !== undefined) info.codePostalVille = parsed.codePostalVille;
  return { info, keyBlocks, contenu, verification };
}

function quote(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

/**
 * Index of the key block to use in an EXPORT_INDEX_EDUCATION envelope: the one named `partner`,
 * or the only one.
 *
 * @throws EntPronoteError `ERR_PARTNER`.
 */
export function selectKeyBlock(parsed: ParsedExport, partner: string | undefined): number {
  const names = parsed.cles.map((k: ParsedKeyBlock) => quote(k.nom)).join(', ');
  if (partner !== undefined) {
    if (typeof partner !== 'string') throw new EntPronoteError('ERR_ARGUMENT', 'the partner name must be a string');
    const i = parsed.cles.findIndex((k) => k.nom === partner);
    if (i === -1) {
      throw new EntPronoteError('ERR_PARTNER', `the envelope has no key block for partner ${quote(partner)}; it has key blocks for ${names}`, {
        path: '/EXPORT_INDEX_EDUCATION/CLES',
      });
    }
    return i;
  }
  if (parsed.cles.length === 1) return 0;
  throw new EntPronoteError('ERR_PARTNER', `the envelope has key blocks for ${names}: name the partner whose private key this is`, {
    path: '/EXPORT_INDEX_EDUCATION/CLES',
  });
}

interface Step {
  keyBlock: Buffer;
  keyBlockPath: string;
}

function decryptToCompressed(decoded: DecodedEnvelope, step: Step, privateKey: PrivateKey, backend: RsaBackend): Buffer {
  const k = modulusBytes(privateKey);
  if (step.keyBlock.length !== k) {
    throw new EntPronoteError(
      'ERR_KEY_BLOCK',
      `the encrypted key block is ${step.keyBlock.length} bytes but this ${privateKey.bits}-bit private key needs ${k}: the key block is truncated or altered, or the envelope was sealed for a key of another size`,
      { path: step.keyBlockPath },
    );
  }
  const { key, iv } = decryptKeyBlock(privateKey, step.keyBlock, backend);
  try {
    return decryptContent(key, iv, decoded.contenu, decoded.verification);
  } finally {
    key.fill(0);
    iv.fill(0);
  }
}

const BOM_LENGTH = 3;

/** The content without its UTF-8 byte order mark, if it has one. */
export function dropBom(content: Buffer): Buffer {
  return content.length >= BOM_LENGTH && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? content.subarray(BOM_LENGTH) : content;
}

function checkSize(content: Buffer, limits: Limits): void {
  if (content.length > limits.maxDecompressedBytes) {
    throw limitError('the decrypted envelope content', limits.maxDecompressedBytes, 'maxDecompressedBytes');
  }
}

/** Runs every check and returns the verified content (BOM removed). */
export function unseal(decoded: DecodedEnvelope, step: Step, privateKey: PrivateKey, limits: Limits, backend: RsaBackend = 'auto'): Buffer {
  const z = decryptToCompressed(decoded, step, privateKey, backend);
  if (!decoded.info.compressed) {
    checkSize(z, limits);
    return dropBom(z);
  }
  return dropBom(decompress(z, limits.maxDecompressedBytes));
}

/** {@link unseal} with the decompression on the libuv thread pool. */
export async function unsealAsync(decoded: DecodedEnvelope, step: Step, privateKey: PrivateKey, limits: Limits): Promise<Buffer> {
  const z = decryptToCompressed(decoded, step, privateKey, 'auto');
  if (!decoded.info.compressed) {
    checkSize(z, limits);
    return dropBom(z);
  }
  return dropBom(await decompressAsync(z, limits.maxDecompressedBytes));
}

/**
 * The verified zlib stream of the content ({@link unseal} without the decompression), for a
 * caller that decompresses and parses in one pass (see `decompressChunks`). Every check before
 * decompression has passed (key block, MD5, padding, SHA-256).
 */
export function unsealCompressed(decoded: DecodedEnvelope, step: Step, privateKey: PrivateKey): Buffer {
  return decryptToCompressed(decoded, step, privateKey, 'auto');
}

/** The key block to use and its path. */
function stepFor(parsed: ParsedEnvelope, decoded: DecodedEnvelope, partner: string | undefined): Step {
  if (parsed.kind === 'ImportChiffre') return { keyBlock: decoded.keyBlocks[0] as Buffer, keyBlockPath: PATHS.cle };
  const i = selectKeyBlock(parsed, partner);
  return { keyBlock: decoded.keyBlocks[i] as Buffer, keyBlockPath: (parsed.cles[i] as ParsedKeyBlock).path };
}

/** Wraps verified content as an {@link OpenedEnvelope}. */
export function openedEnvelope(info: EnvelopeInfo, content: Buffer, limits: Limits): OpenedEnvelope {
  return {
    kind: info.kind,
    info,
    content,
    text: () => decodeXmlBytes(content, { limits, what: 'the envelope content' }).text,
  };
}

/** What every opener needs before decrypting. */
export interface Opening {
  readonly limits: Limits;
  readonly key: PrivateKey;
  readonly decoded: DecodedEnvelope;
  readonly step: Step;
}

/**
 * The steps every opener takes before decrypting, in this order: the limits, the private key
 * (key errors first), the envelope parsed (of the `expected` kind when given) and its base64
 * fields decoded, and the key block to use (`partner`'s, or the only one).
 */
export function prepareOpening(
  envelope: string | Uint8Array,
  privateKey: PrivateKeyArgument,
  options: OpenOptions,
  expected: ParsedEnvelope['kind'] | undefined,
  partner: string | undefined,
): Opening {
  const limits = resolveLimits(options.limits);
  const key = resolvePrivateKey(privateKey, options);
  const parsed = parseEnvelope(envelope, limits, expected);
  const decoded = decodeEnvelope(parsed);
  return { limits, key, decoded, step: stepFor(parsed, decoded, partner) };
}
