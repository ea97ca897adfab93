/**
 * `ent-pronote inspect FILE`: what a file is, its clear metadata and, for plain documents and
 * account sources, the number of people per population. Never prints a name.
 *
 * @internal
 * @module
 */

import { basename } from 'node:path';
import type { Command } from 'commander';
import { detectFileKind, EntPronoteError, type EnvelopeInfo, inspectEnvelope, parseIdentifiantsPronote, parsePartenaireIndex } from '../../index';
import { parseAafFileName, type PopulationCounts } from '../../input';
import { type AccountSourceKind, aafFilesOf, loadEntAccounts } from '../accounts';
import { type CliState, subcommand } from '../command';
import { documentCounts, type PeopleCounts, peopleCounts } from '../counts';
import { withFile } from '../errors';
import { isDirectory, readFileBytes } from '../io';
import { exportDate } from '../options';
import { printJson, printLine, type Reporter, stderrReporter, table } from '../output';
import { isPronotePeopleCsv, loadPronotePeople } from '../pronote';

/** The `--json` output of `inspect` for an envelope. */
export interface EnvelopeInspection {
  file: string;
  kind: 'ImportChiffre' | 'EXPORT_INDEX_EDUCATION';
  version: string;
  date: string;
  uai: string | null;
  partenaire: string | null;
  description: string | null;
  logiciel: string | null;
  partners: string[] | null;
  compressed: boolean;
  nomEtablissement: string | null;
  codePostalVille: string | null;
  encryptedBytes: number;
  keyBlockBytes: number[];
}

/** The `--json` output of `inspect` for a plain `PARTENAIRE_INDEX`. */
export interface PartenaireIndexInspection {
  file: string;
  kind: 'PARTENAIRE_INDEX';
  date: string;
  partenaire: string;
  protocole: string | null;
  etablissements: { numero: string; nom: string }[];
  etablissementsGeres: string[];
  counts: PopulationCounts;
}

/** The `--json` output of `inspect` for a plain `IDENTIFIANTS_PRONOTE`. */
export interface IdentifiantsPronoteInspection {
  file: string;
  kind: 'IDENTIFIANTS_PRONOTE';
  version: string;
  date: string;
  uai: string;
  socle: string;
  mode: string;
  counts: PeopleCounts;
  /** People who already carry an ENT identifier (`ID_Partenaire`). */
  withIdPartenaire: PeopleCounts;
  /** Lenient-reader notices (see `validate`). */
  notices: number;
}

/** The `--json` output of `inspect` for ENT accounts (CSV, JSON, AAF). */
export interface AccountsInspection {
  file: string;
  kind: 'CSV' | 'JSON' | 'AAF';
  /** AAF: the files, in reading order, with what their names say. */
  files: { name: string; kind: string | null; mode: string | null; uai: string | null; date: string | null }[] | null;
  counts: PopulationCounts;
  /** Invalid records (left out of the counts) and warnings; see `validate`. */
  problems: { errors: number; warnings: number };
}

/** The `--json` output of `inspect` for a CSV of PRONOTE people (the `--people` of `identifiers`). */
export interface PronoteCsvInspection {
  file: string;
  kind: 'PRONOTE_CSV';
  counts: PeopleCounts;
  /** People who already carry an ENT identifier (`id_partenaire`). */
  withIdPartenaire: PeopleCounts;
  /** Warnings of the reader (see `validate`). */
  warnings: number;
}

/** Any `inspect` output. */
export type Inspection = EnvelopeInspection | PartenaireIndexInspection | IdentifiantsPronoteInspection | AccountsInspection | PronoteCsvInspection;

/** The school given to the PRONOTE CSV reader when only counts are wanted (the CSV names none). */
export const NO_SCHOOL = '0000000A';

function envelopeInspection(file: string, i: EnvelopeInfo): EnvelopeInspection {
  return {
    file,
    kind: i.kind,
    version: i.version,
    date: i.date,
    uai: i.uai ?? null,
    partenaire: i.partenaire ?? null,
    description: i.description ?? null,
    logiciel: i.logiciel ?? null,
    partners: i.partners ?? null,
    compressed: i.compressed,
    nomEtablissement: i.nomEtablissement ?? null,
    codePostalVille: i.codePostalVille ?? null,
    encryptedBytes: i.encryptedBytes,
    keyBlockBytes: i.keyBlockBytes,
  };
}

