import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA, expectError, expectNoSecrets, KEYS, run, SECRET_CSV, useCli, writeIn } from './helpers';

const cli = useCli();

describe('ent-pronote: usage errors exit 2 with one line', () => {
  it('prints the version and the help with exit 0', async () => {
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    for (const c of ['keygen', 'export', 'seal', 'open', 'inspect', 'validate', 'identifiers', 'match', 'fixtures', 'demo']) expect(h.stdout).toContain(`  ${c} `);
    expect(h.stdout).toContain('Exit codes:');
    const sub = await run(['export', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--partenaire-id <id>');
  });

  it('refuses an unknown option', async () => {
    const r = await run(['inspect', '--frobnicate', 'x.xml']);
    expectError(r, 2, 'ERR_ARGUMENT');
    expect(r.stderr).toBe("ent-pronote: ERR_ARGUMENT: unknown option '--frobnicate' (see 'ent-pronote inspect --help')\n");
  });

  it('refuses an unknown command, with a suggestion', async () => {
    const r = await run(['inspekt', 'x.xml']);
    expectError(r, 2, 'ERR_ARGUMENT');
    expect(r.stderr).toContain("unknown command 'inspekt'");
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a missing required option', async () => {
    const r = await run(['open', join(DATA, 'partenaire-index', 'sample.xml')]);
    expectError(r, 2, 'ERR_ARGUMENT');
    expect(r.stderr).toContain("required option '--private-key <file>' not specified");
  });

  it('refuses a missing argument and an excess argument', async () => {
    expectError(await run(['inspect']), 2, 'ERR_ARGUMENT');
    expectError(await run(['inspect', 'a.xml', 'b.xml']), 2, 'ERR_ARGUMENT');
  });

  it('refuses bad option values', async () => {
    const base = ['export', '--accounts', 'a.csv', '--public-key', KEYS.public, '--ent-name', 'X', '--partenaire-id', 'Y', '--out', 'o.xml'];
    const uai = await run([...base, '--uai', '123']);
    expectError(uai, 2, 'ERR_ARGUMENT');
    expect(uai.stderr).toContain('a UAI is 7 digits and a letter');
    expectError(await run([...base, '--uai', '0410017W', '--protocol', 'SAML']), 2, 'ERR_ARGUMENT');
    expectError(await run([...base, '--uai', '0410017W', '--date', 'yesterday']), 2, 'ERR_ARGUMENT');
    expectError(await run(['fixtures', '--students', 'many', '--out', cli.dir()]), 2, 'ERR_ARGUMENT');
    expectError(await run(['keygen', '--out', cli.dir(), '--bits', '1024']), 2, 'ERR_ARGUMENT');
    expectError(await run(['identifiers', '--people', 'p.xml', '--ent-name', 'K', '--uai', '0410017W', '--mode', 'demi', '--out', 'o.xml']), 2, 'ERR_ARGUMENT');
  });

  it('prints {"error": …} on stdout with --json', async () => {
    const r = await run(['inspect', '--json', join(cli.dir(), 'missing.xml')]);
    expectError(r, 1, 'ERR_INPUT');
    const out = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(Object.keys(out)).toEqual(['error']);
    expect(out.error.code).toBe('ERR_INPUT');
    expect(out.error.message).toContain('no such file or directory');
    const usage = await run(['inspect', '--json', '--nope', 'x']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ error: { code: 'ERR_ARGUMENT', message: "unknown option '--nope'" } });
  });
});

describe('ent-pronote: input errors exit 1, one line, no stack, no names', () => {
  it('reports a missing file', async () => {
    const r = await run(['inspect', join(cli.dir(), 'nope.xml')]);
    expectError(r, 1, 'ERR_INPUT');
    expect(r.stderr).toBe(`ent-pronote: ERR_INPUT: cannot read ${join(cli.dir(), 'nope.xml')}: no such file or directory\n`);
  });

  it('shows the stack with --debug, still without names', async () => {
    const xml = writeIn(cli.dir(), 'broken.xml', '<?xml version="1.0"?>\n<PARTENAIRE_INDEX xmlns="http://www.index-education.com/rapprochementssoV2.0" Nom="ZORGLUBIAN">\n  <oops>\n</PARTENAIRE_INDEX>\n');
    const plain = await run(['validate', xml]);
    expectError(plain, 1, 'ERR_XML');
    expect(plain.stderr).toMatch(/line 4/);
    const debug = await run(['validate', xml, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n')[0]).toBe(plain.stderr.split('\n')[0]);
    expect(debug.stderr).toMatch(/^stack: EntPronoteError \[ERR_XML\]/m);
    expect(debug.stderr).toMatch(/^\s+at /m);
    expectNoSecrets(plain.stderr);
    expectNoSecrets(debug.stderr);
  });

  it('lists the problems of an invalid input under the error line', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => `eleve;idp-MOOFLEBERRY-${i};ZORGLUBIAN;Séraphîna;notadate;F;;0410017W;`).join('\n');
    const csv = writeIn(cli.dir(), 'bad.csv', `${SECRET_CSV}${rows}\n`);
    const r = await run(['export', '--accounts', csv, '--public-key', KEYS.public, '--ent-name', 'X', '--partenaire-id', 'Y', '--uai', '0410017W', '--out', join(cli.dir(), 'o.xml')]);
    expectError(r, 1, 'ERR_INPUT');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toContain('has 14 invalid records');
    expect(lines.slice(1, 11).every((l) => /^ {2}error bad\.csv:\d+:\d+ \[date_naissance\]/.test(l))).toBe(true);
    expect(lines[11]).toBe('  … and 4 more (use --json for the full list)');
    expect(lines).toHaveLength(12);
    expectNoSecrets(r.stderr);
  });

  it('never prints names on stderr, whatever fails', async () => {
    const d = cli.dir();
    const csv = writeIn(d, 'secret.csv', SECRET_CSV);
    const noSchoolCsv = writeIn(d, 'noschool.csv', SECRET_CSV.replace(/^etablissement.*\n/m, ''));
    const badJson = writeIn(d, 'secret.json', '{"eleves": [{"nom": "ZORGLUBIAN", "prenom": "Séraphîna", "idPartenaire": "idp-MOOFLEBERRY", dateNaissance: "2011-02-17"}]}');
    const people = writeIn(d, 'people.csv', 'population;idpn;nom;prenom;date_naissance;parents\neleve;E1;ZORGLUBIAN;Séraphîna;17/02/2011;WOMBATORIUM\n');
    const pi = writeIn(
      d,
      'pi.xml',
      '<?xml version="1.0"?>\n<PARTENAIRE_INDEX xmlns="http://www.index-education.com/rapprochementssoV2.0" Date="2026-09-01T08:00:00" Partenaire="P">' +
        '<Etablissements><Etablissement Ident="1" Numero="0410017W" Nom="L"/></Etablissements><EtablissementsGeres><Etablissement Ident="1"/></EtablissementsGeres>' +
        '<Eleves><Eleve Ident="2" Nom="ZORGLUBIAN" Prenom="Séraphîna" DateNaissance="17/02/2011" ID_Partenaire="idp-MOOFLEBERRY"/></Eleves></PARTENAIRE_INDEX>\n',
    );
    const exportArgs = ['--public-key', KEYS.public, '--ent-name', 'X', '--partenaire-id', 'Y', '--uai', '0410017W', '--out', join(d, 'o.xml')];
    const sealed = join(d, 'sealed.xml');
    expect((await run(['seal', '--public-key', KEYS.publicPem, '--envelope', 'import-chiffre', '--ent-name', 'X', '--uai', '0410017W', csv, '--out', sealed])).code).toBe(0);
    writeFileSync(join(d, 'idmap.csv'), 'aaf_id;ent_id\nZORGLUBIAN;\n');
    const cases: [string[], number][] = [
      [['export', '--accounts', noSchoolCsv, ...exportArgs], 1],
      [['export', '--accounts', badJson, ...exportArgs], 1],
      [['export', '--accounts', pi, ...exportArgs.slice(0, -2), '--uai', '0999999Z', '--out', join(d, 'o.xml')], 1],
      [['export', '--accounts', join(DATA, 'input', 'aaf-sample'), '--id-map', join(d, 'idmap.csv'), ...exportArgs], 1],
      [['validate', pi], 1],
      [['validate', badJson], 1],
      [['inspect', pi], 1],
      [['identifiers', '--people', people, '--ent-name', 'K', '--uai', '0410017W', '--mode', 'complet', '--out', join(d, 'i.xml')], 1],
      [['open', '--private-key', KEYS.otherPrivate, sealed, '--out', join(d, 'never.xml')], 1],
      [['open', '--private-key', csv, sealed, '--out', join(d, 'never.xml')], 1],
      [['match', '--ent', csv, '--pronote', pi], 1],
      [['match', '--ent', pi, '--pronote', people], 1],
      [['seal', '--public-key', KEYS.publicPem, '--envelope', 'import-chiffre', pi, '--out', join(d, 's.xml')], 2],
    ];
    for (const [args, code] of cases) {
      for (const extra of [[], ['--json']]) {
        const r = await run([...args, ...extra]);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expectNoSecrets(r.stderr);
        expectNoSecrets(r.stdout);
        if (args[0] === 'validate' && r.stderr === '') {
          // An invalid document is a verdict on stdout, not an error.
          expect(r.stderr).toBe('');
          if (extra.length > 0) expect((JSON.parse(r.stdout) as { valid: boolean }).valid).toBe(false);
          else expect(r.stdout).toContain('is INVALID');
          continue;
        }
        expect(r.stderr, args.join(' ')).toMatch(/^ent-pronote: ERR_[A-Z_]+: /);
        if (extra.length > 0) expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(['error']);
      }
    }
  });
});
