import { describe, expect, it } from 'vitest';
import { codeUnitName } from '../../src/common/code-unit';

describe('codeUnitName', () => {
  it('names a code unit with four upper-case hexadecimal digits at least', () => {
    expect(codeUnitName('a\u0001b', 1)).toBe('U+0001');
    expect(codeUnitName('\uFFFE', 0)).toBe('U+FFFE');
    expect(codeUnitName('x\uD800', 1)).toBe('U+D800');
    expect(codeUnitName('\u001F', 0)).toBe('U+001F');
  });
});
