/**
 * Java's Integer.decode, which Android lint applies to a literal `integer` default
 * (RestrictionsDetector.kt) and which decides what an app restrictions integer may look like.
 */

/** Java's Integer.decode: optional sign, then decimal, `0x`/`0X`/`#` hex or `0` octal; int32 only. */
export function decodeJavaInteger(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9A-Fa-f]+|#[0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2]!;
  let n: number;
  if (/^0[xX]/.test(digits)) n = parseInt(digits.slice(2), 16);
  else if (digits.startsWith('#')) n = parseInt(digits.slice(1), 16);
  else if (digits.length > 1 && digits.startsWith('0')) n = parseInt(digits.slice(1), 8);
  else n = parseInt(digits, 10);
  if (m[1] === '-') n = -n;
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}
