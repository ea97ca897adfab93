// An ES module consumer of the packed package: types and runtime.
import {
  buildPartenaireIndex,
  DEFAULT_LIMITS,
  ERROR_CODES,
  EntPronoteError,
  generateKeyPair,
  inspectEnvelope,
  isEntPronoteError,
  openImportChiffre,
  parsePartenaireIndex,
  sealImportChiffre,
  type ErrorCode,
  type Limits,
  type PartenaireIndex,
} from 'ent-pronote';
import { createRequire } from 'node:module';

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
const xml: string = buildPartenaireIndex(doc);
const { publicKey, privateKey } = generateKeyPair();
const sealed: string = sealImportChiffre(xml, publicKey, { partenaire: 'CONSUMER', uai: '0410017W' });
const info = inspectEnvelope(sealed);
const back: PartenaireIndex = parsePartenaireIndex(openImportChiffre(sealed, privateKey).content).document;
if (info.kind !== 'ImportChiffre' || back.eleves[0]?.prenom !== 'Prénom') throw new Error('round trip failed');

const limits: Limits = { ...DEFAULT_LIMITS, maxPeople: 10 };
try {
  parsePartenaireIndex('<!DOCTYPE x [<!ENTITY a "b">]><x/>', { limits });
  throw new Error('a DOCTYPE was accepted');
} catch (e) {
  if (!(e instanceof EntPronoteError) || !isEntPronoteError(e, 'ERR_DOCTYPE')) throw e;
  const code: ErrorCode = e.code;
  if (!ERROR_CODES.includes(code)) throw new Error('unknown code');
}

// The package's other exports.
const require = createRequire(import.meta.url);
const schema: string = require.resolve('ent-pronote/schema/partenaire-index.xsd');
const pkg = require('ent-pronote/package.json') as { name: string };
if (!schema.endsWith('partenaire-index.xsd') || pkg.name !== 'ent-pronote') throw new Error('exports');
// The single sign-on subpath.
const { buildCasValidationResponse, parseCasValidationResponse, pronoteProfile } = await import('ent-pronote/cas');
const id = pronoteProfile({ idPartenaire: 'e-1', nom: 'NOM', prenom: 'Prénom' }, 'eleves');
const v = parseCasValidationResponse(buildCasValidationResponse({ ok: true, ...id, proxies: [] }));
if (!v.ok || v.user !== 'e-1' || v.attributes.prenom?.[0] !== 'Prénom') throw new Error('ent-pronote/cas');
// The account input readers subpath.
const { readCsvAccounts } = await import('ent-pronote/input');
const read = readCsvAccounts('population;id_partenaire;nom;prenom;date_naissance;uai\netablissement;;LYCEE;;;0410017W\neleve;e-1;NOM;Prénom;2011-02-17;0410017W\n', { date: '2026-09-01T08:00:00+02:00', partenaire: 'CONSUMER' });
if (read.document.eleves[0]?.idPartenaire !== 'e-1' || !Array.isArray(read.problems)) throw new Error('ent-pronote/input');
process.stdout.write('ok esm\n');
