/**
 * The Jabber for Windows installer command: `msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 ...`
 * from the profile's `windows` section and the shared settings that have an installer switch.
 * Source: reference jabber-parameters.md §6 ("Specify command line arguments as parameter=value
 * pairs", example `msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1` [S1]) and §2 (CLEAR).
 */
import { loadCatalog, suggestKey } from '../../catalog/index.js';
import { decodeText, encodeText } from '../../catalog/encode.js';
import { readValueVariants, valueVariantMessage } from '../../catalog/emm-values.js';
import type { Parameter } from '../../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile, SettingValue } from '../../profile/types.js';
import { hasVariables, variableInInstallerMessage } from '../../variables/consoles.js';
import { notCarriedMessage } from '../emm-entries.js';
import { positionKey, type ArtifactPosition } from '../types.js';
import { PROPERTY_NAME, parseCmdLine, quoteCmdValue } from './cmd-quoting.js';

/** The command before the properties, exactly as Cisco prints it. */
export const MSIEXEC_PREFIX = 'msiexec.exe /i CiscoJabberSetup.msi /quiet';

/** cmd.exe reads at most 8191 characters per command line. */
export const CMD_LINE_LIMIT = 8191;

/** One `NAME=value` of the installer command. */
export interface InstallerProperty {
  /** Windows catalog entry. */
  param: Parameter;
  /** MSI property name (catalog `channels.msi.name`). */
  name: string;
  /** Cisco's token for the value (encodeText), before cmd quoting. */
  text: string;
  /** The value as it stands on the batch line (quoteCmdValue). */
  quoted: string;
  /** Where the value came from in the profile, as a JSON pointer. */
  pointer: string;
}

/** What the installer command is built from, and what could not go into it. */
export interface InstallerCommand {
  /** The properties in order (CLEAR first), or undefined when nothing is to be written. */
  properties: InstallerProperty[] | undefined;
  diagnostics: Diagnostic[];
}

function msiName(p: Parameter): string {
  return p.channels.msi?.name ?? p.key;
}

/**
 * Collects the installer properties: the `windows` section, then settings with a `windowsSwitch`
 * the section does not set itself (the section wins a conflict, with a warning). CLEAR=1 is
 * written unless `windows.CLEAR` is false, because without it an existing bootstrap file is kept
 * and "the values you set … do not take effect" [S1].
 */
