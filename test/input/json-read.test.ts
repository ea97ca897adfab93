import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../src/input/json/locate';
import { readJsonAccounts } from '../../src/input';
import type { PartenaireIndex } from '../../src/index';
import { errorOf, expectNoValues } from './helpers';

const DIR = join(__dirname, '..', 'data', 'input', 'equivalence');
const model = () => JSON.parse(readFileSync(join(DIR, 'expected-model.json'), 'utf8')) as PartenaireIndex;
const input = () => JSON.parse(readFileSync(join(DIR, 'accounts-input.json'), 'utf8')) as Record<string, unknown> & { eleves: Record<string, unknown>[]; responsables: Record<string, unknown>[] };

describe('readJsonAccounts', () => {
  it('tells the model form (with idents) from the input form, and applies the header options', () => {
    const m = readJsonAccounts(JSON.stringify(model()), { date: '2027-01-01T00:00:00Z', partenaire: 'AUTRE' });
    expect(m.stats).toEqual({ form: 'model', invalid: 0, exported: { etablissements: 2, personnels: 1, professeurs: 2, responsables: 3, eleves: 3 } });
    expect(m.document).toEqual({ ...model(), date: '2027-01-01T00:00:00Z', partenaire: 'AUTRE' });
    const i = readJsonAccounts(Buffer.from(`\uFEFF${JSON.stringify(input())}`), { etablissementsGeres: ['0410959V'] });
    expect(i.stats.form).toBe('input');
    expect(i.document.etablissementsGeres).toEqual([{ ident: 2 }]);
  });

  it('fills missing lists, drops unknown fields with one warning per field and list', () => {
    const doc = model() as unknown as Record<string, unknown>;
    delete doc.personnels;
    const eleves = doc.eleves as Record<string, unknown>[];
    for (const e of eleves) e.classe = '2NDE';
    delete eleves[2]!.responsables;
    doc.commentaire = 'x';
    const r = readJsonAccounts(JSON.stringify(doc), { file: 'm.json' });
    expect(r.document.personnels).toEqual([]);
    expect(r.document.eleves[2]?.responsables).toEqual([]);
    expect(r.document.eleves[0]).not.toHaveProperty('classe');
    expect(r.problems.map((p) => [p.rule, p.path, p.message])).toEqual([
      ['unknown-field', 'm.json#$.commentaire', 'field is not part of the model: ignored'],
      ['unknown-field', 'm.json#$.eleves[*].classe', 'field is not part of the model: ignored (3 times)'],
    ]);
  });

  it('refuses an invalid model whole, with the validation problems', async () => {
    const doc = model();
    doc.eleves[0]!.responsables = [4, 99];
    doc.professeurs[0]!.dateNaissance = '14/07/1979';
    const e = await errorOf(() => readJsonAccounts(JSON.stringify(doc), { onInvalidRecord: 'skip' }));
    expect(e.code).toBe('ERR_INPUT');
    expect(e.problems.filter((p) => p.severity === 'error').map((p) => [p.rule, p.path])).toEqual([
      ['date', '/PARTENAIRE_INDEX/Professeurs/Professeur[1]/@DateNaissance'],
      ['ref', '/PARTENAIRE_INDEX/Eleves/Eleve[1]/Responsable[2]/@Ident'],
    ]);
    expectNoValues(e.message, ['14/07/1979', 'LEFÈVRE']);
  });

  it('checks each entry of the input form, reports it by path and skips it or fails', async () => {
    const doc = input();
    doc.eleves[0]!.dateNaissance = '31/12/2010';
    doc.eleves[1]!.sexe = 'F';
    doc.eleves[2]!.responsables = ['r1d4a7', 'inconnu'];
    doc.responsables[1]!.civilite = 'Dr';
    doc.responsables[2]!.nom = '';
    (doc.personnels as Record<string, unknown>[])[0]!.prenom = 42;
    const r = readJsonAccounts(JSON.stringify(doc), { onInvalidRecord: 'skip', file: 'i.json' });
    expect(r.problems.map((p) => [p.rule, p.path])).toEqual([
      ['type', 'i.json#$.personnels[0].prenom'],
      ['ref', 'i.json#$.responsables[1].civilite'],
      ['required', 'i.json#$.responsables[2].nom'],
      ['date', 'i.json#$.eleves[0].dateNaissance'],
      ['enum', 'i.json#$.eleves[1].sexe'],
      ['ref', 'i.json#$.eleves[2].responsables[1]'],
    ]);
    expect(r.document.personnels).toEqual([]);
    expect(r.document.responsables.map((x) => x.idPartenaire)).toEqual(['r3f8e1']);
    expect(r.document.eleves.map((x) => [x.idPartenaire, x.responsables])).toEqual([['e6w3z7', []]]);
    expect(r.stats.invalid).toBe(5);
    expectNoValues(JSON.stringify(r.problems), ['31/12/2010', 'inconnu', 'Dr', 'SCHŒLCHER']);
    const e = await errorOf(() => readJsonAccounts(JSON.stringify(doc), { file: 'i.json' }));
    expect([e.code, e.file, e.problems.length]).toEqual(['ERR_INPUT', 'i.json', 6]);
  });

  it('needs a date and a partner in the file or the options', async () => {
    const doc = input();
    delete doc.date;
    const e = await errorOf(() => readJsonAccounts(JSON.stringify(doc), { onInvalidRecord: 'skip' }));
    expect(e.problems.map((p) => [p.rule, p.path])).toEqual([['required', '$.date']]);
    expect(readJsonAccounts(JSON.stringify(doc), { date: '2026-09-01T08:00:00+02:00' }).document.date).toBe('2026-09-01T08:00:00+02:00');
  });

  it('locates malformed JSON by line and column without quoting it', async () => {
    const cases: [string, number, number][] = [
      ['{\n  "nom": "DUPONT"\n  "prenom": "Jean"\n}', 3, 3],
      ['{"a": [1, 2,]}', 1, 13],
      ['{"a": "DUPONT\n"}', 1, 14],
      ["{'a': 1}", 1, 2],
      ['{"a": 1}\n{"b": 2}', 2, 1],
      ['{"a": tru}', 1, 7],
      ['{"a": {"b": [1, {"c": 2}]', 1, 26],
      ['', 1, 1],
    ];
    for (const [text, line, column] of cases) {
      const e = await errorOf(() => readJsonAccounts(text, { file: 'x.json' }));
      expect([e.code, e.file, e.line, e.column], text).toEqual(['ERR_INPUT', 'x.json', line, column]);
      expectNoValues(e.message, ['DUPONT', 'Jean']);
    }
    expect((await errorOf(() => readJsonAccounts('[1]'))).code).toBe('ERR_INPUT');
    expect((await errorOf(() => readJsonAccounts(new Uint8Array([0x7b, 0x0a, 0xff, 0x7d])))).code).toBe('ERR_ENCODING');
  });

  it('agrees with JSON.parse on what is valid JSON (property)', () => {
    const almostJson = fc.oneof(
      fc.json(),
      fc.json().map((s) => s.slice(0, Math.max(0, s.length - 1))),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom(',', '}', ']', '"', ':', '\\', 'x', ' ', '\n', '0', '-', '.', 'e')).map(([s, i, c]) => {
        const k = s.length === 0 ? 0 : i % s.length;
        return s.slice(0, k) + c + s.slice(k);
      }),
    );
    fc.assert(
      fc.property(almostJson, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(locateJsonError(text) === undefined).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
