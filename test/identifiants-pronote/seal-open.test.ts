import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildIdentifiantsPronote, openIdentifiantsPronote, sealIdentifiantsPronote, parseIdentifiantsPronote, sealExportIndexEducation } from '../../src/index';
import { expectError, expectRejection } from './expect-error';
import { completeDoc, data, partialDoc } from './samples';

const KEYS = fileURLToPath(new URL('../data/keys/', import.meta.url));
const key = (name: string) => readFileSync(`${KEYS}${name}`, 'utf8');
const ENT_PUBLIC = key('rsa2048.spki.pem');
const ENT_PRIVATE = key('rsa2048.pkcs8.pem');
const OTHER_PUBLIC = key('rsa2048b.spki.pem');
const OTHER_PRIVATE = key('rsa2048b.pkcs8.pem');

describe('sealIdentifiantsPronote / openIdentifiantsPronote', () => {
  it('seals a complete file for the ENT named by the socle and opens it back', async () => {
    const envelope = sealIdentifiantsPronote(completeDoc(), ENT_PUBLIC);
    expect(envelope).toMatch(/^<\?xml[^>]*>\s*<EXPORT_INDEX_EDUCATION>/);
    expect(envelope).toContain('<PARTENAIRE NOM="KOSMOS">');
    expect(envelope).toContain('<UAI>0410017W</UAI>');
    expect(envelope).toContain('<DATEHEURE>2026-09-01T08:00:00+02:00</DATEHEURE>');
    expect(envelope).not.toContain('DURAND');
    const opened = await openIdentifiantsPronote(envelope, ENT_PRIVATE, { partner: 'KOSMOS' });
    expect(opened.document).toStrictEqual(completeDoc());
    expect(opened.problems).toEqual([]);
    expect(opened.envelope?.logiciel).toBe('PRONOTE');
    expect(opened.envelope?.partners).toEqual(['KOSMOS']);
    // From bytes, without naming the partner (only one key block).
    expect((await openIdentifiantsPronote(Buffer.from(envelope), ENT_PRIVATE)).document).toStrictEqual(completeDoc());
  });

  it('seals a partial export from the complete set of people (mode option), for two partners', async () => {
    const envelope = sealIdentifiantsPronote(
      completeDoc(),
      [
        { nom: 'KOSMOS', publicKey: ENT_PUBLIC },
        { nom: 'AUTRE', publicKey: OTHER_PUBLIC },
      ],
      { mode: 'Partiel', compress: false, nomEtablissement: 'COLLEGE DE TEST' },
    );
    expect((await openIdentifiantsPronote(envelope, ENT_PRIVATE, { partner: 'KOSMOS' })).document).toStrictEqual(partialDoc());
    expect((await openIdentifiantsPronote(envelope, OTHER_PRIVATE, { partner: 'AUTRE' })).document).toStrictEqual(partialDoc());
    await expectRejection(() => openIdentifiantsPronote(envelope, ENT_PRIVATE), 'ERR_PARTNER');
    await expectRejection(() => openIdentifiantsPronote(envelope, OTHER_PRIVATE, { partner: 'KOSMOS' }), 'ERR_DECRYPT');
  });

  it('accepts plain XML (the key is not used) and passes the reader options on', async () => {
    const opened = await openIdentifiantsPronote(data('IdPN_To_KOSMOS-partiel.xml'), 'not a key');
    expect(opened.document).toStrictEqual(partialDoc());
    expect(opened.envelope).toBeUndefined();
    const variant = await openIdentifiantsPronote(data('variant-mapped-latin1.xml').toString('latin1'), ENT_PRIVATE, {
      mapping: { elements: { ELEVES_PRONOTE: 'Eleves', ELEVE_PRONOTE: 'Eleve' }, attributes: { NUMERO: 'IDPN', ETAB: 'UAI', NAISSANCE: 'DateNaissance' }, values: { Mode: { partial: 'Partiel' } } },
    });
    expect(variant.document.eleves.map((e) => e.idpn)).toEqual(['PN-E-0002']);
  });

  it('reads a hand-written variant (BOM, other case, extras) sealed in an envelope', async () => {
    const envelope = sealExportIndexEducation(data('variant-bom-case.xml'), [{ nom: 'KOSMOS', publicKey: ENT_PUBLIC }]);
    const opened = await openIdentifiantsPronote(envelope, ENT_PRIVATE, { partner: 'KOSMOS' });
    expect(opened.document).toStrictEqual(parseIdentifiantsPronote(data('variant-bom-case.xml')).document);
    expect(opened.document.eleves.map((e) => e.dateNaissance)).toEqual(['2010-12-31', '2012-03-01']);
    expect(opened.problems.length).toBeGreaterThan(10);
  });

  it('reports reader errors from inside an envelope, with the file name, path and line', async () => {
    const bad = buildIdentifiantsPronote(completeDoc()).replace(' IDPN="PN-E-0002"', '');
    const envelope = sealExportIndexEducation(bad, [{ nom: 'KOSMOS', publicKey: ENT_PUBLIC }]);
    const e = await expectRejection(() => openIdentifiantsPronote(envelope, ENT_PRIVATE, { partner: 'KOSMOS', file: 'IdPN_To_KOSMOS.xml' }), 'ERR_SCHEMA');
    expect([e.file, e.path, e.line]).toEqual(['IdPN_To_KOSMOS.xml', '/IDENTIFIANTS_PRONOTE/Eleves/Eleve[2]/@IDPN', 21]);
  });

  it('refuses an ImportChiffre container and an invalid document to seal', async () => {
    await expectRejection(() => openIdentifiantsPronote('<ImportChiffre xmlns="http://www.index-education.com/containeurimportchiffreV1" Version="1.0"/>', ENT_PRIVATE), 'ERR_SCHEMA');
    expectError(() => sealIdentifiantsPronote({ ...completeDoc(), uai: 'x' }, ENT_PUBLIC), 'ERR_SCHEMA');
  });
});
