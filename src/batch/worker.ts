/**
 * The batch worker thread (built as `dist/batch-worker.js` and `.cjs`): imports the public key
 * once, then builds and seals the schools it is sent, one at a time.
 *
 * @internal
 * @module
 */

import { parentPort, workerData } from 'node:worker_threads';
import { importPublicKey } from '../keys/import-public';
import { buildSchool, type SchoolJob, type SealFields } from './build-school';
import { type ParseCommand, serveParsing } from './parse-thread';

/** What the pool passes as `workerData` (`parse`: the thread parses AAF files instead). */
export interface WorkerInit {
  parse?: boolean;
  keyPem: string;
  allowLegacy1024: boolean;
  fields: SealFields;
}

const port = parentPort;
if (port !== null && (workerData as WorkerInit).parse === true) {
  const serve = serveParsing((reply) => port.postMessage(reply));
  port.on('message', (command: ParseCommand) => serve(command));
} else if (port !== null) {
  const init = workerData as WorkerInit;
  const key = importPublicKey(init.keyPem, { allowLegacy1024: init.allowLegacy1024 });
  port.on('message', (job: SchoolJob) => {
    void buildSchool(job, key, init.fields).then((outcome) => {
      port.postMessage(outcome, outcome.ok ? [outcome.bytes.buffer as ArrayBuffer] : []);
    });
  });
}
