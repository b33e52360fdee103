/**
 * The one rule for what text stands for a boolean parameter. The profile loader (src/profile/
 * typing.ts) and the generated JSON Schema (profile-schema.ts) both read it, so an editor and
 * `validate` never disagree about a value.
 *
 * A boolean takes true/false and on/off, the parameter's own Cisco tokens (True/False, ON/OFF,
 * 1), in any case, blanks around ignored; a switch whose true token is 1 (CLEAR) also takes 0.
 * In a profile, YAML 1.1's yes/no are booleans too: the YAML 1.2 reader sees them as words, but an
 * admin who writes `Telephony_Enabled: yes` means true. Exported files do not get yes/no: Jabber
 * reads only Cisco's tokens there.
 */
import type { Parameter } from './types.js';

/** Words for true and for false, lower case. */
export interface BooleanWords {
  true: string[];
  false: string[];
}

/** The words a boolean parameter takes (compare lower-cased and trimmed); `yesNo` adds YAML 1.1's yes/no. */
export function booleanWords(p: Parameter, opts: { yesNo?: boolean } = {}): BooleanWords {
  const tokens = p.booleanTokens;
  const yes = ['true', 'on', ...(opts.yesNo ? ['yes'] : [])];
  const no = ['false', 'off', ...(opts.yesNo ? ['no'] : [])];
  if (tokens) yes.push(tokens.true.toLowerCase());
  if (tokens?.false != null) no.push(tokens.false.toLowerCase());
  // A switch written only when true (CLEAR=1): 0 is its natural "no".
  if (tokens?.true === '1') no.push('0');
  return { true: [...new Set(yes)], false: [...new Set(no)] };
}

/** The boolean a text stands for, or undefined when it is none of the words. */
export function booleanFromWords(words: BooleanWords, text: string): boolean | undefined {
  const l = text.trim().toLowerCase();
  if (words.true.includes(l)) return true;
  if (words.false.includes(l)) return false;
  return undefined;
}

/**
 * An ECMA-262 pattern (JSON Schema `pattern` has no flags) matching exactly the texts
 * booleanFromWords accepts: each word in any case, blanks around it allowed.
 */
export function booleanWordsPattern(words: BooleanWords): string {
  const anyCase = (w: string): string =>
    [...w].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return `^\\s*(?:${[...words.true, ...words.false].map(anyCase).join('|')})\\s*$`;
}
