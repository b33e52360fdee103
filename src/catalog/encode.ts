import type { Parameter } from './types.js';
import type { SettingValue } from '../profile/types.js';

/**
 * Writes a canonical value the way a text channel carries it (configuration URL, EMM string
 * values, installer switch): Cisco's boolean tokens (`ON`/`OFF`, `True`/`False`, `true`/`false`),
 * comma-joined lists, enum tokens as they are. Returns null when the value is not written at all
 * (a false boolean whose channel has no false token, such as CLEAR).
 */
export function encodeText(p: Parameter, value: SettingValue): string | null {
  switch (p.type) {
    case 'boolean': {
      const tokens = p.booleanTokens ?? { true: 'true', false: 'false' };
      return value === true ? tokens.true : tokens.false;
    }
    case 'list':
      return (value as string[]).join(p.separator ?? ',');
    case 'integer':
      return String(value);
    default:
      return String(value);
  }
}

/**
 * Reads a text-channel value back to canonical form, the inverse of encodeText. Accepts the
 * tokens Cisco prints in any case (`True`, `TRUE`, `true`, `ON`, `1`). Returns undefined when
 * the text is not a valid value of the parameter.
 */
export function decodeText(p: Parameter, text: string): SettingValue | undefined {
  const t = text.trim();
  switch (p.type) {
    case 'boolean': {
      const tokens = p.booleanTokens ?? { true: 'true', false: 'false' };
      const l = t.toLowerCase();
      if (l === tokens.true.toLowerCase() || l === 'true' || l === 'on' || l === 'yes') return true;
      if ((tokens.false !== null && l === tokens.false.toLowerCase()) || l === 'false' || l === 'off' || l === 'no') return false;
      if (l === '1') return true;
      if (l === '0') return false;
      return undefined;
    }
    case 'list': {
      const items = t.split(p.separator ?? ',').map((s) => s.trim()).filter((s) => s !== '');
      return items.every((i) => p.values?.includes(i)) ? items : undefined;
    }
    case 'enum':
      return p.values?.includes(t) ? t : undefined;
    case 'integer':
      return /^-?\d+$/.test(t) ? Number(t) : undefined;
    default:
      return text;
  }
}
