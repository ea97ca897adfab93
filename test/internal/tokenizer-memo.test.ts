/**
 * The tokenizer's memories: the attribute names expected from the last start tag of the same
 * name, and the cache of short attribute values. Neither may change what is read: every value,
 * every error (duplicate attributes included) is the same as without them, whatever came before.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, EntPronoteError } from '../../src/index';
import { parseXmlTree } from '../../src/internal/xml/tree';
import { type StartTag, XmlTokenizer } from '../../src/internal/xml/tokenizer';

const opts = { limits: DEFAULT_LIMITS };

/** The attributes of every element, in document order: `name=value` lists. */
function attributesOf(xml: string, options: { utf8Latin1?: boolean; chunk?: number } = {}): string[][] {
  const out: string[][] = [];
  const t = new XmlTokenizer(
    {
      startElement(tag: StartTag) {
        const list: string[] = [];
        for (let k = 0; k < tag.attrCount; k++) list.push(`${tag.attrQNames[k] ?? ''}=${tag.attrValues[k] ?? ''}`);
        out.push(list);
      },
      endElement() {},
    },
    { ...opts, utf8Latin1: options.utf8Latin1 === true },
  );
  const text = options.utf8Latin1 === true ? Buffer.from(xml, 'utf8').toString('latin1') : xml;
  const size = options.chunk ?? text.length;
  for (let i = 0; i < text.length; i += size) t.write(text.slice(i, i + size));
  t.end();
  return out;
}

