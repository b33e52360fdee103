/**
 * The `ciscojabber://provision?...` configuration URL: built from a profile in Cisco's template
 * order, and read back for verification and import. Source: reference jabber-parameters.md §3.1
 * (template, examples, "The parameters are case sensitive" [S1, S2]).
 */
import { getParameter, loadCatalog, suggestKey } from '../../catalog/index.js';
import { decodeText, encodeText } from '../../catalog/encode.js';
import { readValueVariants, valueVariantMessage } from '../../catalog/emm-values.js';
import type { Parameter } from '../../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile, SettingValue } from '../../profile/types.js';
import { hasVariables } from '../../variables/consoles.js';
import { notCarriedMessage } from '../emm-entries.js';
import { positionKey, type ArtifactPosition } from '../types.js';
import { decodeUrlValue, encodeUrlValue, isCanonicallyEncoded } from './percent-encoding.js';

/** Scheme and host of every configuration URL, as Cisco prints them. */
export const PROVISION_PREFIX = 'ciscojabber://provision?';

/** One parameter of a configuration URL, as the profile holds it and as the URL carries it. */
export interface UrlEntry {
  param: Parameter;
  /** Name in the URL (catalog `channels.url.name`). */
  name: string;
  /** Cisco's text token before percent-encoding (encodeText). */
  text: string;
  canonical: SettingValue;
}

/** The URL built from a profile, and what could not go into it. */
export interface BuiltUrl {
  /** The URL, or undefined when an error keeps it from being written or nothing maps to it. */
  url: string | undefined;
  entries: UrlEntry[];
  diagnostics: Diagnostic[];
}

/** Lone UTF-16 surrogates have no UTF-8 form, so they cannot be percent-encoded faithfully. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Keys in Cisco's template order (`urlOrder`), then any other URL key in catalog order. */
function urlRank(): Map<string, number> {
  const { catalog, parameters } = loadCatalog();
  const rank = new Map<string, number>();
  catalog.urlOrder.forEach((k, i) => rank.set(k, i));
  parameters.forEach((p, i) => {
    if (p.section === 'settings' && !rank.has(p.key)) rank.set(p.key, catalog.urlOrder.length + i);
  });
  return rank;
}

/**
 * Builds the configuration URL from the profile's settings that have a URL channel. EMM-only keys
 * become `not-carried` warnings; per-user variables are errors (no console fills in a URL).
 */
export function buildProvisionUrl(profile: ResolvedProfile, target: string): BuiltUrl {
  const { bySection } = loadCatalog();
  const rank = urlRank();
  const diagnostics: Diagnostic[] = [];
  const entries: UrlEntry[] = [];
  for (const [key, canonical] of profile.settings) {
    const param = bySection.settings.get(key);
    if (!param) continue; // unknown keys are the validator's business
    const pointer = jsonPointer('settings', key);
    const at = { ...profile.positions.get(pointer), pointer, target };
    if (!param.channels.url) {
      diagnostics.push(diagnostic('warning', 'not-carried', notCarriedMessage(param, target, 'url'), at));
      continue;
    }
    const text = encodeText(param, canonical);
    if (text === null) continue; // a false boolean without a false token is not written at all
    if (hasVariables(text)) {
      diagnostics.push(
        diagnostic(
          'error',
          'variable-in-url',
          `${param.key} uses a per-user variable, which a configuration URL cannot carry: no console fills it in. ` +
            'Use a literal value, or deliver this key through EMM instead.',
          at,
        ),
      );
      continue;
    }
    if (LONE_SURROGATE.test(text)) {
      diagnostics.push(
        diagnostic('error', 'invalid-character', `${param.key} holds a broken Unicode character (a lone surrogate) that cannot be written to a URL.`, at),
      );
      continue;
    }
    entries.push({ param, name: param.channels.url.name, text, canonical });
  }
  entries.sort((a, b) => rank.get(a.param.key)! - rank.get(b.param.key)!);
  if (diagnostics.some((d) => d.severity === 'error')) return { url: undefined, entries, diagnostics };
  if (entries.length === 0) {
    diagnostics.push(
      diagnostic('warning', 'nothing-to-write', `No setting of this profile goes into a configuration URL, so ${target} writes nothing.`, {
        pointer: '/settings',
        target,
      }),
    );
    return { url: undefined, entries, diagnostics };
  }
  if (!entries.some((e) => e.param.key === 'ServicesDomain')) {
    diagnostics.push(
      diagnostic(
        'warning',
        'url-without-services-domain',
        'The configuration URL has no ServicesDomain; Cisco: "Every configuration URL must include the domain of the IM and presence server".',
        { pointer: '/settings', target },
      ),
    );
  }
  const query = entries.map((e) => `${e.name}=${encodeUrlValue(e.text)}`).join('&');
  return { url: PROVISION_PREFIX + query, entries, diagnostics };
}

