/**
 * Child process of the compression-bomb memory test: opens an ImportChiffre container whose
 * verified content inflates to 1 GiB of zeros, and reports the peak resident memory growth.
 *
 * Usage: node --expose-gc --import tsx bomb.ts <sync|async> <maxDecompressedBytes|default>
 * Prints one JSON line: { code, rssBefore, peakBefore, peakAfter }.
 */

import { createCipheriv, createHash, createPublicKey, publicEncrypt, constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateRawSync, constants as zc } from 'node:zlib';
import { EntPronoteError, openImportChiffre, openEnvelopeAsync, importPrivateKey } from '../../../src/index';

const MiB = 1024 * 1024;
const keys = new URL('../../data/keys/', import.meta.url);

/** zlib stream of `mebibytes` MiB of zeros (see test/envelope/bomb.test.ts), about 1 KB per MiB. */
function zerosBomb(mebibytes: number): Buffer {
  const segment = deflateRawSync(Buffer.alloc(MiB), { finishFlush: zc.Z_SYNC_FLUSH });
  const n = mebibytes * MiB;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((n % 65521) << 16) | 1) >>> 0, 0);
  return Buffer.concat([Buffer.from([0x78, 0x9c]), ...new Array<Buffer>(mebibytes).fill(segment), Buffer.from([0x03, 0x00]), adler]);
}

function envelopeOf(z: Buffer): string {
  const key = Buffer.alloc(16, 7);
  const iv = Buffer.alloc(16, 9);
  const c = createCipheriv('aes-128-cbc', key, iv);
  const contenu = Buffer.concat([c.update(z), c.final()]);
  const block = Buffer.concat([key, iv, createHash('md5').update(Buffer.concat([key, iv])).digest()]);
  const pub = createPublicKey(readFileSync(new URL('rsa2048.spki.pem', keys), 'utf8'));
  const cle = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_PADDING }, block);
  const sha = createHash('sha256').update(z).digest();
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ImportChiffre xmlns="http://www.index-education.com/containeurimportchiffreV1" Version="1.0">' +
    `<Partenaire>BOMB</Partenaire><Description>1 GiB of zeros</Description><Cle>${cle.toString('base64')}</Cle>` +
    `<Contenu>${contenu.toString('base64')}</Contenu><Verification>${sha.toString('base64')}</Verification>` +
    '<DateExport>2026-09-01T08:00:00+02:00</DateExport><UAI>0410017W</UAI></ImportChiffre>\n'
  );
}

const [mode = 'sync', limitArg = 'default'] = process.argv.slice(2);
const limits = limitArg === 'default' ? {} : { maxDecompressedBytes: Number(limitArg) };
const privateKey = importPrivateKey(readFileSync(new URL('rsa2048.pkcs8.pem', keys), 'utf8'));
const envelope = envelopeOf(zerosBomb(1024));

(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
const peakBefore = process.resourceUsage().maxRSS * 1024;
let code = 'none';
let opened = 0;
try {
  const result = mode === 'async' ? await openEnvelopeAsync(envelope, privateKey, { limits }) : openImportChiffre(envelope, privateKey, { limits });
  opened = result.content.length;
} catch (e) {
  code = e instanceof EntPronoteError ? e.code : `not a library error: ${String(e)}`;
}
const peakAfter = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`${JSON.stringify({ code, opened, envelopeBytes: envelope.length, rssBefore, peakBefore, peakAfter })}\n`);