/** Inspects a file (or an AAF directory). */
export async function runInspect(path: string, reporter: Reporter = stderrReporter): Promise<Inspection> {
  const file = path;
  let kind: ReturnType<typeof detectFileKind> | 'AAF-dir';
  let bytes: Uint8Array | undefined;
  if (isDirectory(path)) kind = 'AAF-dir';
  else {
    bytes = readFileBytes(path);
    kind = detectFileKind(bytes);
  }
  if (bytes !== undefined && kind === 'CSV' && isPronotePeopleCsv(bytes)) {
    const r = await loadPronotePeople(bytes, path, { date: exportDate(undefined), uai: NO_SCHOOL });
    return { file, kind: 'PRONOTE_CSV', counts: peopleCounts(r.document, false), withIdPartenaire: peopleCounts(r.document, true), warnings: r.problems.length };
  }
  try {
    switch (kind) {
      case 'ImportChiffre':
      case 'EXPORT_INDEX_EDUCATION':
        return envelopeInspection(file, inspectEnvelope(bytes as Uint8Array));
      case 'PARTENAIRE_INDEX': {
        const { document: doc } = parsePartenaireIndex(bytes as Uint8Array);
        const byIdent = new Map(doc.etablissements.map((e) => [e.ident, e.numero]));
        return {
          file,
          kind,
          date: doc.date,
          partenaire: doc.partenaire,
          protocole: doc.protocoleDelegationAuthentification ?? null,
          etablissements: doc.etablissements.map((e) => ({ numero: e.numero, nom: e.nom })),
          etablissementsGeres: doc.etablissementsGeres.map((g) => byIdent.get(g.ident) ?? String(g.ident)),
          counts: documentCounts(doc),
        };
      }
      case 'IDENTIFIANTS_PRONOTE': {
        const { document: doc, problems: notices } = parseIdentifiantsPronote(bytes as Uint8Array, { file: basename(path) });
        return {
          file,
          kind,
          version: doc.version,
          date: doc.date,
          uai: doc.uai,
          socle: doc.socle,
          mode: doc.mode,
          counts: peopleCounts(doc, false),
          withIdPartenaire: peopleCounts(doc, true),
          notices: notices.length,
        };
      }
      case 'AAF-dir':
      case 'AAF':
      case 'CSV':
      case 'JSON': {
        const loaded = await loadEntAccounts(path, { date: exportDate(undefined), partenaire: 'inspect', identity: true, skipInvalid: true }, reporter);
        const errors = loaded.problems.filter((p) => p.severity === 'error').length;
        const files =
          loaded.kind === 'AAF'
            ? (kind === 'AAF-dir' ? aafFilesOf(path).map((p) => basename(p)) : [basename(path)]).map((name) => {
                const n = parseAafFileName(name);
                return { name, kind: n.kind ?? n.otherKind ?? null, mode: n.mode ?? null, uai: n.uai ?? null, date: n.date ?? null };
              })
            : null;
        return {
          file,
          kind: loaded.kind as Extract<AccountSourceKind, 'CSV' | 'JSON' | 'AAF'>,
          files,
          counts: documentCounts(loaded.document),
          problems: { errors, warnings: loaded.problems.length - errors },
        };
      }
      default:
        throw new EntPronoteError(
          'ERR_INPUT',
          'not a file this tool knows: expected an ImportChiffre or EXPORT_INDEX_EDUCATION envelope, a PARTENAIRE_INDEX, an IDENTIFIANTS_PRONOTE, AAF files, or a CSV/JSON of accounts',
          { file: path },
        );
    }
  } catch (e) {
    throw withFile(e, path);
  }
}

const KIND_TITLES: Record<Inspection['kind'], string> = {
  ImportChiffre: 'ImportChiffre container (sealed ENT account export for Index-Education)',
  EXPORT_INDEX_EDUCATION: 'EXPORT_INDEX_EDUCATION envelope (sealed export from Index-Education to a partner)',
  PARTENAIRE_INDEX: 'PARTENAIRE_INDEX (ENT account export, plain: nominative data)',
  IDENTIFIANTS_PRONOTE: 'IDENTIFIANTS_PRONOTE (PRONOTE identifier file, plain: nominative data)',
  AAF: 'AAF feed (ficAlimMENESR)',
  CSV: 'CSV of ENT accounts',
  PRONOTE_CSV: 'CSV of PRONOTE people (plain: nominative data)',
  JSON: 'JSON of ENT accounts',
};

