import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../../src/input/problems';
import { compareAafFileNames, type AafFile, readAafFeed } from '../../src/input';
import { addRequest, aafFile, asyncChunks, chunked, deleteRequest, errorOf, expectNoValues, modifyRequest } from './helpers';

const SAMPLE = join(__dirname, '..', 'data', 'input', 'aaf-sample');
const header = { date: '2026-09-01T08:00:00+02:00', partenaire: 'MONENT' };
const resolveId = (id: string) => `ent-${id}`;
const S1 = '19410017800012';
const S2 = '19410959700011';

function sampleFiles(split?: (bytes: Uint8Array) => Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AafFile[] {
  return readdirSync(SAMPLE)
    .sort(compareAafFileNames)
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(join(SAMPLE, name)));
      return { name, chunks: split === undefined ? bytes : split(bytes) };
    });
}

const school = (id = S1, uai = '0410017W') =>
  addRequest('Etablissement', id, { ENTStructureUAI: uai, ENTStructureNomCourant: `ETABLISSEMENT ${uai}`, street: '1 RUE', postalCode: '41000', l: 'BLOIS' });
const etabFile = (body = school()): AafFile => ({ name: 'ENT_0410017W_Complet_20260901_EtabEducNat_0000.xml', chunks: aafFile(body) });
const file = (kind: string, body: string, mode = 'Complet', date = '20260901'): AafFile => ({ name: `ENT_0410017W_${mode}_${date}_${kind}_0000.xml`, chunks: aafFile(body) });
const student = (id: string, extra: Record<string, string | string[] | undefined> = {}) =>
  addRequest('Eleve', id, { sn: `NOM${id}`, givenName: `Prénom${id}`, ENTPersonDateNaissance: '01/02/2011', ENTPersonStructRattach: S1, ...extra });
const parent = (id: string, extra: Record<string, string | string[] | undefined> = {}) => addRequest('PersRelEleve', id, { sn: `NOM${id}`, givenName: `Prénom${id}`, ...extra });

