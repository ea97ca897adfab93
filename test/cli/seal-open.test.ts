import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectEnvelope, openEnvelope, sealExportIndexEducation } from '../../src/index';
import { DATA, expectError, expectNoSecrets, KEYS, modeOf, run, SECRET_CSV, useCli, writeIn } from './helpers';

const cli = useCli();
const PI = join(DATA, 'partenaire-index', 'sample.xml');
const IDPN = join(DATA, 'identifiants-pronote', 'IdPN_To_KOSMOS-complet.xml');

describe('ent-pronote seal', () => {
  it('seals a PARTENAIRE_INDEX in an ImportChiffre, metadata from the document (not sensitive: 0644)', async () => {
    const out = join(cli.dir(), 'ic.xml');
    const r = await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['out', 'envelope', 'partner', 'uai', 'fingerprint', 'bytes']);
    expect(json).toMatchObject({ out, envelope: 'import-chiffre', partner: 'ENT-TEST-42', uai: '0410017W', fingerprint: KEYS.fingerprint });
    expect(modeOf(out)).toBe(0o644);
    const info = inspectEnvelope(readFileSync(out));
    expect(info).toMatchObject({ kind: 'ImportChiffre', partenaire: 'ENT-TEST-42', uai: '0410017W', version: '1.0' });
  });

  it('seals an IDENTIFIANTS_PRONOTE in EXPORT_INDEX_EDUCATION for its Socle, and takes metadata from options', async () => {
    const out = join(cli.dir(), 'eie.xml');
    const r = await run(['seal', '--public-key', KEYS.publicPem, '--envelope', 'export-index-education', IDPN, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(inspectEnvelope(readFileSync(out))).toMatchObject({ kind: 'EXPORT_INDEX_EDUCATION', partners: ['KOSMOS'], uai: '0410017W', logiciel: 'PRONOTE' });
    const out2 = join(cli.dir(), 'eie2.xml');
    const args = ['--ent-name', 'AUTRE', '--uai', '0410959V', '--logiciel', 'EDT', '--version', '2.5', '--date', '2026-09-01T08:00:00+02:00', '--no-compress'];
    expect((await run(['seal', '--public-key', KEYS.publicPem, '--envelope', 'export-index-education', IDPN, '--out', out2, ...args])).code).toBe(0);
    expect(inspectEnvelope(readFileSync(out2))).toMatchObject({ partners: ['AUTRE'], uai: '0410959V', logiciel: 'EDT', version: '2.5', date: '2026-09-01T08:00:00+02:00', compressed: false });
  });

  it('seals any document when the options give the metadata, else asks for them (exit 2)', async () => {
    const csv = writeIn(cli.dir(), 'any.csv', SECRET_CSV);
    const missing = await run(['seal', '--public-key', KEYS.publicPem, '--envelope', 'import-chiffre', csv, '--out', join(cli.dir(), 'x.xml')]);
    expectError(missing, 2, 'ERR_ARGUMENT');
    expect(missing.stderr).toContain('--ent-name is needed');
    const ok = await run(['seal', '--public-key', KEYS.publicPem, '--envelope', 'import-chiffre', '--ent-name', 'P', '--uai', '0410017W', csv, '--out', join(cli.dir(), 'x.xml')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(Buffer.from(openEnvelope(readFileSync(join(cli.dir(), 'x.xml')), readFileSync(KEYS.private)).content).toString('utf8')).toBe(SECRET_CSV);
  });
});

describe('ent-pronote open', () => {
  it('gives back byte for byte what was sealed, on stdout', async () => {
    for (const [envelope, input] of [
      ['import-chiffre', PI],
      ['export-index-education', IDPN],
    ] as const) {
      const sealed = join(cli.dir(), `rt-${envelope}.xml`);
      expect((await run(['seal', '--public-key', KEYS.public, '--envelope', envelope, input, '--out', sealed])).code).toBe(0);
      const r = await run(['open', '--private-key', KEYS.private, sealed]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdoutBytes.equals(readFileSync(input))).toBe(true);
    }
  });

  it('drops a leading BOM, keeps everything else (CRLF, Latin-1 bytes)', async () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<X a="'), Buffer.from([0xe9, 0xe8]), Buffer.from('"/>\r\n')]);
    const withBom = writeIn(cli.dir(), 'bom.xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]));
    const sealed = join(cli.dir(), 'bom.sealed.xml');
    expect((await run(['seal', '--public-key', KEYS.public, '--envelope', 'export-index-education', '--ent-name', 'P', withBom, '--out', sealed])).code).toBe(0);
    const r = await run(['open', '--private-key', KEYS.private, sealed]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdoutBytes.equals(body)).toBe(true);
  });

  it('writes --out with mode 0600 and warns on stderr (no names)', async () => {
    const sealed = join(cli.dir(), 'secret.sealed.xml');
    const csv = writeIn(cli.dir(), 'secret.csv', SECRET_CSV);
    expect((await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', '--ent-name', 'P', '--uai', '0410017W', csv, '--out', sealed])).code).toBe(0);
    const out = join(cli.dir(), 'clear', 'plain.csv');
    const passFile = writeIn(cli.dir(), 'pass', `${KEYS.passphrase}\n`);
    const r = await run(['open', '--private-key', KEYS.privateEncrypted, '--passphrase-file', passFile, sealed, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(SECRET_CSV);
    expect(modeOf(out)).toBe(0o600);
    expect(r.stderr).toBe(`ent-pronote: warning: ${out} holds the decrypted content in clear (nominative data): written with mode 0600, delete it when done\n`);
    expectNoSecrets(r.stderr);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['out', 'kind', 'bytes', 'sha256', 'info']);
    expect(json).toMatchObject({ out, kind: 'ImportChiffre', bytes: Buffer.byteLength(SECRET_CSV) });
    expectNoSecrets(r.stdout);
  });

  it('with --force, an existing 0644 file is replaced by the clear content with mode 0600', async () => {
    const sealed = join(cli.dir(), 'reset.sealed.xml');
    expect((await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', sealed])).code).toBe(0);
    const out = writeIn(cli.dir(), 'was-public.xml', 'old');
    expect(modeOf(out)).toBe(0o644);
    expect((await run(['open', '--private-key', KEYS.private, sealed, '--out', out, '--force'])).code).toBe(0);
    expect(modeOf(out)).toBe(0o600);
    expect(readFileSync(out).equals(readFileSync(PI))).toBe(true);
  });

  it('fails with exit 1 on a wrong key, an altered envelope, a missing passphrase', async () => {
    const sealed = join(cli.dir(), 'fail.sealed.xml');
    expect((await run(['seal', '--public-key', KEYS.public, '--envelope', 'import-chiffre', PI, '--out', sealed])).code).toBe(0);
    const wrong = await run(['open', '--private-key', KEYS.otherPrivate, sealed]);
    expectError(wrong, 1, 'ERR_DECRYPT');
    expect(wrong.stdout).toBe('');
    const text = readFileSync(sealed, 'utf8');
    const contenu = /<Contenu>([^<]+)<\/Contenu>/.exec(text)?.[1] as string;
    const flipped = contenu.slice(0, 10) + (contenu[10] === 'A' ? 'B' : 'A') + contenu.slice(11);
    const altered = writeIn(cli.dir(), 'altered.xml', text.replace(contenu, flipped));
    const bad = await run(['open', '--private-key', KEYS.private, altered, '--out', join(cli.dir(), 'never.xml')]);
    expectError(bad, 1, 'ERR_INTEGRITY');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    const nopass = await run(['open', '--private-key', KEYS.privateEncrypted, sealed]);
    expectError(nopass, 1, 'ERR_KEY_PASSPHRASE');
    expect(nopass.stderr).toContain('--passphrase-file');
    const wrongPass = await run(['open', '--private-key', KEYS.privateEncrypted, '--passphrase-file', writeIn(cli.dir(), 'wp', 'nope'), sealed]);
    expectError(wrongPass, 1, 'ERR_KEY_PASSPHRASE');
    const debug = await run(['open', '--private-key', KEYS.otherPrivate, sealed, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('needs --partner when an envelope holds two key blocks', async () => {
    const two = sealExportIndexEducation(readFileSync(IDPN), [
      { nom: 'KOSMOS', publicKey: readFileSync(KEYS.publicPem) },
      { nom: 'AUTRE', publicKey: readFileSync(KEYS.otherPublic) },
    ]);
    const path = join(cli.dir(), 'two.xml');
    writeFileSync(path, two);
    expectError(await run(['open', '--private-key', KEYS.private, path]), 1, 'ERR_PARTNER');
    const r = await run(['open', '--private-key', KEYS.otherPrivate, '--ent-name', 'AUTRE', path]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdoutBytes.equals(readFileSync(IDPN))).toBe(true);
    expectError(await run(['open', '--private-key', KEYS.private, '--ent-name', 'AUTRE', path]), 1, 'ERR_DECRYPT');
    expectError(await run(['open', '--private-key', KEYS.private, path, '--json']), 2, 'ERR_ARGUMENT');
  });
});
