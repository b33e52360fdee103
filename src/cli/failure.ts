/**
 * The CLI's one error path: every error a command (or the command-not-found hook) ends with
 * becomes a {@link CliFailure}, rendered once for a terminal ({@link failureText}) and once for
 * `--json` ({@link failureJson}). Usage errors (oclif's parse errors, an unknown command, the
 * commands' own bad-flag-value errors) exit 2; a failure the user must fix exits 1.
 */
import { closest, distance } from 'fastest-levenshtein';

/** A failure as the CLI reports it. */
export interface CliFailure {
  /** Stable identifier (`missing-flag`, `unknown-target` ...), listed in the README. */
  code: string;
  /** One message a mobile admin understands; never a stack, never a secret. */
  message: string;
  /** 2 for a usage error, 1 for something the user must fix. */
  exitCode: number;
  /** True for a usage error: the text form points at `--help`. */
  usage: boolean;
  /** The `--help` to point at, e.g. `jabber-emm export --help`. */
  help?: string;
}

/** What `--json` prints for a failure: `{"error": {"code", "message"}}`. */
export interface CliFailureJson {
  error: { code: string; message: string };
}

/**
 * A usage error: the command line cannot be run as given. Raised for oclif's parse errors (see
 * {@link parseFailure}) and for an unknown command; exit code 2.
 */
export class UsageError extends Error {
  /** Stable identifier, e.g. `missing-flag`. */
  readonly code: string;
  /** Always 2: a usage error. */
  readonly exitCode = 2;
  /** The `--help` to point at. */
  readonly help: string | undefined;

  constructor(code: string, message: string, help?: string) {
    super(message);
    this.name = 'UsageError';
    this.code = code;
    this.help = help;
  }
}

/** The parts of a flag definition the messages use. */
export interface FlagInfo {
  char?: string;
  description?: string;
  required?: boolean;
  type?: string;
  helpValue?: string | string[];
}

/** The parts of an argument definition the messages use. */
export interface ArgInfo {
  description?: string;
  required?: boolean;
}

/** The command a parse error belongs to. */
export interface CommandInfo {
  /** The binary, `jabber-emm`. */
  bin: string;
  /** The command id, e.g. `export`. */
  id: string;
  flags: Record<string, FlagInfo>;
  args: Record<string, ArgInfo>;
  /** False when the last argument takes several values (`PATHS...`). */
  strict: boolean;
}

/** What oclif's parse errors carry (@oclif/core lib/parser/errors.js); its classes are not exported. */
interface OclifParseError {
  message: string;
  flags?: unknown;
  args?: unknown;
  parse?: { output?: { flags?: Record<string, unknown>; argv?: unknown[] } };
}

/** A description as the middle of a sentence: one line, no trailing period. */
function clause(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

/** oclif's message without its colours and its "See more help with --help" line. */
function oclifMessage(message: string): string {
  return message
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\n?See more help with --help\s*$/, '')
    .trim();
}

/** `jabber-emm export PATHS... --out <value> [flags]`: the arguments and the required flags. */
export function usageLine(cmd: CommandInfo): string {
  const argNames = Object.keys(cmd.args);
  const args = argNames.map((name, i) => {
    const shown = name.toUpperCase() + (!cmd.strict && i === argNames.length - 1 ? '...' : '');
    return cmd.args[name]!.required ? shown : `[${shown}]`;
  });
  const required = Object.entries(cmd.flags)
    .filter(([, f]) => f.required)
    .map(([name, f]) => (f.type === 'boolean' ? `--${name}` : `--${name} <value>`));
  const optional = Object.values(cmd.flags).some((f) => !f.required) ? ['[flags]'] : [];
  return [cmd.bin, cmd.id, ...args, ...required, ...optional].join(' ');
}

