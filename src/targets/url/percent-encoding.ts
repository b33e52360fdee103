/**
 * Percent-encoding of values in the `ciscojabber://provision?...` configuration URL.
 *
 * Cisco documents no encoding rule (reference jabber-parameters.md §2 "Not found in any source",
 * §9.2); its examples keep `,` `.` `-` `_` raw (`ServiceDiscoveryExcludedServices=CUCM,CUP`). So a
 * value keeps every character RFC 3986 allows raw in a query, and only these are encoded:
 * - `&` `=` `#` `+` `?` `%`: they end, add or change a parameter (or the fragment), or are read
 *   as a space (`+`) or an escape (`%`) by form decoders;
 * - everything RFC 3986 does not allow in a query (space, `"` `<` `>` `\` `^` `` ` `` `{` `|` `}`,
 *   control characters, non-ASCII as UTF-8 bytes): strict URI parsers (java.net.URI on Android,
 *   NSURL on iOS before 17) reject such a link, browsers rewrite it in an href, and mail
 *   programs cut an automatic link at a space or `<`.
 */

/**
 * Characters written raw: RFC 3986 `unreserved` plus the `sub-delims`, `:` `@` `/` allowed in a
 * query, minus `&` `=` `+` (query structure and form-decoding).
 */
const RAW = /^[A-Za-z0-9\-._~!$'()*,;:@/]$/;
/** A value made of raw characters only: written as it is (most values are). */
const ALL_RAW = /^[A-Za-z0-9\-._~!$'()*,;:@/]*$/;

/** Percent-encodes one parameter value (UTF-8, upper-case hex as RFC 3986 §2.1 recommends). */
export function encodeUrlValue(value: string): string {
  if (ALL_RAW.test(value)) return value;
  let out = '';
  for (const ch of value) {
    if (RAW.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(toWellFormed(ch), 'utf8')) {
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

/** True when `text` is exactly what encodeUrlValue writes for some value (no raw `+`, `%XX` only where needed). */
export function isCanonicallyEncoded(text: string): boolean {
  const decoded = decodeUrlValue(text);
  return decoded.ok && encodeUrlValue(decoded.value) === text;
}

/**
 * Decodes a percent-encoded value. A `+` stays a plus: RFC 3986 gives it no special meaning and
 * jabber-emm never writes it raw. Malformed escapes or invalid UTF-8 are reported, not thrown.
 */
export function decodeUrlValue(text: string): { ok: true; value: string } | { ok: false; reason: string; index?: number } {
  // No escape and no surrogate: the UTF-8 round trip below gives the text itself.
  if (!text.includes('%') && !SURROGATE.test(text)) return { ok: true, value: text };
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && c !== 0x25) {
      bytes.push(c);
      i += 1;
      continue;
    }
    if (c === 0x25 /* % */) {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        const shown = hex === '' ? 'the value ends there' : `"%${hex}" follows`;
        return { ok: false, reason: `"%" at position ${i + 1} of the value is not followed by two hex digits (${shown}); a literal "%" is written %25`, index: i };
      }
      bytes.push(parseInt(hex, 16));
      i += 3;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    bytes.push(...Buffer.from(ch, 'utf8'));
    i += ch.length;
  }
  try {
    return { ok: true, value: UTF8.decode(Uint8Array.from(bytes)) };
  } catch {
    return { ok: false, reason: 'the percent-encoded bytes are not valid UTF-8' };
  }
}

/** Any UTF-16 surrogate (a lone one becomes U+FFFD in the round trip). */
const SURROGATE = /[\uD800-\uDFFF]/;

/** One strict decoder for every call (decode without `stream` keeps no state between calls). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A lone surrogate has no UTF-8 form; Buffer would write U+FFFD silently, so do it explicitly. */
function toWellFormed(ch: string): string {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && c >= 0xd800 && c <= 0xdfff ? '\uFFFD' : ch;
}
