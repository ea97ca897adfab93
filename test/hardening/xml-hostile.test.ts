/**
 * Hostile XML against every XML reader of the library.
 *
 * - DOCTYPEs are refused in our formats (PARTENAIRE_INDEX, the identifier file, both envelopes),
 *   so entity expansion ("billion laughs") and external entities (XXE) can never run; AAF feeds
 *   keep their external DOCTYPE, which is never loaded, and any internal subset or entity
 *   declaration is refused. Proofs that nothing is loaded: a local HTTP server named as the
 *   external DTD or entity receives no request, and a canary file named by an entity never
 *   shows up in any result or message.
 * - Invalid UTF-8, characters XML 1.0 forbids, duplicated elements and attributes, wrong roots
 *   or namespaces, truncated files: coded errors.
 */

import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntPronoteError, type ErrorCode, openExportIndexEducation, sealExportIndexEducation, openImportChiffre, sealImportChiffre, inspectEnvelope, openEnvelope, openEnvelopeAsync, buildIdentifiantsPronote, openIdentifiantsPronote, parseIdentifiantsPronote, DEFAULT_LIMITS, buildPartenaireIndex, parsePartenaireIndex } from '../../src/index';
import { readAafFeed } from '../../src/input';
import { XmlTokenizer } from '../../src/internal/xml/tokenizer';
import { parseXmlTree } from '../../src/internal/xml/tree';
import { PRIV, PUB } from '../envelope/helpers';
import {
  AAF_OPTIONS,
  aafText,
  asLibraryError,
  libraryError,
  libraryErrorAsync,
  secretAafBody,
  secretAafFile,
  secretIdentifiantsPronote,
  secretPartenaireIndex,
} from './helpers';

const DATE = '2026-09-01T08:00:00+02:00';

// ---------------------------------------------------------------------------------------------
// A local server and a canary file: what a loaded DTD or external entity would reach.

