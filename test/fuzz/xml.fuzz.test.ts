/**
 * Fuzzing of the XML tokenizer (directly), parsePartenaireIndex (string and bytes) and
 * parseIdentifiantsPronote: mutated valid documents either give a valid model or a coded error
 * of the library's family. A valid model round-trips: parse(build(model)) equals the model.
 * The tokenizer gives the same outcome whatever the chunking of its input.
 *
 * Budget: a few hundred runs per property in `npm test`; `npm run fuzz` (FUZZ_RUNS=20000) runs
 * FUZZ_RUNS × the share given to each property.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIdentifiantsPronote, parseIdentifiantsPronote, DEFAULT_LIMITS, buildPartenaireIndex, parsePartenaireIndex } from '../../src/index';
import { decodeXmlBytes } from '../../src/internal/xml/decode';
import { XmlTokenizer } from '../../src/internal/xml/tokenizer';
import { parseXmlTree, type XmlElement } from '../../src/internal/xml/tree';
import { sampleDocument } from '../partenaire-index/sample';
import { aafText, secretAafBody, secretIdentifiantsPronote, secretPartenaireIndex } from '../hardening/secret-documents';
import { runs, timeoutFor } from '../hardening/helpers';
import { assertBothOutcomes, canonical, outcome, show, Tally } from './check';
import { mutatedDocument } from './mutators';

const data = (path: string) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8');

const PI_SEEDS = [buildPartenaireIndex(secretPartenaireIndex()), buildPartenaireIndex(sampleDocument()), data('partenaire-index/sample.xml')];
const ID_SEEDS = [
  buildIdentifiantsPronote(secretIdentifiantsPronote()),
  buildIdentifiantsPronote(secretIdentifiantsPronote('Partiel')),
  data('identifiants-pronote/IdPN_To_KOSMOS-complet.xml'),
  data('identifiants-pronote/variant-bom-case.xml'),
];
const MISC_SEEDS = [
  aafText(secretAafBody()),
  '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><p:a xmlns:p="urn:x" xmlns="urn:d" k="1 &amp; 2" j=\'&#x1F600;&lt;\'><p:b/>t&gt;<![CDATA[<raw>]]><?pi x?><c p:q="v">é😀</c></p:a>\n',
];
const ALL = [...PI_SEEDS, ...ID_SEEDS, ...MISC_SEEDS];

/** Text of a fuzzed input: bytes are decoded as the readers do (which may fail, coded). */
function asText(input: string | Uint8Array): string | undefined {
  if (typeof input === 'string') return input;
  const r = outcome(() => decodeXmlBytes(input, { limits: DEFAULT_LIMITS, what: 'the input' }).text, 'decodeXmlBytes');
  return r.ok ? r.value : undefined;
}

function tree(el: XmlElement): unknown {
  return [el.name, el.ns, el.attributes.map((a) => [a.name, a.ns, a.value]), el.text, el.children.map(tree)];
}

/** Parses `text` written in chunks of the given sizes; returns the tree or the error's code and position. */
function chunked(text: string, sizes: readonly number[], namespaces: boolean, doctype: 'refuse' | 'external-only'): unknown {
  const stack: unknown[][] = [];
  let root: unknown;
  const r = outcome(() => {
    const t = new XmlTokenizer(
      {
        startElement(tag) {
          const attrs: unknown[] = [];
          for (let i = 0; i < tag.attrCount; i++) attrs.push([tag.attrQNames[i], tag.attrNs[i], tag.attrValues[i]]);
          const el: unknown[] = [tag.qname, tag.ns, attrs, '', []];
          const parent = stack[stack.length - 1];
          if (parent === undefined) root = el;
          else (parent[4] as unknown[]).push(el);
          stack.push(el);
        },
        endElement() {
          stack.pop();
        },
        text(value) {
          const top = stack[stack.length - 1];
          if (top !== undefined) top[3] = `${top[3] as string}${value}`;
        },
      },
      { limits: DEFAULT_LIMITS, namespaces, doctype, keepWhitespace: true },
    );
    let k = 0;
    for (let i = 0; i < text.length; ) {
      const n = sizes[k++ % sizes.length] as number;
      t.write(text.slice(i, i + n));
      i += n;
    }
    t.end();
  }, 'XmlTokenizer (chunked)');
  return r.ok ? ['ok', root] : ['error', r.error.code, r.error.line, r.error.column];
}

