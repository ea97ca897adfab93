/**
 * The objects `parsePartenaireIndex` builds are plain objects and arrays of their own, whatever
 * the reader does to make them cheaply (objects sized by a constructor, arrays of the exact size).
 */

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildPartenaireIndex, parsePartenaireIndex } from '../../src/index';
import { sampleDocument } from './sample';

function everyObject(value: unknown, out: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return out;
  out.push(value);
  for (const v of Object.values(value)) everyObject(v, out);
  return out;
}

describe('the model read by parsePartenaireIndex', () => {
  const xml = buildPartenaireIndex(sampleDocument());

  it('is made of plain objects and plain arrays', () => {
    const { document } = parsePartenaireIndex(Buffer.from(xml, 'utf8'));
    const objects = everyObject(document);
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      const proto: unknown = Object.getPrototypeOf(o);
      expect(proto === Object.prototype || proto === Array.prototype).toBe(true);
      expect((o as { constructor: unknown }).constructor === Object || Array.isArray(o)).toBe(true);
    }
    // What a user sees when printing it: no class name.
    expect(inspect(document.eleves[0])).toMatch(/^\{\s+ident: \d+,/);
    expect(structuredClone(document)).toEqual(document);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('gives every student an array of parents of its own, empty or not', () => {
    const doc = sampleDocument();
    doc.eleves.push({ ...(doc.eleves[1] as (typeof doc.eleves)[number]), ident: 999, idPartenaire: 'e-000999', responsables: [] });
    const { document } = parsePartenaireIndex(buildPartenaireIndex(doc));
    const lists = document.eleves.map((e) => e.responsables);
    expect(lists.map((l) => l.length)).toEqual([2, 1, 0]);
    expect(new Set(lists).size).toBe(3);
    lists[2]?.push(1);
    expect(lists.map((l) => l.length)).toEqual([2, 1, 1]);
    expect(document.eleves[0]?.responsables).toEqual(doc.eleves[0]?.responsables);
  });

  it('reads the same model from text, from bytes, and again after many documents', () => {
    const first = parsePartenaireIndex(xml).document;
    for (let i = 0; i < 20; i++) parsePartenaireIndex(Buffer.from(xml, 'utf8'));
    expect(parsePartenaireIndex(Buffer.from(xml, 'utf8')).document).toEqual(first);
    expect(first).toEqual(sampleDocument());
  });
});
