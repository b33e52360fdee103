/**
 * The Jabber for Windows installer command: `msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 ...`
 * from the profile's `windows` section and the shared settings that have an installer switch.
 * Source: reference jabber-parameters.md §6 ("Specify command line arguments as parameter=value
 * pairs", example `msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1` [S1]) and §2 (CLEAR).
 */
import { loadCatalog } from '../../catalog/index.js';
import { decodeText, encodeText } from '../../catalog/encode.js';
import type { Parameter } from '../../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile, SettingValue } from '../../profile/types.js';
import { hasVariables } from '../../variables/consoles.js';
import { notCarriedMessage } from '../emm-entries.js';
import { parseCmdLine, quoteCmdValue } from './cmd-quoting.js';

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
    const own = picked.get(param.key);
    if (own) {
      if (encodeText(param, own.value) !== encodeText(param, value)) {
        diagnostics.push(
          diagnostic(
            'warning',
            'windows-overrides-setting',
            `windows.${param.key} and settings.${key} differ; the installer gets the windows value, the mobile and Mac clients the settings value.`,
            at(own.pointer),
          ),
        );
      }
      continue;
    }
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
      diagnostics.push(
        diagnostic(
          'error',
          'variable-in-installer',
          `${param.key} uses a per-user variable, which the Windows installer command cannot carry: nothing fills it in. Use a literal value.`,
          at(pointer),
        ),
      );
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
    'REM CLEAR=1 replaces the bootstrap file of an earlier installation, so the values below take effect.',
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

/** Properties read back from a `.cmd` file. */
export interface ParsedInstallerCmd {
  /** MSI property name as written → value as msiexec receives it, in file order. */
  properties: { name: string; value: string }[];
  /** The msiexec switches and package (`/i`, `CiscoJabberSetup.msi`, `/quiet`). */
  command: string[];
  diagnostics: Diagnostic[];
}

/**
 * Lines jabber-emm writes besides the msiexec line; anything else in a file is reported. A REM
 * line may hold neither `%` (expanded even there; `%~` aborts the batch) nor `^` (a caret at the
 * end joins the next line, the msiexec line included, to the remark).
 */
const KNOWN_LINE = /^(@echo off|setlocal DisableDelayedExpansion|chcp 65001 >nul|pushd "%~dp0"|popd|REM( [^%^]*)?|)$/i;

/**
 * Reads a `.cmd` back: finds the one msiexec line, splits it by cmd's and msiexec's rules and
 * reports chained commands, run-time variables, duplicate properties and unknown lines.
 */
export function parseInstallerCmd(contents: string, file = '', target = 'windows-installer'): ParsedInstallerCmd {
  const at = { file, target };
  const diagnostics: Diagnostic[] = [];
  const properties: ParsedInstallerCmd['properties'] = [];
  const command: string[] = [];
  const lines = contents.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const msiLines: { line: string; number: number }[] = [];
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (/^msiexec(\.exe)?(\s|$)/i.test(trimmed)) msiLines.push({ line: trimmed, number: i + 1 });
    else if (!KNOWN_LINE.test(trimmed)) {
      diagnostics.push(diagnostic('error', 'windows-unexpected-line', 'The file holds a command other than the msiexec installer command.', { ...at, line: i + 1, column: 1 }));
    }
  });
  if (msiLines.length !== 1) {
    diagnostics.push(diagnostic('error', 'windows-msiexec-lines', `The file must hold exactly one msiexec command; it holds ${msiLines.length}.`, at));
    if (msiLines.length === 0) return { properties, command, diagnostics };
  }
  const { line, number } = msiLines[0]!;
  const where = { ...at, line: number, column: 1 };
  if (line.length > CMD_LINE_LIMIT) {
    diagnostics.push(diagnostic('error', 'windows-line-too-long', `The msiexec line is ${line.length} characters; cmd.exe reads at most ${CMD_LINE_LIMIT}.`, where));
  }
  const parsed = parseCmdLine(line);
  for (const p of parsed.problems) {
    diagnostics.push(diagnostic(p.code === 'runtime-variable' ? 'warning' : 'error', `windows-${p.code}`, `The msiexec line has ${p.reason}.`, where));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens.slice(1)) {
    if (!token.property) {
      command.push(token.value);
      continue;
    }
    const { name, value } = token.property;
    if (seen.has(name.toUpperCase())) {
      diagnostics.push(diagnostic('error', 'windows-duplicate-property', `${name} is set more than once; msiexec would use only one of the values.`, where));
      continue;
    }
    seen.add(name.toUpperCase());
    properties.push({ name, value });
  }
  return { properties, command, diagnostics };
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
): { windows: Map<string, string>; unknown: Map<string, string>; diagnostics: Diagnostic[] } {
  const { bySection } = loadCatalog();
  const byName = new Map<string, Parameter>();
  for (const p of bySection.windows.values()) byName.set(msiName(p), p);
  const windows = new Map<string, string>();
  const unknown = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const at = { file, target };
  for (const { name, value } of parsed.properties) {
    let param = byName.get(name);
    if (!param) {
      param = [...byName.values()].find((p) => msiName(p).toUpperCase() === name.toUpperCase());
      if (param) {
        diagnostics.push(diagnostic('warning', 'windows-property-case', `${name} is spelled ${msiName(param)} in Cisco's installer documentation.`, at));
      }
    }
    if (!param) {
      diagnostics.push(diagnostic('warning', 'windows-unknown-property', `${name} is not a Jabber for Windows installer switch Cisco documents.`, at));
      unknown.set(name, value);
      continue;
    }
    if (decodeText(param, value) === undefined) {
      const allowed = param.values ? ` (allowed: ${param.values.join(', ')})` : '';
      diagnostics.push(diagnostic('error', 'windows-invalid-value', `The value of ${msiName(param)} is not valid for it${allowed}.`, at));
    }
    windows.set(param.key, value);
  }
  return { windows, unknown, diagnostics };
}
