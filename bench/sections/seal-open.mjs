// Section child: seal (build + seal) and open (open + parse) of one PARTENAIRE_INDEX, each beside
// its primitive floor, measured in alternation.
//
// Floors: seal = node:zlib deflate (default level) + AES-128-CBC + SHA-256 + base64 of the same
// XML bytes; open = base64 decode + AES decrypt + SHA-256 + inflate of the same envelope content.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { readDocument } from '../lib/data.mjs';
import { floorRow, mb, people, say } from '../lib/stats.mjs';
import { buildPartenaireIndex, generateKeyPair, inspectEnvelope, openPartenaireIndex, sealPartenaireIndex } from '../../dist/index.js';

function floorSeal(plain) {
  const z = deflateSync(plain, { level: constants.Z_DEFAULT_COMPRESSION });
  const cipher = createCipheriv('aes-128-cbc', randomBytes(16), randomBytes(16));
  const encrypted = Buffer.concat([cipher.update(z), cipher.final()]);
  const digest = createHash('sha256').update(z).digest('base64');
  return encrypted.toString('base64').length + digest.length;
}

function sealedParts(plain) {
  const z = deflateSync(plain, { level: constants.Z_DEFAULT_COMPRESSION });
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  const contenu = Buffer.concat([cipher.update(z), cipher.final()]).toString('base64');
  return { key, iv, contenu, verification: createHash('sha256').update(z).digest('base64') };
}

function floorOpen({ key, iv, contenu, verification }) {
  const encrypted = Buffer.from(contenu, 'base64');
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  const z = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  if (createHash('sha256').update(z).digest('base64') !== verification) throw new Error('floor digest');
  return inflateSync(z).length;
}

/** args: [fixture, label, seal goal, open goal, warm-up runs, runs multiplier]. */
export async function run({ fixture, runs, args }) {
  const [name, label, sealGoal, openGoal, warmup = '1', times = '1'] = args;
  let doc = readDocument(join(fixture(name), 'ent.doc'));
  const keys = generateKeyPair();
  let plain = Buffer.from(buildPartenaireIndex(doc), 'utf8');
  const n = runs * Number(times);
  for (let i = 0; i < Number(warmup); i++) await sealPartenaireIndex(doc, keys.publicKey);
  const size = `${people(doc).toLocaleString('en-US')} people, ${mb(plain.length)} XML`;
  say(`seal ${label}: ${n} runs`);
  const seal = await floorRow(
    { operation: `seal ${label} (build + seal)`, size },
    () => floorSeal(plain),
    () => sealPartenaireIndex(doc, keys.publicKey),
    n,
    Number(sealGoal),
  );
  const envelope = await sealPartenaireIndex(doc, keys.publicKey);
  const info = inspectEnvelope(envelope);
  const parts = sealedParts(plain);
  // The open is measured without the seal's inputs alive (the model of the whole document, its
  // XML): a garbage collection during an open would otherwise mark them too.
  doc = plain = undefined;
  globalThis.gc?.();
  for (let i = 0; i < Number(warmup); i++) await openPartenaireIndex(envelope, keys.privateKey);
  say(`open ${label}: ${n} runs`);
  const open = await floorRow(
    { operation: `open ${label} (open + parse)`, size: `${mb(Buffer.byteLength(envelope))} envelope, ${mb(info.encryptedBytes)} encrypted` },
    () => floorOpen(parts),
    () => openPartenaireIndex(envelope, keys.privateKey),
    n,
    Number(openGoal),
  );
  return [seal, open];
}
