// The tokenizer's utf8Latin1 mode (UTF-8 bytes read one character per byte, only non-ASCII
// names, values and text decoded) must be indistinguishable from the decoded mode: same events,
// same values, same errors at the same lines and columns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntPronoteError, buildPartenaireIndex, parsePartenaireIndex } from '../../src/index';
import { decodeXmlBytesLatin1 } from '../../src/internal/xml/decode';
import { type XmlHandler, XmlTokenizer } from '../../src/internal/xml/tokenizer';
import { resolveLimits } from '../../src/limits';
import { partenaireIndex, xmlString } from '../partenaire-index/arbitraries';

const limits = resolveLimits({});

/** Every event of a document, as plain data, or the error it ends with. */
function events(xml: string, mode: 'text' | 'bytes', chunk = 0): unknown[] {
  const out: unknown[] = [];
  const handler: XmlHandler = {
    startElement(tag) {
      const attrs: string[][] = [];
      for (let k = 0; k < tag.attrCount; k++) attrs.push([tag.attrQNames[k] ?? '', tag.attrNs[k] ?? '', tag.attrValues[k] ?? '']);
      out.push(['start', tag.qname, tag.local, tag.ns, attrs, tag.depth, tag.selfClosing]);
    },
    endElement(qname, local, ns, depth) {
      out.push(['end', qname, local, ns, depth]);
    },
    text(value, _offset, depth) {
      out.push(['text', value, depth]);
    },
    doctype(name, publicId, systemId) {
      out.push(['doctype', name, publicId, systemId]);
    },
  };
  try {
    let text = xml;
    let utf8Latin1 = false;
    if (mode === 'bytes') {
      const decoded = decodeXmlBytesLatin1(Buffer.from(xml, 'utf8'), { limits, what: 'the document' });
      text = decoded.text;
      utf8Latin1 = decoded.utf8Latin1;
      expect(utf8Latin1).toBe(true);
    }
    const t = new XmlTokenizer(handler, { limits, utf8Latin1, doctype: 'external-only', keepWhitespace: true });
    if (chunk === 0) t.write(text);
    else for (let i = 0; i < text.length; i += chunk) t.write(text.slice(i, i + chunk));
    t.end();
  } catch (e) {
    if (!(e instanceof EntPronoteError)) throw e;
    // Not the offset in the message: it is in bytes in one mode, characters in the other.
    out.push(['error', e.code, e.line, e.column, e.message.replace(/ at byte \d+/, '')]);
  }
  return out;
}

function same(xml: string): void {
  const expected = events(xml, 'text');
  expect(events(xml, 'bytes')).toEqual(expected);
  expect(events(xml, 'bytes', 7)).toEqual(expected);
}

describe('utf8Latin1 mode', () => {
  it.each([
    ['non-ASCII attribute values, with and without references', '<r a="Hélène &amp; Œdipe" b="plain" c="😀 &#233;&#x1F600;" d="é\tè"/>'],
    ['non-ASCII text, CDATA and comment', '<r>Ça va ?<![CDATA[€ <x> ’]]><!-- Noël --><s>ß</s></r>'],
    ['non-ASCII element and attribute names', '<Élève prénom="Zoé"><Données/></Élève>'],
    ['non-ASCII processing instruction and DOCTYPE', '<!DOCTYPE r SYSTEM "fichier-é.dtd"><?pi données ?><r/>'],
    ['a namespace URI with non-ASCII characters', '<p:r xmlns:p="urn:é"><p:s p:a="ü"/></p:r>'],
  ])('%s: same events', (_name, xml) => {
    same(xml);
  });

  it.each([
    ['U+FFFE (valid UTF-8) in a value, after accents', '<r>\n  <s a="éé\uFFFEx"/>\n</r>'],
    ['U+FFFF in text, after accents', '<r>\nàà\uFFFF</r>'],
    ['a control character in a value after accents', '<r a="Ω\u0001"/>'],
    ['"<" in a value after accents', '<r a="Ω<"/>'],
    ['an undefined entity after accents', '<r a="ééé &nbsp;"/>'],
    ['a mismatched non-ASCII end tag', '<Élève>\n</Élèves>'],
    ['an invalid non-ASCII name', '<r>\n é<·x/></r>'],
    ['a truncated document after accents', '<r a="é">ùù'],
    ['"]]>" in text after accents', '<r>ééé]]></r>'],
  ])('%s: same error, line and column', (_name, xml) => {
    same(xml);
    expect((events(xml, 'text').at(-1) as unknown[])[0]).toBe('error');
  });

  it('any document built from arbitrary strings: same events in both modes, whole or in chunks', () => {
    fc.assert(
      fc.property(xmlString(0, 12), xmlString(0, 12), fc.boolean(), (a, b, asText) => {
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
        same(asText ? `<r x="${esc(a)}">${esc(b)}</r>` : `<r x="${esc(a)}" y="${esc(b)}"/>`);
      }),
      { numRuns: 300 },
    );
  });

  it('parsePartenaireIndex reads bytes (utf8Latin1) and text to the same model', () => {
    fc.assert(
      fc.property(partenaireIndex, (doc) => {
        const xml = buildPartenaireIndex(doc);
        expect(parsePartenaireIndex(Buffer.from(xml, 'utf8')).document).toEqual(parsePartenaireIndex(xml).document);
      }),
      { numRuns: 200 },
    );
  });
});