let server: Server;
let hits = 0;
let base = '';
let canaryDir = '';
let canaryUrl = '';
const CANARY = 'CANARY-7f3c9b1e-never-loaded';

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.setHeader('content-type', 'application/xml-dtd');
    res.end(`<!ENTITY leak "${CANARY}">`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  canaryDir = mkdtempSync(join(tmpdir(), 'ent-pronote-canary-'));
  const file = join(canaryDir, 'canary.txt');
  writeFileSync(file, CANARY);
  canaryUrl = `file://${file}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(canaryDir, { recursive: true, force: true });
});

/** Lets any request a reader might have started reach the server before counting. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

// ---------------------------------------------------------------------------------------------
// Payloads. `{root}` is the format's root element name, `{open}` the start of the root start tag
// with its required namespace, `{ref}` where an entity reference goes (an attribute value).

interface Payload {
  name: string;
  /** Prolog inserted before the root element. */
  prolog: (root: string) => string;
  /** Entity reference placed in the document, if any. */
  ref?: string;
}

const LOL = (root: string) =>
  `<!DOCTYPE ${root} [\n<!ENTITY lol "lol">\n` +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') +
  '\n]>\n';

const PAYLOADS: Payload[] = [
  { name: 'billion laughs (internal subset, nested entities)', prolog: LOL, ref: '&lol9;' },
  { name: 'quadratic blowup (one huge entity referenced many times)', prolog: (r) => `<!DOCTYPE ${r} [<!ENTITY a "${'x'.repeat(50_000)}">]>\n`, ref: '&a;'.repeat(200) },
  { name: 'XXE: external entity on /etc/passwd', prolog: (r) => `<!DOCTYPE ${r} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n`, ref: '&xxe;' },
  { name: 'XXE: external entity on a canary file', prolog: (r) => `<!DOCTYPE ${r} [<!ENTITY xxe SYSTEM "${canaryUrl}">]>\n`, ref: '&xxe;' },
  { name: 'XXE: external entity over HTTP', prolog: (r) => `<!DOCTYPE ${r} [<!ENTITY xxe SYSTEM "${base}/entity">]>\n`, ref: '&xxe;' },
  { name: 'parameter entity loading a remote DTD', prolog: (r) => `<!DOCTYPE ${r} [<!ENTITY % remote SYSTEM "${base}/param.dtd"> %remote;]>\n`, ref: '&leak;' },
  { name: 'external DTD over HTTP (no subset)', prolog: (r) => `<!DOCTYPE ${r} SYSTEM "${base}/external.dtd">\n`, ref: '&leak;' },
  { name: 'external DTD with a PUBLIC id', prolog: (r) => `<!DOCTYPE ${r} PUBLIC "-//X//DTD X//EN" "${base}/public.dtd">\n` },
  { name: 'external DTD on /etc/passwd, no reference', prolog: (r) => `<!DOCTYPE ${r} SYSTEM "file:///etc/passwd">\n` },
  { name: 'entity declaration without a DOCTYPE', prolog: () => `<!ENTITY xxe SYSTEM "file:///etc/passwd">\n`, ref: '&xxe;' },
  { name: 'entity reference without any declaration', prolog: () => '', ref: '&xxe;' },
];

/** What no result nor message may ever contain: content a loaded entity or DTD would give. */
function expectNothingLoaded(texts: string[]): void {
  for (const t of texts) {
    expect(t).not.toContain(CANARY);
    expect(t).not.toMatch(/root:.*:0:0:/);
    expect(t).not.toContain('lollollol');
  }
}

/** Inserts a payload into a document: prolog before the root, reference into `attr`'s value. */
function inject(doc: string, root: string, attr: string, p: Payload): string {
  let out = doc.replace(new RegExp(`<(${root})\\b`), `${p.prolog(root)}<$1`);
  if (p.ref !== undefined) out = out.replace(`${attr}="`, `${attr}="${p.ref}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The readers of our formats: every payload is refused, nothing is loaded.

const piXml = buildPartenaireIndex(secretPartenaireIndex());
const idXml = buildIdentifiantsPronote(secretIdentifiantsPronote());
const icXml = sealImportChiffre(piXml, PUB, { partenaire: 'ENT-HARDENING', uai: '0410017W', date: DATE });
const exXml = sealExportIndexEducation(idXml, [{ nom: 'HARDENING', publicKey: PUB }], { date: DATE, uai: '0410017W' });

interface Reader {
  name: string;
  doc: string;
  root: string;
  attr: string;
  read: (input: string | Uint8Array) => unknown;
}

const READERS: Reader[] = [
  { name: 'parsePartenaireIndex', doc: piXml, root: 'PARTENAIRE_INDEX', attr: 'Partenaire', read: (x) => parsePartenaireIndex(x) },
  { name: 'parseIdentifiantsPronote', doc: idXml, root: 'IDENTIFIANTS_PRONOTE', attr: 'Socle', read: (x) => parseIdentifiantsPronote(x) },
  { name: 'openIdentifiantsPronote (plain)', doc: idXml, root: 'IDENTIFIANTS_PRONOTE', attr: 'Socle', read: (x) => openIdentifiantsPronote(x, PRIV) },
  { name: 'openImportChiffre', doc: icXml, root: 'ImportChiffre', attr: 'Version', read: (x) => openImportChiffre(x, PRIV) },
  { name: 'openEnvelope (ImportChiffre)', doc: icXml, root: 'ImportChiffre', attr: 'Version', read: (x) => openEnvelope(x, PRIV) },
  { name: 'inspectEnvelope (ImportChiffre)', doc: icXml, root: 'ImportChiffre', attr: 'Version', read: (x) => inspectEnvelope(x) },
  { name: 'openExportIndexEducation', doc: exXml, root: 'EXPORT_INDEX_EDUCATION', attr: 'NOM', read: (x) => openExportIndexEducation(x, PRIV) },
  { name: 'openIdentifiantsPronote (sealed)', doc: exXml, root: 'EXPORT_INDEX_EDUCATION', attr: 'NOM', read: (x) => openIdentifiantsPronote(x, PRIV) },
  { name: 'inspectEnvelope (EXPORT_INDEX_EDUCATION)', doc: exXml, root: 'EXPORT_INDEX_EDUCATION', attr: 'NOM', read: (x) => inspectEnvelope(x) },
];

describe.each(READERS)('$name refuses DTDs and entities', (reader) => {
  it('the unaltered document is read (control)', async () => {
    await expect((async () => reader.read(reader.doc))()).resolves.toBeDefined();
  });

  it.each(PAYLOADS)('$name: ERR_DOCTYPE, as text, UTF-8 bytes and UTF-16 bytes', async (p) => {
    const hostile = inject(reader.doc, reader.root, reader.attr, p);
    expect(hostile).not.toBe(reader.doc);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(hostile.replace(/encoding="UTF-8"/, 'encoding="UTF-16"'), 'utf16le')]);
    for (const input of [hostile, Buffer.from(hostile, 'utf8'), utf16]) {
      const e = await libraryErrorAsync(async () => reader.read(input), 'ERR_DOCTYPE');
      expectNothingLoaded([e.message, JSON.stringify(e.toJSON())]);
      expect(e.line, 'the error is located').toBeGreaterThan(0);
    }
    await settle();
    expect(hits, 'no request reached the server').toBe(0);
  });
});