export function collectInstallerProperties(profile: ResolvedProfile, target: string): InstallerCommand {
  const { bySection, order } = loadCatalog();
  const diagnostics: Diagnostic[] = [];
  const at = (pointer: string) => ({ ...profile.positions.get(pointer), pointer, target });
  const picked = new Map<string, { param: Parameter; value: SettingValue; pointer: string }>();

  for (const [key, value] of profile.windows) {
    const param = bySection.windows.get(key);
    if (!param) continue; // unknown switches are the validator's business
    picked.set(key, { param, value, pointer: jsonPointer('windows', key) });
  }
  for (const [key, value] of profile.settings) {
    const setting = bySection.settings.get(key);
    if (!setting) continue;
    const pointer = jsonPointer('settings', key);
    const param = setting.windowsSwitch ? bySection.windows.get(setting.windowsSwitch) : undefined;
    if (!param) {
      diagnostics.push(diagnostic('warning', 'not-carried', notCarriedMessage(setting, target, 'windows'), at(pointer)));
      continue;
    }
    // The windows section wins; a differing value is the profile check's windows-overrides-setting.
    if (picked.has(param.key)) continue;
    picked.set(param.key, { param, value, pointer });
  }

  const clear = bySection.windows.get('CLEAR');
  const explicitClear = profile.windows.get('CLEAR');
  const others = [...picked.values()].filter((p) => p.param.key !== 'CLEAR');
  if (others.length === 0 && explicitClear !== true) {
    diagnostics.push(
      diagnostic('warning', 'nothing-to-write', `No setting of this profile maps to a Windows installer switch, so ${target} writes nothing.`, {
        pointer: '/windows',
        target,
      }),
    );
    return { properties: undefined, diagnostics };
  }
  if (explicitClear === false) {
    diagnostics.push(
      diagnostic(
        'warning',
        'windows-without-clear',
        'windows.CLEAR is false: an existing bootstrap file is kept, so these values take effect only where Jabber was never installed (Cisco: set CLEAR to 1).',
        at(jsonPointer('windows', 'CLEAR')),
      ),
    );
  }

  const properties: InstallerProperty[] = [];
  if (clear && explicitClear !== false) {
    const text = encodeText(clear, true) ?? '1';
    properties.push({ param: clear, name: msiName(clear), text, quoted: text, pointer: jsonPointer('windows', 'CLEAR') });
  }
  let failed = false;
  for (const { param, value, pointer } of others.sort((a, b) => order.get(a.param)! - order.get(b.param)!)) {
    const text = encodeText(param, value);
    if (text === null) continue; // a false boolean without a false token (RESET_JABBER: false) is simply not written
    if (hasVariables(text)) {
      failed = true;
      diagnostics.push(diagnostic('error', 'variable-in-installer', variableInInstallerMessage(param.key), at(pointer)));
      continue;
    }
    if (decodeText(param, text) === undefined) {
      failed = true;
      const allowed = param.values ? ` (allowed: ${param.values.join(', ')})` : '';
      diagnostics.push(diagnostic('error', 'windows-value-not-accepted', `The installer switch ${msiName(param)} does not accept this value${allowed}.`, at(pointer)));
      continue;
    }
    const quoted = quoteCmdValue(text);
    if (!quoted.ok) {
      failed = true;
      diagnostics.push(diagnostic('error', `windows-${quoted.code}`, `${param.key} cannot go into the installer command: ${quoted.reason}.`, at(pointer)));
      continue;
    }
    properties.push({ param, name: msiName(param), text, quoted: quoted.text, pointer });
  }
  if (failed) return { properties: undefined, diagnostics };
  const line = msiexecLine(properties);
  if (line.length > CMD_LINE_LIMIT) {
    diagnostics.push(
      diagnostic('error', 'windows-line-too-long', `The msiexec command would be ${line.length} characters; cmd.exe reads at most ${CMD_LINE_LIMIT}.`, {
        pointer: '/windows',
        target,
      }),
    );
    return { properties: undefined, diagnostics };
  }
  const nonAscii = properties.find((p) => /[^\x00-\x7F]/.test(p.text));
  if (nonAscii) {
    diagnostics.push(
      diagnostic(
        'warning',
        'windows-non-ascii',
        `${nonAscii.param.key} holds non-ASCII text; the file switches cmd.exe to UTF-8 (chcp 65001) for it. Test the file on the Windows versions you deploy to.`,
        at(nonAscii.pointer),
      ),
    );
  }
  return { properties, diagnostics };
}

/** The msiexec command line: Cisco's prefix, then `NAME=value` per property. */
function msiexecLine(properties: readonly InstallerProperty[]): string {
  return [MSIEXEC_PREFIX, ...properties.map((p) => `${p.name}=${p.quoted}`)].join(' ');
}

/** The profile name as it may stand in a REM line: cmd expands `%` and continues lines at `^` even there. */
function remSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._ -]/g, '_');
}

/** Writes the `.cmd` file: CRLF line endings, `@echo off`, a REM header, the msiexec line. */
export function writeInstallerCmd(profileName: string, properties: readonly InstallerProperty[]): string {
  const nonAscii = properties.some((p) => /[^\x00-\x7F]/.test(p.text));
  const lines = [
    '@echo off',
    `REM Cisco Jabber for Windows installation, profile ${remSafe(profileName)}`,
    'REM Written by jabber-emm. Put this file beside CiscoJabberSetup.msi and run it as an administrator.',
    // Only a true claim: with windows.CLEAR false the command has no CLEAR=1.
    properties.some((p) => p.param.key === 'CLEAR')
      ? 'REM CLEAR=1 replaces the bootstrap file of an earlier installation, so the values below take effect.'
      : 'REM Without CLEAR=1 an earlier installation keeps its bootstrap file: the values below take effect only where Jabber was never installed.',
    // A deployment tool may enable delayed expansion; then "!" in a value would be expanded.
    'setlocal DisableDelayedExpansion',
    // Batch files are read in the console code page; UTF-8 values need code page 65001.
    ...(nonAscii ? ['chcp 65001 >nul'] : []),
    // msiexec resolves CiscoJabberSetup.msi against the current directory; pushd also maps UNC paths.
    'pushd "%~dp0"',
    msiexecLine(properties),
  ];
  return lines.join('\r\n') + '\r\n';
}

