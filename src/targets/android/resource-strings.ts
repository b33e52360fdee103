/**
 * How aapt2 reads text in Android resource files, both ways. Checked against Debian's aapt2
 * (package `aapt`, 10.0.0_r36) by compiling, linking and dumping test files:
 *
 * - `<string>`/`<item>` in res/values: backslash escapes (`\n \t \' \" \\ \@ \? \uXXXX`) are
 *   processed, an unescaped `"` toggles quoting and is dropped, runs of whitespace outside quotes
 *   collapse to one space and leading/trailing whitespace is trimmed, a leading `@`/`?` makes a
 *   reference, and an unescaped apostrophe is a compile error ("unescaped apostrophe in string").
 *   A `<string>` with several `%` conversions fails unless it says `formatted="false"`.
 * - attributes in res/xml: the raw value is first tried as a typed value (`true`/`True`/`TRUE`
 *   → boolean, `007` → integer 7, `-1.5e3` → float, `@…`/`?…` → reference; leading/trailing
 *   whitespace ignored for that test); only when it stays a string are backslash escapes
 *   processed. Quotes and whitespace are kept as written.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a code unit cannot be written as a character in XML 1.0 (or only ambiguously). */
function needsCodeEscape(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0xfffe || code === 0xffff;
}

function uEscape(code: number): string {
  return '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Escapes text for a `<string>` or string-array `<item>` so that aapt2 compiles it back to exactly
 * `text`. XML escaping (`& < >`) is left to the XML serializer.
 */
export function escapeResourceString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && /[\udc00-\udfff]/.test(text[i + 1]!)) {
      out += c + text[i + 1]!; // a well-formed surrogate pair: an astral character, written as is
      i += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) out += uEscape(code); // lone surrogate: UTF-8 cannot hold it
    else if (c === '\\' || c === '"' || c === "'") out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\t') out += '\\t';
    else if (needsCodeEscape(code)) out += uEscape(code);
    else if (i === 0 && (c === '@' || c === '?')) out += '\\' + c;
    else out += c;
  }
  // Spaces at either end or doubled would be trimmed or collapsed: quote the whole string.
  return / {2}|^ | $/.test(text) ? `"${out}"` : out;
}

/** True when a `<string>` needs `formatted="false"` (aapt2 rejects several unnumbered `%` otherwise). */
export function needsUnformatted(text: string): boolean {
  return text.includes('%');
}

/** Reads the content of a `<string>`/`<item>` (already XML-decoded) the way aapt2 compiles it. */
export function unescapeResourceString(raw: string): string {
  // Whitespace rules touch only unquoted, unescaped ASCII whitespace: a run of it becomes one
  // space, dropped at either end (a character pushed, even an empty escape, ends the leading part).
  let out = '';
  let quoted = false;
  let pushed = false;
  let lastLoose = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i]!;
    if (c === '\\') {
      const e = readEscape(raw, i);
      out += e.text;
      pushed = true;
      lastLoose = false;
      i = e.end - 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && isAsciiWhitespace(c.charCodeAt(0))) {
      if (!lastLoose) {
        if (pushed) out += ' ';
        lastLoose = true;
      }
    } else {
      out += c;
      pushed = true;
      lastLoose = false;
    }
  }
  return lastLoose && pushed ? out.slice(0, -1) : out;
}

/** The ASCII characters /\s/ matches: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** One backslash escape at `raw[i]`: the text it stands for and where it ends. */
function readEscape(raw: string, i: number): { text: string; end: number } {
  const next = raw[i + 1];
  if (next === undefined) return { text: '', end: i + 1 };
  if (next === 'n') return { text: '\n', end: i + 2 };
  if (next === 't') return { text: '\t', end: i + 2 };
  if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(raw.slice(i + 2, i + 6))) {
    return { text: String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), end: i + 6 };
  }
  return { text: next, end: i + 2 };
}

/** Reads a string attribute of a res/xml file (already XML-decoded) the way aapt2 compiles it. */
export function unescapeAttributeValue(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 1) {
    if (raw[i] === '\\') {
      const e = readEscape(raw, i);
      out += e.text;
      i = e.end - 1;
    } else out += raw[i];
  }
  return out;
}

/**
 * True when `value` can stand as a literal string attribute in res/xml and mean the same to
 * aapt2 (not coerced to a boolean, number or reference, no escapes) and to any tool that reads
 * the text as is. Anything else goes into the values file as a `@string/` resource.
 */
export function isPlainAttributeValue(value: string): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/^[@?#+\-.0-9]/.test(value)) return false;
  if (/^(true|false)$/i.test(value)) return false;
  if (LONE_SURROGATE.test(value)) return false;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code === 0x5c || code < 0x20 || code === 0xfffe || code === 0xffff) return false;
  }
  return true;
}

/** A valid resource name for a key: `jabber_` + the key with characters aapt2 rejects turned to `_`. */
export function resourceNameFor(key: string, suffix: string): string {
  return `jabber_${key.replace(/[^A-Za-z0-9_]/g, '_')}_${suffix}`;
}
