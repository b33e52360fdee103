/**
 * A canonical value as one line a terminal or a Markdown table can show safely: values come from
 * files an admin did not necessarily write (a console export), so control characters, line breaks
 * and bidirectional overrides are escaped rather than passed to the terminal.
 */
import type { SettingValue } from '../profile/types.js';

// C0/C1 controls, line/paragraph separators, bidi marks, embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** JSON string syntax, with the characters JSON leaves raw escaped too. */
function quoted(s: string): string {
  return JSON.stringify(s).replace(UNSAFE_ALL, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/**
 * One value for display: booleans and numbers as written, lists as `[A, B]`, strings bare unless
 * they are empty, have outer spaces, hold unsafe characters or would read as another type.
 * `null` (the key is not set on that side) reads `nothing`.
 */
export function showValue(v: SettingValue | null): string {
  if (v === null) return 'nothing';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => showString(x)).join(', ')}]`;
  return showString(v);
}

function showString(s: string): string {
  const ambiguous = s === '' || s !== s.trim() || UNSAFE.test(s) || /^(true|false|nothing|-?\d+)$/i.test(s) || /^\[.*\]$/.test(s) || s.startsWith('"');
  return ambiguous ? quoted(s) : s;
}