/** One `NAME=value` read back from a `.cmd` file, with where its name stands. */
export interface ParsedInstallerProperty {
  /** MSI property name as written. */
  name: string;
  /** The value as msiexec receives it. */
  value: string;
  /** Line and column (from 1) of the name in the file. */
  line: number;
  column: number;
}

/** Properties read back from a `.cmd` file. */
export interface ParsedInstallerCmd {
  /** The properties in file order. */
  properties: ParsedInstallerProperty[];
  /** The msiexec switches and package (`/i`, `CiscoJabberSetup.msi`, `/quiet`), as written. */
  command: string[];
  /** Where the msiexec command starts (line and column from 1); absent when the file has none. */
  start?: { line: number; column: number };
  diagnostics: Diagnostic[];
}

/**
 * Lines jabber-emm writes besides the msiexec line; anything else in a file is reported. A REM
 * line may hold neither `%` (expanded even there; `%~` aborts the batch) nor `^` (a caret at the
 * end joins the next line, the msiexec line included, to the remark).
 */
const KNOWN_LINE = /^(@echo off|setlocal DisableDelayedExpansion|chcp 65001 >nul|pushd "%~dp0"|popd|REM( [^%^]*)?|)$/i;

/**
 * `start /wait` (and other start options, an optional window title) before msiexec, as
 * deployment scripts write it: cmd.exe runs the same msiexec command.
 */
const START_PREFIX = /^start\s+(?:(?:\/[A-Za-z]+|"[^"]*")\s+)*(?=msiexec(?:\.exe)?(?:\s|$))/i;

/** An msiexec command that installs a Cisco Jabber package (`/i` or `/package`, the path quoted or not). */
const JABBER_PACKAGE = /[ \t][/-](?:i|package)[ \t]+(?:"[^"\r\n]*CiscoJabber[^"\r\n]*\.msi"|[^\s"]*CiscoJabber[^\s"]*\.msi)/i;

/**
 * True when a line of `contents` runs msiexec (after `start /wait`, if so) on a Cisco Jabber
 * package: `/i` or `/package`, then the .msi, its path quoted or not. What recognise tells a
 * windows-installer file by, and the command parseInstallerCmd reads when a file holds several.
 */
export function runsJabberInstaller(contents: string): boolean {
  return contents.split(/\r\n|\n|\r/).some((l) => {
    const command = l.trimStart().replace(START_PREFIX, '');
    return /^msiexec(?:\.exe)?[ \t]/i.test(command) && JABBER_PACKAGE.test(command);
  });
}

/** A line that starts like the rest of an msiexec command: a switch or a property (`NAME=`, `NAME =`). */
const CONTINUATION = /^\s*(\/[A-Za-z]|[A-Za-z_][A-Za-z0-9_.]*\s*=)/;

/**
 * Codes of what parse reads with a warning but a file meant to run gets wrong: msiexec would not
 * receive the switch as read. verify (the file's own format rules) reports them as errors.
 */
export const RUNS_DIFFERENTLY = new Set(['windows-spaced-equals', 'windows-wrapped-line', 'windows-unknown-token']);

/** One logical line of a batch file: physical lines joined at a trailing `^`, each character's position kept. */
interface LogicalLine {
  text: string;
  /** Line and column (from 1) of each character of `text`, plus one past the end. */
  at: { line: number; column: number }[];
  /** True when it spans more than one physical line. */
  continued: boolean;
}

/** True when `text` ends in a caret cmd.exe reads as "continue on the next line" (unquoted, not itself escaped). */
function endsWithContinuation(text: string): boolean {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === '^' && !quoted) {
      if (i === text.length - 1) return true;
      i++; // the escaped character
    }
  }
  return false;
}

