/**
 * fast-check arbitraries that damage valid inputs: byte-level mutations (bit flips, random bytes,
 * truncation, insertion, deletion, duplication of a slice), hostile tokens (markup, references,
 * DOCTYPE, forbidden characters, quotes, separators), and XML-aware mutations (duplicated,
 * inserted or removed elements and attributes, random attribute values).
 */

import fc from 'fast-check';

/**
 * Tokens that tend to reach rare paths of XML, CSV and JSON readers. Not the distinctive names of
 * the seeds: those stay in values, where quoting them would be a leak (inserted anywhere, they
 * could become element or attribute names, which messages name by design).
 */
export const HOSTILE_TOKENS: readonly string[] = [
  '<', '>', '"', "'", '&', ';', '=', '/', '?', '!', ' ', '\t', '\r', '\n', '\r\n', ',', '|', '[', ']', '{', '}', ':', '\\',
  '&amp;', '&lt;', '&#0;', '&#x1F600;', '&#xD800;', '&xxe;', '&#65;',
  ']]>', '<![CDATA[', '<!--', '-->', '<?', '?>', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<!DOCTYPE x [<!ENTITY a "b">]>', '<!DOCTYPE x SYSTEM "file:///etc/passwd">', '<!ENTITY x "y">',
  'xmlns="urn:evil"', 'xmlns:p="urn:p"', 'xsi:nil="true"', ' Intrus="1"', '<Intrus/>', '</Intrus>', '<a>', '</a>',
  '\u0000', '\u0001', '\u000B', '\uFFFE', '\uFFFF', '\uD800', '\uDC00', '\uFEFF', '\u00A0', '\u2028', 'é', 'Œ', '😀',
  '0', '-1', '4294967296', '99999999999999999999', '1e9', 'NaN', 'null', 'true', '[]', '{}', '""', '2011-02-30', '31/02/2011',
];

const encoder = new TextEncoder();

/** One byte-level operation on a buffer. */
export type ByteOp =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number };

/** Positions are fractions of the current length, so the same op applies to any input. */
const frac = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const byteOp: fc.Arbitrary<{ op: string; a: number; b: number; c: number; bytes: Uint8Array }> = fc.record({
  op: fc.constantFrom('flip', 'flip', 'set', 'truncate', 'insert', 'insert', 'delete', 'duplicate'),
  a: frac,
  b: fc.integer({ min: 1, max: 255 }),
  c: frac,
  bytes: fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 8 }),
    fc.constantFrom(...HOSTILE_TOKENS).map((t) => encoder.encode(t)),
  ),
});

function applyByteOp(input: Uint8Array, o: { op: string; a: number; b: number; c: number; bytes: Uint8Array }): Uint8Array {
  const n = input.length;
  const at = Math.floor(o.a * (n + 1));
  switch (o.op) {
    case 'flip': {
      if (n === 0) return input;
      const out = Uint8Array.from(input);
      const i = Math.min(at, n - 1);
      out[i] = (out[i] as number) ^ o.b;
      return out;
    }
    case 'set': {
      if (n === 0) return input;
      const out = Uint8Array.from(input);
      out[Math.min(at, n - 1)] = o.b;
      return out;
    }
    case 'truncate':
      return input.subarray(0, Math.min(at, n));
    case 'insert':
      return concat(input.subarray(0, at), o.bytes, input.subarray(at));
    case 'delete': {
      const length = 1 + Math.floor(o.c * Math.min(64, Math.max(1, n - at)));
      return concat(input.subarray(0, at), input.subarray(Math.min(n, at + length)));
    }
    default: {
      // duplicate a slice of up to 200 bytes somewhere else
      const length = 1 + Math.floor(o.c * 200);
      const slice = input.subarray(at, Math.min(n, at + length));
      const to = Math.floor(((o.b / 256) * (n + 1)) % (n + 1));
      return concat(input.subarray(0, to), slice, input.subarray(to));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** 1 to `max` byte-level operations applied to `seed`. */
export function mutatedBytes(seed: Uint8Array, max = 4): fc.Arbitrary<Uint8Array> {
  return fc.array(byteOp, { minLength: 1, maxLength: max }).map((ops) => ops.reduce(applyByteOp, seed));
}

/** The same on text (operations on UTF-16 code units; may split surrogate pairs). */
export function mutatedText(seed: string, max = 4): fc.Arbitrary<string> {
  const op = fc.record({
    op: fc.constantFrom('replace', 'truncate', 'insert', 'insert', 'delete', 'duplicate'),
    a: frac,
    c: frac,
    token: fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 6, unit: 'binary' }), fc.string({ maxLength: 4, unit: 'grapheme' })),
  });
  return fc.array(op, { minLength: 1, maxLength: max }).map((ops) =>
    ops.reduce((s, o) => {
      const at = Math.floor(o.a * (s.length + 1));
      switch (o.op) {
        case 'replace':
          return s.slice(0, at) + o.token + s.slice(at + Math.max(1, o.token.length));
        case 'truncate':
          return s.slice(0, at);
        case 'insert':
          return s.slice(0, at) + o.token + s.slice(at);
        case 'delete':
          return s.slice(0, at) + s.slice(at + 1 + Math.floor(o.c * 40));
        default: {
          const slice = s.slice(at, at + 1 + Math.floor(o.c * 200));
          const to = Math.floor(o.c * (s.length + 1));
          return s.slice(0, to) + slice + s.slice(to);
        }
      }
    }, seed),
  );
}

