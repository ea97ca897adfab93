// Section child: seal (build + seal) and open (open + parse) of one PARTENAIRE_INDEX, each beside
// its primitive floor, measured in alternation.
//
// Floors: seal = node:zlib deflate (default level) + AES-128-CBC + SHA-256 + base64 of the same
// XML bytes; open = base64 decode + AES decrypt + SHA-256 + inflate of the same envelope content.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { constants, createInflate, deflateSync, inflateSync } from 'node:zlib';
import { readDocument } from '../lib/data.mjs';
import { MinimalReader } from '../lib/minimal-reader.mjs';
import { alternate, floorRow, mb, people, ratioRow, say } from '../lib/stats.mjs';
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

/** The floor's first steps: base64 decode, AES decrypt, SHA-256 check; the compressed content. */
function unsealFloor({ key, iv, contenu, verification }) {
  const encrypted = Buffer.from(contenu, 'base64');
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  const z = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  if (createHash('sha256').update(z).digest('base64') !== verification) throw new Error('floor digest');
  return z;
}

function floorOpen(parts) {
  return inflateSync(unsealFloor(parts)).length;
}

/**
 * The floor's steps, then the inflated stream (1 MiB chunks, on the thread pool, as our open)
 * read by the minimal reader (bench/lib/minimal-reader.mjs): the reference row of the open.
 */
function openMinimal(parts) {
  const z = unsealFloor(parts);
  return new Promise((resolve, reject) => {
    const reader = new MinimalReader();
    const inflater = createInflate({ chunkSize: 1024 * 1024 });
    inflater.on('data', (chunk) => {
      try {
        reader.write(chunk);
      } catch (e) {
        inflater.destroy();
        reject(e);
      }
    });
    inflater.on('error', reject);
    inflater.on('end', () => {
      try {
        resolve(reader.end());
      } catch (e) {
        reject(e);
      }
    });
    inflater.end(z);
  });
}

/** Throws unless the minimal reader read the same people as ours (so that it is not faster by skipping any). */
function checkSamePeople(minimal, ours) {
  for (const [list, theirs] of [
    ['eleves', minimal.eleves],
    ['responsables', minimal.responsables],
  ]) {
    const mine = ours[list];
    if (mine.length !== theirs.length) throw new Error(`minimal reader: ${theirs.length} ${list}, ours ${mine.length}`);
    for (let i = 0; i < mine.length; i++) {
      const a = mine[i];
      const b = theirs[i];
      const same =
        a.ident === b.Ident &&
        a.nom === b.Nom &&
        a.prenom === b.Prenom &&
        a.idPartenaire === b.ID_Partenaire &&
        (a.civilite ?? -1) === (b.civilite ?? -1) &&
        JSON.stringify(a.responsables) === JSON.stringify(b.responsables);
      if (!same) throw new Error(`minimal reader: ${list}[${i}] differs from ours`);
    }
  }
}

/** args: [fixture, label, seal goal, open goal, warm-up runs, runs multiplier, 'reference' to time the minimal reader too]. */
export async function run({ fixture, runs, args }) {
  const [name, label, sealGoal, openGoal, warmup = '1', times = '1', reference] = args;
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
  const openRow = { operation: `open ${label} (open + parse)`, size: `${mb(Buffer.byteLength(envelope))} envelope, ${mb(info.encryptedBytes)} encrypted` };
  const ours = () => openPartenaireIndex(envelope, keys.privateKey);
  if (reference !== 'reference') {
    say(`open ${label}: ${n} runs`);
    return [seal, await floorRow(openRow, () => floorOpen(parts), ours, n, Number(openGoal))];
  }
  checkSamePeople(await openMinimal(parts), (await ours()).document);
  for (let i = 0; i < Number(warmup); i++) await openMinimal(parts);
  say(`open ${label}, with the minimal reader: ${n} runs each`);
  const t = await alternate({ floor: { fn: () => floorOpen(parts), runs: n }, op: { fn: ours, runs: n }, minimal: { fn: () => openMinimal(parts), runs: n } });
  const minimal = ratioRow(
    { operation: `open ${label}: minimal reader (reference)`, size: openRow.size },
    t,
    'minimal',
    'reference: the floor, then a streaming reader that checks almost nothing and builds a model like ours (bench/lib/minimal-reader.mjs)',
  );
  return [seal, ratioRow(openRow, t, 'op', Number(openGoal)), minimal];
}