/** One `name=value` pair of a parsed URL. */
export interface UrlPair {
  /** Name exactly as written. */
  name: string;
  /** Value as written (percent-encoded). */
  raw: string;
  /** Decoded value (undefined when the encoding is malformed). */
  value: string | undefined;
  /** Where the parameter's name stands (line and column from 1, counted from the URL's origin). */
  line: number;
  column: number;
}

/** A configuration URL read back. */
export interface ParsedUrl {
  pairs: UrlPair[];
  /** Canonical settings key → decoded text value. */
  settings: Map<string, string>;
  /** Names the catalog does not know → decoded text value. */
  unknown: Map<string, string>;
  /** Line and column (from 1) of each parameter's name, by positionKey. */
  positions: Map<string, ArtifactPosition>;
  diagnostics: Diagnostic[];
}

/**
 * Reads a configuration URL (the URL itself or a file holding it on one line). Checks the scheme,
 * the host `provision`, that each parameter appears once with a known name and a valid value.
 * Documented variant spellings (`servicesdomain` [S6, S7]) are kept under the canonical key, with
 * a warning, because Cisco says the names are case sensitive.
 */
export function parseProvisionUrl(contents: string, file = '', target = 'url', origin: { line: number; column: number } = { line: 1, column: 1 }): ParsedUrl {
  const diagnostics: Diagnostic[] = [];
  const at = { ...origin, file, target };
  const settings = new Map<string, string>();
  const unknown = new Map<string, string>();
  const positions = new Map<string, ArtifactPosition>();
  const pairs: UrlPair[] = [];
  const result = (): ParsedUrl => ({ pairs, settings, unknown, positions, diagnostics });

  const lines = contents.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop(); // the trailing newline of the file
  const url = (lines[0] ?? '').replace(/\r$/, '');
  if (lines.length !== 1) {
    diagnostics.push(diagnostic('error', 'url-not-one-line', 'A configuration URL file must hold the URL on exactly one line.', at));
  }
  const q = url.indexOf('?');
  const written = q < 0 ? url : url.slice(0, q);
  if (!/^ciscojabber:\/\/provision\/?$/i.test(written)) {
    diagnostics.push(
      diagnostic('error', 'url-not-provision', `A configuration URL starts with "${PROVISION_PREFIX}" (Cisco's template).`, at),
    );
    return result();
  }
  // `provision/?` (an empty path, as some pages and link tools write it) names the same scheme,
  // host and query; it is read, with a warning, rather than not recognised at all.
  const head = written.endsWith('/') ? written.slice(0, -1) : written;
  if (head !== written) {
    diagnostics.push(
      diagnostic(
        'warning',
        'url-path-slash',
        `The URL has a "/" between "provision" and "?"; it is read as the same URL, but Cisco's template has none: write "${PROVISION_PREFIX}".`,
        at,
      ),
    );
  }
  if (head !== PROVISION_PREFIX.slice(0, -1)) {
    diagnostics.push(diagnostic('warning', 'url-prefix-case', `Cisco writes the scheme and host in lower case: "${PROVISION_PREFIX}".`, at));
  }
  let query = q < 0 ? '' : url.slice(q + 1);
  const hash = query.indexOf('#');
  if (hash >= 0) {
    diagnostics.push(diagnostic('error', 'url-fragment', 'The URL has a "#" fragment; everything after "#" never reaches Jabber.', at));
    query = query.slice(0, hash);
  }
  if (/[\u0000-\u0020\u007f-\uffff"<>\\^`{|}]/.test(query)) {
    diagnostics.push(
      diagnostic('error', 'url-unencoded-character', 'The URL holds a space, a control character, non-ASCII text or a character URLs do not allow; these must be percent-encoded.', at),
    );
  }
  if (query === '') {
    diagnostics.push(diagnostic('error', 'url-empty', 'The configuration URL has no parameters.', at));
    return result();
  }
  const { byUrlName, variants } = urlNames(loadCatalog().bySection.settings);
  const seen = new Set<string>();
  let offset = q + 1;
  for (const part of query.split('&')) {
    const where: ArtifactPosition = { file, line: origin.line, column: origin.column + offset };
    offset += part.length + 1;
    const at = { ...where, target };
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    const decoded = decodeUrlValue(raw);
    pairs.push({ name, raw, value: decoded.ok ? decoded.value : undefined, line: where.line, column: where.column });
    if (part === '') {
      // Nothing between two "&" (or after the last one): point at the "&" itself, which is on the
      // line, rather than past the end of the URL.
      diagnostics.push(
        diagnostic('error', 'url-malformed-parameter', 'The URL has an empty parameter: two "&" in a row, or an "&" at the end; remove the extra "&".', {
          ...at,
          column: at.column - 1,
        }),
      );
      continue;
    }
    if (eq < 0) {
      diagnostics.push(diagnostic('error', 'url-malformed-parameter', `"${name}" has no "=value" part.`, at));
      continue;
    }
    if (!decoded.ok) {
      // At the "%" itself when the decoder knows it (the value starts after "name=").
      const column = decoded.index === undefined ? at.column : at.column + eq + 1 + decoded.index;
      diagnostics.push(diagnostic('error', 'url-bad-encoding', `The value of ${name} is not valid percent-encoding: ${decoded.reason}.`, { ...at, column }));
      continue;
    }
    if (raw.includes('+')) {
      diagnostics.push(
        diagnostic('warning', 'url-raw-plus', `The value of ${name} holds a raw "+", which some decoders read as a space; write it as %2B.`, at),
      );
    }
    let param = byUrlName.get(name);
    if (!param) {
      const variant = variants.get(name);
      if (variant) {
        param = variant.param;
        diagnostics.push(
          diagnostic(
            'warning',
            'url-key-variant',
            `"${name}" is a variant spelling of ${param.channels.url!.name} (${variant.note}); Cisco says the parameters are case sensitive, so write ${param.channels.url!.name}.`,
            at,
          ),
        );
      }
    }
    if (!param) {
      const known = getParameter('settings', name);
      const s = known ? undefined : suggestKey('settings', name);
      // A real Jabber parameter that Cisco documents for EMM only: say so, rather than suggest itself.
      // `&amp;` is HTML's escape of `&`, left in by copying a link out of a page's source: the
      // parameter after it reaches Jabber named `amp;...`, so the suggestion is to unescape, not to retype.
      const escaped = /^amp;/i.test(name) ? name.slice(4) : undefined;
      const hint = escaped !== undefined
        ? ` The URL holds "&amp;", HTML's escape of "&" (as in a link copied from a page's source), so Jabber reads a parameter named "${name}", not ${escaped}: write "&" instead of "&amp;".`
        : known
          ? ` Cisco documents ${known.key} for EMM (managed app configuration) only; the client does not read it from the URL.`
          : s
            ? ` Did you mean ${s.key}?`
            : '';
      diagnostics.push(diagnostic('warning', 'url-unknown-parameter', `"${name}" is not a configuration URL parameter Cisco documents.${hint}`, at));
      if (unknown.has(name)) diagnostics.push(diagnostic('error', 'url-duplicate-parameter', `"${name}" appears more than once.`, at));
      unknown.set(name, decoded.value);
      positions.set(positionKey('unknown', name), where);
      continue;
    }
    if (seen.has(param.key)) {
      diagnostics.push(
        diagnostic('error', 'url-duplicate-parameter', `${param.key} appears more than once; Jabber would read only one of the values.`, at),
      );
      continue;
    }
    seen.add(param.key);
    let value = decoded.value;
    const variant = readValueVariants(param, value, 'url');
    if (variant) {
      // A token Cisco prints for the URL in another spelling (Webex): read, with a warning.
      diagnostics.push(diagnostic('warning', 'value-variant', valueVariantMessage(param, variant, param.key), at));
      value = variant.text;
    }
    if (decodeText(param, value) === undefined) {
      const allowed = param.values ? `: one of ${param.values.join(', ')}` : '';
      diagnostics.push(diagnostic('error', 'url-invalid-value', `The value of ${param.key} is not valid for it${allowed}.`, at));
    }
    settings.set(param.key, value);
    positions.set(positionKey('settings', param.key), where);
  }
  return result();
}

/** The URL channel's parameter names and variant spellings, built once per catalog. */
const URL_NAMES = new WeakMap<ReadonlyMap<string, Parameter>, { byUrlName: Map<string, Parameter>; variants: Map<string, { param: Parameter; note: string }> }>();

function urlNames(settings: ReadonlyMap<string, Parameter>) {
  let names = URL_NAMES.get(settings);
  if (!names) {
    names = { byUrlName: new Map(), variants: new Map() };
    for (const p of settings.values()) {
      if (!p.channels.url) continue;
      names.byUrlName.set(p.channels.url.name, p);
      for (const v of p.keyVariants ?? []) names.variants.set(v.spelling, { param: p, note: v.note });
    }
    URL_NAMES.set(settings, names);
  }
  return names;
}

/**
 * Checks a configuration URL the way `verify` does: it parses back cleanly, and every value is
 * written in the canonical form jabber-emm writes (so reading it back gives exactly the value).
 */
export function checkProvisionUrl(contents: string, file = '', target = 'url'): Diagnostic[] {
  const parsed = parseProvisionUrl(contents, file, target);
  const diagnostics = [...parsed.diagnostics];
  for (const pair of parsed.pairs) {
    if (pair.value !== undefined && !pair.raw.includes('+') && !isCanonicallyEncoded(pair.raw)) {
      diagnostics.push(
        diagnostic(
          'warning',
          'url-not-canonical',
          `The value of ${pair.name} is percent-encoded differently from Cisco's raw style (only characters that could break the URL are encoded).`,
          { file, target, line: pair.line, column: pair.column },
        ),
      );
    }
  }
  return diagnostics;
}