/** Splits a batch file into logical lines (cmd.exe joins a line ending in `^` with the next one). */
function logicalLines(contents: string): LogicalLine[] {
  const physical = contents.split(/\r?\n/);
  if (physical.at(-1) === '') physical.pop();
  const out: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const line: LogicalLine = { text: '', at: [], continued: false };
    let text = physical[i]!;
    let n = i;
    for (;;) {
      const continues = endsWithContinuation(text) && n + 1 < physical.length;
      const kept = continues ? text.slice(0, -1) : text;
      for (let c = 0; c < kept.length; c++) line.at.push({ line: n + 1, column: c + 1 });
      line.text += kept;
      if (!continues) {
        line.at.push({ line: n + 1, column: kept.length + 1 });
        break;
      }
      text = physical[++n]!;
      line.continued = true;
    }
    i = n;
    out.push(line);
  }
  return out;
}

/** Joins a guide-wrapped line to the command before it (one space between, as the guide meant). */
function appendLine(to: LogicalLine, line: LogicalLine): void {
  const end = to.at.pop()!;
  to.text += ' ' + line.text;
  to.at.push(end, ...line.at);
}

/**
 * Reads a `.cmd` (or a command copied from a guide) back: finds the one msiexec command, splits
 * it by cmd's and msiexec's rules and reports chained commands, run-time variables, duplicate
 * properties and unknown lines. Cisco's printed forms are read, each with a warning at its
 * position: `NAME =value`, lines continued with `^` or wrapped by the guide, no `/quiet`; every
 * token that is neither a switch msiexec takes nor a property is named.
 */
