/**
 * Test helpers for the input adapters: AAF files written as academies write them
 * (ISO-8859-15, external DOCTYPE), chunking, error capture.
 */

import { expect } from 'vitest';
import { EntPronoteError } from '../../src/index';
import type { AafFile } from '../../src/input';

const LATIN9: Record<string, number> = { '€': 0xa4, Š: 0xa6, š: 0xa8, Ž: 0xb4, ž: 0xb8, Œ: 0xbc, œ: 0xbd, Ÿ: 0xbe };
const LATIN1_REPLACED = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

/** Encodes text as ISO-8859-15; throws on a character it cannot hold. */
export function latin9(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const c = text.charCodeAt(i);
    const b = LATIN9[ch] ?? (c < 0x100 && !LATIN1_REPLACED.has(c) ? c : undefined);
    if (b === undefined) throw new Error(`U+${c.toString(16)} is not in ISO-8859-15`);
    out[i] = b;
  }
  return out;
}

function esc(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<attr name="…"><value>…</value>…</attr>` lines. */
export function attrs(map: Record<string, string | readonly string[] | undefined>): string {
  let s = '';
  for (const [name, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const list = typeof v === 'string' ? [v] : v;
    s += `<attr name="${name}">${list.map((x) => `<value>${esc(x)}</value>`).join('')}</attr>\n`;
  }
  return s;
}

/** An `addRequest` of `category` (`Eleve`, `PersRelEleve`, `PersEducNat`, `Etablissement`, or any other to test refusals). */
export function addRequest(category: string, id: string, attributes: Record<string, string | readonly string[] | undefined>): string {
  const op = category === 'Etablissement' ? 'categorieStructure' : 'categoriePersonne';
  return `<addRequest>\n<operationalAttributes><attr name="${op}"><value>${category}</value></attr></operationalAttributes>\n<identifier><id>${id}</id></identifier>\n<attributes>\n${attrs(attributes)}</attributes>\n</addRequest>\n`;
}

/** A `modifyRequest`. */
export function modifyRequest(category: string, id: string, mods: { name: string; operation: string; values?: readonly string[] }[]): string {
  const op = category === 'Etablissement' ? 'categorieStructure' : 'categoriePersonne';
  const m = mods
    .map((x) => `<modification name="${x.name}" operation="${x.operation}">${(x.values ?? []).map((v) => `<value>${esc(v)}</value>`).join('')}</modification>`)
    .join('\n');
  return `<modifyRequest>\n<operationalAttributes><attr name="${op}"><value>${category}</value></attr></operationalAttributes>\n<identifier><id>${id}</id></identifier>\n<modifications>\n${m}\n</modifications>\n</modifyRequest>\n`;
}

/** A `deleteRequest`. */
export function deleteRequest(category: string, id: string): string {
  const op = category === 'Etablissement' ? 'categorieStructure' : 'categoriePersonne';
  return `<deleteRequest>\n<operationalAttributes><attr name="${op}"><value>${category}</value></attr></operationalAttributes>\n<identifier><id>${id}</id></identifier>\n</deleteRequest>\n`;
}

/** A whole AAF file, ISO-8859-15 with the external DOCTYPE, as bytes. */
export function aafFile(body: string, encoding: 'ISO-8859-15' | 'UTF-8' = 'ISO-8859-15'): Uint8Array {
  const text = `<?xml version="1.0" encoding="${encoding}"?>\n<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n<ficAlimMENESR>\n${body}</ficAlimMENESR>\n`;
  return encoding === 'UTF-8' ? new TextEncoder().encode(text) : latin9(text);
}

/** Splits bytes into chunks of the given sizes (cycled). */
export function* chunked(bytes: Uint8Array, sizes: readonly number[]): Generator<Uint8Array> {
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = sizes[k++ % sizes.length] as number;
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

/** The same chunks, delivered asynchronously. */
export async function* asyncChunks(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) {
    await Promise.resolve();
    yield c;
  }
}

/** `{ name, chunks }` list from a name → bytes record. */
export function files(record: Record<string, Uint8Array>): AafFile[] {
  return Object.entries(record).map(([name, chunks]) => ({ name, chunks }));
}

/** The EntPronoteError a call throws (fails the test otherwise). */
export async function errorOf(fn: () => unknown): Promise<EntPronoteError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EntPronoteError);
    return e as EntPronoteError;
  }
  throw new Error('expected an EntPronoteError');
}

/** Fails when a text contains any of the personal values. */
export function expectNoValues(text: string, values: readonly string[]): void {
  for (const v of values) expect(text.includes(v), `"${v}" must not appear in: ${text}`).toBe(false);
}

const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, ƒ: 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, ˆ: 0x88, '‰': 0x89, Š: 0x8a, '‹': 0x8b, Œ: 0x8c, Ž: 0x8e,
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, š: 0x9a, '›': 0x9b, œ: 0x9c, ž: 0x9e, Ÿ: 0x9f,
};

/** Encodes text as Windows-1252 (what French spreadsheets save); throws on a character it cannot hold. */
export function cp1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const c = text.charCodeAt(i);
    const b = CP1252[ch] ?? (c < 0x80 || (c >= 0xa0 && c < 0x100) ? c : undefined);
    if (b === undefined) throw new Error(`U+${c.toString(16)} is not in Windows-1252`);
    out[i] = b;
  }
  return out;
}
