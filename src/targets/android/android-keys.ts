/**
 * The catalog seen from an Android managed configuration: EMM key names back to parameters, and
 * whether a value an Android file holds is one Jabber understands for that key. Shared by the
 * verifiers and parsers of the three Android targets.
 */
import { decodeText } from '../../catalog/encode.js';
import { loadCatalog } from '../../catalog/index.js';
import type { Parameter } from '../../catalog/types.js';

let byEmmName: Map<string, Parameter> | undefined;

/** The settings parameter whose EMM key name is `name` (any platform), if the catalog has one. */
export function parameterByEmmName(name: string): Parameter | undefined {
  if (!byEmmName) {
    byEmmName = new Map();
    for (const p of loadCatalog().bySection.settings.values()) {
      if (p.channels.emm) byEmmName.set(p.channels.emm.name, p);
    }
  }
  return byEmmName.get(name);
}

/** True when Jabber for Android reads the parameter from its managed configuration. */
export function androidReads(p: Parameter): boolean {
  return p.channels.emm?.platforms.includes('android') ?? false;
}

/** A value as an Android file holds it, tagged with its JSON/Bundle type. */
export type AndroidValue =
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
export function catalogValueProblem(p: Parameter, v: AndroidValue): string | undefined {
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
