/**
 * The catalog seen from an EMM file (iOS managed app configuration, Android managed
 * configuration): EMM key names back to parameters, and whether a value a file holds is one Jabber
 * takes for that key. Shared by the verifiers and parsers of the iOS and Android targets.
 */
import { decodeText } from './encode.js';
import { getParameter, loadCatalog, suggestKey } from './index.js';
import type { Parameter, Platform } from './types.js';

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
      return p.values?.includes(v.value) ? undefined : `${p.key} takes one of ${p.values?.join(', ')}; found ${shown(v.value)}.`;
    case 'list':
      if (v.kind !== 'string') {
        return `${p.key} is a ${p.separator ?? ','}-separated string of ${p.values?.join(', ')}; found ${aType}.`;
      }
      return decodeText(p, v.value) === undefined
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
  const hint = near && near.section === 'settings' ? ` Did you mean ${near.key}${near.note ? ` (${near.note})` : ''}?` : '';
  return `${name} is not a Cisco Jabber parameter this tool knows; Jabber ignores keys it does not read.${hint}`;
}