describe('asynchronous opening refuses DTDs too', () => {
  it('openEnvelopeAsync', async () => {
    for (const p of PAYLOADS.filter((x) => x.ref !== undefined || x.name.includes('DTD'))) {
      const e = await libraryErrorAsync(() => openEnvelopeAsync(inject(icXml, 'ImportChiffre', 'Version', p), PRIV), 'ERR_DOCTYPE');
      expectNothingLoaded([e.message]);
    }
    await settle();
    expect(hits).toBe(0);
  });
});

describe('a DOCTYPE inside a verified envelope', () => {
  it('opening returns the bytes as sealed; reading them as PARTENAIRE_INDEX refuses the DOCTYPE', () => {
    const hostile = inject(piXml, 'PARTENAIRE_INDEX', 'Partenaire', PAYLOADS[2] as Payload);
    const opened = openImportChiffre(sealImportChiffre(hostile, PUB, { partenaire: 'X', uai: '0410017W', date: DATE }), PRIV);
    expect(Buffer.from(opened.content).toString('utf8')).toBe(hostile);
    const e = libraryError(() => parsePartenaireIndex(opened.content), 'ERR_DOCTYPE');
    expectNothingLoaded([e.message]);
  });

  it('a sealed identifier file holding a DOCTYPE is refused by openIdentifiantsPronote', async () => {
    for (const p of PAYLOADS.slice(0, 7)) {
      const sealed = sealExportIndexEducation(inject(idXml, 'IDENTIFIANTS_PRONOTE', 'Socle', p), [{ nom: 'HARDENING', publicKey: PUB }], { date: DATE });
      const e = await libraryErrorAsync(() => openIdentifiantsPronote(sealed, PRIV, { partner: 'HARDENING' }), 'ERR_DOCTYPE');
      expectNothingLoaded([e.message]);
    }
    await settle();
    expect(hits).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// AAF feeds: the external DOCTYPE is accepted and never loaded; anything more is refused.

describe('AAF feed reader (doctype: external-only)', () => {
  const readText = (text: string) => readAafFeed([secretAafFile(text)], AAF_OPTIONS);

  it('reads a feed whose external DTD names the local server, without requesting it', async () => {
    const { document } = await readText(aafText(secretAafBody(), `<!DOCTYPE ficAlimMENESR SYSTEM "${base}/ficAlimMENESR.dtd">`));
    expect(document.eleves).toHaveLength(1);
    await settle();
    expect(hits).toBe(0);
  });

  it('accepts the PUBLIC form and the canary file as external DTD, never reading either', async () => {
    for (const doctype of [`<!DOCTYPE ficAlimMENESR PUBLIC "-//MEN//DTD AAF//FR" "${base}/aaf.dtd">`, `<!DOCTYPE ficAlimMENESR SYSTEM "${canaryUrl}">`]) {
      const { document, problems } = await readText(aafText(secretAafBody(), doctype));
      expect(document.eleves).toHaveLength(1);
      expectNothingLoaded([JSON.stringify(document), JSON.stringify(problems)]);
    }
    await settle();
    expect(hits).toBe(0);
  });

  const refused: Array<[string, string, string, ErrorCode]> = [
    ['internal subset with an entity', `<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd" [<!ENTITY x "y">]>`, '', 'ERR_DOCTYPE'],
    ['internal subset only', '<!DOCTYPE ficAlimMENESR [<!ELEMENT ficAlimMENESR ANY>]>', '', 'ERR_DOCTYPE'],
    ['billion laughs', LOL('ficAlimMENESR').trim(), '&lol9;', 'ERR_DOCTYPE'],
    ['XXE /etc/passwd', '<!DOCTYPE ficAlimMENESR [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;', 'ERR_DOCTYPE'],
    ['XXE canary', `<!DOCTYPE ficAlimMENESR [<!ENTITY xxe SYSTEM "${canaryUrl}">]>`, '&xxe;', 'ERR_DOCTYPE'],
    ['parameter entity over HTTP', `<!DOCTYPE ficAlimMENESR SYSTEM "x.dtd" [<!ENTITY % r SYSTEM "${base}/p.dtd"> %r;]>`, '&leak;', 'ERR_DOCTYPE'],
    ['entity declared in the external DTD (never loaded, so undefined)', `<!DOCTYPE ficAlimMENESR SYSTEM "${base}/entities.dtd">`, '&leak;', 'ERR_DOCTYPE'],
    ['a second DOCTYPE', `${'<!DOCTYPE ficAlimMENESR SYSTEM "a.dtd">'}\n<!DOCTYPE ficAlimMENESR SYSTEM "b.dtd">`, '', 'ERR_XML'],
  ];

  it.each(refused)('%s: coded error, nothing loaded', async (_name, doctype, ref, code) => {
    const body = secretAafBody().replace('<value>LYCEE TEST</value>', `<value>LYCEE TEST${ref}</value>`);
    const e = await libraryErrorAsync(() => readText(aafText(body, doctype)), code);
    expect(e.file).toBe('ENT_0410017W_Complet_20260901_Eleve_0000.xml');
    expectNothingLoaded([e.message]);
    await settle();
    expect(hits).toBe(0);
  });

  it('an <!ENTITY declaration in the body is refused', async () => {
    await libraryErrorAsync(() => readText(aafText(`<!ENTITY x SYSTEM "file:///etc/passwd">\n${secretAafBody()}`)), 'ERR_DOCTYPE');
  });
});

// ---------------------------------------------------------------------------------------------
// Encoding, characters, structure, truncation: coded errors in every reader.

describe('invalid bytes and characters', () => {
  const BAD_UTF8: Array<[string, number[]]> = [
    ['lone continuation byte', [0x80]],
    ['overlong slash', [0xc0, 0xaf]],
    ['truncated 3-byte sequence', [0xe2, 0x82]],
    ['UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['0xFF', [0xff]],
  ];

  const inAttribute = (doc: string, attr: string, bytes: number[]): Buffer => {
    const at = doc.indexOf(`${attr}="`) + attr.length + 2;
    return Buffer.concat([Buffer.from(doc.slice(0, at), 'utf8'), Buffer.from(bytes), Buffer.from(doc.slice(at), 'utf8')]);
  };

  it.each(BAD_UTF8)('%s: ERR_ENCODING from every byte reader', async (_name, bytes) => {
    libraryError(() => parsePartenaireIndex(inAttribute(piXml, 'Nom', bytes)), 'ERR_ENCODING');
    libraryError(() => parseIdentifiantsPronote(inAttribute(idXml, 'Nom', bytes)), 'ERR_ENCODING');
    libraryError(() => inspectEnvelope(inAttribute(icXml, 'Version', bytes)), 'ERR_ENCODING');
    libraryError(() => openEnvelope(inAttribute(exXml, 'NOM', bytes), PRIV), 'ERR_ENCODING');
    const aaf = Buffer.from(aafText(secretAafBody()), 'utf8');
    const at = aaf.indexOf('<value>LYCEE') + 7;
    const broken = Buffer.concat([aaf.subarray(0, at), Buffer.from(bytes), aaf.subarray(at)]);
    await libraryErrorAsync(() => readAafFeed([{ name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks: broken }], AAF_OPTIONS), 'ERR_ENCODING');
    // Streaming, one byte at a time: the same code.
    await libraryErrorAsync(
      () => readAafFeed([{ name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks: Array.from(broken, (b) => Uint8Array.of(b)) }], AAF_OPTIONS),
      'ERR_ENCODING',
    );
  });

  const FORBIDDEN = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDC00'];

  it.each(FORBIDDEN.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, c]))('%s: ERR_XML (raw) and ERR_XML (as a character reference)', (_n, c) => {
    const code = c.charCodeAt(0);
    for (const [doc, attr, read] of [
      [piXml, 'Nom', (x: string) => parsePartenaireIndex(x)],
      [idXml, 'Nom', (x: string) => parseIdentifiantsPronote(x)],
      [icXml, 'Version', (x: string) => inspectEnvelope(x)],
    ] as const) {
      libraryError(() => read(doc.replace(`${attr}="`, `${attr}="a${c}`)), 'ERR_XML');
      libraryError(() => read(doc.replace(`${attr}="`, `${attr}="a&#x${code.toString(16)};`)), 'ERR_XML');
    }
    libraryError(() => parseXmlTree(`<a>${c}</a>`, { limits: DEFAULT_LIMITS }), 'ERR_XML');
  });
});

describe('structure', () => {
  it('PARTENAIRE_INDEX: wrong root, wrong namespace, duplicated elements and attributes', () => {
    const cases: Array<[string, string, ErrorCode]> = [
      ['wrong root', piXml.replace(/PARTENAIRE_INDEX/g, 'PARTENAIRE_INDEKS'), 'ERR_SCHEMA'],
      ['no namespace', piXml.replace(/ xmlns="[^"]*"/, ''), 'ERR_SCHEMA'],
      ['other namespace', piXml.replace(/ xmlns="[^"]*"/, ' xmlns="urn:evil"'), 'ERR_SCHEMA'],
      ['duplicated section', piXml.replace(/(<Eleves>[\s\S]*<\/Eleves>)/, '$1$1'), 'ERR_SCHEMA'],
      ['duplicated Etablissements', piXml.replace(/(<Etablissements>[\s\S]*?<\/Etablissements>)/, '$1$1'), 'ERR_SCHEMA'],
      ['duplicated attribute', piXml.replace('<Eleve ', '<Eleve Nom="x" '), 'ERR_XML'],
      ['two roots', `${piXml}<PARTENAIRE_INDEX/>`, 'ERR_XML'],
      ['unknown element', piXml.replace('<Eleves>', '<Eleves><Intrus/>'), 'ERR_SCHEMA'],
      ['unknown attribute', piXml.replace('<Eleve ', '<Eleve Intrus="1" '), 'ERR_SCHEMA'],
      ['text where none is allowed', piXml.replace('<Eleves>', '<Eleves>texte'), 'ERR_SCHEMA'],
      ['mismatched end tag', piXml.replace('</Eleves>', '</Eleve>'), 'ERR_XML'],
    ];
    for (const [name, xml, code] of cases) {
      expect(xml, name).not.toBe(piXml);
      libraryError(() => parsePartenaireIndex(xml), code);
    }
  });

  it('identifier file (lenient reader): wrong root, duplicated people and attributes', () => {
    const cases: Array<[string, string, ErrorCode]> = [
      ['wrong root', idXml.replace(/IDENTIFIANTS_PRONOTE/g, 'IDENTIFIANTS_PRONOT'), 'ERR_SCHEMA'],
      ['duplicated person (same Ident)', idXml.replace(/(<Personnel [^>]*\/>)/, '$1$1'), 'ERR_SCHEMA'],
      ['duplicated attribute', idXml.replace('<Eleve ', '<Eleve Nom="x" '), 'ERR_XML'],
      ['attribute twice in two letter cases', idXml.replace('<Eleve ', '<Eleve NOM="x" '), 'ERR_SCHEMA'],
      ['two roots', `${idXml}<IDENTIFIANTS_PRONOTE/>`, 'ERR_XML'],
    ];
    for (const [name, xml, code] of cases) {
      expect(xml, name).not.toBe(idXml);
      libraryError(() => parseIdentifiantsPronote(xml), code);
    }
  });

  it('envelopes: wrong root, wrong namespace, duplicated and misplaced elements', () => {
    const cases: Array<[string, string, ErrorCode]> = [
      ['wrong root', icXml.replace(/ImportChiffre/g, 'ImportClair'), 'ERR_SCHEMA'],
      ['no namespace', icXml.replace(/ xmlns="[^"]*"/, ''), 'ERR_SCHEMA'],
      ['other namespace', icXml.replace(/ xmlns="[^"]*"/, ' xmlns="urn:evil"'), 'ERR_SCHEMA'],
      ['duplicated Cle', icXml.replace(/(<Cle>[^<]*<\/Cle>)/, '$1$1'), 'ERR_SCHEMA'],
      ['duplicated Contenu', icXml.replace(/(<Contenu>[^<]*<\/Contenu>)/, '$1$1'), 'ERR_SCHEMA'],
      ['missing Verification', icXml.replace(/<Verification>[^<]*<\/Verification>/, ''), 'ERR_SCHEMA'],
      ['namespaced EXPORT root', exXml.replace('<EXPORT_INDEX_EDUCATION>', '<EXPORT_INDEX_EDUCATION xmlns="urn:x">'), 'ERR_SCHEMA'],
      ['duplicated CONTENU', exXml.replace(/(<CONTENU[^>]*>[^<]*<\/CONTENU>)/, '$1$1'), 'ERR_SCHEMA'],
      ['two PARTENAIRE with the same NOM', exXml.replace(/(<PARTENAIRE [^>]*>[^<]*<\/PARTENAIRE>)/, '$1$1'), 'ERR_SCHEMA'],
    ];
    for (const [name, xml, code] of cases) {
      expect(xml, name).not.toBe(name.includes('EXPORT') || name.includes('CONTENU') || name.includes('PARTENAIRE') ? exXml : icXml);
      libraryError(() => inspectEnvelope(xml), code);
      libraryError(() => openEnvelope(xml, PRIV), code);
    }
  });

  it('AAF: wrong root, duplicated attributes, two roots', async () => {
    const read = (text: string) => readAafFeed([secretAafFile(text)], AAF_OPTIONS);
    await libraryErrorAsync(() => read(aafText(secretAafBody()).replace(/ficAlimMENESR>/g, 'ficAlimMENESX>').replace('<!DOCTYPE ficAlimMENESR', '<!DOCTYPE ficAlimMENESX')), 'ERR_INPUT');
    await libraryErrorAsync(() => read(aafText(secretAafBody()).replace('<attr name="sn">', '<attr name="sn" name="sn">')), 'ERR_XML');
    await libraryErrorAsync(() => read(`${aafText(secretAafBody())}<ficAlimMENESR/>`), 'ERR_XML');
  });
});

describe('truncated files', () => {
  /** Every prefix (at `step`) of `doc` is refused with a coded error by `read`. */
  function everyPrefix(doc: string, step: number, read: (x: string) => unknown, expected: readonly ErrorCode[]): number {
    let n = 0;
    for (let cut = 0; cut < doc.trimEnd().length; cut += step) {
      const e: EntPronoteError = libraryError(() => read(doc.slice(0, cut)));
      expect(expected, `cut at ${cut}: ${e.code} ${e.message}`).toContain(e.code);
      n++;
    }
    return n;
  }

  it('PARTENAIRE_INDEX cut at every character', () => {
    expect(everyPrefix(piXml, 1, (x) => parsePartenaireIndex(x), ['ERR_XML', 'ERR_SCHEMA', 'ERR_ENCODING'])).toBeGreaterThan(1000);
  });

  it('PARTENAIRE_INDEX bytes cut inside a multi-byte character: ERR_ENCODING', () => {
    const bytes = Buffer.from(piXml, 'utf8');
    const at = bytes.indexOf(Buffer.from('É', 'utf8')) + 1;
    libraryError(() => parsePartenaireIndex(bytes.subarray(0, at)), 'ERR_ENCODING');
  });

  it('the identifier file cut at every character', () => {
    expect(everyPrefix(idXml, 1, (x) => parseIdentifiantsPronote(x), ['ERR_XML', 'ERR_SCHEMA'])).toBeGreaterThan(500);
  });

  it('envelopes cut anywhere (inspect and open)', () => {
    everyPrefix(icXml, 7, (x) => inspectEnvelope(x), ['ERR_XML', 'ERR_SCHEMA']);
    everyPrefix(exXml, 11, (x) => openEnvelope(x, PRIV), ['ERR_XML', 'ERR_SCHEMA']);
  });

  it('AAF files cut anywhere (streamed)', async () => {
    const text = aafText(secretAafBody());
    for (let cut = 0; cut < text.trimEnd().length; cut += 13) {
      const e = await libraryErrorAsync(() => readAafFeed([secretAafFile(text.slice(0, cut))], AAF_OPTIONS));
      expect(['ERR_XML', 'ERR_INPUT'], `cut at ${cut}: ${e.message}`).toContain(e.code);
    }
  });
});

describe('chunk boundaries change nothing (regressions found by the fuzzer)', () => {
  /** Code, line and column of parsing `text` written in chunks of `size` code units. */
  function chunkedOutcome(text: string, size: number): [string, number | undefined, number | undefined] {
    const t = new XmlTokenizer({ startElement() {}, endElement() {} }, { limits: DEFAULT_LIMITS, doctype: 'external-only' });
    try {
      for (let i = 0; i < text.length; i += size) t.write(text.slice(i, i + size));
      t.end();
      return ['ok', undefined, undefined];
    } catch (e) {
      const err = asLibraryError(e);
      return [err.code, err.line, err.column];
    }
  }

  it.each([
    ['a byte order mark, then the XML declaration in another chunk', '\uFEFF<?xml version="1.0" encoding="UTF-8"?><a/>'],
    ['<!ENTITY split across chunks (ERR_DOCTYPE, not ERR_XML)', '<!ENTITY x "y"><a/>'],
    ['<!ELEMENT split across chunks', '<!DOCTYPE a SYSTEM "a.dtd"><!ELEMENT a ANY><a/>'],
    ['a lone surrogate at the end, after a long run of text', '\u0000\u0000\uD800'],
    ['a run of text ending in CR LF split across chunks', '<a>x\r\ny&amp;z\r</a>'],
  ])('%s', (_name, text) => {
    const whole = chunkedOutcome(text, text.length);
    for (const size of [1, 2, 3, 5]) expect(chunkedOutcome(text, size), `chunks of ${size}`).toEqual(whole);
  });
});