function xmlError(xml: string): EntPronoteError {
  try {
    parseXmlTree(xml, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(EntPronoteError);
    return e as EntPronoteError;
  }
  throw new Error('expected an error');
}

describe('expected attribute names', () => {
  it('finds a duplicate attribute after tags whose names it expected', () => {
    // [a, b, c] is expected; then c at the first position, b, then c again.
    const e = xmlError('<r><e a="1" b="2" c="3"/><e c="1" b="2" c="3"/></r>');
    expect(e.code).toBe('ERR_XML');
    expect(e.reason).toBe('attribute c appears twice in <e>');
    expect(e.line).toBe(1);
    expect(e.column).toBe(41);
    // The expectation is the last tag's list as a whole, never a mix of two lists.
    const mixed = xmlError('<r><e a="1" b="2" c="3"/><e c="1"/><e c="1" b="2" c="3"/></r>');
    expect(mixed.reason).toBe('attribute c appears twice in <e>');
    const prefix = xmlError('<r><e a="1" b="2"/><e a="1" b="2" a="3"/></r>');
    expect(prefix.reason).toBe('attribute a appears twice in <e>');
  });

  it('tells a name from the expected one it starts with, or that starts it', () => {
    expect(attributesOf('<r><e ab="1"/><e a="2"/><e abc="3"/><e ab="4"/></r>')).toEqual([[], ['ab=1'], ['a=2'], ['abc=3'], ['ab=4']]);
    expect(attributesOf('<r><e a = "1"/><e a="2" b="3"/><e b="4" a="5"/></r>')).toEqual([[], ['a=1'], ['a=2', 'b=3'], ['b=4', 'a=5']]);
  });

  it('keeps the expectations of each element name apart, and namespaces resolved', () => {
    const { root } = parseXmlTree('<r xmlns:p="urn:p"><e a="1" p:b="2"/><f a="1" b="2"/><e a="3" p:b="4"/></r>', opts);
    expect(root.children.map((c) => c.attributes.map((a) => `${a.ns}|${a.local}=${a.value}`))).toEqual([['|a=1', 'urn:p|b=2'], ['|a=1', '|b=2'], ['|a=3', 'urn:p|b=4']]);
    expect(xmlError('<r xmlns:p="urn:p" xmlns:q="urn:p"><e p:b="1" a="2"/><e p:b="1" q:b="2"/></r>').reason).toBe(
      'attribute b appears twice (same namespace) in <e>',
    );
  });

  it('never takes a name whose bytes read as Latin-1 spell another name (utf8Latin1)', () => {
    // U+0DF7 is E0 B7 B7 in UTF-8: read as Latin-1, the name "\u0DF7" spells "à··", another name.
    const xml = '<r><e à··="1"/><e \u0DF7="2"/><e à··="3"/><e \u0DF7="4"/></r>';
    expect(attributesOf(xml, { utf8Latin1: true })).toEqual([[], ['à··=1'], ['\u0DF7=2'], ['à··=3'], ['\u0DF7=4']]);
    expect(attributesOf(xml, { utf8Latin1: true, chunk: 5 })).toEqual(attributesOf(xml));
  });
});

describe('expected element names', () => {
  /** Element names in document order, with their attributes. */
  function elementsOf(xml: string, utf8Latin1 = false, chunk?: number): string[] {
    const out: string[] = [];
    const t = new XmlTokenizer(
      {
        startElement(tag: StartTag) {
          out.push(`${tag.qname}(${tag.attrQNames.slice(0, tag.attrCount).join(',')})`);
        },
        endElement(q: string) {
          out.push(`/${q}`);
        },
      },
      { ...opts, utf8Latin1 },
    );
    const text = utf8Latin1 ? Buffer.from(xml, 'utf8').toString('latin1') : xml;
    const size = chunk ?? text.length;
    for (let i = 0; i < text.length; i += size) t.write(text.slice(i, i + size));
    t.end();
    return out;
  }

  it('tells a name from the last one at its depth that it starts with, or that starts it', () => {
    const xml = '<r><ab x="1"/><a x="2"/><abc/><ab\ty="3"/><ab\n/><ab>t</ab></r>';
    const expected = ['r()', 'ab(x)', '/ab', 'a(x)', '/a', 'abc()', '/abc', 'ab(y)', '/ab', 'ab()', '/ab', 'ab()', '/ab', '/r'];
    expect(elementsOf(xml)).toEqual(expected);
    expect(elementsOf(xml, true, 3)).toEqual(expected);
  });

  it('never takes a name whose bytes read as Latin-1 spell the last name (utf8Latin1)', () => {
    const xml = '<r><à·· a="1"/><\u0DF7 a="2"/><à·· a="3"/><\u0DF7/></r>';
    expect(elementsOf(xml, true)).toEqual(['r()', 'à··(a)', '/à··', '\u0DF7(a)', '/\u0DF7', 'à··(a)', '/à··', '\u0DF7()', '/\u0DF7', '/r']);
    expect(elementsOf(xml, true, 4)).toEqual(elementsOf(xml));
  });

  it('keeps the end tag check: a name expected at its depth must still be closed by its own name', () => {
    expect(() => elementsOf('<r><ab/><ab></a></r>')).toThrow('end tag does not match the open element');
  });
});

describe('cache of attribute values', () => {
  it('gives each value its own characters when two values share a hash', () => {
    // "Aa" and "BB" have the same multiplicative hash (31).
    const xml = `<r>${['Aa', 'BB', 'Aa', 'BB', 'AaBB', 'BBAa', 'AaAa', 'BBBB', 'Aa'].map((v) => `<e v="${v}"/>`).join('')}</r>`;
    expect(attributesOf(xml).slice(1).map((a) => a[0])).toEqual(['v=Aa', 'v=BB', 'v=Aa', 'v=BB', 'v=AaBB', 'v=BBAa', 'v=AaAa', 'v=BBBB', 'v=Aa']);
  });

  it('caches the decoded value: references, white space and UTF-8 give the same result every time', () => {
    const values = ['a&amp;b', 'a&amp;b', 'a\tb', 'a b', 'a\tb', '&#233;t&#xE9;', '&#233;t&#xE9;', 'été', 'été', '&lt;&gt;'];
    const xml = `<r>${values.map((v) => `<e v="${v}"/>`).join('')}</r>`;
    const expected = ['a&b', 'a&b', 'a b', 'a b', 'a b', 'été', 'été', 'été', 'été', '<>'].map((v) => [`v=${v}`]);
    expect(attributesOf(xml).slice(1)).toEqual(expected);
    expect(attributesOf(xml, { utf8Latin1: true }).slice(1)).toEqual(expected);
    expect(attributesOf(xml, { utf8Latin1: true, chunk: 7 }).slice(1)).toEqual(expected);
  });

  it('refuses a bad value that looks like a cached one', () => {
    expect(xmlError('<r><e v="ab"/><e v="a&b"/></r>').code).toBe('ERR_XML');
    expect(xmlError('<r><e v="ab"/><e v="a<"/></r>').reason).toBe('"<" is not allowed in the value of attribute v (write "&lt;")');
    const control = xmlError('<r><e v="a b"/><e v="a\u0001b"/></r>');
    expect(control.reason).toBe('character U+0001 is not allowed in XML 1.0');
    expect(control.column).toBe(23);
  });

  it('reads any sequence of short values exactly (property)', () => {
    // Few distinct characters: many repeats and hash collisions; more values than the cache holds.
    const value = fc.string({ unit: fc.constantFrom('A', 'a', 'B', 'é', ' ', '&amp;', '\t', '1'), maxLength: 7 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('x', 'y'), value), { minLength: 1, maxLength: 300 }), (items) => {
        const xml = `<r>${items.map(([n, v]) => `<${n} v="${v}"/>`).join('')}</r>`;
        const expected = items.map(([, v]) => [`v=${v.replaceAll('&amp;', '&').replaceAll('\t', ' ')}`]);
        expect(attributesOf(xml).slice(1)).toEqual(expected);
        expect(attributesOf(xml, { utf8Latin1: true, chunk: 13 }).slice(1)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('stays exact beyond its size: 40,000 distinct values, then the first ones again', () => {
    const values = Array.from({ length: 40_000 }, (_, i) => i.toString(36));
    const xml = `<r>${[...values, ...values.slice(0, 5000)].map((v) => `<e id="${v}" n="${v.length}"/>`).join('')}</r>`;
    const got = attributesOf(xml).slice(1);
    expect(got.length).toBe(45_000);
    expect(got.every((a, i) => a[0] === `id=${values[i % 40_000] ?? ''}` && a[1] === `n=${(values[i % 40_000] ?? '').length}`)).toBe(true);
  });
});
