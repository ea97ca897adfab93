/**
 * The pool of worker threads that build and seal the schools of a batch. The worker file is found
 * beside the built module (`dist/batch-worker.js` or `.cjs`); `size` 0 builds in this thread.
 *
 * @internal
 * @module
 */

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EntPronoteError } from '../errors';
import type { PublicKey } from '../keys/types';
import { buildSchool, type SchoolJob, type SchoolOutcome, type SealFields } from './build-school';
import type { ParseCommand, ParseReply } from './parse-thread';
import type { WorkerInit } from './worker';

/** The default number of building threads: the machine's parallelism. */
export function defaultPoolSize(): number {
  return availableParallelism();
}

/** The worker file beside this module, or undefined when running from the TypeScript sources. */
function workerFile(): string | undefined {
  const here = typeof __filename === 'string' ? dirname(__filename) : dirname(fileURLToPath(import.meta.url));
  const name = typeof __filename === 'string' ? 'batch-worker.cjs' : 'batch-worker.js';
  const path = join(here, name);
  return existsSync(path) ? path : undefined;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/** Runs {@link SchoolJob}s on `size` worker threads (or inline when `size` is 0). */
export class SchoolPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { job: SchoolJob; resolve: (o: SchoolOutcome) => void; reject: (e: unknown) => void }[] = [];
  private readonly pending = new Map<number, { slot: Slot; resolve: (o: SchoolOutcome) => void; reject: (e: unknown) => void }>();
  /** The first failure of a worker (boxed: a thrown `undefined` is a failure too). */
  private failure: { error: unknown } | undefined;
  private closing = false;

  constructor(
    readonly size: number,
    private readonly key: PublicKey,
    private readonly fields: SealFields,
  ) {
    if (size === 0) return;
    const file = workerFile();
    if (file === undefined) {
      throw new EntPronoteError('ERR_ARGUMENT', 'the batch worker file (batch-worker.js beside the built module) is missing: run from the built package, or pass workers: 0');
    }
    const init: WorkerInit = { keyPem: key.toPem(), allowLegacy1024: key.bits < 2048, fields };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(file, { workerData: init });
      const slot: Slot = { worker, busy: false };
      worker.on('message', (outcome: SchoolOutcome) => {
        const p = this.pending.get(outcome.id);
        this.pending.delete(outcome.id);
        slot.busy = false;
        p?.resolve(outcome);
        this.next();
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new EntPronoteError('ERR_ARGUMENT', `a batch worker thread stopped (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  private fail(e: unknown): void {
    this.failure ??= { error: e };
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.reject(e);
  }

  /** Builds and seals one school. */
  run(job: SchoolJob): Promise<SchoolOutcome> {
    if (this.size === 0) return buildSchool(job, this.key, this.fields);
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const item = this.queue.shift();
      if (item === undefined) return;
      slot.busy = true;
      this.pending.set(item.job.id, { slot, resolve: item.resolve, reject: item.reject });
      slot.worker.postMessage(item.job);
    }
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** A thread parsing AAF files for the main thread (see `parse-thread.ts`); undefined when no worker file is available. */
export class ParseThread {
  private readonly worker: Worker;
  private readonly replies: ParseReply[] = [];
  private waiter: ((r: ParseReply) => void) | undefined;
  private failure: ((e: unknown) => void) | undefined;
  private error: Error | undefined;

  private constructor(file: string) {
    const init: WorkerInit = { parse: true, keyPem: '', allowLegacy1024: false, fields: { partenaire: '', description: '', version: '', date: '' } };
    this.worker = new Worker(file, { workerData: init });
    this.worker.on('message', (r: ParseReply) => {
      const w = this.waiter;
      this.waiter = undefined;
      this.failure = undefined;
      if (w !== undefined) w(r);
      else this.replies.push(r);
    });
    this.worker.on('error', (e: Error) => {
      this.error = e;
      this.failure?.(e);
    });
  }

  /** A parse thread, or undefined when running from the sources. */
  static create(): ParseThread | undefined {
    const file = workerFile();
    return file === undefined ? undefined : new ParseThread(file);
  }

  /** Sends a command (a chunk's bytes are transferred). */
  post(command: ParseCommand): void {
    if (command.type === 'chunk') this.worker.postMessage(command, [command.bytes.buffer as ArrayBuffer]);
    else this.worker.postMessage(command);
  }

  /** The next reply. */
  next(): Promise<ParseReply> {
    const r = this.replies.shift();
    if (r !== undefined) return Promise.resolve(r);
    if (this.error !== undefined) return Promise.reject(this.error);
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failure = reject;
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
