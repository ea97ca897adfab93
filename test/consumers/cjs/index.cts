// A CommonJS consumer of the packed package: types and runtime. In a .cts file, tsc (nodenext)
// compiles these imports to require('ent-pronote'): the "require" condition, index.d.cts and
// index.cjs are what is checked and run.
import { buildPartenaireIndex, EntPronoteError, generateKeyPair, openImportChiffre, parsePartenaireIndex, sealImportChiffre } from 'ent-pronote';
import type { ErrorCode, PartenaireIndex } from 'ent-pronote';
import { buildCasValidationResponse, parseCasValidationResponse } from 'ent-pronote/cas';
import { readCsvAccounts, type CsvStats, type InputResult } from 'ent-pronote/input';

const doc: PartenaireIndex = {
  date: '2026-09-01T08:00:00+02:00',
  partenaire: 'CONSUMER',
  etablissements: [{ ident: 1, numero: '0410017W', nom: 'LYCEE' }],
  etablissementsGeres: [{ ident: 1 }],
  personnels: [],
  professeurs: [],
  responsables: [],
  eleves: [{ ident: 2, nom: 'NOM', prenom: 'Prénom', dateNaissance: '2011-02-17', idPartenaire: 'e-1', responsables: [] }],
};
const { publicKey, privateKey } = generateKeyPair();
const sealed: string = sealImportChiffre(buildPartenaireIndex(doc), publicKey, { partenaire: 'CONSUMER', uai: '0410017W' });
const back: PartenaireIndex = parsePartenaireIndex(openImportChiffre(sealed, privateKey).content).document;
if (back.eleves[0]?.prenom !== 'Prénom') throw new Error('round trip failed');

try {
  openImportChiffre(sealed, generateKeyPair().privateKey);
  throw new Error('opened with a wrong key');
} catch (e) {
  if (!(e instanceof EntPronoteError)) throw e;
  const code: ErrorCode = e.code;
  if (code !== 'ERR_DECRYPT') throw new Error(`unexpected ${code}`);
}

const schema: string = require.resolve('ent-pronote/schema/identifiants-pronote.xsd');
if (!schema.endsWith('identifiants-pronote.xsd')) throw new Error('exports');
// The single sign-on subpath.
const casAnswer = parseCasValidationResponse(buildCasValidationResponse({ ok: true, user: 'e-1', attributes: { nom: ['NOM'] }, proxies: [] }, { version: '2.0', layout: 'laclasse' }));
if (!casAnswer.ok || casAnswer.attributes.nom?.[0] !== 'NOM') throw new Error('ent-pronote/cas');
// The account input readers subpath.
const read: InputResult<CsvStats> = readCsvAccounts('population;id_partenaire;nom;prenom;date_naissance;uai\netablissement;;LYCEE;;;0410017W\neleve;e-1;NOM;Prénom;2011-02-17;0410017W\n', {
  date: '2026-09-01T08:00:00+02:00',
  partenaire: 'CONSUMER',
});
if (read.document.eleves[0]?.idPartenaire !== 'e-1' || !Array.isArray(read.problems)) throw new Error('ent-pronote/input');
// The compiled file really is CommonJS.
if (typeof module === 'undefined' || typeof exports === 'undefined') throw new Error('not CommonJS');
process.stdout.write('ok cjs\n');
