import fc from 'fast-check';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { encodeQrMatrix } from '../../src/targets/url-page/qr-mask.js';

/** uqr's own automatic mask choice: the reference the typed-array scoring must reproduce. */
function reference(text: string): boolean[][] | undefined {
  try {
    return encode(text, { ecc: 'L', boostEcc: true, border: 0 }).data;
  } catch {
    return undefined;
  }
}

describe('QR mask choice on typed arrays', () => {
  it('gives the same matrix as uqr for configuration URLs of every length class', () => {
    const texts = [
      '',
      'a',
      'ciscojabber://provision?ServicesDomain=acme.com',
      'HELLO WORLD 12345', // alphanumeric mode
      '0123456789'.repeat(40), // numeric mode
      `ciscojabber://provision?${Array.from({ length: 60 }, (_, i) => `Key${i}=value-${i}`).join('&')}`, // a large version (>= 7: version bits)
      'x'.repeat(2953), // the largest byte-mode code
      'x'.repeat(2954), // too long: undefined from both
      'ünïcødé ✓ 😀 עברית',
    ];
    for (const t of texts) expect(encodeQrMatrix(t)).toEqual(reference(t));
  });

  it('gives the same matrix as uqr over 600 random texts (every mask gets chosen)', () => {
    const masks = new Set<number>();
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.webUrl(), fc.stringMatching(/^[0-9A-Z $%*+\-./:]{0,400}$/), fc.string({ unit: 'grapheme', maxLength: 120 })), (text) => {
        const ref = (() => {
          try {
            return encode(text, { ecc: 'L', boostEcc: true, border: 0 });
          } catch {
            return undefined;
          }
        })();
        if (ref) masks.add(ref.maskPattern);
        expect(encodeQrMatrix(text)).toEqual(ref?.data);
      }),
      { numRuns: 600, seed: 12 },
    );
    expect([...masks].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
