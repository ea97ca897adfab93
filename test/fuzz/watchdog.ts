/**
 * A watchdog for the fuzz suites: vitest's test timeout is only checked when a test yields, so a
 * reader stuck in a synchronous infinite loop would hang the run instead of failing it. The
 * watchdog (a worker thread) is told when a reader call starts and ends; if one call lasts longer
 * than the limit, it reports the hang on stderr and kills the test process, which fails the run.
 */

import { Worker } from 'node:worker_threads';

const WATCHER = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.buffer);
let seen = -1;
let since = Date.now();
setInterval(() => {
  const generation = Atomics.load(state, 0);
  if (generation !== seen || Atomics.load(state, 1) === 0) {
    seen = generation;
    since = Date.now();
    return;
  }
  if (Date.now() - since > workerData.limit) {
    process.stderr.write('\\nfuzz watchdog: one reader call has run for more than ' + workerData.limit + ' ms (a hang): killing the test process\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, 250);
`;

/** [0]: generation (incremented at each call), [1]: 1 while a call runs. */
const state = new Int32Array(new SharedArrayBuffer(8));
let worker: Worker | undefined;

/** Longest a single reader call may run: FUZZ_HANG_MS, default 60 s. */
const LIMIT = Number(process.env.FUZZ_HANG_MS) > 0 ? Number(process.env.FUZZ_HANG_MS) : 60_000;

/** Runs `fn` under the watchdog. */
export function watched<T>(fn: () => T): T {
  if (worker === undefined) {
    worker = new Worker(WATCHER, { eval: true, workerData: { buffer: state.buffer, limit: LIMIT } });
    worker.unref();
  }
  Atomics.add(state, 0, 1);
  Atomics.store(state, 1, 1);
  try {
    return fn();
  } finally {
    Atomics.store(state, 1, 0);
  }
}

/** Runs an asynchronous `fn` under the watchdog (the limit covers the whole call). */
export async function watchedAsync<T>(fn: () => Promise<T>): Promise<T> {
  if (worker === undefined) watched(() => undefined);
  Atomics.add(state, 0, 1);
  Atomics.store(state, 1, 1);
  try {
    return await fn();
  } finally {
    Atomics.store(state, 1, 0);
  }
}
