/**
 * Target `windows-installer`: `install-jabber.cmd`, a batch file with the Jabber for Windows
 * `msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 ...` command (reference
 * jabber-parameters.md §6). Windows takes no configuration URL, only installer switches [S6].
 */
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Artifact, ArtifactFile, ParsedArtifact, Recognition, Target } from '../types.js';
import { CMD_LINE_LIMIT, MSIEXEC_PREFIX, RUNS_DIFFERENTLY, collectInstallerProperties, mapInstallerProperties, parseInstallerCmd, runsJabberInstaller, writeInstallerCmd } from './installer-command.js';

/** File the windows-installer target writes. */
export const INSTALLER_FILE = 'install-jabber.cmd';

/** Checks one rendered `.cmd`: CRLF only, the expected lines, and the msiexec line reads back cleanly. */
function checkInstallerCmd(a: Artifact): Diagnostic[] {
  const at = { file: a.fileName, target: 'windows-installer' };
  const found: Diagnostic[] = [];
  const bare = /(?<!\r)\n|\r(?!\n)/.exec(a.contents);
  if (bare || !a.contents.endsWith('\r\n')) {
    // Point at the end of the first line that ends wrongly (or the file's last line).
    const end = bare ? bare.index : a.contents.length;
    const before = a.contents.slice(0, end);
    const where = { line: before.split(/\r\n|\n|\r/).length, column: end - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) };
    found.push(diagnostic('error', 'windows-line-endings', 'A .cmd file must use CRLF line endings, and end with one.', { ...at, ...where }));
  }
  const parsed = parseInstallerCmd(a.contents, a.fileName, 'windows-installer');
  // A file meant to run must be exactly what msiexec reads: what parse reads leniently is an error
  // here, and the command's options are judged as a whole below.
  for (const d of parsed.diagnostics) {
    if (RUNS_DIFFERENTLY.has(d.code)) found.push({ ...d, severity: 'error' });
    else if (d.code !== 'windows-not-quiet' && d.code !== 'windows-msiexec-option') found.push(d);
  }
  const written = parsed.command.join(' ');
  if (written !== MSIEXEC_PREFIX.split(' ').slice(1).join(' ')) {
    // Say what the command has instead, at the command (a guide's /qn or a quoted path is read by
    // import with a warning each; a file meant to run is held to the exported form).
    const has = written === '' ? 'it has no options' : `it has "msiexec.exe ${written.length > 120 ? `${written.slice(0, 117)}...` : written}"`;
    found.push(
      diagnostic('error', 'windows-msiexec-switches', `The installer command must start "${MSIEXEC_PREFIX}"; ${has}.`, { ...at, ...(parsed.start ?? { line: 1, column: 1 }) }),
    );
  }
  found.push(...mapInstallerProperties(parsed, a.fileName, 'windows-installer').diagnostics);
  return found;
}

/** The Jabber for Windows installer command target. */
export const windowsInstallerTarget: Target = {
  id: 'windows-installer',
  summary: 'A .cmd with the msiexec command that installs Jabber for Windows with the profile as installer switches',
  fileNames: [INSTALLER_FILE],
  consoles: ['Jabber for Windows rollout (software distribution, GPO startup script, by hand)'],
  emmConsoles: 'neutral',
  carries: { channel: 'msi' },
  // A console's or guide's command in another form than export's still installs Jabber with
  // the switches it has: import reads it (RUNS_DIFFERENTLY are read as msiexec receives them).
  writtenForm: new Set(['windows-line-endings', 'windows-msiexec-switches', ...RUNS_DIFFERENTLY]),
  checkedAgainst: `read back by cmd.exe and msiexec quoting rules: one msiexec line, each switch once, Cisco's values, at most ${CMD_LINE_LIMIT} characters`,

  render(profile) {
    const built = collectInstallerProperties(profile, 'windows-installer');
    if (!built.properties) return { artifacts: [], diagnostics: built.diagnostics };
    const contents = writeInstallerCmd(profile.name, built.properties);
    // No installer switch is a catalog secret today; one that is would make the command a secret file.
    const secret = built.properties.some((p) => p.param.secret === true);
    return { artifacts: [{ target: 'windows-installer', fileName: INSTALLER_FILE, contents, ...(secret ? { secret: true } : {}) }], diagnostics: built.diagnostics };
  },

  // Reading a batch line back is in-process string work: the batch is a plain loop.
  async verify(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
    return artifacts.map(checkInstallerCmd);
  },

  parse(files: readonly ArtifactFile[]): ParsedArtifact {
    const { contents, fileName } = files[0]!;
    const parsed = parseInstallerCmd(contents, fileName, 'windows-installer');
    const mapped = mapInstallerProperties(parsed, fileName, 'windows-installer');
    const windows = new Map<string, unknown>(mapped.windows);
    if (mapped.windows.size + mapped.unknown.size > 0 && !mapped.windows.has('CLEAR')) {
      // Without CLEAR=1 the installer keeps an existing bootstrap file: that is CLEAR false, which
      // the profile must say (export writes CLEAR=1 unless told otherwise).
      windows.set('CLEAR', false);
      mapped.diagnostics.push(
        diagnostic('warning', 'windows-without-clear', 'The installer command has no CLEAR=1, so it is read as CLEAR: false (an existing bootstrap file is kept); Cisco recommends CLEAR=1.', {
          file: fileName,
          line: 1,
          column: 1,
          pointer: '/windows/CLEAR',
          target: 'windows-installer',
        }),
      );
    }
    return {
      target: 'windows-installer',
      settings: new Map(),
      windows,
      unknown: mapped.unknown,
      positions: mapped.positions,
      diagnostics: [...parsed.diagnostics, ...mapped.diagnostics],
    };
  },

  // By content, whatever the file is called: a batch line that runs msiexec on a Jabber package,
  // the package after /i (or /package) wherever it stands on the line, its path quoted or not
  // (`msiexec /qn /i "C:\Temp\Cisco Jabber\CiscoJabberSetup.msi"`, as admins write it).
  recognise(contents: string): Recognition | undefined {
    return runsJabberInstaller(contents) ? { member: INSTALLER_FILE } : undefined;
  },
};