describe('XmlTokenizer', () => {
  const numRuns = runs(400, 0.3);

  it('mutated documents: a tree or a coded error, whatever the options', { timeout: timeoutFor(numRuns, 5) }, () => {
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(fc.constantFrom(...ALL).chain(mutatedDocument), fc.boolean(), fc.constantFrom('refuse' as const, 'external-only' as const), (input, namespaces, doctype) => {
        const text = asText(input);
        if (text === undefined) return;
        tally.add(outcome(() => parseXmlTree(text, { limits: DEFAULT_LIMITS, namespaces, doctype, keepWhitespace: true }), `parseXmlTree ${show(input)}`));
      }),
      tally,
      numRuns,
    );
  });

  it('the same outcome whatever the chunking (events, error code and position)', { timeout: timeoutFor(numRuns, 8) }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL).chain(mutatedDocument),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 6, max: 3000 })), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (input, sizes, namespaces) => {
          const text = asText(input);
          if (text === undefined) return;
          const whole = chunked(text, [text.length + 1], namespaces, 'external-only');
          expect(chunked(text, sizes, namespaces, 'external-only'), `chunks ${JSON.stringify(sizes)} of ${show(text)}`).toEqual(whole);
        },
      ),
      { numRuns },
    );
  });

  it('valid seeds give the same tree through the chunked tokenizer and parseXmlTree (control)', () => {
    for (const seed of ALL) {
      const r = chunked(seed, [7, 1, 300], true, 'external-only') as [string, unknown];
      expect(r[0], seed.slice(0, 80)).toBe('ok');
      expect(canonical(r[1])).toBe(canonical(tree(parseXmlTree(seed, { limits: DEFAULT_LIMITS, doctype: 'external-only', keepWhitespace: true }).root)));
    }
  });
});

describe('parsePartenaireIndex', () => {
  const numRuns = runs(400, 0.3);

  it('mutated documents (string and bytes): a model that round-trips, or a coded error', { timeout: timeoutFor(numRuns, 5) }, () => {
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(fc.constantFrom(...PI_SEEDS).chain(mutatedDocument), fc.boolean(), (input, asBytes) => {
        const x = asBytes && typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
        const parsed = outcome(() => parsePartenaireIndex(x).document, `parsePartenaireIndex ${show(x)}`);
        tally.add(parsed);
        const validated = outcome(() => parsePartenaireIndex(x, { validate: true }).document, 'parsePartenaireIndex (validate)');
        if (!parsed.ok) {
          expect(validated.ok, 'validate: true refuses what parsing refuses').toBe(false);
          return;
        }
        const built = outcome(() => buildPartenaireIndex(parsed.value), 'buildPartenaireIndex');
        // The builder refuses exactly what validation refuses.
        expect(built.ok, show(x)).toBe(validated.ok);
        if (built.ok) {
          expect(canonical(parsePartenaireIndex(built.value).document)).toBe(canonical(parsed.value));
          expect(canonical((validated as { value: unknown }).value)).toBe(canonical(parsed.value));
        }
      }),
      tally,
      numRuns,
    );
  });
});

describe('parseIdentifiantsPronote (lenient reader)', () => {
  const numRuns = runs(300, 0.3);

  it('mutated documents (string and bytes): a model that round-trips, or a coded error', { timeout: timeoutFor(numRuns, 8) }, () => {
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(fc.constantFrom(...ID_SEEDS).chain(mutatedDocument), fc.boolean(), (input, asBytes) => {
        const x = asBytes && typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
        const parsed = outcome(() => parseIdentifiantsPronote(x), `parseIdentifiantsPronote ${show(x)}`);
        tally.add(parsed);
        if (!parsed.ok) return;
        const built = outcome(() => buildIdentifiantsPronote(parsed.value.document), 'buildIdentifiantsPronote');
        expect(built.ok, `a valid document is built: ${show(x)}`).toBe(true);
        if (built.ok) {
          const again = parseIdentifiantsPronote(built.value);
          expect(canonical(again.document), show(x)).toBe(canonical(parsed.value.document));
        }
      }),
      tally,
      numRuns,
    );
  });
});