describe('readAafFeed', () => {
  it('reads the shared sample feed (ISO-8859-15, external DOCTYPE) with every value intact', async () => {
    const { document, problems, stats } = await readAafFeed(sampleFiles(), { ...header, resolveId });
    expect(problems).toEqual([]);
    expect(document.etablissements).toEqual([
      { ident: 1, numero: '0410017W', nom: 'LYCEE CLAUDE DE FRANCE', adresse1: '9 AVENUE DE PARIS', codePostal: '41206', ville: 'ROMORANTIN LANTHENAY CEDEX' },
    ]);
    expect(document.personnels).toEqual([{ ident: 1, nom: 'OEHLENSCHLÄGER', prenom: 'Jean-François', idPartenaire: 'ent-5002' }]);
    expect(document.professeurs).toEqual([{ ident: 2, nom: 'LEFÈVRE', prenom: 'Hélène', idPartenaire: 'ent-5001', dateNaissance: '1979-07-14' }]);
    expect(document.responsables[0]).toEqual({
      ident: 3,
      nom: "D'ALMEIDA",
      prenom: 'João',
      idPartenaire: 'ent-7001',
      adresse1: 'RÉSIDENCE LES ORMES',
      adresse2: 'BÂT. B',
      adresse3: '12 RUE DES ŒILLETS',
      codePostal: '41000',
      ville: 'BLOIS',
      pays: 'FRANCE',
      civilite: 2,
    });
    expect(document.responsables[1]?.civilite).toBe(1);
    expect(document.eleves).toEqual([
      { ident: 5, nom: "D'ALMEIDA MARTIN", prenom: 'Noé', idPartenaire: 'ent-9001', dateNaissance: '2010-12-31', sexe: 'Masculin', numeroNational: '123456789AB', responsables: [3, 4] },
      { ident: 6, nom: "D'ALMEIDA", prenom: 'Maëlle', idPartenaire: 'ent-9002', dateNaissance: '2012-03-01', sexe: 'Feminin', responsables: [3] },
    ]);
    expect(stats.requests).toEqual({ add: 7, modify: 0, delete: 0 });
  });

  it('gives the same result whatever the chunking: 1-byte chunks, random sizes, async iterables', async () => {
    const whole = (await readAafFeed(sampleFiles(), { ...header, resolveId })).document;
    const oneByte = await readAafFeed(sampleFiles((b) => chunked(b, [1])), { ...header, resolveId });
    expect(oneByte.document).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 12 }), async (sizes) => {
        const r = await readAafFeed(sampleFiles((b) => asyncChunks(chunked(b, sizes))), { ...header, resolveId });
        expect(r.document).toEqual(whole);
      }),
      { numRuns: 40 },
    );
  });

  it('decodes a UTF-8 feed split inside multi-byte characters and tags', async () => {
    const body = school() + student('9001', { sn: 'ŒUF-DŪRÃND 𝔘', givenName: 'Zoë' }) + student('9002', { sn: 'SCHŒLCHER' });
    const bytes = aafFile(body, 'UTF-8');
    // 1, 2 and 3-byte chunks cut every multi-byte sequence and every tag somewhere.
    for (const sizes of [[1], [2], [3], [5, 1, 2]]) {
      const r = await readAafFeed([{ name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks: asyncChunks(chunked(bytes, sizes)) }], { ...header, resolveId });
      expect(r.document.eleves.map((e) => [e.nom, e.prenom])).toEqual([
        ['ŒUF-DŪRÃND 𝔘', 'Zoë'],
        ['SCHŒLCHER', 'Prénom9002'],
      ]);
    }
  });

  it('applies modifyRequest and deleteRequest of delta files in file order', async () => {
    const complet = [
      etabFile(),
      file('Eleve', student('9001', { ENTElevePersRelEleve: '7001' }) + student('9002') + student('9003')),
      file('PersRelEleve', parent('7001') + parent('7002') + parent('7003', { ENTPersonAdresse: 'A$B' })),
    ];
    const delta1 = file(
      'Eleve',
      modifyRequest('Eleve', '9001', [
        { name: 'sn', operation: 'replace', values: ['NOUVEAU'] },
        { name: 'ENTElevePersRelEleve', operation: 'add', values: ['7002', '7001'] },
        { name: 'ENTEleveINE', operation: 'add', values: ['INE9001'] },
        { name: 'ENTPersonAdresse', operation: 'replace' },
        { name: 'ENTEleveClasses', operation: 'replace', values: ['ignored'] },
      ]) +
        deleteRequest('Eleve', '9002') +
        modifyRequest('Eleve', '9404', [{ name: 'sn', operation: 'replace', values: ['X'] }]) +
        addRequest('Eleve', '9004', { sn: 'NEW', givenName: 'Élève', ENTPersonDateNaissance: '2011-05-06' }),
      'Delta',
      '20260902',
    );
    const delta2 = file(
      'PersRelEleve',
      modifyRequest('PersRelEleve', '7003', [
        { name: 'ENTPersonAdresse', operation: 'delete' },
        { name: 'givenName', operation: 'delete', values: ['Prénom7003'] },
        { name: 'givenName', operation: 'add', values: ['Ève'] },
        { name: 'sn', operation: 'frobnicate', values: ['Y'] },
      ]) +
        modifyRequest('Eleve', '9001', [{ name: 'ENTElevePersRelEleve', operation: 'delete', values: ['7001'] }]),
      'Delta',
      '20260903',
    );
    const { document, problems, stats } = await readAafFeed([...complet, delta1, delta2], { ...header, resolveId });
    expect(document.eleves.map((e) => [e.idPartenaire, e.nom, e.numeroNational, e.responsables])).toEqual([
      ['ent-9001', 'NOUVEAU', 'INE9001', [2]],
      ['ent-9003', 'NOM9003', undefined, []],
      ['ent-9004', 'NEW', undefined, []],
    ]);
    expect(document.responsables.map((r) => [r.ident, r.prenom, r.adresse1])).toEqual([
      [1, 'Prénom7001', undefined],
      [2, 'Prénom7002', undefined],
      [3, 'Ève', undefined],
    ]);
    expect(problems.map((p) => [p.rule, p.record, p.attribute ?? null, p.file, p.line])).toEqual([
      ['unknown-id', '9404', null, 'ENT_0410017W_Delta_20260902_Eleve_0000.xml', 19],
      ['operation', '7003', 'sn', 'ENT_0410017W_Delta_20260903_PersRelEleve_0000.xml', 4],
    ]);
    expect(stats.requests).toEqual({ add: 8, modify: 4, delete: 1 });
  });

  it('keeps only the selected schools and their people, wherever the EtabEducNat file comes', async () => {
    const etab = etabFile(school(S1, '0410017W') + school(S2, '0410959V'));
    const pers = file(
      'PersEducNat',
      addRequest('PersEducNat', '5001', { sn: 'A', givenName: 'B', ENTPersonStructRattach: S1 }) +
        addRequest('PersEducNat', '5002', { sn: 'C', givenName: 'D', ENTPersonStructRattach: S1, ENTPersonFonctions: `${S2}$ENS$X$Y$Z` }) +
        addRequest('PersEducNat', '5003', { sn: 'E', givenName: 'F', ENTPersonStructRattach: '0410959V' }) +
        addRequest('PersEducNat', '5004', { sn: 'G', givenName: 'H' }),
    );
    const eleves = file('Eleve', student('9001', { ENTPersonStructRattach: S2, ENTElevePersRelEleve: '7001' }) + student('9002') + student('9003', { ENTPersonStructRattach: S2 }));
    const parents = file('PersRelEleve', parent('7001') + parent('7002', { ENTAuxPersRelEleveEleve: '9003' }) + parent('7003', { ENTAuxPersRelEleveEleve: '9002' }));
    const first = await readAafFeed([etab, pers, eleves, parents], { ...header, resolveId, uai: '0410959V' });
    const last = await readAafFeed([pers, eleves, parents, etab], { ...header, resolveId, uai: ['0410959V'] });
    expect(last.document).toEqual(first.document);
    const d = first.document;
    expect(d.etablissements.map((e) => e.numero)).toEqual(['0410959V']);
    expect(d.professeurs.map((p) => p.idPartenaire)).toEqual(['ent-5002']);
    expect(d.personnels.map((p) => p.idPartenaire)).toEqual(['ent-5003']);
    expect(d.responsables.map((p) => p.idPartenaire)).toEqual(['ent-7001', 'ent-7002']);
    expect(d.eleves.map((p) => [p.idPartenaire, p.responsables])).toEqual([
      ['ent-9001', [3]],
      ['ent-9003', [4]],
    ]);
    expect(first.stats.filteredOut).toBe(4);
    expect(last.stats.filteredOut).toBe(4);

    // A delta moving a person dropped early into the selection cannot be applied: reported.
    const move = file('PersEducNat', modifyRequest('PersEducNat', '5001', [{ name: 'ENTPersonStructRattach', operation: 'replace', values: [S2] }]), 'Delta', '20260902');
    const moved = await readAafFeed([etab, pers, move], { ...header, resolveId, uai: '0410959V' });
    expect(moved.problems.map((p) => [p.rule, p.record])).toEqual([['filtered', '5001']]);
    // Read without the filter, the same delta is simply applied.
    const all = await readAafFeed([etab, pers, move], { ...header, resolveId });
    expect(all.document.personnels.map((p) => p.idPartenaire)).toEqual(['ent-5001', 'ent-5003', 'ent-5004']);
  });

  it('reports a selected UAI the feed lacks', async () => {
    const e = await errorOf(() => readAafFeed([etabFile(), file('Eleve', student('9001'))], { ...header, resolveId, uai: ['0410017W', '0410959V'] }));
    expect(e.code).toBe('ERR_INPUT');
    expect(e.problems.map((p) => [p.rule, p.path])).toEqual([['uai', 'options.uai']]);
    expect(e.message).toContain('0410959V');
  });

  describe('invalid records', () => {
    const body = () =>
      student('9001', { sn: undefined }) + // line 4
      student('9002', { ENTPersonDateNaissance: '31/02/2011' }) + // line 13
      student('9003') + // line 23
      addRequest('Eleve', '', { sn: 'X', givenName: 'Y', ENTPersonDateNaissance: '01/01/2010' }); // line 33
    const feed = () => [etabFile(), file('Eleve', body())];

    it('are skipped and reported with file, line, record and attribute, never their values', async () => {
      const seen: InputProblem[] = [];
      const r = await readAafFeed(feed(), { ...header, resolveId, onInvalidRecord: 'skip', onProblem: (p) => seen.push(p) });
      expect(r.document.eleves.map((e) => e.idPartenaire)).toEqual(['ent-9003']);
      const name = 'ENT_0410017W_Complet_20260901_Eleve_0000.xml';
      expect(r.problems).toEqual([
        {
          severity: 'error',
          rule: 'required',
          path: `${name}:33:1`,
          message: 'the request has no identifier/id: it cannot be applied',
          file: name,
          line: 33,
          column: 1,
          attribute: 'identifier/id',
        },
        {
          severity: 'error',
          rule: 'required',
          path: `${name}:4:1`,
          message: 'is missing or empty (PRONOTE matches people on their last name)',
          file: name,
          line: 4,
          column: 1,
          record: '9001',
          attribute: 'sn',
        },
        {
          severity: 'error',
          rule: 'date',
          path: `${name}:13:1`,
          message: 'is not a date (expected dd/mm/yyyy)',
          file: name,
          line: 13,
          column: 1,
          record: '9002',
          attribute: 'ENTPersonDateNaissance',
        },
      ]);
      expect(seen).toEqual(r.problems);
      expect(r.stats.invalid).toBe(3);
    });

    it('are located the same way whatever the chunking, even after a huge ignored value', async () => {
      const whole = await readAafFeed(feed(), { ...header, resolveId, onInvalidRecord: 'skip' });
      const tiny = await readAafFeed(
        feed().map((f) => ({ name: f.name, chunks: chunked(f.chunks as Uint8Array, [1, 2, 3]) })),
        { ...header, resolveId, onInvalidRecord: 'skip' },
      );
      expect(tiny.problems).toEqual(whole.problems);
      const huge = addRequest('Eleve', '9000', { sn: 'A', givenName: 'B', ENTPersonDateNaissance: '01/01/2010', ENTEleveClasses: `x\n${'y'.repeat(3 << 20)}\nz` });
      const r = await readAafFeed(
        [etabFile(), { name: 'big.xml', chunks: chunked(aafFile(huge + student('9001', { sn: undefined })), [65536]) }],
        { ...header, resolveId, onInvalidRecord: 'skip' },
      );
      expect(r.problems.map((p) => [p.record, p.line, p.column])).toEqual([['9001', 16, 1]]);
    });

    it('fail the whole read by default, with every problem, after the feed is read', async () => {
      const e = await errorOf(() => readAafFeed(feed(), { ...header, resolveId }));
      expect(e.code).toBe('ERR_INPUT');
      expect((e.problems as InputProblem[]).map((p) => [p.rule, p.record ?? null])).toEqual([
        ['required', null],
        ['required', '9001'],
        ['date', '9002'],
      ]);
      expect(e.file).toBe('ENT_0410017W_Complet_20260901_Eleve_0000.xml');
      expect(e.line).toBe(33);
      expectNoValues(e.message + JSON.stringify(e.problems), ['31/02/2011', 'NOM9002', 'Prénom9001', 'NOM9003']);
    });
  });

  it('reports people the resolver does not know, and two AAF ids resolved to one ENT id', async () => {
    const feed = [etabFile(), file('Eleve', student('9001') + student('9002') + student('9003') + student('9004'))];
    const calls: unknown[] = [];
    const r = await readAafFeed(feed, {
      ...header,
      onInvalidRecord: 'skip',
      resolveId: async (id, context) => {
        calls.push([id, context]);
        await Promise.resolve();
        return id === '9002' ? undefined : id === '9004' ? 'ent-9001' : `ent-${id}`;
      },
    });
    expect(calls[0]).toEqual(['9001', { category: 'Eleve', population: 'eleves' }]);
    expect(r.document.eleves.map((e) => e.idPartenaire)).toEqual(['ent-9001', 'ent-9003']);
    expect(r.problems.map((p) => [p.rule, p.record, p.attribute])).toEqual([
      ['resolve', '9002', 'identifier/id'],
      ['unique', '9004', 'identifier/id'],
    ]);
    expect(r.stats.unresolved).toBe(1);
  });

  it('tells teachers from staff by ENTPersonCategorieEnseignant, then PersEducNatPresenceDevantEleves, then ENS functions', async () => {
    const p = (id: string, a: Record<string, string>) => addRequest('PersEducNat', id, { sn: 'N', givenName: 'P', ...a });
    const body =
      p('1', { ENTPersonCategorieEnseignant: 'true', PersEducNatPresenceDevantEleves: 'N' }) +
      p('2', { ENTPersonCategorieEnseignant: 'false', ENTPersonFonctions: `${S1}$ENS$X$Y$Z` }) +
      p('3', { PersEducNatPresenceDevantEleves: 'O' }) +
      p('4', { PersEducNatPresenceDevantEleves: 'N', ENTPersonFonctions: `${S1}$ENS$X$Y$Z` }) +
      p('5', { ENTPersonFonctions: `${S1}$DIR$DIRECTION$-$-` }) +
      p('6', { ENTPersonFonctions: `${S1}$ENS$ENSEIGNEMENT$L0201$LETTRES` }) +
      p('7', {});
    const { document } = await readAafFeed([etabFile(), file('PersEducNat', body)], { ...header, resolveId });
    expect(document.professeurs.map((x) => x.idPartenaire)).toEqual(['ent-1', 'ent-3', 'ent-6']);
    expect(document.personnels.map((x) => x.idPartenaire)).toEqual(['ent-2', 'ent-4', 'ent-5', 'ent-7']);
  });

  it('derives Sexe and Civilite from personalTitle, keeps the first of several values, drops links to unknown ids', async () => {
    const body =
      student('9001', { personalTitle: 'Mlle', ENTElevePersRelEleve: ['7001$1$0$1$0$0', '7999', '9002'] }) +
      student('9002', { personalTitle: 'Dr', givenName: ['Un', 'Deux'] }) +
      parent('7001', { personalTitle: 'M.' }) +
      parent('7002', { personalTitle: 'Mme', ENTAuxPersRelEleveEleve: '9001' });
    const r = await readAafFeed([etabFile(), { name: 'feed.xml', chunks: aafFile(body) }], { ...header, resolveId });
    expect(r.document.eleves.map((e) => [e.sexe, e.prenom, e.responsables])).toEqual([
      ['Feminin', 'Prénom9001', [1, 2]],
      [undefined, 'Un', []],
    ]);
    expect(r.document.responsables.map((e) => e.civilite)).toEqual([2, 1]);
    expect(r.problems.map((p) => [p.severity, p.rule, p.record, p.attribute])).toEqual([
      ['warning', 'multivalued', '9002', 'givenName'],
      ['warning', 'enum', '9002', 'personalTitle'],
      ['warning', 'ref', '9001', 'ENTElevePersRelEleve'],
      ['warning', 'ref', '9001', 'ENTElevePersRelEleve'],
    ]);
  });

  it('ignores unknown attributes, elements and categories (reported once per file), and uses the file kind when a record has no category', async () => {
    const noCategory = `<addRequest><identifier><id>9100</id></identifier><attributes>${'<attr name="sn"><value>SANS</value></attr><attr name="givenName"><value>Catégorie</value></attr><attr name="ENTPersonDateNaissance"><value>01/01/2011</value></attr>'}</attributes></addRequest>\n`;
    const body =
      addRequest('MatiereEducNat', 'M1', { ENTMatiereLibelle: 'FRANCAIS' }) +
      addRequest('MatiereEducNat', 'M2', { ENTMatiereLibelle: 'MATHS' }) +
      '<commentaire>rien</commentaire>\n' +
      student('9001', { ENTEleveRegime: 'EXTERNE', ENTPersonAutresPrenoms: 'X' }) +
      noCategory;
    const r = await readAafFeed([etabFile(), { name: 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', chunks: aafFile(body) }], { ...header, resolveId });
    expect(r.document.eleves.map((e) => e.nom)).toEqual(['NOM9001', 'SANS']);
    expect(r.problems.map((p) => [p.rule, p.message])).toEqual([
      ['unknown-element', 'element <commentaire> is not an AAF request: ignored'],
      ['category', '2 records of category MatiereEducNat ignored (not used by the export)'],
    ]);
    expect(r.stats.ignored).toBe(2);
  });

  it('accepts attribute names in any case (LDAP names are case-insensitive)', async () => {
    const body = addRequest('Eleve', '9001', { SN: 'NOM', GIVENNAME: 'Prénom', entpersondatenaissance: '01/02/2011' });
    const r = await readAafFeed([etabFile(), file('Eleve', body)], { ...header, resolveId });
    expect(r.document.eleves[0]).toMatchObject({ nom: 'NOM', prenom: 'Prénom', dateNaissance: '2011-02-01' });
  });

  it('refuses malformed XML, internal DTD subsets, undefined entities and other roots, naming the file', async () => {
    const name = 'ENT_0410017W_Complet_20260901_Eleve_0000.xml';
    const truncated = aafFile(student('9001')).subarray(0, 150);
    let e = await errorOf(() => readAafFeed([{ name, chunks: truncated }], { ...header, resolveId }));
    expect([e.code, e.file]).toEqual(['ERR_XML', name]);
    const withSubset = new TextEncoder().encode('<?xml version="1.0"?>\n<!DOCTYPE ficAlimMENESR [<!ENTITY x "y">]>\n<ficAlimMENESR/>');
    e = await errorOf(() => readAafFeed([{ name, chunks: withSubset }], { ...header, resolveId }));
    expect([e.code, e.file, e.line]).toEqual(['ERR_DOCTYPE', name, 2]);
    const entity = aafFile(student('9001').replace('NOM9001', 'X&foo;'));
    e = await errorOf(() => readAafFeed([{ name, chunks: entity }], { ...header, resolveId }));
    expect([e.code, e.file, e.line]).toEqual(['ERR_DOCTYPE', name, 8]);
    const other = new TextEncoder().encode('<?xml version="1.0"?>\n<PARTENAIRE_INDEX/>');
    e = await errorOf(() => readAafFeed([{ name, chunks: other }], { ...header, resolveId }));
    expect([e.code, e.file, e.line, e.column]).toEqual(['ERR_INPUT', name, 2, 1]);
  });

  it('enforces limits and checks its options', async () => {
    const feed = () => [etabFile(), file('Eleve', student('9001') + student('9002') + student('9003'))];
    let e = await errorOf(() => readAafFeed(feed(), { ...header, resolveId, limits: { maxPeople: 2 } }));
    expect(e.code).toBe('ERR_LIMIT');
    const long = [etabFile(), file('Eleve', student('9001') + student('9002', { sn: 'X'.repeat(25) }))];
    e = await errorOf(() => readAafFeed(long, { ...header, resolveId, limits: { maxAttributeLength: 24 } }));
    expect([e.code, e.file, e.record, e.line]).toEqual(['ERR_LIMIT', 'ENT_0410017W_Complet_20260901_Eleve_0000.xml', '9002', 14]);
    e = await errorOf(() => readAafFeed(feed(), { ...header, date: '2026-09-01', resolveId }));
    expect(e.code).toBe('ERR_ARGUMENT');
    e = await errorOf(() => readAafFeed(feed(), { ...header, resolveId: undefined as never }));
    expect(e.code).toBe('ERR_ARGUMENT');
    e = await errorOf(() => readAafFeed(feed(), { ...header, resolveId: () => 42 as never }));
    expect(e.code).toBe('ERR_ARGUMENT');
    e = await errorOf(() => readAafFeed([{ name: 'x.xml', chunks: ['<ficAlimMENESR/>'] as never }], { ...header, resolveId }));
    expect([e.code, e.file]).toEqual(['ERR_ARGUMENT', 'x.xml']);
    e = await errorOf(() => readAafFeed([file('Eleve', student('9001'))], { ...header, resolveId }));
    expect([e.code, e.reason]).toEqual(['ERR_INPUT', expect.stringContaining('no valid school')]);
  });
});
