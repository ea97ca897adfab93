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

/** What the pool passes as `workerData`. */
export interface WorkerInit {
  keyPem: string;
  allowLegacy1024: boolean;
  fields: SealFields;
}

const port = parentPort;
if (port !== null) {
  const init = workerData as WorkerInit;
  const key = importPublicKey(init.keyPem, { allowLegacy1024: init.allowLegacy1024 });
  port.on('message', (job: SchoolJob) => {
    void buildSchool(job, key, init.fields).then((outcome) => {
      port.postMessage(outcome, outcome.ok ? [outcome.bytes.buffer as ArrayBuffer] : []);
    });
  });
}
