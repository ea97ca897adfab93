/**
 * Child of export-service.test.ts: the example export service, in process, with an account source
 * that waits until the client has gone away before answering. Prints one JSON line: the log lines.
 *
 *   node --import tsx test/hardening/child/export-cancel.ts
 */

import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { importPublicKey } from 'ent-pronote';
import { generateFixtures } from 'ent-pronote/fixtures';
import { createExportServer } from '../../../examples/export-service/server';

const none = { aaf: false, csv: false, json: false, partenaireIndex: false, identifiantsPronote: false, groundTruth: false };
const doc = generateFixtures({ seed: 'cancel', students: 300, schools: 1, outputs: none }).schools[0]?.partenaireIndex;
if (doc === undefined) throw new Error('no fixture');
const uai = doc.etablissements[0]?.numero as string;

let called: () => void = () => {};
const wasCalled = new Promise<void>((resolve) => (called = resolve));
let release: () => void = () => {};
const gate = new Promise<void>((resolve) => (release = resolve));
const logs: string[] = [];

const server = createExportServer({
  source: {
    accounts: async () => {
      called();
      await gate;
      return doc;
    },
  },
  publicKey: importPublicKey(readFileSync(new URL('../../data/keys/rsa2048.ssh2.pub', import.meta.url))),
  partenaire: 'TEST',
  log: (line) => logs.push(line),
});
let serverSocket: Promise<unknown> | undefined;
server.on('connection', (s: Socket) => {
  serverSocket = once(s, 'close');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const req = request({ host: '127.0.0.1', port, path: `/export/${uai}`, agent: false });
req.on('error', () => {});
req.end();
await wasCalled;
req.destroy();
await serverSocket;
release();
for (let i = 0; i < 10_000 && logs.length === 0; i++) await nextTurn();
server.close();
console.log(JSON.stringify({ uai, logs }));
