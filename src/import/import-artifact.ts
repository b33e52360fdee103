/**
 * `import`: an exported artifact (any readable target's file, or a configuration URL) back to a
 * canonical profile, so an admin can start from what a console holds today. Values are normalized
 * to the catalog's types and spellings, console tokens become canonical variables, secrets become
 * `${env:...}` references, and whatever does not fit is kept in comments and reported.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inCatalogOrder, loadCatalog } from '../catalog/index.js';
import type { Parameter } from '../catalog/types.js';
import { diagnostic, hasErrors, jsonPointer, type Diagnostic } from '../diagnostics/diagnostic.js';
import { writeProfileFiles } from '../export/writer.js';
import type { Target } from '../targets/types.js';
import { DEFAULT_APPS } from '../profile/resolve.js';
import type { PublishTargets, SettingValue } from '../profile/types.js';
import { appPlatformOf } from '../artifact/carriage.js';
import { looksSecret, normalizeArtifact, rawText } from '../artifact/normalize.js';
import { ArtifactError, openArtifact, parseArtifactSet, readArtifactInput, type ArtifactInput, type ArtifactSet } from '../artifact/read.js';
import { artifactProfile } from '../artifact/rules.js';
import { tidyArtifactDiagnostics, verifyArtifactSet } from '../validate/artifacts.js';
import { FALLBACK_NAME, nameFromFile, nameProblem } from './profile-name.js';
import { profileYaml, type CommentEntry } from './profile-yaml.js';

/** Options for importing. */
export interface ImportOptions {
  /** Profile name (`--name`); default: from the file name. */
  name?: string;
  /** Write the profile to this file (atomically, unchanged contents left alone) (`--out`). */
  out?: string;
  /** Replace `out` when it already exists (`--force`); without it an existing file is refused (`out-exists`). */
  force?: boolean;
  /** The profile's description (a console policy's own description). */
  description?: string;
  /** The app id, when the artifact names none (a console's policy says which app it is for). */
  app?: string;
  /** The profile's `publish` section (`pull`: the groups a console policy is assigned to). */
  publish?: PublishTargets;
  /**
   * Import what can be read (`--lenient`): input the format rejects or values that break the
   * profile's rules become warnings naming each item dropped, instead of errors.
   */
  lenient?: boolean;
}

/** An imported profile. */
export interface ImportResult {
  /** The profile's name. */
  name: string;
  /** Target id the artifact was recognised as. */
  target: string;
  /** The artifact, as named (or `configuration URL`). */
  source: string;
  /** The profile as canonical YAML. */
  yaml: string;
  /** Environment variables the profile reads secrets from: set them before validate or export. */
  env: string[];
  /**
   * Errors (input its format rejects, values that break the profile's rules: the same codes and
   * positions `validate` gives the file) and warnings (unknown keys, secrets turned into
   * references, with --lenient each item dropped).
   */
  diagnostics: Diagnostic[];
  /** False when a diagnostic is an error: nothing was written and the CLI exits 1. */
  ok: boolean;
  /** The files of the artifact's set that were read (the one given first, then its companions). */
  files: string[];
  /** The file written, when `out` was given. */
  file?: string;
}

/** Environment variable names for secrets; the documented one for the password, others derived. */
const SECRET_ENV: Readonly<Record<string, string>> = {
  AutoLoginUserPassword: 'JABBER_AUTOLOGIN_PASSWORD',
};

