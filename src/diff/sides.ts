/**
 * The two sides of a diff: a profile, a directory of profiles, or an exported artifact (a file
 * recognised by content, or a configuration URL given as a string). Profiles are validated like
 * `validate` does; an invalid one stops the diff (its diagnostics are the report).
 */
import { decodeArtifactBytes } from '../targets/artifact-bytes.js';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findProfileFiles } from '../profile/files.js';
import type { ProfileEnv } from '../profile/substitute.js';
import type { ResolvedProfile } from '../profile/types.js';
import { validateProfile, validateStream } from '../profile/validate.js';
import { normalizeArtifact, type NormalizedArtifact } from '../artifact/normalize.js';
import { recogniseFile } from '../artifact/detect.js';
import { isExportFolder, readExportFolder } from '../artifact/export-folder.js';
import { ArtifactError, isUrlArgument, loadArtifact as loadArtifactSet, MAX_ARTIFACT_BYTES } from '../artifact/read.js';

/** Why a diff cannot be made; the CLI exits 2 with the message and diagnostics. */
export class DiffError extends Error {
  /** Stable identifier: `path-not-found`, `invalid-profile`, `invalid-artifact`, `not-recognised`, `mixed-sides`, ... */
  readonly code: string;
  /** What was wrong in detail (a profile's validation errors, an artifact parser's findings). */
  readonly diagnostics: Diagnostic[];
  constructor(code: string, message: string, diagnostics: Diagnostic[] = []) {
    super(message);
    this.name = 'DiffError';
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

/**
 * What diff keeps of a profile: its resolved values without source positions, so a directory of
 * thousands costs a few small maps each.
 */
export type KeptProfile = Pick<ResolvedProfile, 'name' | 'description' | 'distribution' | 'abstract' | 'source' | 'apps' | 'settings' | 'windows' | 'positions' | 'envTemplates' | 'unresolvedEnv'>;

/** One side, loaded. */
export type Side =
  | { kind: 'profile'; arg: string; profile: KeptProfile }
  | { kind: 'artifact'; arg: string; artifact: NormalizedArtifact }
  | { kind: 'directory'; arg: string; profiles: Map<string, KeptProfile> }
  /** An export folder: per profile folder name, the exported sets read back (console subfolders included). */
  | { kind: 'exports'; arg: string; profiles: Map<string, ExportedArtifact[]> };

/** One exported set of an export folder, in canonical form. */
export interface ExportedArtifact {
  /** The set's files; the first names it in reports. */
  files: string[];
  artifact: NormalizedArtifact;
}

/** Options for loading sides. */
export interface SideOptions {
  /** Where `${env:NAME}` is read from (default process.env). */
  env?: ProfileEnv;
}

/** Profile extensions: a file with one of these is a profile, whatever its text looks like. */
const PROFILE_ONLY = new Set(['.yaml', '.yml']);

function keep(p: ResolvedProfile): KeptProfile {
  const kept: KeptProfile = { name: p.name, source: p.source, apps: p.apps, settings: p.settings, windows: p.windows, positions: new Map() };
  if (p.description !== undefined) kept.description = p.description;
  if (p.envTemplates) kept.envTemplates = p.envTemplates;
  if (p.unresolvedEnv) kept.unresolvedEnv = p.unresolvedEnv;
  if (p.distribution !== undefined) kept.distribution = p.distribution;
  if (p.abstract) kept.abstract = true;
  return kept;
}

/**
 * Loads one side. A `ciscojabber://` argument is a URL; a directory is a directory of profiles; a
 * file is an artifact when a target recognises its contents (YAML files are always profiles),
 * else a profile. Throws DiffError when it cannot be used.
 */
export async function loadSide(arg: string, opts: SideOptions = {}): Promise<Side> {
  if (isUrlArgument(arg)) return { kind: 'artifact', arg, artifact: await loadArtifact(arg) };
  let info;
  try {
    info = await stat(arg);
  } catch {
    throw new DiffError('path-not-found', `${arg} does not exist.`);
  }
  if (info.isDirectory()) {
    if (await isExportFolder(arg)) return { kind: 'exports', arg, profiles: await loadExports(arg) };
    return { kind: 'directory', arg, profiles: await loadDirectory(arg, opts) };
  }
  if (!PROFILE_ONLY.has(extname(arg).toLowerCase()) && info.size <= MAX_ARTIFACT_BYTES) {
    let text: string | undefined;
    try {
      text = decodeArtifactBytes(await readFile(arg));
    } catch {
      text = undefined; // the profile loader reports why it cannot be read
    }
    if (text !== undefined && recogniseFile(text, basename(arg)) !== undefined) {
      return { kind: 'artifact', arg, artifact: await loadArtifact(arg) };
    }
  }
  // Another environment's secrets need not be set: an unset ${env:NAME} is compared as the reference.
  const result = await validateProfile(arg, { env: opts.env ?? process.env, unsetEnv: 'reference' });
  if (!result.ok || !result.profile) {
    throw new DiffError('invalid-profile', `${arg} is not a valid profile; fix it (see \`jabber-emm validate\`) and diff again.`, result.diagnostics);
  }
  return { kind: 'profile', arg, profile: keep(result.profile) };
}

async function loadArtifact(arg: string): Promise<NormalizedArtifact> {
  let artifact: NormalizedArtifact;
  try {
    const { set, parsed } = await loadArtifactSet(arg);
    artifact = normalizeArtifact(parsed, set.source);
  } catch (err) {
    if (err instanceof ArtifactError) throw new DiffError(err.code, err.message, err.diagnostics);
    throw err;
  }
  // One verdict with import and validate: a file its own format rejects is not compared as if it
  // had been read (the reader dropped or picked a value, so "No differences" could not be trusted).
  if (artifact.readerErrors.length > 0) throw invalidArtifacts(artifact.source, [artifact]);
  return artifact;
}

/** The error for artifacts whose readers found errors: their errors, then their other findings. */
function invalidArtifacts(where: string, artifacts: readonly NormalizedArtifact[]): DiffError {
  const bad = artifacts.filter((a) => a.readerErrors.length > 0);
  const diagnostics: Diagnostic[] = [];
  for (const a of bad) {
    const errors = new Set(a.readerErrors.map((d) => JSON.stringify([d.code, d.file, d.line, d.column])));
    diagnostics.push(...a.readerErrors, ...a.diagnostics.filter((d) => !errors.has(JSON.stringify([d.code, d.file, d.line, d.column]))));
  }
  const what = bad.length === 1 && bad[0]!.source === where ? `${where} has errors` : `${where}: ${bad.length} file${bad.length === 1 ? ' has' : 's have'} errors`;
  return new DiffError(
    'invalid-artifact',
    `${what}, so what ${bad.length === 1 ? 'it holds' : 'they hold'} cannot be compared; fix ${bad.length === 1 ? 'it' : 'them'} (see \`jabber-emm validate\`) and diff again.`,
    diagnostics,
  );
}

/**
 * Every profile under a directory by name, streamed through the validator so only the resolved
 * values stay in memory. Invalid profiles (duplicate names included) make a DiffError carrying
 * all their diagnostics.
 */
async function loadDirectory(dir: string, opts: SideOptions): Promise<Map<string, KeptProfile>> {
  const found = await findProfileFiles([dir]);
  const problems: Diagnostic[] = [...found.diagnostics];
  let failed = 0;
  const profiles = new Map<string, KeptProfile>();
  for await (const result of validateStream(found.files, { env: opts.env ?? process.env, duplicateNames: true, unsetEnv: 'reference' })) {
    if (!result.ok || !result.profile) {
      failed += 1;
      problems.push(...result.diagnostics);
      continue;
    }
    profiles.set(result.profile.name, keep(result.profile));
  }
  if (failed > 0) {
    const what = `${failed} profile${failed === 1 ? ' is' : 's are'} not valid`;
    throw new DiffError('invalid-profile', `${dir}: ${what}; fix ${failed > 1 ? 'them' : 'it'} (see \`jabber-emm validate\`) and diff again.`, problems);
  }
  if (problems.some((d) => d.severity === 'error')) {
    throw new DiffError(problems[0]!.code, problems[0]!.message, problems);
  }
  return profiles;
}

/** An export folder read back, each set normalized like any artifact. */
async function loadExports(dir: string): Promise<Map<string, ExportedArtifact[]>> {
  const out = new Map<string, ExportedArtifact[]>();
  try {
    for (const [name, sets] of await readExportFolder(dir)) {
      out.set(
        name,
        sets.map((s) => ({ files: s.files, artifact: normalizeArtifact(s.parsed, s.files[0]!) })),
      );
    }
  } catch (err) {
    if (err instanceof ArtifactError) throw new DiffError(err.code, err.message, err.diagnostics);
    throw err;
  }
  const all = [...out.values()].flat().map((s) => s.artifact);
  if (all.some((a) => a.readerErrors.length > 0)) throw invalidArtifacts(dir, all);
  return out;
}

/** Whether an argument names a directory (cheap: one stat), so mixed sides fail before any loading. */
export async function isDirectorySide(arg: string): Promise<boolean> {
  if (isUrlArgument(arg)) return false;
  return (await stat(arg).catch(() => undefined))?.isDirectory() ?? false;
}

/** How a side is named in headers: `profile acme-prod (a.yaml)`, `ios-dict file x.xml`, ... */
export function describeSide(side: Side): string {
  switch (side.kind) {
    case 'profile':
      return `profile ${side.profile.name} (${side.arg})`;
    case 'directory':
      return `${side.arg} (${side.profiles.size} profile${side.profiles.size === 1 ? '' : 's'})`;
    case 'exports':
      return `export folder ${side.arg} (${side.profiles.size} profile${side.profiles.size === 1 ? '' : 's'})`;
    case 'artifact':
      return side.artifact.source === 'configuration URL' ? 'configuration URL' : `${side.artifact.target} file ${side.arg}`;
  }
}
