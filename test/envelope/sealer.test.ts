import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealImportChiffre, createImportChiffreSealer, openImportChiffre } from '../../src/index';
import { expectCode, expectCodeAsync } from '../keys/helpers';
import { DATE, detRandom, PRIV, PUB, SAMPLE_XML } from './helpers';

const options = (seed: string) => ({ partenaire: 'TESTENT', uai: '0410017W', date: DATE, unsafeRandom: detRandom(seed) });

describe('createImportChiffreSealer', () => {
  it('gives exactly the bytes of sealImportChiffre, whatever the chunking (property)', async () => {
    const doc = Buffer.from(SAMPLE_XML.repeat(40));
    const expected = sealImportChiffre(doc, PUB, options('chunks'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 30 }), async (sizes) => {
        const sealer = createImportChiffreSealer(PUB, options('chunks'));
        let at = 0;
        for (const size of sizes) {
          sealer.write(doc.subarray(at, Math.min(doc.length, at + size)));
          at = Math.min(doc.length, at + size);
        }
        sealer.write(doc.subarray(at));
        expect(await sealer.end()).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('handles large chunks, empty input, and a caller reusing its small buffer', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 'abcdefgh');
    const sealer = createImportChiffreSealer(PUB, options('big'));
    sealer.write(big.subarray(0, 1024 * 1024));
    sealer.write(big.subarray(1024 * 1024));
    expect(await sealer.end()).toBe(sealImportChiffre(big, PUB, options('big')));

    const empty = createImportChiffreSealer(PUB, options('empty'));
    expect(openImportChiffre(await empty.end(), PRIV).content.length).toBe(0);

    const reused = Buffer.alloc(10);
    const s = createImportChiffreSealer(PUB, { partenaire: 'X', uai: '0410017W' });
    for (const part of ['<a>', 'hello', '</a>']) {
      const n = reused.write(part);
      s.write(reused.subarray(0, n));
      reused.fill(0x7a);
    }
    expect(openImportChiffre(await s.end(), PRIV).text()).toBe('<a>hello</a>');
  });

  it('refuses use after end or abort, and bad chunks', async () => {
    const s = createImportChiffreSealer(PUB, options('x'));
    expectCode(() => s.write('text' as never), 'ERR_ARGUMENT');
    s.write(Buffer.from('<a/>'));
    const done = s.end();
    expectCode(() => s.write(Buffer.from('more')), 'ERR_ARGUMENT');
    await expectCodeAsync(s.end(), 'ERR_ARGUMENT');
    expect(openImportChiffre(await done, PRIV).text()).toBe('<a/>');
    s.abort();

    const aborted = createImportChiffreSealer(PUB, options('y'));
    aborted.write(Buffer.from('<a/>'));
    aborted.abort();
    aborted.abort();
    expectCode(() => aborted.write(Buffer.from('x')), 'ERR_ARGUMENT');
    await expectCodeAsync(aborted.end(), 'ERR_ARGUMENT');
  });

  it('says when each chunk may be reused: at once when it was copied, after its compression when it was referenced', async () => {
    const big = Buffer.alloc(1024 * 1024, 'abcdefgh');
    const small = Buffer.from('<a>');
    const given: string[] = [];
    const sealer = createImportChiffreSealer(PUB, options('given'));
    sealer.write(small, () => given.push('small'));
    expect(given).toEqual(['small']);
    sealer.write(Buffer.alloc(0), () => given.push('empty'));
    expect(given).toEqual(['small', 'empty']);
    const rest = Buffer.concat([big, Buffer.from('</a>')]);
    sealer.write(rest, () => given.push('big'));
    expect(given).toEqual(['small', 'empty']);
    const envelope = await sealer.end();
    expect(given).toEqual(['small', 'empty', 'big']);
    expect(envelope).toBe(sealImportChiffre(Buffer.concat([small, rest]), PUB, options('given')));
    const s = createImportChiffreSealer(PUB, options('bad'));
    expectCode(() => s.write(small, 'later' as never), 'ERR_ARGUMENT');
    s.abort();
  });

  it('checks its options at creation', () => {
    expectCode(() => createImportChiffreSealer(PUB, { partenaire: 'X', uai: 'bad' }), 'ERR_ARGUMENT');
    expectCode(() => createImportChiffreSealer(PUB, { partenaire: 'X', uai: '0410017W', compressionLevel: 12 }), 'ERR_ARGUMENT');
    expectCode(() => createImportChiffreSealer('nope', { partenaire: 'X', uai: '0410017W' }), 'ERR_KEY_FORMAT');
  });
});
