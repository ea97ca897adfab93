import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSeededRandom, SeededRandom } from '../../src/fixtures';
import { unsafeRandomFromSeed } from '../../src/fixtures/rng';

const seq = (r: SeededRandom, n: number): number[] => Array.from({ length: n }, () => r.uint32());

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    const a = seq(createSeededRandom('alpha'), 50);
    expect(seq(createSeededRandom('alpha'), 50)).toEqual(a);
    expect(seq(createSeededRandom('alphb'), 50)).not.toEqual(a);
    expect(new Set(a).size).toBe(50);
  });

  it('treats a number seed like its text', () => {
    expect(seq(createSeededRandom(42), 10)).toEqual(seq(createSeededRandom('42'), 10));
  });

  it('pins the first outputs (a change of algorithm changes every golden fixture)', () => {
    expect(seq(new SeededRandom('pin'), 3)).toEqual([421562479, 1260744232, 2515480169]);
    const c = createSeededRandom('pin');
    expect(c.uint32()).toBe(544851500);
    expect(c.string('abcdefghijklmnopqrstuvwxyz', 10)).toBe('egveipunbq');
  });

  it('forks independent streams that do not depend on the parent position', () => {
    const r1 = createSeededRandom('s');
    const f1 = seq(r1.fork('x'), 5);
    const r2 = createSeededRandom('s');
    r2.uint32();
    r2.uint32();
    expect(seq(r2.fork('x'), 5)).toEqual(f1);
    expect(seq(createSeededRandom('s').fork('y'), 5)).not.toEqual(f1);
  });

  it('draws integers in range, every value, without bias visible at this scale', () => {
    const r = createSeededRandom('int');
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const x = r.int(7);
      expect(x >= 0 && x < 7 && Number.isInteger(x)).toBe(true);
      counts[x] = (counts[x] as number) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(r.int(1)).toBe(0);
    expect(() => r.int(0)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    expect(() => r.int(2.5)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    const x = r.range(5, 6);
    expect(x === 5 || x === 6).toBe(true);
  });

  it('samples distinct indexes and shuffles into a permutation', () => {
    const r = createSeededRandom('sample');
    const s = r.sample(100, 30);
    expect(s).toHaveLength(30);
    expect(new Set(s).size).toBe(30);
    for (const i of s) expect(i >= 0 && i < 100).toBe(true);
    expect(r.sample(5, 10).sort()).toEqual([0, 1, 2, 3, 4]);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = r.shuffle([...items]);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
  });

  it('draws bytes and strings deterministically', () => {
    const a = createSeededRandom('b').bytes(33);
    expect(a).toHaveLength(33);
    expect(createSeededRandom('b').bytes(33)).toEqual(a);
    const s = createSeededRandom('str').string('abc', 40);
    expect(s).toMatch(/^[abc]{40}$/);
    expect(createSeededRandom('str').string('abc', 40)).toBe(s);
    expect(createSeededRandom('str').string('x', 3)).toBe('xxx');
    expect(() => createSeededRandom('str').string('', 3)).toThrow(expect.objectContaining({ code: 'ERR_ARGUMENT' }));
    // Every symbol of a 26-letter alphabet comes up about equally often.
    const long = createSeededRandom('str').string('abcdefghijklmnopqrstuvwxyz', 26_000);
    const counts = new Map<string, number>();
    for (const ch of long) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(26);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('derives a deterministic unsafeRandom byte stream from a seed', () => {
    const u1 = unsafeRandomFromSeed('golden');
    const u2 = unsafeRandomFromSeed('golden');
    const a = [u1(16), u1(16), u1(205)];
    const b = [u2(16), u2(16), u2(205)];
    expect(b).toEqual(a);
    expect(a[0]).not.toEqual(a[1]);
    expect(unsafeRandomFromSeed('other')(16)).not.toEqual(a[0]);
  });
});

describe('fixture sources', () => {
  const dir = join(__dirname, '../../src/fixtures');
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

  it('use no unseeded randomness and no clock', () => {
    expect(sources.length).toBeGreaterThan(10);
    for (const [file, text] of sources) {
      expect({ file, random: /Math\.random|randomBytes|randomUUID|getRandomValues/.test(text) }).toEqual({ file, random: false });
      expect({ file, clock: /Date\.now\(|new Date\(\)|performance\.now|process\.hrtime/.test(text) }).toEqual({ file, clock: false });
    }
  });

  it('never touch the file system, the network or the console', () => {
    for (const [file, text] of sources) {
      expect({ file, io: /from 'node:(fs|net|http|https|child_process)'|console\./.test(text) }).toEqual({ file, io: false });
    }
  });
});

describe('IdentifierFactory', () => {
  it('makes distinct identifiers for distinct serials, random-looking, of the right form', async () => {
    const { entIdentifierFactory, idpnIdentifierFactory, ENT_ID_ALPHABET } = await import('../../src/fixtures/identifiers');
    const f = entIdentifierFactory(createSeededRandom('ids'));
    const seen = new Set<string>();
    const prefixes = new Set<string>();
    for (let i = 0; i < 300_000; i++) {
      const id = f.make(i);
      seen.add(id);
      prefixes.add(id.slice(0, 7));
    }
    expect(seen.size).toBe(300_000);
    expect(prefixes.size).toBe(300_000);
    const a = entIdentifierFactory(createSeededRandom('ids'));
    const b = entIdentifierFactory(createSeededRandom('ids'));
    expect([a.make(0), a.make(1), a.make(7)]).toEqual([b.make(0), b.make(1), b.make(7)]);
    expect(entIdentifierFactory(createSeededRandom('other')).make(5).slice(0, 7)).not.toBe(entIdentifierFactory(createSeededRandom('ids')).make(5).slice(0, 7));
    expect(f.make(4_294_967_295)).toMatch(new RegExp(`^[${ENT_ID_ALPHABET}]{16}$`));
    expect(idpnIdentifierFactory(createSeededRandom('ids')).make(1)).toMatch(/^[A-HJ-NP-Z2-9]{16}$/);
  });
});
