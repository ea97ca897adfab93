/**
 * Writes a {@link PartenaireIndex} model as XML.
 *
 * @module
 */

import { schemaError } from '../errors';
import { attr as a } from '../internal/xml/escape';
import type { Limits } from '../limits';
import { type Adresse, type PartenaireIndex, PARTENAIRE_INDEX_NAMESPACE } from './model';
import { validatePartenaireIndex } from './validate';

/** Options of {@link buildPartenaireIndex}. */
export interface BuildPartenaireIndexOptions {
  /**
   * Indent the output, one element per line (default true, as the public ENT implementation
   * writes it). `false` writes everything on one line after the declaration.
   */
  indent?: boolean;
  /**
   * Validate the model first and refuse it with `ERR_SCHEMA` on any error-level problem
   * (default true). Turn off only for a model you have just validated yourself.
   */
  validate?: boolean;
  /** Limits used by the validation. */
  limits?: Partial<Limits>;
}

const CHUNK = 1 << 16;

function adresse(p: Adresse): string {
  return (
    a('Adresse1', p.adresse1) +
    a('Adresse2', p.adresse2) +
    a('Adresse3', p.adresse3) +
    a('Adresse4', p.adresse4) +
    a('CodePostal', p.codePostal) +
    a('Ville', p.ville) +
    a('Pays', p.pays)
  );
}

/**
 * The document as a sequence of string chunks (about 64 KiB each), for writers that stream
 * (the pipelined sealer). The model must be valid: call {@link validatePartenaireIndex} first.
 * @internal
 */
export function* partenaireIndexChunks(doc: PartenaireIndex, indent = true): Generator<string, void, undefined> {
  const nl = indent ? '\n' : '';
  const i1 = indent ? '\n  ' : '';
  const i2 = indent ? '\n    ' : '';
  const i3 = indent ? '\n      ' : '';
  let s =
    `<?xml version="1.0" encoding="UTF-8"?>\n<PARTENAIRE_INDEX xmlns="${PARTENAIRE_INDEX_NAMESPACE}"` +
    a('Date', doc.date) +
    a('Partenaire', doc.partenaire) +
    a('ProtocoleDelegationAuthentification', doc.protocoleDelegationAuthentification) +
    '>';
  const nomenclatures = doc.nomenclatures;
  if (nomenclatures !== undefined) {
    const civilites = nomenclatures.civilites;
    if (civilites === undefined) {
      s += `${i1}<Nomenclatures/>`;
    } else {
      s += `${i1}<Nomenclatures>${i2}<Civilites>`;
      for (const c of civilites) s += `${i3}<Civilite Ident="${c.ident}"${a('Libelle', c.libelle)}/>`;
      s += `${i2}</Civilites>${i1}</Nomenclatures>`;
    }
  }
  s += `${i1}<Etablissements>`;
  for (const e of doc.etablissements) {
    s +=
      `${i2}<Etablissement Ident="${e.ident}"` +
      a('Numero', e.numero) +
      a('Nom', e.nom) +
      adresse(e) +
      a('TelSecretariat', e.telSecretariat) +
      a('TelScolarite', e.telScolarite) +
      a('Fax', e.fax) +
      a('EMail', e.email) +
      '/>';
  }
  s += `${i1}</Etablissements>${i1}<EtablissementsGeres>`;
  for (const g of doc.etablissementsGeres) s += `${i2}<Etablissement Ident="${g.ident}"/>`;
  s += `${i1}</EtablissementsGeres>`;

  if (doc.personnels.length > 0) {
    s += `${i1}<Personnels>`;
    for (const p of doc.personnels) {
      s += `${i2}<Personnel Ident="${p.ident}"${a('Nom', p.nom)}${a('Prenom', p.prenom)}${a('ID_Partenaire', p.idPartenaire)}${adresse(p)}/>`;
      if (s.length > CHUNK) {
        yield s;
        s = '';
      }
    }
    s += `${i1}</Personnels>`;
  }
  if (doc.professeurs.length > 0) {
    s += `${i1}<Professeurs>`;
    for (const p of doc.professeurs) {
      s += `${i2}<Professeur Ident="${p.ident}"${a('Nom', p.nom)}${a('Prenom', p.prenom)}${a('DateNaissance', p.dateNaissance)}${a('ID_Partenaire', p.idPartenaire)}${adresse(p)}/>`;
      if (s.length > CHUNK) {
        yield s;
        s = '';
      }
    }
    s += `${i1}</Professeurs>`;
  }
  if (doc.responsables.length > 0) {
    s += `${i1}<Responsables>`;
    for (const p of doc.responsables) {
      s += `${i2}<Responsable Ident="${p.ident}"${a('Nom', p.nom)}${a('Prenom', p.prenom)}${a('ID_Partenaire', p.idPartenaire)}${adresse(p)}`;
      s += p.civilite === undefined ? '/>' : `>${i3}<Civilite Ident="${p.civilite}"/>${i2}</Responsable>`;
      if (s.length > CHUNK) {
        yield s;
        s = '';
      }
    }
    s += `${i1}</Responsables>`;
  }
  if (doc.eleves.length > 0) {
    s += `${i1}<Eleves>`;
    for (const p of doc.eleves) {
      s +=
        `${i2}<Eleve Ident="${p.ident}"${a('Nom', p.nom)}${a('Prenom', p.prenom)}${a('DateNaissance', p.dateNaissance)}` +
        `${a('Sexe', p.sexe)}${a('ID_Partenaire', p.idPartenaire)}${a('NumeroNational', p.numeroNational)}${adresse(p)}`;
      const refs = p.responsables;
      if (refs.length === 0) {
        s += '/>';
      } else {
        s += '>';
        for (const r of refs) s += `${i3}<Responsable Ident="${r}"/>`;
        s += `${i2}</Eleve>`;
      }
      if (s.length > CHUNK) {
        yield s;
        s = '';
      }
    }
    s += `${i1}</Eleves>`;
  }
  s += `${nl}</PARTENAIRE_INDEX>\n`;
  yield s;
}

/**
 * Validates the model and writes it as a `PARTENAIRE_INDEX` v2.0 XML document: UTF-8 declaration,
 * default namespace {@link PARTENAIRE_INDEX_NAMESPACE}, elements in schema order, empty
 * population lists left out, attribute values escaped so that any Unicode value reads back
 * exactly (`"`, `&`, `<`, `>`, tab, CR and LF as references; non-BMP characters as such).
 *
 * @throws EntPronoteError `ERR_SCHEMA` when validation finds an error (the error lists the
 * problems with their paths), including characters XML 1.0 forbids (never silently dropped).
 *
 * @example
 * ```ts
 * const xml = buildPartenaireIndex(doc);
 * const sealed = sealImportChiffre(xml, vendorKey, { partenaire: 'MONENT', uai: '0410017W' });
 * ```
 */
export function buildPartenaireIndex(doc: PartenaireIndex, options: BuildPartenaireIndexOptions = {}): string {
  if (options.validate !== false) assertValidPartenaireIndex(doc, options.limits);
  let out = '';
  for (const chunk of partenaireIndexChunks(doc, options.indent ?? true)) out += chunk;
  return out;
}

/**
 * Throws `ERR_SCHEMA` when the model has error-level problems.
 * @internal
 */
export function assertValidPartenaireIndex(doc: PartenaireIndex, limits?: Partial<Limits>): void {
  const problems = validatePartenaireIndex(doc, limits === undefined ? { lint: false } : { lint: false, limits });
  if (problems.some((p) => p.severity === 'error')) throw schemaError('the PARTENAIRE_INDEX model', problems);
}
