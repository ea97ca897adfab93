/**
 * Parsing an AAF file on another thread: the main thread reads the chunks and routes the people,
 * a worker thread decodes and tokenizes the XML, so that reading a feed uses two cores. Requests
 * cross as compact tuples (attributes packed in one string).
 *
 * @internal
 * @module
 */

import { EntPronoteError, type ErrorCode } from '../errors';
import { keepAttribute } from '../input/aaf/mapping';
import { type AafFileReader as Reader, AafFileReader, type AafRequest } from '../input/aaf/records';
import type { Limits } from '../limits';
import { PackedAttributes, packAttributes } from './packed';

/** A request as it crosses threads: operation, id, categories, line, column, packed attributes, modifications. */
export type WireRequest = [AafRequest['operation'], string | null, string | null, string | null, number, number, string, [string, string, string[]][] | null];

/** Main → parse thread. */
export type ParseCommand = { type: 'start'; file: string; limits: Limits } | { type: 'chunk'; bytes: Uint8Array } | { type: 'end' };

/** Parse thread → main: the requests of one chunk (or of the end), or the error that stopped the file. */
export type ParseReply =
  | { type: 'parsed'; requests: WireRequest[]; last: boolean }
  | { type: 'error'; error: { code: ErrorCode; reason: string; file?: string; line?: number; column?: number; record?: string } };

/** Encodes a request. */
export function toWire(req: AafRequest): WireRequest {
  return [
    req.operation,
    req.id ?? null,
    req.categoriePersonne ?? null,
    req.categorieStructure ?? null,
    req.line,
    req.column,
    packAttributes(req.attributes),
    req.modifications.length === 0 ? null : req.modifications.map((m) => [m.name, m.operation, m.values]),
  ];
}

/** Decodes a request (attributes stay packed). */
export function fromWire(w: WireRequest): AafRequest {
  return {
    operation: w[0],
    id: w[1] ?? undefined,
    categoriePersonne: w[2] ?? undefined,
    categorieStructure: w[3] ?? undefined,
    line: w[4],
    column: w[5],
    attributes: new PackedAttributes(w[6]),
    modifications: (w[7] ?? []).map(([name, operation, values]) => ({ name, operation, values })),
  };
}

/** The parse thread's side: handles the commands of one port. */
export function serveParsing(post: (reply: ParseReply) => void): (command: ParseCommand) => void {
  let reader: Reader | undefined;
  let batch: WireRequest[] = [];
  let failed = false;
  const fail = (e: unknown): void => {
    failed = true;
    reader = undefined;
    const err = e instanceof EntPronoteError ? e : new EntPronoteError('ERR_INPUT', 'the AAF file could not be read');
    post({
      type: 'error',
      error: {
        code: err.code,
        reason: err.reason,
        ...(err.file !== undefined ? { file: err.file } : {}),
        ...(err.line !== undefined ? { line: err.line } : {}),
        ...(err.column !== undefined ? { column: err.column } : {}),
        ...(err.record !== undefined ? { record: err.record } : {}),
      },
    });
  };
  return (command) => {
    if (command.type === 'start') {
      failed = false;
      batch = [];
      reader = new AafFileReader({ file: command.file, keep: keepAttribute, onRequest: (req) => batch.push(toWire(req)), limits: command.limits });
      return;
    }
    if (failed || reader === undefined) return;
    try {
      if (command.type === 'chunk') reader.write(command.bytes);
      else reader.end();
    } catch (e) {
      fail(e);
      return;
    }
    post({ type: 'parsed', requests: batch, last: command.type === 'end' });
    batch = [];
  };
}

/** Rebuilds the error of a parse thread. */
export function parseError(error: Extract<ParseReply, { type: 'error' }>['error']): EntPronoteError {
  const { code, reason, ...where } = error;
  return new EntPronoteError(code, reason, where);
}