function countsTable(counts: object, extra?: { title: string; values: object }): string[] {
  const labels: Record<string, string> = {
    etablissements: 'schools',
    personnels: 'staff',
    professeurs: 'teachers',
    responsables: 'parents',
    eleves: 'students',
  };
  const rows: (string | number)[][] = [['', 'count', ...(extra ? [extra.title] : [])]];
  for (const [k, v] of Object.entries(counts)) rows.push([`  ${labels[k] ?? k}`, v as number, ...(extra ? [(extra.values as Record<string, number>)[k] ?? ''] : [])]);
  return table(rows);
}

/** The human form of an inspection. */
export function inspectionLines(r: Inspection): string[] {
  const lines: string[] = [];
  const field = (name: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined) lines.push(`${`${name}:`.padEnd(18)}${value}`);
  };
  field('file', r.file);
  field('kind', KIND_TITLES[r.kind]);
  switch (r.kind) {
    case 'ImportChiffre':
    case 'EXPORT_INDEX_EDUCATION':
      field('version', r.version);
      field('date', r.date);
      field('UAI', r.uai);
      field('partenaire', r.partenaire);
      field('description', r.description);
      field('logiciel', r.logiciel);
      field('key blocks for', r.partners?.join(', '));
      field('compressed', r.compressed ? 'yes' : 'no');
      field('school', r.nomEtablissement);
      field('postcode/town', r.codePostalVille);
      field('encrypted bytes', r.encryptedBytes);
      field('key block sizes', r.keyBlockBytes.map((b) => `${b} bytes (${b * 8}-bit RSA)`).join(', '));
      lines.push('(the clear metadata is not covered by any integrity check; open the envelope to verify it)');
      break;
    case 'PARTENAIRE_INDEX':
      field('date', r.date);
      field('partner ID', r.partenaire);
      field('protocol', r.protocole);
      field('schools', r.etablissements.map((e) => e.numero).join(', '));
      field('schools managed', r.etablissementsGeres.join(', '));
      lines.push(...countsTable(r.counts));
      break;
    case 'PRONOTE_CSV':
      field('warnings', r.warnings > 0 ? `${r.warnings} (run validate for details)` : 0);
      lines.push(...countsTable(r.counts, { title: 'with id_partenaire', values: r.withIdPartenaire }));
      break;
    case 'IDENTIFIANTS_PRONOTE':
      field('version', r.version);
      field('date', r.date);
      field('UAI', r.uai);
      field('socle (ENT)', r.socle);
      field('mode', r.mode);
      field('notices', r.notices > 0 ? `${r.notices} (run validate for details)` : 0);
      lines.push(...countsTable(r.counts, { title: 'with ID_Partenaire', values: r.withIdPartenaire }));
      break;
    default:
      if (r.files !== null) for (const f of r.files) field('AAF file', `${f.name} (${[f.kind, f.mode, f.uai, f.date].filter((x) => x !== null).join(', ')})`);
      lines.push(...countsTable(r.counts));
      if (r.problems.errors + r.problems.warnings > 0) {
        field('problems', `${r.problems.errors} invalid record(s) not counted, ${r.problems.warnings} warning(s): run validate for details`);
      }
  }
  return lines;
}

/** Declares `inspect`. */
export function registerInspect(program: Command, _state: CliState): void {
  subcommand(program, 'inspect', 'tell what a file is, its clear metadata and, for plain documents, the number of people per population (never names)')
    .argument('<file>', 'an envelope, a PARTENAIRE_INDEX, an IDENTIFIANTS_PRONOTE, an AAF file or directory, a CSV or JSON of accounts, a CSV of PRONOTE people, or - for standard input')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const r = await runInspect(file);
      if (opts.json === true) printJson(r);
      else for (const line of inspectionLines(r)) printLine(line);
    });
}
