/**
 * Resource-shaped fuzzing (issue 15): instead of damaged bytes, inputs of hostile SHAPES at small
 * sizes: many distinct names, many empty rows, huge names, homonym groups. Every reader must give
 * a result or a coded error, and the shape must meet its documented bound exactly: names longer
 * than 1,024 characters and elements with more than 1,024 attributes are `ERR_LIMIT`, notices and
 * problems are capped, empty rows change nothing.
 * Small budget in `npm test` (`FUZZ_RUNS` raises it, see ../hardening/helpers `runs`).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectEnvelope, parseIdentifiantsPronote, DEFAULT_LIMITS, matchAccounts, parsePartenaireIndex } from '../../src/index';
import { readIdentifiantsPronoteCsv, readCsvAccounts, readJsonAccounts } from '../../src/input';
import { renderMatchJson } from '../../src/report';
import { MAX_XML_ATTRIBUTES, MAX_XML_NAME_LENGTH } from '../../src/internal/xml/tokenizer';
import { parseXmlTree } from '../../src/internal/xml/tree';
import { runs, timeoutFor } from '../hardening/helpers';
import { assertBothOutcomes, canonical, outcome, show, Tally } from './check';

const DATE = '2026-09-01T08:00:00+02:00';
const INPUT = { date: DATE, partenaire: 'FUZZ' };
const PRONOTE_ROOT = 'IDENTIFIANTS_PRONOTE Version="1" Date="2026-09-01T08:00:00" UAI="0410017W" Socle="X" Mode="Complet"';
const CSV_HEADER = 'population;id_partenaire;nom;prenom;date_naissance;sexe;uai';

/** An XML name of `length` characters (name characters only, a letter first). */
const xmlName = (length: number) =>
  fc.tuple(fc.constantFrom('a', 'B', 'é', '_'), fc.array(fc.constantFrom('a', 'z', '0', '-', '.', 'é', 'ß', '_'), { minLength: length - 1, maxLength: length - 1 })).map(([h, t]) => h + t.join(''));

describe('huge names', () => {
  const numRuns = runs(60, 0.3);
  it('element, attribute and end-tag names around 1,024 characters: read, or ERR_LIMIT beyond, never quoted', { timeout: timeoutFor(numRuns, 40) }, () => {
    const shape = fc.tuple(fc.integer({ min: MAX_XML_NAME_LENGTH - 8, max: MAX_XML_NAME_LENGTH + 8 }).chain(xmlName), fc.constantFrom('element', 'attribute', 'end'));
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(shape, ([name, where]) => {
        const xml = where === 'element' ? `<${name}/>` : where === 'attribute' ? `<r ${name}="v"/>` : `<r></${name}>`;
        const tree = outcome(() => parseXmlTree(xml, { limits: DEFAULT_LIMITS, namespaces: false }), `parseXmlTree ${where} ${name.length}`);
        tally.add(tree);
        if (name.length > MAX_XML_NAME_LENGTH) {
          expect(tree.ok ? 'ok' : tree.error.code).toBe('ERR_LIMIT');
          if (!tree.ok) expect(tree.error.message).not.toContain(name.slice(0, 80));
        } else if (where !== 'end') expect(tree.ok).toBe(true);
        const readers: Array<() => unknown> = [() => parsePartenaireIndex(xml), () => parseIdentifiantsPronote(xml), () => inspectEnvelope(xml)];
        for (const fn of readers) {
          const r = outcome(fn, `${where} name of ${name.length}`);
          if (!r.ok) {
            expect(r.error.message.length).toBeLessThan(400);
            expect(JSON.stringify(r.error.toJSON())).not.toContain(name.slice(0, 80));
            // An end tag comes after the root element, which the format readers may refuse first.
            if (name.length > MAX_XML_NAME_LENGTH && where !== 'end') expect(r.error.code).toBe('ERR_LIMIT');
          }
        }
      }),
      tally,
      numRuns,
    );
  });
});