/** "Missing PATHS and --out. Usage: ... PATHS: what it is. --out: what it is." */
function missingMessage(cmd: CommandInfo, args: string[], flags: string[]): string {
  const names = [...args.map((a) => a.toUpperCase()), ...flags.map((f) => `--${f}`)];
  const what = [
    ...args.map((a) => `${a.toUpperCase()}: ${clause(cmd.args[a]?.description)}.`),
    ...flags.map((f) => `--${f}: ${clause(cmd.flags[f]?.description)}.`),
  ];
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `Missing ${list}. Usage: ${usageLine(cmd)}. ${what.join(' ')}`;
}

/** The required flags a parse left unset. */
function missingFlags(cmd: CommandInfo, err: OclifParseError): string[] {
  const given = err.parse?.output?.flags ?? {};
  return Object.entries(cmd.flags)
    .filter(([name, f]) => f.required && given[name] === undefined)
    .map(([name]) => name);
}

/** `Did you mean --out?` for a mistyped name, when one is close enough to be what was meant. */
export function suggestion(typed: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(typed, [...known]);
  // A third of the name may be wrong (two letters at least): `exprot`, `--taget`, `--ot`.
  return distance(typed, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Maps an error thrown by oclif's parser (`this.parse`) to a usage error with a stable code and a
 * message that says what the command needs: `missing-argument`, `missing-flag`, `missing-flag-value`,
 * `unknown-flag`, `unexpected-argument`, `invalid-flag-value`, `flag-conflict`, else `usage-error`.
 */
export function parseFailure(err: unknown, cmd: CommandInfo): UsageError {
  const help = `${cmd.bin} ${cmd.id} --help`;
  const e = (err ?? {}) as OclifParseError;
  const message = oclifMessage(String(e.message ?? err));
  // NonExistentFlagsError: `flags` lists what was typed.
  if (Array.isArray(e.flags)) {
    const known = Object.keys(cmd.flags).map((f) => `--${f}`);
    const parts = (e.flags as string[]).map((typed) => {
      const near = suggestion(typed.replace(/=.*$/, ''), known);
      return near === undefined ? `Unknown flag ${typed}.` : `Unknown flag ${typed}. Did you mean ${near}?`;
    });
    return new UsageError('unknown-flag', parts.join(' '), help);
  }
  if (Array.isArray(e.args)) {
    // RequiredArgsError: `args` are the definitions of the missing ones (required flags are checked
    // after the arguments, so those are named here too: the message says everything at once).
    if (/^Missing \d+ required arg/.test(message)) {
      const missing = Object.keys(cmd.args).filter((name) => (e.args as { name?: string }[]).some((a) => a.name === name));
      return new UsageError('missing-argument', missingMessage(cmd, missing, missingFlags(cmd, e)), help);
    }
    // UnexpectedArgsError: `args` are the extra values.
    return new UsageError('unexpected-argument', `${message}. Usage: ${usageLine(cmd)}.`, help);
  }
  if (/^The following errors? occurred:/.test(message)) {
    const flags = missingFlags(cmd, e);
    if (flags.length > 0 && /Missing required flag/.test(message)) return new UsageError('missing-flag', missingMessage(cmd, [], flags), help);
    const reasons = message.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
    return new UsageError('flag-conflict', `${reasons.join('; ')}.`, help);
  }
  // FlagInvalidOptionError: "Expected --emm=bogus to be one of: intune, ...".
  if (/^Expected --/.test(message) || /^Flag --\S+ expects one of these values/.test(message) || /^Flag --\S+ can only be specified once/.test(message)) {
    return new UsageError('invalid-flag-value', `${message.replace(/\.$/, '')}.`, help);
  }
  const noValue = /^Flag --(\S+) expects a value/.exec(message);
  if (noValue) {
    const name = noValue[1]!;
    return new UsageError('missing-flag-value', `--${name} needs a value: ${clause(cmd.flags[name]?.description)}.`, help);
  }
  return new UsageError('usage-error', message, help);
}

/**
 * `exprot is not a jabber-emm command. Did you mean export?` (`unknown-command`). `id` is oclif's
 * (topics joined by `:`), `ids` the commands to suggest from.
 */
export function unknownCommand(bin: string, id: string, ids: readonly string[]): UsageError {
  const near = suggestion(id, ids);
  const shown = (s: string): string => s.split(':').join(' ');
  const hint = near === undefined ? '' : ` Did you mean ${shown(near)}?`;
  return new UsageError('unknown-command', `${shown(id)} is not a ${bin} command.${hint}`, `${bin} help`);
}

/**
 * Why oclif found no command for `id`. With topics separated by spaces oclif joins the words after
 * a command that takes no arguments into the id (`targets extra` arrives as `targets:extra`), so a
 * command named by the first words is given an argument it does not take (`unexpected-argument`);
 * otherwise the word typed where a command belongs is not one (`unknown-command`, with the closest).
 */
export function commandNotFound(bin: string, id: string, commands: readonly Omit<CommandInfo, 'bin'>[]): UsageError {
  const words = id.split(':');
  if (words[0]!.startsWith('-')) {
    return new UsageError('unknown-flag', `Unknown flag ${words[0]}: ${bin} itself takes only --help (-h) and --version (-v); other flags follow a command.`, `${bin} help`);
  }
  for (let n = words.length - 1; n >= 1; n -= 1) {
    const cmd = commands.find((c) => c.id === words.slice(0, n).join(':'));
    if (cmd === undefined) continue;
    const extra = words.slice(n);
    const info = { ...cmd, bin, id: cmd.id.split(':').join(' ') };
    return new UsageError('unexpected-argument', `Unexpected argument${extra.length === 1 ? '' : 's'}: ${extra.join(', ')}. Usage: ${usageLine(info)}.`, `${bin} ${info.id} --help`);
  }
  // Topics (`a:b` commands make `a` one): the words that name a topic, then the word that is not a command of it.
  const isTopic = (prefix: string): boolean => commands.some((c) => c.id.startsWith(`${prefix}:`));
  let n = 1;
  while (n < words.length && isTopic(words.slice(0, n).join(':'))) n += 1;
  return unknownCommand(bin, words.slice(0, n).join(':'), commands.map((c) => c.id));
}

/** An oclif CLIError (`this.error(message, {exit, code})`): its exit code is in `oclif.exit`. */
interface OclifCliError {
  message: string;
  code?: unknown;
  oclif?: { exit?: unknown };
}

/**
 * The failure an error stands for. A {@link UsageError} keeps its code; an error a command raised
 * with `this.error(message, {exit, code})` keeps its code (`failed` when it has none) and exit
 * code; anything else is a fault of the tool itself (`internal-error`, exit 1).
 */
export function describeFailure(err: unknown): CliFailure {
  if (err instanceof UsageError) return { code: err.code, message: err.message, exitCode: 2, usage: true, ...(err.help !== undefined ? { help: err.help } : {}) };
  const e = err as OclifCliError | undefined;
  const exit = typeof e?.oclif?.exit === 'number' ? e.oclif.exit : undefined;
  const message = e instanceof Error || typeof e?.message === 'string' ? String(e!.message) : String(err);
  if (exit !== undefined) {
    // Without a code of its own, it says only that the command failed (oclif's `this.error` exits 2
    // by default, which need not be a usage error: diff exits 2 for any trouble).
    const code = typeof e!.code === 'string' && e!.code !== '' ? e!.code : 'failed';
    return { code, message: oclifMessage(message), exitCode: exit, usage: false };
  }
  return { code: 'internal-error', message, exitCode: 1, usage: false };
}

/** The `--json` document of a failure. */
export function failureJson(failure: CliFailure): CliFailureJson {
  return { error: { code: failure.code, message: failure.message } };
}

/**
 * The failure for a terminal (stderr): a usage error is one line ending in the `--help` to read;
 * any other failure is its message and its code.
 */
export function failureText(failure: CliFailure): string {
  if (failure.usage) return `Error: ${failure.message}${failure.help !== undefined ? ` See \`${failure.help}\`.` : ''}\n`;
  return `Error: ${failure.message}\nCode: ${failure.code}\n`;
}
