/**
 * Starts the export service on a loopback port with fixture accounts.
 *
 *   npx tsx examples/export-service/main.ts --key index-education.pub [--port 8080] [--students 300] [--schools 2]
 *
 * Prints one JSON line on stdout once listening: `{"url": "http://127.0.0.1:PORT", "uais": [...]}`.
 * `--port 0` (the default) takes a free port. Stops on SIGINT/SIGTERM.
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importPublicKey } from 'ent-pronote';
import { fixtureAccountSource } from './fixture-source';
import { createExportServer } from './server';

const { values } = parseArgs({
  options: {
    key: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    students: { type: 'string', default: '300' },
    schools: { type: 'string', default: '2' },
    seed: { type: 'string', default: 'export-service' },
    partenaire: { type: 'string', default: 'EXAMPLE-ENT' },
  },
});
if (values.key === undefined) {
  console.error('usage: main.ts --key INDEX_EDUCATION_PUBLIC_KEY [--port N] [--students N] [--schools K]');
  process.exit(2);
}

const publicKey = importPublicKey(readFileSync(values.key));
const source = fixtureAccountSource({ seed: values.seed, students: Number(values.students), schools: Number(values.schools) });
const server = createExportServer({
  source,
  publicKey,
  partenaire: values.partenaire,
  description: 'PARTENAIRE_INDEX',
  log: (line) => console.error(line),
});

server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : Number(values.port);
  console.log(JSON.stringify({ url: `http://${values.host}:${port}`, uais: source.uais, fingerprint: publicKey.fingerprint }));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