describe('many distinct names', () => {
  const numRuns = runs(40, 0.3);
  it('unknown attributes and elements by the hundred or thousand: ERR_LIMIT beyond 1,024 per element, notices capped', { timeout: timeoutFor(numRuns, 60) }, () => {
    const shape = fc.record({
      students: fc.integer({ min: 1, max: 6 }),
      attributes: fc.integer({ min: 0, max: 1300 }),
      elements: fc.integer({ min: 0, max: 700 }),
      shared: fc.boolean(),
    });
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(shape, ({ students, attributes, elements, shared }) => {
        const name = (s: number, i: number) => (shared ? `u${i}` : `u${s}x${i}`);
        const xml = `<${PRONOTE_ROOT}><Eleves>${Array.from(
          { length: students },
          (_, s) =>
            `<Eleve Ident="${s + 1}" IDPN="p${s}" Nom="N" Prenom="P" DateNaissance="2010-01-01"${Array.from({ length: attributes }, (_, i) => ` ${name(s, i)}="v"`).join('')}>${Array.from({ length: elements }, (_, i) => `<${name(s, i)}/>`).join('')}</Eleve>`,
        ).join('')}</Eleves></IDENTIFIANTS_PRONOTE>`;
        const r = outcome(() => parseIdentifiantsPronote(xml), `${students} students, ${attributes} attributes, ${elements} elements`);
        tally.add(r);
        if (attributes + 5 > MAX_XML_ATTRIBUTES) {
          expect(r.ok ? 'ok' : r.error.code).toBe('ERR_LIMIT');
          return;
        }
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const kinds = (shared ? 1 : students) * (attributes + elements);
        const notices = r.value.problems.filter((n) => n.rule === 'unknown-attribute' || n.rule === 'unknown-element');
        expect(notices).toHaveLength(Math.min(kinds, 1000));
        const truncated = r.value.problems.filter((n) => n.rule === 'truncated');
        expect(truncated).toHaveLength(kinds > 1000 ? 1 : 0);
        expect(r.value.document.eleves.map((e) => Object.keys(e.extra?.attributes ?? {}).length)).toEqual(Array.from({ length: students }, () => attributes));
      }),
      tally,
      numRuns,
    );
  });
});

