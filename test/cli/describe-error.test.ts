import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { describeError, exitCodeOf, formatProblem } from '../../src/cli/errors';
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
});