export function parseInstallerCmd(contents: string, file = '', target = 'windows-installer'): ParsedInstallerCmd {
  const fileAt = { file, target };
  const diagnostics: Diagnostic[] = [];
  const properties: ParsedInstallerProperty[] = [];
  const command: string[] = [];
  const lines = logicalLines(contents);
  let msi: LogicalLine | undefined;
  let msiLines = 0;
  const commands: { line: LogicalLine; at: { line: number; column: number } }[] = [];
  let last: 'msiexec' | 'other' = 'other';
  for (const line of lines) {
    const trimmed = line.text.trim();
    const first = line.at[line.text.length - line.text.trimStart().length]!;
    if (/^msiexec(\.exe)?(\s|$)/i.test(trimmed.replace(START_PREFIX, ''))) {
      msiLines++;
      commands.push({ line, at: first });
      msi ??= line;
      last = 'msiexec';
    } else if (last === 'msiexec' && msi && CONTINUATION.test(line.text) && msiLines === 1) {
      // Guides print long commands wrapped over lines; cmd.exe would run this line on its own.
      diagnostics.push(
        diagnostic(
          'warning',
          'windows-wrapped-line',
          `Line ${first.line} continues the msiexec command without a ^ at the end of the line before (as Cisco's guides print long commands); it is read as part of the command, but cmd.exe would run it as a command of its own. Join the lines, or end the line before with ^.`,
          { ...fileAt, ...first },
        ),
      );
      appendLine(msi, line);
    } else if (line.continued || !KNOWN_LINE.test(trimmed)) {
      // Only the msiexec command may go on over lines: a REM ending in ^ swallows the next line.
      last = 'other';
      // Name the command (its first word only: the rest of the line may hold anything).
      const word = trimmed.split(/\s/, 1)[0]!.slice(0, 40);
      diagnostics.push(
        diagnostic('error', 'windows-unexpected-line', `The file holds a command other than the msiexec installer command ("${word}"); it is not read.`, { ...fileAt, ...first }),
      );
    } else if (trimmed !== '') last = 'other';
  }
  if (msiLines !== 1) {
    if (!msi) {
      diagnostics.push(diagnostic('error', 'windows-msiexec-lines', 'The file must hold exactly one msiexec command; it holds none.', { ...fileAt, line: 1, column: 1 }));
      return { properties, command, diagnostics };
    }
    // The command that installs the Jabber package is read (an uninstall line before it is common
    // in deployment scripts); each other one is named where it stands.
    const chosen = commands.find((c) => JABBER_PACKAGE.test(c.line.text)) ?? commands[0]!;
    msi = chosen.line;
    for (const c of commands) {
      if (c === chosen) continue;
      diagnostics.push(
        diagnostic(
          'error',
          'windows-msiexec-lines',
          `The file must hold exactly one msiexec command; it holds ${msiLines}. The one on line ${chosen.at.line} is read, this one is not.`,
          { ...fileAt, ...c.at },
        ),
      );
    }
  }
  const line = msi!;
  const posOf = (index: number) => line.at[Math.min(index, line.at.length - 1)]!;
  const lead = line.text.length - line.text.trimStart().length;
  const start = posOf(lead);
  const where = { ...fileAt, ...start };
  const length = line.text.trim().length;
  const prefix = START_PREFIX.exec(line.text.slice(lead))?.[0];
  if (prefix !== undefined) {
    diagnostics.push(
      diagnostic(
        'warning',
        'windows-start-prefix',
        `"${prefix.trim()}" runs the msiexec command after it; the command is read as it is (the exported file runs msiexec directly, and cmd.exe waits for it).`,
        where,
      ),
    );
    // Blank it out (positions stay), so the command's first word is msiexec.
    line.text = line.text.slice(0, lead) + ' '.repeat(prefix.length) + line.text.slice(lead + prefix.length);
  }
  if (length > CMD_LINE_LIMIT) {
    diagnostics.push(diagnostic('error', 'windows-line-too-long', `The msiexec line is ${length} characters; cmd.exe reads at most ${CMD_LINE_LIMIT}.`, where));
  }
  const parsed = parseCmdLine(line.text);
  for (const p of parsed.problems) {
    diagnostics.push(diagnostic(p.code === 'runtime-variable' ? 'warning' : 'error', `windows-${p.code}`, `The msiexec line has ${p.reason}.`, { ...fileAt, ...posOf(p.start) }));
  }
  const seen = new Set<string>();
  const addProperty = (name: string, value: string, start: number) => {
    const at = posOf(start);
    if (seen.has(name.toUpperCase())) {
      diagnostics.push(diagnostic('error', 'windows-duplicate-property', `${name} is set more than once; msiexec would use only one of the values.`, { ...fileAt, ...at }));
      return;
    }
    seen.add(name.toUpperCase());
    properties.push({ name, value, ...at });
  };
  const option = (start: number, text: string, why: string) =>
    diagnostics.push(diagnostic('warning', 'windows-msiexec-option', `${text}: ${why}`, { ...fileAt, ...posOf(start) }));
  const tokens = parsed.tokens;
  let quiet = false;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.property) {
      addProperty(token.property.name, token.property.value, token.start);
      continue;
    }
    const next = tokens[i + 1];
    if (PROPERTY_NAME.test(token.value) && next && !next.property && next.value.startsWith('=')) {
      // `CLEAR =1` or `TFTP = host`, as Cisco's guides typeset switches.
      let value = next.value.slice(1);
      let shown = `${token.value} ${next.value}`;
      let used = 1;
      const after = tokens[i + 2];
      if (value === '' && after && !after.property && !after.value.startsWith('/')) {
        value = after.value;
        shown += ` ${after.value}`;
        used = 2;
      }
      diagnostics.push(
        diagnostic(
          'warning',
          'windows-spaced-equals',
          `"${shown}" has a space around "=" (as Cisco's guides typeset switches); it is read as ${token.value}=${value}, but msiexec needs ${token.value}=value with no space and would not receive this switch.`,
          { ...fileAt, ...posOf(token.start) },
        ),
      );
      addProperty(token.value, value, token.start);
      i += used;
      continue;
    }
    const sw = token.value.toLowerCase();
    if (sw.startsWith('/') || sw.startsWith('-')) {
      command.push(token.value);
      if (sw === '/i' || sw === '-i' || sw === '/package') {
        if (next && !next.property) {
          command.push(next.value);
          const pkg = next.value.slice(Math.max(next.value.lastIndexOf('\\'), next.value.lastIndexOf('/')) + 1);
          if (pkg !== 'CiscoJabberSetup.msi') {
            option(next.start, next.value, `the command installs ${pkg}; the exported command installs CiscoJabberSetup.msi from the folder of the .cmd file.`);
          }
          i++;
        }
      } else if (sw === '/quiet') {
        quiet = true;
      } else if (/^[/-]l[iwearucmopvx+!*]*$/.test(sw) || sw === '/log') {
        let text = token.value;
        if (next && !next.property && !next.value.startsWith('/')) {
          command.push(next.value);
          text += ` ${next.value}`;
          i++;
        }
        option(token.start, text, "msiexec's logging option is not part of a profile, so the exported command does not have it.");
      } else {
        if (/^[/-]q(n?|uiet)$/.test(sw)) quiet = true;
        option(token.start, token.value, `an msiexec option the profile does not carry; the exported command is "${MSIEXEC_PREFIX}" with the profile's switches.`);
      }
      continue;
    }
    diagnostics.push(
      diagnostic(
        'warning',
        'windows-unknown-token',
        `"${token.value}" on the msiexec line is neither an msiexec option nor a NAME=value switch; msiexec would reject the command. It is not read.`,
        { ...fileAt, ...posOf(token.start) },
      ),
    );
  }
  if (!quiet) {
    diagnostics.push(
      diagnostic(
        'warning',
        'windows-not-quiet',
        "The msiexec command has no /quiet, so the installer shows its dialogs; the exported command adds /quiet (Cisco's examples install with /quiet).",
        where,
      ),
    );
  }
  return { properties, command, start: { line: start.line, column: start.column }, diagnostics };
}