describe('many empty rows', () => {
  const numRuns = runs(60, 0.3);
  const emptyRow = fc.constantFrom('', ';;;;', ';', '  ;\t; ', '"";""', ';;;;;;;;;;;;');
  it('empty rows anywhere change nothing but line numbers (accounts and PRONOTE people CSV)', { timeout: timeoutFor(numRuns, 40) }, () => {
    const rows = [
      'etablissement;;LYCEE;;;;0410017W',
      'eleve;e1;DURAND;Lea;01/02/2010;F;0410017W',
      'eleve;e2;DURAND;Lea;01/02/2010;F;0410017W',
      'eleve;;MARTIN;Leo;01/02/2010;M;0410017W',
      'professeur;t1;PETIT;Ana;;;0410017W',
    ];
    const shape = fc.tuple(fc.subarray(rows, { minLength: 1 }), fc.array(fc.tuple(fc.nat(), fc.array(emptyRow, { minLength: 1, maxLength: 3000 })), { maxLength: 4 }), fc.constantFrom('\n', '\r\n'));
    const tally = new Tally();
    assertBothOutcomes(
      fc.property(shape, ([kept, inserts, eol]) => {
        const lines = [...kept];
        for (const [at, empties] of inserts) lines.splice(at % (lines.length + 1), 0, ...empties);
        const plain = `${CSV_HEADER}${eol}${kept.join(eol)}${eol}`;
        const padded = `${CSV_HEADER}${eol}${lines.join(eol)}${eol}`;
        const a = outcome(() => readCsvAccounts(plain, { ...INPUT, onInvalidRecord: 'skip' }), `plain ${show(plain)}`);
        const b = outcome(() => readCsvAccounts(padded, { ...INPUT, onInvalidRecord: 'skip' }), `padded ${show(padded)}`);
        tally.add(b);
        expect(b.ok).toBe(a.ok);
        if (a.ok && b.ok) {
          expect(canonical(b.value.document)).toBe(canonical(a.value.document));
          expect(b.value.stats.rows).toBe(a.value.stats.rows);
          expect(b.value.problems.map((p) => p.rule)).toEqual(a.value.problems.map((p) => p.rule));
        } else if (!a.ok && !b.ok) {
          expect(b.error.code).toBe(a.error.code);
          expect(b.error.problems.map((p) => p.rule)).toEqual(a.error.problems.map((p) => p.rule));
        }
        const pronote = (text: string) => readIdentifiantsPronoteCsv(text.replace(CSV_HEADER, 'population;idpn;nom;prenom;date_naissance;sexe;uai'), { date: DATE, uai: '0410017W', socle: 'X' });
        const pa = outcome(() => pronote(plain));
        const pb = outcome(() => pronote(padded));
        expect(pb.ok ? 'ok' : pb.error.code).toBe(pa.ok ? 'ok' : pa.error.code);
        if (pa.ok && pb.ok) expect(canonical(pb.value.document)).toBe(canonical(pa.value.document));
      }),
      tally,
      numRuns,
    );
  });

  it('thousands of invalid rows: at most 10,000 problems kept, errors first, the rest counted', { timeout: timeoutFor(numRuns, 200) }, () => {
    const shape = fc.tuple(fc.integer({ min: 9_990, max: 10_010 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(shape, ([warnings, errors]) => {
        const rows = [
          'etablissement;;LYCEE;;;;0410017W',
          ...Array.from({ length: warnings }, (_, i) => `eleve;w${i};N;P;01/01/2010;Z;0410017W`),
          ...Array.from({ length: errors }, () => 'eleve;;N;P;01/01/2010;M;0410017W'),
        ];
        const r = outcome(() => readCsvAccounts(`${CSV_HEADER}\n${rows.join('\n')}\n`, INPUT));
        const problems = r.ok ? r.value.problems : r.error.problems;
        expect(r.ok ? 'ok' : r.error.code).toBe(errors > 0 ? 'ERR_INPUT' : 'ok');
        const total = warnings + errors;
        expect(problems).toHaveLength(total > 10_000 ? 10_001 : total);
        expect(problems.filter((p) => p.severity === 'error')).toHaveLength(errors);
      }),
      { numRuns: Math.min(20, Math.max(4, Math.floor(numRuns / 10))) },
    );
  });
});

describe('homonym groups', () => {
  const numRuns = runs(40, 0.3);
  it('groups of identical people on both sides: readers and matching give a result or a coded error', { timeout: timeoutFor(numRuns, 60) }, () => {
    const shape = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 });
    const tally = new Tally();
    fc.assert(
      fc.property(shape, (groups) => {
        const people = groups.flatMap((size, g) => Array.from({ length: size }, (_, i) => ({ g, i })));
        const json = JSON.stringify({
          etablissements: [{ numero: '0410017W', nom: 'LYCEE' }],
          eleves: people.map(({ g, i }) => ({ idPartenaire: `e${g}-${i}`, nom: `HOMONYME${g}`, prenom: 'Camille', dateNaissance: '2010-01-01', uai: '0410017W' })),
        });
        const read = outcome(() => readJsonAccounts(json, INPUT), `homonyms ${groups.join(',')}`);
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        const pronote = {
          mode: 'Complet' as const,
          eleves: people.map(({ g, i }, k) => ({ ident: k + 1, idpn: `p${g}-${i}`, nom: `HOMONYME${g}`, prenom: 'Camille', dateNaissance: '2010-01-01' })),
        };
        const m = outcome(() => matchAccounts(read.value.document, pronote), 'matchAccounts');
        tally.add(m);
        if (m.ok) {
          const report = outcome(() => renderMatchJson(m.value), 'renderMatchJson');
          expect(report.ok).toBe(true);
        }
      }),
      { numRuns },
    );
    expect(tally.ok).toBe(numRuns);
  });
});