/** Start tags, whole elements and attributes of an XML text, for structural mutations. */
function xmlParts(xml: string) {
  const tags = [...xml.matchAll(/<([A-Za-z_][\w:.-]*)(\s[^<>]*?)?(\/?)>/g)].map((m) => ({ at: m.index, text: m[0], name: m[1] as string, selfClosing: m[3] === '/' }));
  const attributes = [...xml.matchAll(/\s([\w:.-]+)="([^"]*)"/g)].map((m) => ({ at: m.index, text: m[0], name: m[1] as string }));
  return { tags, attributes };
}

/** The whole element starting at a start tag (up to its matching end tag), or the tag itself. */
function elementAt(xml: string, tag: { at: number; text: string; name: string; selfClosing: boolean }): string {
  if (tag.selfClosing) return tag.text;
  let depth = 0;
  const re = new RegExp(`<(/?)${tag.name.replace(/[.]/g, '\\.')}(?=[\\s/>])[^>]*?(/?)>`, 'g');
  re.lastIndex = tag.at;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    if (m[1] === '/') depth--;
    else if (m[2] !== '/') depth++;
    if (depth === 0) return xml.slice(tag.at, m.index + m[0].length);
  }
  return tag.text;
}

/** XML-aware mutations: duplicate/remove/insert elements and attributes, random values. */
export function mutatedXml(seed: string, max = 3): fc.Arbitrary<string> {
  const op = fc.record({
    op: fc.constantFrom('dup-element', 'remove-element', 'insert-element', 'dup-attribute', 'remove-attribute', 'insert-attribute', 'value', 'rename'),
    a: frac,
    b: frac,
    name: fc.oneof(fc.constantFrom('Eleve', 'Responsable', 'Intrus', 'Nom', 'Ident', 'xmlns', 'xmlns:x', 'x:y', 'value', 'attr', 'Cle', 'CONTENU', 'a'), fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/)),
    value: fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 12, unit: 'binary' })),
  });
  return fc.array(op, { minLength: 1, maxLength: max }).map((ops) =>
    ops.reduce((xml, o) => {
      const { tags, attributes } = xmlParts(xml);
      const tag = tags[Math.floor(o.a * tags.length)];
      const attr = attributes[Math.floor(o.a * attributes.length)];
      const esc = o.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
      switch (o.op) {
        case 'dup-element': {
          if (tag === undefined) return xml;
          const el = elementAt(xml, tag);
          return xml.slice(0, tag.at) + el + xml.slice(tag.at);
        }
        case 'remove-element': {
          if (tag === undefined) return xml;
          const el = elementAt(xml, tag);
          return xml.slice(0, tag.at) + xml.slice(tag.at + el.length);
        }
        case 'insert-element': {
          const target = tags[Math.floor(o.b * tags.length)];
          if (target === undefined) return xml;
          const at = target.at + target.text.length;
          return `${xml.slice(0, at)}<${o.name}${o.b < 0.5 ? ` a="${esc}"` : ''}/>${xml.slice(at)}`;
        }
        case 'dup-attribute':
          return attr === undefined ? xml : xml.slice(0, attr.at) + attr.text + xml.slice(attr.at);
        case 'remove-attribute':
          return attr === undefined ? xml : xml.slice(0, attr.at) + xml.slice(attr.at + attr.text.length);
        case 'insert-attribute': {
          if (tag === undefined) return xml;
          const at = tag.at + 1 + tag.name.length;
          return `${xml.slice(0, at)} ${o.name}="${esc}"${xml.slice(at)}`;
        }
        case 'value': {
          if (attr === undefined) return xml;
          const eq = attr.text.indexOf('="');
          return `${xml.slice(0, attr.at)}${attr.text.slice(0, eq)}="${o.b < 0.7 ? esc : o.value}"${xml.slice(attr.at + attr.text.length)}`;
        }
        default: {
          if (tag === undefined) return xml;
          const at = tag.at + 1;
          return xml.slice(0, at) + o.name + xml.slice(at + tag.name.length);
        }
      }
    }, seed),
  );
}

/** Any of the above, on text: XML-aware, text-level, or byte-level (decoded back as UTF-8). */
export function mutatedDocument(seed: string): fc.Arbitrary<string | Uint8Array> {
  const bytes = encoder.encode(seed);
  return fc.oneof(
    { arbitrary: mutatedXml(seed), weight: 3 },
    { arbitrary: mutatedText(seed), weight: 3 },
    { arbitrary: mutatedBytes(bytes), weight: 3 },
    { arbitrary: fc.tuple(mutatedXml(seed, 2), fc.nat()).chain(([x]) => mutatedBytes(encoder.encode(x), 2)), weight: 1 },
  );
}

/** Random chunk boundaries for streaming a buffer. */
export function chunkSizes(): fc.Arbitrary<number[]> {
  return fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 9, max: 4096 })), { minLength: 1, maxLength: 6 });
}

/** Splits `bytes` with the sizes (cycled). */
export function split(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let k = 0;
  for (let i = 0; i < bytes.length; ) {
    const n = sizes[k++ % sizes.length] as number;
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}
