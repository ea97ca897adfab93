// StreamingXmlDecoder's utf8Latin1 mode: UTF-8 validated natively chunk by chunk (characters may
// be split anywhere), returned read as Latin-1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntPronoteError } from '../../src/index';
import { StreamingXmlDecoder } from '../../src/internal/xml/decode';
import { resolveLimits } from '../../src/limits';

const limits = resolveLimits({});

function run(bytes: Uint8Array, cuts: number[]): { text: string; latin1: boolean } | string {
  const d = new StreamingXmlDecoder({ limits, what: 'the document', utf8Latin1: true });
  let text = '';
  let last = 0;
  try {
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      text += d.write(bytes.subarray(last, cut));
      last = cut;
    }
    text += d.write(bytes.subarray(last));
    text += d.end();
  } catch (e) {
    if (e instanceof EntPronoteError) return e.code;
    throw e;
  }
  return { text, latin1: d.utf8Latin1 };
}

const body = fc.string({ unit: fc.constantFrom('a', '<', 'é', 'Œ', '€', '😀', '\u07FF', '\uFFFD', ' '), maxLength: 40 });

describe('StreamingXmlDecoder in utf8Latin1 mode', () => {
  it('valid UTF-8 cut anywhere: the bytes read as Latin-1', () => {
    fc.assert(
      fc.property(body, fc.array(fc.nat(200)), (s, cuts) => {
        const bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><r>${s}</r>`);
        const r = run(bytes, cuts.map((c) => c % (bytes.length + 1)));
        expect(r).toEqual({ text: bytes.toString('latin1'), latin1: true });
      }),
      { numRuns: 400 },
    );
  });

  it('invalid UTF-8 cut anywhere: ERR_ENCODING', () => {
    fc.assert(
      fc.property(body, fc.constantFrom([0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x80], [0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf]), fc.array(fc.nat(200)), fc.boolean(), (s, bad, cuts, atEnd) => {
        const head = Buffer.from(`<r>${s}`);
        const bytes = Buffer.concat([head, Buffer.from(bad), Buffer.from(atEnd ? '' : 'x</r>')]);
        expect(run(bytes, cuts.map((c) => c % (bytes.length + 1)))).toBe('ERR_ENCODING');
      }),
      { numRuns: 400 },
    );
  });

  it('other encodings are decoded as usual (not in utf8Latin1 mode)', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>', 'latin1');
    expect(run(bytes, [10, 50])).toEqual({ text: '<?xml version="1.0" encoding="ISO-8859-1"?><r>é</r>', latin1: false });
  });
});
