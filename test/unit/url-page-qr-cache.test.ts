import { encode } from 'uqr';
import { describe, expect, it, vi } from 'vitest';
import { QrMatrixCache, qrMatrix, qrMatrixEquals } from '../../src/targets/url-page/qr-svg.js';

const uqr = (text: string) => encode(text, { ecc: 'L', boostEcc: true, border: 0 }).data;

describe('QrMatrixCache', () => {
  it('computes a text once and returns the same matrix, as a fresh copy each time', () => {
    const compute = vi.fn(uqr);
    const cache = new QrMatrixCache(4, compute);
    const first = cache.get('ciscojabber://provision?ServicesDomain=example.com')!;
    first[0]![0] = !first[0]![0]; // a caller changing its copy must not change the next answer
    const second = cache.get('ciscojabber://provision?ServicesDomain=example.com');
    expect(compute).toHaveBeenCalledTimes(1);
    expect(second).toEqual(uqr('ciscojabber://provision?ServicesDomain=example.com'));
    expect(second).not.toBe(first);
  });

  it('keeps at most `limit` texts, dropping the least recently used', () => {
    const compute = vi.fn(uqr);
    const cache = new QrMatrixCache(3, compute);
    for (const t of ['a', 'b', 'c']) cache.get(t);
    cache.get('a'); // a is now the most recent; b the least
    cache.get('d');
    expect(cache.size).toBe(3);
    expect(compute).toHaveBeenCalledTimes(4);
    cache.get('a');
    cache.get('c');
    expect(compute).toHaveBeenCalledTimes(4);
    cache.get('b'); // evicted: computed again
    expect(compute).toHaveBeenCalledTimes(5);
    expect(cache.size).toBe(3);
  });

  it('remembers a text too long for a QR code as undefined, and does not keep very long texts', () => {
    const compute = vi.fn((_: string): boolean[][] | undefined => undefined);
    const cache = new QrMatrixCache(3, compute);
    cache.get('x'.repeat(100));
    cache.get('x'.repeat(100));
    expect(compute).toHaveBeenCalledTimes(1);
    const long = 'y'.repeat(3000);
    expect(cache.get(long)).toBeUndefined();
    expect(cache.get(long)).toBeUndefined();
    expect(compute).toHaveBeenCalledTimes(3);
    expect(cache.size).toBe(1);
  });

  it('qrMatrix answers like uqr, and undefined for a text over 2953 bytes', () => {
    const text = 'ciscojabber://provision?ServicesDomain=%E2%80%AEexample.com&VoiceServicesDomain=x';
    expect(qrMatrix(text)).toEqual(uqr(text));
    expect(qrMatrix(text)).toEqual(uqr(text));
    expect(qrMatrix('z'.repeat(2954))).toBeUndefined();
  });

  it('equals compares a matrix with the kept bit set: equal, one module off, another size, no code', () => {
    const compute = vi.fn(uqr);
    const cache = new QrMatrixCache(4, compute);
    const text = 'ciscojabber://provision?ServicesDomain=example.com';
    const same = uqr(text).map((row) => [...row]);
    expect(cache.equals(text, same)).toBe(true); // a miss: computed, then compared
    expect(cache.equals(text, same)).toBe(true); // a hit: compared with the bit set
    expect(compute).toHaveBeenCalledTimes(1);
    for (const [y, x] of [[0, 0], [same.length - 1, same.length - 1], [9, 13]] as const) {
      const off = same.map((row) => [...row]);
      off[y]![x] = !off[y]![x];
      expect(cache.equals(text, off)).toBe(false);
    }
    expect(cache.equals(text, same.slice(1))).toBe(false);
    expect(cache.equals(text, same.map((row) => row.slice(1)))).toBe(false);
    expect(cache.equals(text, uqr('ciscojabber://provision?ServicesDomain=example.org'))).toBe(false);
    const none = new QrMatrixCache(2, () => undefined);
    expect(none.equals('x', same)).toBe(false);
    expect(none.equals('x', same)).toBe(false);
    expect(qrMatrixEquals(text, same)).toBe(true);
    expect(qrMatrixEquals('z'.repeat(2954), same)).toBe(false);
  });
});
