/**
 * Child process of the "nothing of a parsed document stays alive" test: parses a PARTENAIRE_INDEX
 * of a few MiB given as bytes (its text is then held outside V8's heap, as "external" memory), and
 * its envelope, drops everything, collects, and reports the external memory before and after.
 *
 * Usage: node --expose-gc --import tsx retained.ts
 * Prints one JSON line: { bytes, growth } (growth of external memory, in bytes).
 */

import { buildPartenaireIndex, generateKeyPair, openPartenaireIndex, parsePartenaireIndex, sealPartenaireIndex } from '../../../src/index';
import { sampleDocument } from '../../partenaire-index/sample';

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('run with --expose-gc');

const keys = generateKeyPair();
const doc = sampleDocument();
const student = doc.eleves[1];
if (student === undefined) throw new Error('sample without students');
for (let i = 0; i < 20_000; i++) doc.eleves.push({ ...student, ident: 1000 + i, idPartenaire: `e-${i.toString(36).padStart(12, '0')}`, responsables: [] });
let envelope: string | undefined = await sealPartenaireIndex(doc, keys.publicKey);
const xml = buildPartenaireIndex(doc);
doc.eleves.length = 0;
await new Promise((resolve) => setTimeout(resolve, 20));
collect();
collect();
const before = process.memoryUsage().external;
let bytes: Buffer | undefined = Buffer.from(xml, 'utf8');
const size = bytes.length;
let parsed: unknown = parsePartenaireIndex(bytes);
let opened: unknown = await openPartenaireIndex(envelope, keys.privateKey);
if (parsed === undefined || opened === undefined) throw new Error('nothing read');
parsed = opened = bytes = envelope = undefined;
await new Promise((resolve) => setTimeout(resolve, 20));
collect();
collect();
console.log(JSON.stringify({ bytes: size, growth: process.memoryUsage().external - before }));
