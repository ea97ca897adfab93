/**
 * Child process of the "key generation never hangs" test: keeps 43 MB of young buffers alive
 * (a document just read), then generates a key pair and seals and opens a small envelope with it.
 * On Node 20 a key object sharing its lock with Node's key generation job made this hang forever
 * (see `src/keys/generate.ts`). Prints "ok <bits>" when it gets through.
 *
 * Usage: node --import tsx keygen-memory.ts
 */

import { generateKeyPair, openImportChiffre, sealImportChiffre } from '../../../src/index';

const document = Buffer.alloc(43_000_000, 0x20);
const { publicKey, privateKey } = generateKeyPair();
const xml = '<?xml version="1.0" encoding="UTF-8"?><PARTENAIRE_INDEX/>';
const sealed = sealImportChiffre(xml, publicKey, { partenaire: 'TEST', uai: '0410017W' });
const opened = openImportChiffre(sealed, privateKey).text();
if (opened !== xml) throw new Error('round trip');
process.stdout.write(`ok ${publicKey.bits} ${document.length}\n`);
