import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeResourceString, unescapeResourceString } from '../../src/targets/android/resource-strings.js';

/**
 * unescapeResourceString as it was written first (a list of characters, each marked whether the
 * whitespace rules may touch it): the reference the string-building version must reproduce.
 */
function reference(raw: string): string {
  const chars: { c: string; loose: boolean }[] = [];
  let quoted = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i]!;
    if (c === '\\') {
      const next = raw[i + 1];
      let text: string;
      let end: number;
      if (next === undefined) [text, end] = ['', i + 1];
      else if (next === 'n') [text, end] = ['\n', i + 2];
      else if (next === 't') [text, end] = ['\t', i + 2];
      else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(raw.slice(i + 2, i + 6))) [text, end] = [String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), i + 6];
      else [text, end] = [next, i + 2];
      chars.push({ c: text, loose: false });
      i = end - 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && /\s/.test(c) && c.charCodeAt(0) < 0x80) {
      const prev = chars[chars.length - 1];
      if (!(prev?.loose && prev.c === ' ')) chars.push({ c: ' ', loose: true });
    } else {
      chars.push({ c, loose: false });
    }
  }
  while (chars.length > 0 && chars[0]!.loose) chars.shift();
  while (chars.length > 0 && chars[chars.length - 1]!.loose) chars.pop();
  return chars.map((x) => x.c).join('');
}

describe('Android string resources, read as aapt2 compiles them', () => {
  it('reads any text as the reference does: quotes, escapes, whitespace runs, ends', () => {
    const unit = fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2003', '"', '\\', 'n', 't', 'u', '0', '4', '1', 'F', 'a', '@', "'", 'é', '😀');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 24 }), fc.string({ maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 24 })), (raw) => {
        expect(unescapeResourceString(raw)).toBe(reference(raw));
      }),
      { numRuns: 5000, seed: 9 },
    );
    // Cases the rules name: an empty escape at the end keeps the space before it.
    for (const raw of ['', ' ', '  a  b  ', 'a \\', ' \\ ', '" a "', 'a"  "b', '\\u0041 \\n', '\t\na\r\n']) expect(unescapeResourceString(raw)).toBe(reference(raw));
  });

  it('reads back what escapeResourceString writes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(unescapeResourceString(escapeResourceString(text))).toBe(reference(escapeResourceString(text)));
      }),
      { numRuns: 1000, seed: 10 },
    );
  });
});
