/**
 * `sealExportIndexEducation`: wraps a document in an `EXPORT_INDEX_EDUCATION` envelope for one or
 * two partners, as PRONOTE does for its partner exports.
 *
 * @module
 */

import { EntPronoteError } from '../../errors';
import type { PublicKey } from '../../keys/types';
import { encodeBase64 } from '../base64';
import { checkCompressionLevel, compress } from '../compress';
import { encryptContent, encryptKeyBlock, makeKeyBlock, randomSource, sha256 } from '../crypto';
import { resolvePublicKey } from '../key-args';
import { plainBytes, textOption } from '../seal-common';
import type { ExportPartner, SealExportOptions } from '../types';
import { exportMeta, writeExport } from './write';
import { isArrayValue } from '../../common/arguments';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function withBom(plain: string | Uint8Array): Buffer {
  if (typeof plain === 'string') return plainBytes(plain.startsWith('\uFEFF') ? plain : `\uFEFF${plain}`);
  const bytes = plainBytes(plain);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes;
  return Buffer.concat([BOM, bytes], bytes.length + 3);
}

/**
 * Seals a document in an `EXPORT_INDEX_EDUCATION` envelope (`docs/formats/export-index-education.md`) for one or two
 * partners: each partner gets its own RSA PKCS#1 v1.5 encryption of the same 48-byte key block
 * (`CLES/PARTENAIRE[@NOM]`). The plaintext starts with a UTF-8 BOM like PRONOTE's (option `bom`,
 * default true; never doubled), is zlib-compressed unless `compress: false`
 * (`CompresseAvantChiffrement="false"`), AES-128-CBC encrypted, and `VERIFICATION` is the SHA-256
 * of the bytes before encryption (compressed or not). Mostly for tests, fixtures and partners'
 * own test tools: in production PRONOTE writes these envelopes.
 *
 * @throws EntPronoteError `ERR_ARGUMENT` (no partner or more than two, empty or duplicated `nom`,
 *   bad options), and the errors of `importPublicKey` for keys given as {@link KeyInput}.
 *
 * @example
 * ```ts
 * const envelope = sealExportIndexEducation(xml, [{ nom: 'MONENT', publicKey: entKey }], { uai: '0410017W' });
 * openExportIndexEducation(envelope, entPrivateKey, { partner: 'MONENT' }).text() === xml; // true
 * ```
 */
export function sealExportIndexEducation(plain: string | Uint8Array, partners: readonly ExportPartner[], options: SealExportOptions = {}): string {
  const meta = exportMeta(options);
  const level = checkCompressionLevel(options.compressionLevel);
  if (!isArrayValue(partners) || partners.length < 1 || partners.length > 2) {
    throw new EntPronoteError('ERR_ARGUMENT', 'partners must list one or two { nom, publicKey } recipients');
  }
  const recipients: Array<{ nom: string; key: PublicKey }> = partners.map((p, i) => {
    if (p === null || typeof p !== 'object') throw new EntPronoteError('ERR_ARGUMENT', `partners[${i}] must be { nom, publicKey }`);
    const nom = textOption(`partners[${i}].nom`, p.nom, { required: true, nonEmpty: true }) as string;
    return { nom, key: resolvePublicKey(p.publicKey, options) };
  });
  if (recipients.length === 2 && recipients[0]?.nom === recipients[1]?.nom) {
    throw new EntPronoteError('ERR_ARGUMENT', 'the two partners must have different names');
  }
  const unsafe = options.unsafeRandom === undefined ? undefined : randomSource(options.unsafeRandom);
  const random = unsafe ?? randomSource();
  const bytes = meta.bom ? withBom(plain) : plainBytes(plain);
  const z = meta.compress ? compress(bytes, level) : bytes;
  const aesKey = Buffer.from(random(16));
  const iv = Buffer.from(random(16));
  const contenu = encryptContent(aesKey, iv, z);
  const block = makeKeyBlock(aesKey, iv);
  aesKey.fill(0);
  const keyBlocks = recipients.map((r) => ({ nom: r.nom, cle: encodeBase64(encryptKeyBlock(r.key, block, unsafe)) }));
  block.fill(0);
  return writeExport(meta, keyBlocks, encodeBase64(contenu), encodeBase64(sha256(z)));
}
