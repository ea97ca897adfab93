/**
 * Starts the export service on a loopback port with fixture accounts.
 *
 *   npx tsx examples/export-service/main.ts --key index-education.pub [--port 8080] [--students 300] [--schools 2] [--max-in-flight 8]
 *
 * Prints one JSON line on stdout once listening: `{"url": "http://127.0.0.1:PORT", "uais": [...], "rss": BYTES}`.
 * `--port 0` (the default) takes a free port. Stops on SIGINT/SIGTERM, printing a last JSON line
 * with its peak resident memory: `{"stopped": true, "peakRss": BYTES}`.
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
    'max-in-flight': { type: 'string', default: '8' },
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
  maxInFlight: Number(values['max-in-flight']),
  retryAfterSeconds: 5,
});

server.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : Number(values.port);
  console.log(JSON.stringify({ url: `http://${values.host}:${port}`, uais: source.uais, fingerprint: publicKey.fingerprint, rss: process.memoryUsage.rss() }));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.log(JSON.stringify({ stopped: true, peakRss: process.resourceUsage().maxRSS * 1024 }));
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
