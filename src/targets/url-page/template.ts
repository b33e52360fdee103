/**
 * The page and e-mail templates in `templates/`, filled through named `{{slot}}` markers. Two
 * slots and a page do not earn a template engine; what matters is that every value from a
 * profile is escaped, and only markup built here (the QR code) goes in unescaped.
 */
import { readFileSync } from 'node:fs';

/** Markup built by jabber-emm itself, safe to insert unescaped. Profile text never becomes Html. */
export interface Html {
  readonly html: string;
}

/** Wraps markup this module's callers build from escaped parts (never from raw profile text). */
export function trustedHtml(html: string): Html {
  return { html };
}

/** Characters XML 1.0 forbids (the page must stay well-formed XML) and lone surrogates. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes profile text printable: CR/CRLF become LF, and control characters (which XML 1.0 and
 * mail bodies cannot carry) become U+FFFD. Returns whether anything was replaced.
 */
export function printableText(text: string): { text: string; replaced: boolean } {
  const lf = text.replace(/\r\n?/g, '\n');
  const out = lf.replace(NOT_XML_CHAR, '\uFFFD');
  return { text: out, replaced: out !== lf };
}

/** Escapes text for HTML/XML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return printableText(text)
    .text.replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SLOT = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/**
 * Replaces each `{{name}}` in `template` with its slot: plain strings are HTML-escaped, Html is
 * inserted as is. A slot missing from either side is a programming error, so it throws.
 */
export function fillHtmlTemplate(template: string, slots: Record<string, string | Html>): string {
  return fill(template, slots, (v) => (typeof v === 'string' ? escapeHtml(v) : v.html));
}

/** Replaces each `{{name}}` in a plain-text template with its slot, unescaped. */
export function fillTextTemplate(template: string, slots: Record<string, string>): string {
  return fill(template, slots, (v) => v);
}

function fill<T>(template: string, slots: Record<string, T>, write: (value: T) => string): string {
  const used = new Set<string>();
  const out = template.replace(SLOT, (_whole, name: string) => {
    if (!Object.hasOwn(slots, name)) throw new Error(`template slot {{${name}}} has no value`);
    used.add(name);
    return write(slots[name]!);
  });
  const unused = Object.keys(slots).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`template has no slot for ${unused.join(', ')}`);
  return out;
}

const cache = new Map<string, string>();

/**
 * Reads a template shipped in `templates/` (from `src/` and from `dist/` alike). Line endings are
 * normalised to LF so a checkout with CRLF conversion still renders the same bytes.
 */
export function loadTemplate(name: 'url-page.html' | 'url-email.txt'): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../../../templates/${name}`, import.meta.url), 'utf8').replace(/\r\n/g, '\n');
    cache.set(name, text);
  }
  return text;
}