/** The `${env:NAME}` variable a secret parameter is imported as. */
export function secretEnvName(p: Parameter): string {
  return SECRET_ENV[p.key] ?? `JABBER_${p.key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** Mask for an unknown key's value that looks like a credential. */
const MASK = '***';

/** Reads and imports an artifact given as a path or a configuration URL. Throws ArtifactError when it cannot. */
export async function importArtifact(arg: string, opts: ImportOptions = {}): Promise<ImportResult> {
  if (opts.name !== undefined) {
    const why = nameProblem(opts.name);
    if (why) throw new ArtifactError('invalid-name', `--name ${JSON.stringify(opts.name)} cannot be a profile name: ${why}.`);
  }
  // An existing profile may hold hand edits and comments: replace it only when asked to.
  if (opts.out !== undefined && !opts.force && existsSync(opts.out)) {
    throw new ArtifactError('out-exists', `${opts.out} exists; pass --force to replace it.`);
  }
  const input = await readArtifactInput(arg);
  const result = await importInput(input, opts);
  if (opts.out !== undefined && result.ok) {
    const { dir, fileName } = outLocation(opts.out);
    try {
      writeProfileFiles(dir, [{ fileName, contents: result.yaml }]);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ArtifactError('out-not-writable', `Cannot write ${opts.out}: ${why}.`);
    }
    result.file = opts.out;
  }
  return result;
}

/**
 * Imports an artifact already read (with the rest of its set from its folder). Throws
 * ArtifactError when no target recognises or can read it.
 */
export async function importInput(input: ArtifactInput, opts: ImportOptions = {}): Promise<ImportResult> {
  const set = await openArtifact(input);
  // The file's own format rules, exactly as validate runs them: a file validate fails, import fails.
  return importSet(set, opts, await verifyArtifactSet(set.target, set.files));
}

/**
 * Imports a recognised artifact set. `formatFindings` are the target's own checks over the set
 * (verifyArtifactSet, as importInput runs them): they count like the reader's findings, so an
 * error among them fails the import unless `lenient`. Throws ArtifactError when its reader could
 * read nothing out of it.
 */
export function importSet(set: ArtifactSet, opts: ImportOptions = {}, formatFindings: readonly Diagnostic[] = []): ImportResult {
  const input = set;
  const target = set.target;
  const parsed = parseArtifactSet(set);
  const artifact = normalizeArtifact(parsed, input.source);
  // The reader's own findings keep their severity (input its format rejects is an error) ...
  const diagnostics: Diagnostic[] = parsed.diagnostics
    .filter((d) => !RULES_REPORT.has(d.code))
    .map((d) => ({ ...d, file: d.file || input.source }));
  // ... and the profile's rules judge the values and name the unknown keys, as validate does.
  const rules = artifactProfile(parsed, input.source);
  // What the target's format rules hold against the written form, not the values, is read past.
  // A finding the reader already made at the same place is not said twice.
  const form = target.writtenForm ?? new Set<string>();
  const read = new Set(parsed.diagnostics.map((d) => `${d.code}\0${d.line}\0${d.column}`));
  diagnostics.push(
    ...rules.diagnostics,
    ...formatFindings.flatMap((d) => {
      if (d.severity !== 'error' || !form.has(d.code)) return [d];
      if (read.has(`${d.code}\0${d.line}\0${d.column}`)) return [];
      return [{ ...d, severity: 'warning' as const, message: `${d.message.trimEnd()} Its values are imported; export writes the canonical form.` }];
    }),
  );
  const name = opts.name ?? defaultName(input, target);
  const { bySection } = loadCatalog();
  // Where the key stands in the file (the reader's position), else the file's start: never line 0.
  const at = (pointer: string) => {
    const pos = rules.profile.positions.get(pointer);
    return { file: pos?.file ?? input.source, line: pos?.line ?? 1, column: pos?.column ?? 1, pointer, target: target.id };
  };

  const env: string[] = [];
  const settings: [Parameter, SettingValue][] = [];
  for (const [key, value] of rules.profile.settings) {
    const p = bySection.settings.get(key)!;
    if (p.secret) {
      // Never written into the profile: the file names a variable, and the admin sets it.
      const envName = secretEnvName(p);
      env.push(envName);
      settings.push([p, `\${env:${envName}}`]);
      diagnostics.push(
        diagnostic(
          'warning',
          'secret-as-env',
          `${key} is a secret: the profile reads it from \${env:${envName}} instead of holding it. Set ${envName} to the value your console holds before validate or export.`,
          at(jsonPointer('settings', key)),
        ),
      );
      continue;
    }
    settings.push([p, value]);
  }
  const windows: [Parameter, SettingValue][] = [];
  for (const [key, value] of rules.profile.windows) windows.push([bySection.windows.get(key)!, value]);

  const apps: { ios?: string; android?: string } = {};
  const platform = appPlatformOf(target.id);
  if (platform && rules.profile.apps[platform] !== DEFAULT_APPS[platform] && artifact.app !== undefined && artifact.app !== DEFAULT_APPS[platform]) apps[platform] = artifact.app;
  // A console's policy names its app outside the file (pull): the caller says which.
  else if (platform && artifact.app === undefined && opts.app !== undefined && opts.app !== DEFAULT_APPS[platform]) apps[platform] = opts.app;

  const unknown: CommentEntry[] = [...artifact.unknown].map(([key, raw]) => ({ key, text: looksSecret(key) ? MASK : rawText(raw) }));
  const undecodable: CommentEntry[] = rules.rejected.map((u) => ({
    key: u.section === 'windows' ? `windows.${u.key}` : u.key,
    text: bySection[u.section].get(u.key)?.secret ? MASK : rawText(u.raw),
  }));
  // Listed as validate lists them for the file: each once, a warning shadowed by the same error dropped, in reading order.
  diagnostics.splice(0, diagnostics.length, ...tidyArtifactDiagnostics(diagnostics, { source: input.source, target: target.id }));
  if (opts.lenient) {
    // Import what can be read: every error becomes a warning that says what was dropped.
    const dropped = new Set(rules.rejected.map((u) => jsonPointer(u.section, u.key)));
    for (const [i, d] of diagnostics.entries()) {
      if (d.severity !== 'error') continue;
      const what = dropped.has(d.pointer) ? ' Dropped from the profile (kept in a comment at its end).' : ' Imported as read (--lenient).';
      // Some messages (an XML parser's) end without a full stop: the note is its own sentence.
      const message = /[.!?]$/.test(d.message.trimEnd()) ? d.message.trimEnd() : `${d.message.trimEnd()}.`;
      diagnostics[i] = { ...d, severity: 'warning', message: message + what };
    }
  }
  const shownSource = input.fromArgument ? 'the configuration URL given' : input.source;
  const yaml = profileYaml({
    name,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    apps,
    settings: inCatalogOrder(settings).map(([p, v]) => [p.key, v]),
    windows: inCatalogOrder(windows).map(([p, v]) => [p.key, v]),
    ...(opts.publish !== undefined ? { publish: opts.publish } : {}),
    header: [`Imported by jabber-emm from ${shownSource} (${target.id}).`, ...env.map((e) => `Set ${e} in the environment before validate or export.`)],
    blocks: [
      { heading: `Unknown keys found in ${shownSource}:`, entries: unknown },
      { heading: `Values Jabber does not take, found in ${shownSource} (fix them, then move them into the profile):`, entries: undecodable },
    ],
  });
  const files = set.files.map((f) => (input.fromArgument ? input.source : f.fileName));
  return { name, target: target.id, source: input.source, yaml, env, diagnostics, ok: !hasErrors(diagnostics), files };
}

// Reader codes for a value that does not decode: the rule engine reports those values with the
// profile's codes (invalid-boolean, invalid-enum ...), so the reader's would say it twice.
const RULES_REPORT = new Set(['url-invalid-value', 'windows-invalid-value']);

function defaultName(input: ArtifactInput, target: Target): string {
  if (input.fromArgument) return FALLBACK_NAME;
  return nameFromFile(input.source, target.fileNames);
}

/** Where `--out` writes: the folder and file name, for the atomic writer. */
export function outLocation(out: string): { dir: string; fileName: string } {
  const full = path.resolve(out);
  return { dir: path.dirname(full), fileName: path.basename(full) };
}
