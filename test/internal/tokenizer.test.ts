import { describe, expect, it } from 'vitest';
import { EntPronoteError, DEFAULT_LIMITS } from '../../src/index';
import { resolveLimits } from '../../src/limits';
import { parseXmlTree } from '../../src/internal/xml/tree';
import { type XmlHandler, XmlTokenizer } from '../../src/internal/xml/tokenizer';

const opts = { limits: DEFAULT_LIMITS };

function fails(xml: string, code: string, options: Partial<Parameters<typeof parseXmlTree>[1]> = {}): EntPronoteError {
  try {
    parseXmlTree(xml, { ...opts, ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(EntPronoteError);
    expect((e as EntPronoteError).code).toBe(code);
    return e as EntPronoteError;
  }
  throw new Error(`expected ${code} for ${JSON.stringify(xml)}`);
}

describe('XmlTokenizer', () => {
  it('parses elements, attributes, text, namespaces and references', () => {
    const { root } = parseXmlTree(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><p:a xmlns:p="urn:x" k="1 &amp; 2" j=\'&#x1F600;&lt;\'><p:b/>t&gt;<![CDATA[<raw>]]></p:a>\n',
      opts,
    );
    expect(root.local).toBe('a');
    expect(root.ns).toBe('urn:x');
    expect(root.attributes.map((a) => [a.name, a.value])).toEqual([
      ['k', '1 & 2'],
      ['j', '😀<'],
    ]);
    expect(root.children[0]?.local).toBe('b');
    expect(root.children[0]?.ns).toBe('urn:x');
    expect(root.text).toBe('t><raw>');
  });

  it('normalises attribute white space but keeps character references', () => {
    const { root } = parseXmlTree('<a v="x\r\ny\tz&#10;w"/>', opts);
    expect(root.attributes[0]?.value).toBe('x y z\nw');
  });

  it('resolves the default namespace and xsi attributes', () => {
    const { root } = parseXmlTree(
      '<R xmlns="urn:d" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="u v"><C/></R>',
      opts,
    );
    expect(root.ns).toBe('urn:d');
    expect(root.children[0]?.ns).toBe('urn:d');
    expect(root.attributes).toEqual([
      { name: 'xsi:schemaLocation', local: 'schemaLocation', ns: 'http://www.w3.org/2001/XMLSchema-instance', value: 'u v' },
    ]);
  });

  it('gives the same events whatever the chunking', () => {
    const xml = '<?xml version="1.0"?><r a="1"><!--x--><e b="é&amp;"/>text &lt; more<![CDATA[z]]></r>';
    const collect = (chunks: string[]) => {
      const out: string[] = [];
      const h: XmlHandler = {
        startElement: (t) => out.push(`<${t.qname}:${t.attrValues.slice(0, t.attrCount).join(',')}`),
        endElement: (q) => out.push(`/${q}`),
        text: (s) => out.push(`"${s}`),
      };
      const t = new XmlTokenizer(h, opts);
      for (const c of chunks) t.write(c);
      t.end();
      return out.join('|');
    };
    const whole = collect([xml]);
    expect(whole).toBe('<r:1|<e:é&|/e|"text < more|"z|/r');
    for (let i = 1; i < xml.length; i++) {
      expect(collect([xml.slice(0, i), xml.slice(i)])).toBe(whole);
    }
    expect(collect(xml.split(''))).toBe(whole);
  });

  it.each([
    ['<a>', 'ERR_XML'],
    ['<a></b>', 'ERR_XML'],
    ['<a b="1" b="2"/>', 'ERR_XML'],
    ['<a b=1/>', 'ERR_XML'],
    ['<a b="<"/>', 'ERR_XML'],
    ['<a>&foo;</a>', 'ERR_DOCTYPE'],
    ['<a>&#0;</a>', 'ERR_XML'],
    ['<a>\u0001</a>', 'ERR_XML'],
    ['<a b="\u0002"/>', 'ERR_XML'],
    ['<a>\uD800</a>', 'ERR_XML'],
    ['<a/><b/>', 'ERR_XML'],
    ['text<a/>', 'ERR_XML'],
    ['', 'ERR_XML'],
    ['<a><!-- x -- y --></a>', 'ERR_XML'],
    ['<p:a/>', 'ERR_XML'],
    [' <?xml version="1.0"?><a/>', 'ERR_XML'],
    ['<?xml version="1.1"?><a/>', 'ERR_XML'],
    ['<a>]]></a>', 'ERR_XML'],
    ['<1a/>', 'ERR_XML'],
    ['<a b="1"c="2"/>', 'ERR_XML'],
  ])('refuses %j with %s', (xml, code) => {
    fails(xml, code);
  });

  it('refuses any DOCTYPE by default (entity expansion, XXE)', () => {
    fails('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 'ERR_DOCTYPE');
    fails('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>', 'ERR_DOCTYPE');
    fails('<!ENTITY x "y"><a/>', 'ERR_DOCTYPE');
  });

  it('accepts an external DOCTYPE without loading it when allowed, never an internal subset', () => {
    let seen: unknown[] = [];
    const t = new XmlTokenizer(
      { startElement() {}, endElement() {}, doctype: (...a) => (seen = a) },
      { ...opts, doctype: 'external-only' },
    );
    t.write('<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd"><ficAlimMENESR/>');
    t.end();
    expect(seen).toEqual(['ficAlimMENESR', undefined, 'ficAlimMENESR.dtd']);
    fails('<!DOCTYPE a SYSTEM "x.dtd" [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', 'ERR_DOCTYPE', {
      doctype: 'external-only',
    });
  });

  it('reports line and column', () => {
    const e = fails('<a>\n  <b>\n</a>', 'ERR_XML');
    expect(e.line).toBe(3);
    expect(e.column).toBe(1);
  });

  it('enforces depth and attribute length limits', () => {
    fails('<a><a><a><a/></a></a></a>', 'ERR_LIMIT', { limits: resolveLimits({ maxDepth: 3 }) });
    fails(`<a b="${'x'.repeat(20)}"/>`, 'ERR_LIMIT', { limits: resolveLimits({ maxAttributeLength: 10 }) });
    fails(`<a>${'x'.repeat(50)}</a>`, 'ERR_LIMIT', { limits: resolveLimits({ maxInputBytes: 20 }) });
  });
});
