import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { describeError, exitCodeOf, formatProblem, inCommandWords } from '../../src/cli/errors';
import { EntPronoteError } from '../../src/index';

describe('CLI error reporting (unit)', () => {
  it('maps errors to exit codes: 2 for usage, 1 for input, 70 for internal errors', () => {
    expect(exitCodeOf(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(2);
    expect(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
    expect(exitCodeOf(new EntPronoteError('ERR_ARGUMENT', 'bad'))).toBe(2);
    for (const code of ['ERR_INPUT', 'ERR_SCHEMA', 'ERR_DECRYPT', 'ERR_INTEGRITY', 'ERR_KEY_FORMAT', 'ERR_CONFLICT'] as const) {
      expect(exitCodeOf(new EntPronoteError(code, 'bad'))).toBe(1);
    }
    expect(exitCodeOf(new TypeError('x'))).toBe(70);
  });

  it('never shows the message of an internal error, even with --debug', () => {
    const e = new SyntaxError('Unexpected token \'Z\', "ZORGLUBIAN" is not valid JSON');
    const plain = describeError(e, { debug: false });
    expect(plain.lines).toEqual(['ent-pronote: internal error (SyntaxError); run with --debug for details']);
    expect(plain.exitCode).toBe(70);
    expect(plain.json).toEqual({ error: { code: 'ERR_INTERNAL', message: 'internal error (SyntaxError)' } });
    const debug = describeError(e, { debug: true });
    expect(debug.lines[1]).toBe('stack: SyntaxError');
    expect(debug.lines.slice(2).every((l) => /^\s+at /.test(l))).toBe(true);
    expect(debug.lines.join('\n')).not.toContain('ZORGLUBIAN');
  });

  it('lists up to 10 problems of a validation error, then how many more', () => {
    const problems = Array.from({ length: 13 }, (_, i) => ({ severity: 'error' as const, rule: 'date', path: `/X/Y[${i + 1}]/@D`, message: 'must be a date', line: i + 2, column: 3 }));
    const d = describeError(new EntPronoteError('ERR_SCHEMA', 'the document is invalid', { problems, line: 2 }), { debug: false });
    expect(d.lines[0]).toBe('ent-pronote: ERR_SCHEMA: line 2: the document is invalid');
    expect(d.lines[1]).toBe('  error /X/Y[1]/@D (line 2, column 3): must be a date (date)');
    expect(d.lines).toHaveLength(12);
    expect(d.lines[11]).toBe('  … and 3 more (use --json for the full list)');
    expect((d.json.error.problems as unknown[]).length).toBe(13);
  });

  it('formats input problems without repeating their file:line:column', () => {
    expect(formatProblem({ severity: 'warning', rule: 'enum', path: 'a.csv:3:7', message: 'is not M or F', line: 3, column: 7, attribute: 'sexe' } as never)).toBe(
      'warning a.csv:3:7 [sexe]: is not M or F (enum)',
    );
  });

  it('reports resource errors of Node and OpenSSL as coded errors (exit 1), never as internal ones', () => {
    let tooLong: unknown;
    try {
      'x'.repeat(2 ** 30).repeat(2);
    } catch (e) {
      tooLong = e;
    }
    expect(tooLong).toBeInstanceOf(RangeError);
    const big = describeError(tooLong, { debug: false });
    expect(big.exitCode).toBe(1);
    expect(big.lines[0]).toBe(
      'ent-pronote: ERR_LIMIT: the input or a result is too large to be held in memory (lower ENT_PRONOTE_MAX_INPUT_BYTES, split the input, or ask for fewer outputs)',
    );
    const stringTooLong = Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
    expect(describeError(stringTooLong, { debug: false }).json.error.code).toBe('ERR_LIMIT');
    const ossl = Object.assign(new Error('bn no inverse'), { code: 'ERR_OSSL_BN_NO_INVERSE' });
    const key = describeError(ossl, { debug: false });
    expect([key.exitCode, key.json.error.code]).toEqual([1, 'ERR_KEY_UNSUPPORTED']);
  });

  it("puts library words in the command's words", () => {
    expect(inCommandWords('manual.pairs[0].idpn: expected a string')).toBe('pair #1 (field idpn) of the decisions file: expected a string');
    expect(inCommandWords('this ENT account is already forced by manual.pairs[3]; keep one')).toBe('this ENT account is already forced by pair #4 of the decisions file; keep one');
    expect(inCommandWords('manual.exclusions[1]')).toBe('exclusion #2 of the decisions file');
    expect(inCommandWords('options.uai')).toBe('--uai');
    expect(inCommandWords('options.protocoleDelegationAuthentification must be CAS or ADFS')).toBe('--protocol must be CAS or ADFS');
    expect(inCommandWords('options.idSecretFile')).toBe('--id-secret-file');
    expect(inCommandWords('options.partenaire must not be empty')).toBe('--partenaire-id must not be empty');
    expect(inCommandWords('the ENT has no account for this AAF identifier (resolveId returned nothing)')).toBe(
      'the ENT has no account for this AAF identifier (no line of the --id-map file maps it)',
    );
    expect(formatProblem({ severity: 'error', rule: 'uai', path: 'options.uai', message: 'no valid EtabEducNat record of the feed has the UAI 0410017W' })).toBe(
      'error --uai: no valid EtabEducNat record of the feed has the UAI 0410017W (uai)',
    );
  });
});
