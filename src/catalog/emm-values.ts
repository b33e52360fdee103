/**
 * The catalog seen from an EMM file (iOS managed app configuration, Android managed
 * configuration): EMM key names back to parameters, and whether a value a file holds is one Jabber
 * takes for that key. Shared by the verifiers and parsers of the iOS and Android targets.
 */
import { decodeText } from './encode.js';
import { getParameter, loadCatalog, suggestKey } from './index.js';
import type { ChannelId, Parameter, Platform } from './types.js';

const byEmmName = new Map<Platform, Map<string, Parameter>>();

/**
 * The settings parameter whose EMM key name is `name`, preferring one that `platform` reads; or,
 * failing that, whose canonical key is `name` (a URL-only or Mac-only key someone put into an EMM
 * file).
 */
export function parameterByEmmName(name: string, platform: Platform): Parameter | undefined {
  let table = byEmmName.get(platform);
  if (!table) {
    table = new Map();
    for (const p of loadCatalog().bySection.settings.values()) {
      const emmName = p.channels.emm?.name;
      if (emmName !== undefined && (!table.has(emmName) || emmReads(p, platform))) table.set(emmName, p);
    }
    // Spellings Cisco prints for an EMM key (PRTCertificateURL): read under the key, never in place of a real name.
    for (const p of loadCatalog().bySection.settings.values()) {
      if (!p.channels.emm) continue;
      for (const v of p.keyVariants ?? []) if (v.channels?.includes('emm') && !table.has(v.spelling)) table.set(v.spelling, p);
    }
    byEmmName.set(platform, table);
  }
  return table.get(name) ?? getParameter('settings', name);
}

/** True when Jabber on `platform` reads the parameter from its managed app configuration. */
export function emmReads(p: Parameter, platform: Platform): boolean {
  return p.channels.emm?.platforms.includes(platform) ?? false;
}

/** A value as an EMM file holds it, tagged with its plist/JSON/Bundle type. */
export type EmmFileValue =
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'integer'; value: number }
  | { kind: 'string-array'; value: string[] }
  | { kind: 'other'; type: string };

/**
 * Why `value` is not a value Jabber takes for `p`, or undefined when it is. Booleans may be
 * Cisco's text tokens or typed (`--typed-values`); integers decimal text or typed; enums and
 * lists Cisco's tokens as text. Never quotes the value of a secret parameter.
 */
export function catalogValueProblem(p: Parameter, v: EmmFileValue): string | undefined {
  const shown = (s: string): string => (p.secret ? 'the value given' : JSON.stringify(s));
  const typeName = v.kind === 'other' ? v.type : v.kind === 'string-array' ? 'list of strings' : v.kind;
  const aType = /^[aeiou]/.test(typeName) ? `an ${typeName}` : `a ${typeName}`;
  switch (p.type) {
    case 'boolean': {
      if (v.kind === 'boolean') return undefined;
      const tokens = p.booleanTokens ?? { true: 'true', false: 'false' };
      const allowed = tokens.false === null ? tokens.true : `${tokens.true} or ${tokens.false}`;
      if (v.kind === 'string') {
        return decodeText(p, v.value) === undefined ? `${p.key} takes ${allowed} (or a typed boolean); found ${shown(v.value)}.` : undefined;
      }
      return `${p.key} is a boolean: write ${allowed} as a string, or a typed boolean; found ${aType}.`;
    }
    case 'integer': {
      const n = v.kind === 'integer' ? v.value : v.kind === 'string' ? decodeText(p, v.value) : undefined;
      if (typeof n !== 'number') return `${p.key} is a whole number; found ${v.kind === 'string' ? shown(v.value) : aType}.`;
      if ((p.minimum !== undefined && n < p.minimum) || (p.maximum !== undefined && n > p.maximum)) {
        return `${p.key} must be between ${p.minimum ?? '-∞'} and ${p.maximum ?? '∞'}; found ${p.secret ? 'a value outside' : n}.`;
      }
      return undefined;
    }
    case 'enum':
      if (v.kind !== 'string') return `${p.key} takes one of ${p.values?.join(', ')} as a string; found ${aType}.`;
      // A token Cisco prints for EMM in another spelling is read (with a warning), not an error.
      return p.values?.includes(v.value) || readValueVariants(p, v.value, 'emm') ? undefined : `${p.key} takes one of ${p.values?.join(', ')}; found ${shown(v.value)}.`;
    case 'list':
      if (v.kind !== 'string') {
        return `${p.key} is a ${p.separator ?? ','}-separated string of ${p.values?.join(', ')}; found ${aType}.`;
      }
      return decodeText(p, v.value) === undefined && !readValueVariants(p, v.value, 'emm')
        ? `${p.key} takes a ${p.separator ?? ','}-separated list of ${p.values?.join(', ')}; found ${shown(v.value)}.`
        : undefined;
    default:
      return v.kind === 'string' ? undefined : `${p.key} is a string; found ${aType}.`;
  }
}