/**
 * Maps parsed properties to windows catalog keys. Names match exactly; a different case is kept
 * under the catalog key with a warning (Cisco: "Values are case sensitive"; MSI public property
 * names are upper case [S24]).
 */
export function mapInstallerProperties(
  parsed: ParsedInstallerCmd,
  file = '',
  target = 'windows-installer',
): { windows: Map<string, string>; unknown: Map<string, string>; positions: Map<string, ArtifactPosition>; diagnostics: Diagnostic[] } {
  const { bySection } = loadCatalog();
  const byName = new Map<string, Parameter>();
  for (const p of bySection.windows.values()) byName.set(msiName(p), p);
  const windows = new Map<string, string>();
  const unknown = new Map<string, string>();
  const positions = new Map<string, ArtifactPosition>();
  const diagnostics: Diagnostic[] = [];
  for (const { name, line, column, ...rest } of parsed.properties) {
    let value = rest.value;
    const at = { file, target, line, column };
    let param = byName.get(name);
    if (!param) {
      param = [...byName.values()].find((p) => msiName(p).toUpperCase() === name.toUpperCase());
      if (param) {
        diagnostics.push(diagnostic('warning', 'windows-property-case', `${name} is spelled ${msiName(param)} in Cisco's installer documentation.`, at));
      }
    }
    if (!param) {
      const near = suggestKey('windows', name);
      const hint = near && near.section === 'windows' ? ` Did you mean ${near.key}?` : '';
      diagnostics.push(diagnostic('warning', 'windows-unknown-property', `${name} is not a Jabber for Windows installer switch Cisco documents.${hint}`, at));
      unknown.set(name, value);
      positions.set(positionKey('unknown', name), { file, line, column });
      continue;
    }
    const variant = readValueVariants(param, value, 'msi');
    if (variant) {
      // A token Cisco prints for the installer in another spelling (12.9: "Possible values are CUCM, Webex").
      diagnostics.push(diagnostic('warning', 'value-variant', valueVariantMessage(param, variant, msiName(param)), at));
      value = variant.text;
    }
    if (decodeText(param, value) === undefined) {
      const allowed = param.values ? ` (allowed: ${param.values.join(', ')})` : '';
      diagnostics.push(diagnostic('error', 'windows-invalid-value', `The value of ${msiName(param)} is not valid for it${allowed}.`, at));
    }
    windows.set(param.key, value);
    positions.set(positionKey('windows', param.key), { file, line, column });
  }
  return { windows, unknown, positions, diagnostics };
}
