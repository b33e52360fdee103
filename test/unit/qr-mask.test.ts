import fc from 'fast-check';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { encodeQrMatrix, penaltyScore } from '../../src/targets/url-page/qr-mask.js';

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

  it("scores any grid as uqr's getPenaltyScore does (transcribed here on nested arrays)", () => {
    // uqr 0.1.3 QrCode.getPenaltyScore and its finderPenalty* helpers, on boolean rows.
    const reference = (m: boolean[][]): number => {
      const size = m.length;
      const add = (run: number, h: number[]) => {
        if (h[0] === 0) run += size;
        h.pop();
        h.unshift(run);
      };
      const count = (h: number[]) => {
        const n = h[1]!;
        const core = n > 0 && h[2] === n && h[3] === n * 3 && h[4] === n && h[5] === n;
        return (core && h[0]! >= n * 4 && h[6]! >= n ? 1 : 0) + (core && h[6]! >= n * 4 && h[0]! >= n ? 1 : 0);
      };
      let result = 0;
      for (const line of [m, m.map((_, x) => m.map((row) => row[x]!))]) {
        for (const cells of line) {
          let color = false;
          let run = 0;
          const h = [0, 0, 0, 0, 0, 0, 0];
          for (const c of cells) {
            if (c === color) {
              run++;
              if (run === 5) result += 3;
              else if (run > 5) result++;
            } else {
              add(run, h);
              if (!color) result += count(h) * 40;
              color = c;
              run = 1;
            }
          }
          if (color) {
            add(run, h);
            run = 0;
          }
          add(run + size, h);
          result += count(h) * 40;
        }
      }
      for (let y = 0; y < size - 1; y++)
        for (let x = 0; x < size - 1; x++) if (m[y]![x] === m[y]![x + 1] && m[y]![x] === m[y + 1]![x] && m[y]![x] === m[y + 1]![x + 1]) result += 3;
      const dark = m.flat().filter(Boolean).length;
      return result + (Math.ceil(Math.abs(dark * 20 - size * size * 10) / (size * size)) - 1) * 10;
    };
    // Rows drawn from runs (so long runs and 1:1:3:1:1 finder shapes occur), plain noise, or constant.
    const finder = [true, false, true, true, true, false, true];
    const grid = fc.oneof(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 150, max: 177 })).chain((size) =>
      fc.array(
        fc.oneof(
          fc.array(fc.boolean(), { minLength: size, maxLength: size }),
          fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: size }).map((runs) => {
            const row = runs.flatMap(([c, n]) => Array<boolean>(n).fill(c));
            return [...row, ...Array<boolean>(size).fill(false)].slice(0, size);
          }),
          fc.integer({ min: 0, max: Math.max(0, size - 7) }).map((at) => Array.from({ length: size }, (_, x) => (x >= at && x < at + 7 ? finder[x - at]! : false))),
          fc.boolean().map((c) => Array<boolean>(size).fill(c)),
        ),
        { minLength: size, maxLength: size },
      ),
    );
    fc.assert(
      fc.property(grid, (m) => {
        const size = m.length;
        const cells = Uint8Array.from(m.flat().map((c) => (c ? 1 : 0)));
        expect(penaltyScore(cells, size)).toBe(reference(m));
      }),
      { numRuns: 800, seed: 3 },
    );
  });
});