/**
 * The message for a key an EMM file holds that the catalog does not know, with the catalog's
 * did-you-mean (a documented variant, a case slip, a near miss) when it has one.
 */
export function unknownEmmKeyMessage(name: string): string {
  const near = suggestKey('settings', name);
  const hint = near && near.section === 'settings' ? ` Did you mean ${near.key}?${near.note ? ` (Cisco prints ${name} in one document: ${near.note}.)` : ''}` : '';
  // A key that is empty or has spaces at either end is shown quoted, or the admin cannot see it.
  const shown = name === '' || name.trim() !== name ? JSON.stringify(name) : name;
  const extra = name !== '' && name.trim() !== name ? ' (note the space in the key)' : '';
  return `${shown} is not a Cisco Jabber parameter this tool knows; Jabber ignores keys it does not read.${extra}${hint}`;
}

/**
 * The warning text for a key an EMM file spells as Cisco prints it in one of its documents but
 * not as jabber-emm writes it (PRTCertificateURL for PRTCertificateUrl), or undefined when
 * `name` is the written spelling or no documented variant.
 */
export function emmKeyVariantMessage(name: string, p: Parameter): string | undefined {
  if (p.channels.emm?.name === name || p.key === name) return undefined;
  const v = p.keyVariants?.find((kv) => kv.spelling === name && kv.channels?.includes('emm'));
  if (!v) return undefined;
  return `${name} is how Cisco spells ${p.channels.emm!.name} in one document (${v.note}); it is read as ${p.key}, and an export writes ${p.channels.emm!.name}.`;
}

/** A value token read in a channel's documented variant spelling, and the token it stands for. */
export interface ValueVariantRead {
  /** The text with each variant token replaced by its canonical token. */
  text: string;
  /** The variant tokens found, in order. */
  replaced: { spelling: string; canonical: string; note: string }[];
}

/**
 * Reads enum and list text whose tokens Cisco prints in another spelling for this channel
 * (`Webex` for `WEBEX` in 12.9/14.0): when the text is not a valid value as it stands but is
 * once the documented variants are replaced, returns the replaced text and what was replaced.
 * Undefined otherwise (valid as it is, or invalid either way).
 */
export function readValueVariants(p: Parameter, text: string, channel: ChannelId): ValueVariantRead | undefined {
  if ((p.type !== 'enum' && p.type !== 'list') || !p.valueVariants || decodeText(p, text) !== undefined) return undefined;
  const variants = new Map(p.valueVariants.filter((v) => v.channels?.includes(channel)).map((v) => [v.spelling, v]));
  if (variants.size === 0) return undefined;
  const replaced: ValueVariantRead['replaced'] = [];
  const sep = p.separator ?? ',';
  const tokens = p.type === 'list' ? text.split(sep) : [text];
  const out = tokens.map((token) => {
    const v = variants.get(token.trim());
    if (!v) return token;
    replaced.push({ spelling: v.spelling, canonical: v.canonical, note: v.note });
    return token.replace(v.spelling, v.canonical);
  });
  const joined = out.join(sep);
  return replaced.length > 0 && decodeText(p, joined) !== undefined ? { text: joined, replaced } : undefined;
}

/** The warning text for values read through readValueVariants. */
export function valueVariantMessage(p: Parameter, read: ValueVariantRead, written: string): string {
  const list = read.replaced.map((r) => `${r.spelling} as ${r.canonical} (${r.note})`).join(', ');
  return `${written}: read ${list}; Cisco's examples and jabber-emm's exports write ${read.replaced.map((r) => r.canonical).join(', ')}.`;
}
