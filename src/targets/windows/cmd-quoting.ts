/**
 * Writing msiexec property values into a `.cmd` file and reading them back, by the rules cmd.exe
 * and msiexec apply to a batch line:
 * - cmd, phase 1 (batch files only): `%%` is one `%`; a single `%` starts a variable expansion.
 * - cmd, phase 2: outside double quotes `& | < >` end the command and `^` escapes the next
 *   character; inside double quotes all of them are literal. `( )` matter inside blocks.
 * - msiexec: `PROPERTY=value`, the value ends at white space unless quoted
 *   (`PROPERTY="value with space"`); "To include a quotation mark in a property value, use two
 *   quotation marks" (Microsoft, msiexec command-line options) — jabber-emm does not write that,
 *   because a quote also flips cmd's quoting state, which makes the line hard to check.
 * Cisco: "quote paths with spaces" for LOG_DIRECTORY (reference jabber-parameters.md §6 [S1]).
 */

/** Characters that make cmd do something outside double quotes, or end a value for msiexec. */
const NEEDS_QUOTES = /[\s&|^<>()]/;
/** Control characters: a newline would end the command line and start another one. */
const CONTROL = /[\u0000-\u001F\u007F]/;

/** A value ready for the line, or why it cannot be written. */
export type QuotedValue = { ok: true; text: string } | { ok: false; code: 'quote-in-value' | 'control-character'; reason: string };

/**
 * Writes one property value for a batch line: `%` doubled, double quotes around a value that is
 * empty or holds white space or `& | ^ < > ( )`. A `"` or a control character cannot be written
 * safely and is refused.
 */
export function quoteCmdValue(value: string): QuotedValue {
  if (value.includes('"')) {
    return { ok: false, code: 'quote-in-value', reason: 'a double quote cannot be passed safely through cmd.exe to msiexec' };
  }
  if (CONTROL.test(value)) {
    return { ok: false, code: 'control-character', reason: 'a line break or control character would end the installer command and start another one' };
  }
  const escaped = value.replace(/%/g, '%%');
  return { ok: true, text: value === '' || NEEDS_QUOTES.test(value) ? `"${escaped}"` : escaped };
}

/** One token of a batch command line after cmd's and msiexec's processing. */
export interface CmdToken {
  /** The token with quotes and escapes removed: what the program receives for it. */
  value: string;
  /** Index in the line as given where the token starts (its first character or opening quote). */
  start: number;
  /** For `NAME=value` tokens: the name and the value; undefined for switches and file names. */
  property?: { name: string; value: string };
}

/** A batch command line read back. */
export interface ParsedCmdLine {
  tokens: CmdToken[];
  /** Problems: a command chained with `&`, a run-time variable, an unclosed quote. */
  problems: { code: 'command-chaining' | 'runtime-variable' | 'unclosed-quote'; reason: string; start: number }[];
}

/** An msiexec property name as a token holds it before `=`. */
export const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Splits a batch line the way cmd.exe hands it to msiexec and msiexec reads it. Stops at an
 * unquoted `& | < >` (anything after it is another command) and reports it.
 */
export function parseCmdLine(line: string): ParsedCmdLine {
  const problems: ParsedCmdLine['problems'] = [];
  // Phase 1: percent expansion. `%%` → `%`; `%NAME%` depends on the machine running the file.
  // `origin[i]` is the index in `line` of the i-th expanded character.
  let expanded = '';
  const origin: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    origin.push(i);
    if (c !== '%') {
      expanded += c;
      continue;
    }
    if (line[i + 1] === '%') {
      expanded += '%';
      i++;
      continue;
    }
    problems.push({ code: 'runtime-variable', reason: 'a single "%" is expanded by cmd.exe when the file runs, so the value is not fixed', start: i });
    expanded += c;
  }
  origin.push(line.length);
  // Phase 2 and msiexec: quotes, carets, separators.
  const tokens: CmdToken[] = [];
  let current = '';
  let start = -1;
  let quoted = false;
  let quoteStart = 0;
  const flush = () => {
    if (start < 0) return;
    const eq = current.indexOf('=');
    const token: CmdToken = { value: current, start: origin[start]! };
    if (eq > 0 && PROPERTY_NAME.test(current.slice(0, eq))) {
      token.property = { name: current.slice(0, eq), value: current.slice(eq + 1) };
    }
    tokens.push(token);
    current = '';
    start = -1;
  };
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i]!;
    if (quoted) {
      if (c === '"') {
        if (expanded[i + 1] === '"') {
          current += '"'; // msiexec: "" inside quotes is one literal quote
          i++;
        } else quoted = false;
      } else current += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      quoteStart = i;
      if (start < 0) start = i;
    } else if (c === '^') {
      if (start < 0) start = i;
      if (i + 1 < expanded.length) current += expanded[++i];
    } else if (/[&|<>]/.test(c)) {
      problems.push({ code: 'command-chaining', reason: `an unquoted "${c}" ends the installer command and starts or redirects another one`, start: origin[i]! });
      break;
    } else if (c === ' ' || c === '\t') {
      flush();
    } else {
      current += c;
      if (start < 0) start = i;
    }
  }
  if (quoted) problems.push({ code: 'unclosed-quote', reason: 'a double quote is not closed', start: origin[quoteStart]! });
  flush();
  return { tokens, problems };
}
