/**
 * `import`: an exported artifact (any readable target's file, or a configuration URL) back to a
 * canonical profile, so an admin can start from what a console holds today. Values are normalized
 * to the catalog's types and spellings, console tokens become canonical variables, secrets become
 * `${env:...}` references, and whatever does not fit is kept in comments and reported.
 */
import path from 'node:path';
import { inCatalogOrder, loadCatalog } from '../catalog/index.js';
import type { Parameter } from '../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../diagnostics/diagnostic.js';
import { writeProfileFiles } from '../export/writer.js';
import { DEFAULT_APPS } from '../profile/resolve.js';
import type { PublishTargets, SettingValue } from '../profile/types.js';
import type { Target } from '../targets/types.js';
import { appPlatformOf } from '../diff/carriage.js';
import { looksSecret, normalizeArtifact, rawText } from './normalize.js';
import { ArtifactError, parseArtifact, readArtifactInput, type ArtifactInput } from './read-artifact.js';
import { FALLBACK_NAME, nameFromFile, nameProblem } from './profile-name.js';
import { profileYaml, type CommentEntry } from './profile-yaml.js';

/** Options for importing. */
export interface ImportOptions {
  /** Profile name (`--name`); default: from the file name. */
  name?: string;
  /** Write the profile to this file (atomically, unchanged contents left alone) (`--out`). */
  out?: string;
  /** The profile's description (a console policy's own description). */
  description?: string;
  /** The app id, when the artifact names none (a console's policy says which app it is for). */
  app?: string;
  /** The profile's `publish` section (`pull`: the groups a console policy is assigned to). */
  publish?: PublishTargets;
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
  /** Warnings: unknown keys, values that do not decode, secrets turned into references. */
  diagnostics: Diagnostic[];
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
  const input = await readArtifactInput(arg);
  const result = importInput(input, opts);
  if (opts.out !== undefined) {
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

/** Imports an artifact already read. Throws ArtifactError when no target recognises or can read it. */
export function importInput(input: ArtifactInput, opts: ImportOptions = {}): ImportResult {
  const { target, parsed } = parseArtifact(input);
  const artifact = normalizeArtifact(parsed, input.source);
  const diagnostics = [...artifact.diagnostics];
  const name = opts.name ?? defaultName(input, target);
  const { bySection } = loadCatalog();
  const at = (pointer: string): { file: string; pointer: string; target: string } => ({ file: input.source, pointer, target: target.id });

  const env: string[] = [];
  const settings: [Parameter, SettingValue][] = [];
  for (const [key, value] of artifact.settings) {
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
  for (const [key, value] of artifact.windows) windows.push([bySection.windows.get(key)!, value]);
  if (target.id === 'windows-installer' && !artifact.windows.has('CLEAR')) {
    // The command keeps an existing bootstrap file; say so in the profile rather than let export add CLEAR=1.
    const clear = bySection.windows.get('CLEAR');
    if (clear) {
      windows.push([clear, false]);
      diagnostics.push(
        diagnostic('warning', 'windows-without-clear', 'The installer command has no CLEAR=1, so the profile says CLEAR: false to match it; Cisco recommends CLEAR=1.', at(jsonPointer('windows', 'CLEAR'))),
      );
    }
  }

  const apps: { ios?: string; android?: string } = {};
  const platform = appPlatformOf(target.id);
  const app = artifact.app ?? opts.app;
  if (platform && app !== undefined && app !== DEFAULT_APPS[platform]) apps[platform] = app;

  const unknown: CommentEntry[] = [...artifact.unknown].map(([key, raw]) => ({ key, text: looksSecret(key) ? MASK : rawText(raw) }));
  const undecodable: CommentEntry[] = artifact.undecodable.map((u) => ({
    key: u.section === 'windows' ? `windows.${u.key}` : u.key,
    text: bySection[u.section].get(u.key)?.secret ? MASK : rawText(u.raw),
  }));
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
  return { name, target: target.id, source: input.source, yaml, env, diagnostics };
}

function defaultName(input: ArtifactInput, target: Target): string {
  if (input.fromArgument) return FALLBACK_NAME;
  return nameFromFile(input.source, target.fileNames);
}

/** Where `--out` writes: the folder and file name, for the atomic writer. */
export function outLocation(out: string): { dir: string; fileName: string } {
  const full = path.resolve(out);
  return { dir: path.dirname(full), fileName: path.basename(full) };
}
