/**
 * `diff`: two profiles, two directories of profiles (paired by name), a profile against what a
 * console holds (drift), or two artifacts. Returns the differences with secrets already masked,
 * so no formatter can print one by accident.
 */
import { jsonPointer, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SettingValue } from '../profile/types.js';
import { loadCatalog } from '../catalog/index.js';
import { looksSecret, normalizeValue, rawText, type NormalizedArtifact } from '../artifact/normalize.js';
import { appPlatformOf, carriageOf, keyLabel, projectProfile, type Carriage } from '../artifact/carriage.js';
import { compareSnapshots, type ChangeKind, type CompareScope, type RawChange, type Snapshot } from './compare.js';
import { DiffError, describeSide, isDirectorySide, loadSide, type ExportedArtifact, type KeptProfile, type Side, type SideOptions } from './sides.js';

/** What a masked secret is shown as. */
export const SECRET_MASK = '***';

/** Options for diffPaths. */
export interface DiffOptions extends SideOptions {
  /** Show secret values instead of `***` (`--show-secrets`). */
  showSecrets?: boolean;
}

/** One difference as reported: values canonical (secrets masked), and what it affects. */
export interface DiffChange {
  /** `settings.ServicesDomain`, `windows.TFTP`, `apps.ios`, `description`, `name`, `unknown.<key>`. */
  key: string;
  kind: ChangeKind;
  /** The value on side a; null when added. */
  before: SettingValue | null;
  /** The value on side b; null when removed. */
  after: SettingValue | null;
  /** Targets whose output carries the key. */
  targets: string[];
  /** Consoles (and people) that take those targets' files. */
  consoles: string[];
}

/** A profile of a directory diff. */
export interface ProfileDiff {
  name: string;
  status: 'identical' | 'changed' | 'added' | 'removed';
  changes: DiffChange[];
  /** The files the profile came from on each side. */
  a?: string;
  b?: string;
}

/** How a side is described in headers. */
export interface SideInfo {
  kind: Side['kind'];
  /** `profile acme-prod (a.yaml)`, `ios-dict file x.xml`, `configuration URL`, `dir (3 profiles)`. */
  label: string;
  /** Target id, for artifacts. */
  target?: string;
  /** A profile's description: identity, shown in the header beside the label, never counted as a difference. */
  description?: string;
}

/** Fields every diff result has. */
interface DiffBase {
  a: SideInfo;
  b: SideInfo;
  identical: boolean;
  /** Warnings about the sides (unknown keys, values that do not decode); never a secret value. */
  diagnostics: Diagnostic[];
}

/** Two single sides. */
export interface SingleDiff extends DiffBase {
  mode: 'single';
  /** For drift (a profile against an artifact): which side is the console. */
  console?: 'a' | 'b';
  changes: DiffChange[];
}

/** Two directories of profiles. */
export interface DirectoryDiff extends DiffBase {
  mode: 'directories';
  profiles: ProfileDiff[];
  /** Counts per status. */
  summary: Record<ProfileDiff['status'], number>;
}

/** The drift of one exported set (a file and its companions) against its profile. */
export interface FileDrift {
  /** The set's first file, as found in the export folder. */
  file: string;
  target: string;
  changes: DiffChange[];
}

/** A profile of a folder-drift diff: its exported files against it. */
export interface ProfileDrift {
  name: string;
  /** identical/changed: exported and compared; removed: a profile with no export folder; added: an export folder with no profile (from side a to side b). */
  status: ProfileDiff['status'];
  /** The profile file, when there is one. */
  source?: string;
  files: FileDrift[];
}

/** A folder of profiles against an export folder (`diff profiles/ out/`): each profile against the files exported for it. */
export interface ExportsDiff extends DiffBase {
  mode: 'exports';
  /** Which side is the export folder (what the consoles hold). */
  console: 'a' | 'b';
  profiles: ProfileDrift[];
  summary: Record<ProfileDiff['status'], number>;
}

/** What diffPaths returns. */
export type DiffResult = SingleDiff | DirectoryDiff | ExportsDiff;

/** Compares two sides given as paths (or configuration URLs). Throws DiffError when it cannot. */
export async function diffPaths(a: string, b: string, opts: DiffOptions = {}): Promise<DiffResult> {
  const [dirA, dirB] = await Promise.all([isDirectorySide(a), isDirectorySide(b)]);
  if (dirA !== dirB) throw mixedSides(dirA ? `${a} (a directory)` : a, dirB ? `${b} (a directory)` : b);
  // Sides load one after the other: each streams its own profiles, and two validators at once
  // would only compete for the same two cores.
  const left = await loadSide(a, opts);
  const right = await loadSide(b, opts);
  return diffSides(left, right, opts);
}

/** Compares two loaded sides. */
export function diffSides(left: Side, right: Side, opts: DiffOptions = {}): DiffResult {
  const info = (s: Side): SideInfo => ({
    kind: s.kind,
    label: describeSide(s),
    ...(s.kind === 'artifact' ? { target: s.artifact.target } : {}),
    ...(s.kind === 'profile' && s.profile.description !== undefined ? { description: s.profile.description } : {}),
  });
  const diagnostics = [...sideWarnings(left), ...sideWarnings(right)];
  const show = opts.showSecrets === true;
  if (left.kind === 'exports' || right.kind === 'exports') {
    const profiles = left.kind === 'directory' ? left : right.kind === 'directory' ? right : undefined;
    const exports = left.kind === 'exports' ? left : right.kind === 'exports' ? right : undefined;
    if (!profiles || !exports) {
      throw new DiffError('mixed-sides', `An export folder is compared with a folder of profiles: ${describeSide(left)} and ${describeSide(right)}.`);
    }
    return diffExports(profiles.profiles, exports.profiles, exports === right ? 'b' : 'a', show, info(left), info(right));
  }
  if (left.kind === 'directory' || right.kind === 'directory') {
    if (left.kind !== 'directory' || right.kind !== 'directory') {
      throw mixedSides(describeSide(left), describeSide(right));
    }
    return diffDirectories(left.profiles, right.profiles, show, info(left), info(right), diagnostics);
  }
  const pair = singleComparison(left, right);
  const changes = pair.changes.map((c) => present(c, show, pair.references));
  const result: SingleDiff = { mode: 'single', a: info(left), b: info(right), identical: changes.length === 0, changes, diagnostics };
  if (pair.console) result.console = pair.console;
  return result;
}

function mixedSides(a: string, b: string): DiffError {
  return new DiffError('mixed-sides', `Cannot compare a directory with a single file: ${a} and ${b}. Give two directories, or two files.`);
}

function sideWarnings(s: Side): Diagnostic[] {
  return s.kind === 'artifact' ? s.artifact.diagnostics : [];
}

/**
 * Scope for two whole profiles. `name` and `description` are who the profile is, not what it
 * configures: the header shows them (SideInfo), they are not counted as differences.
 */
const PROFILES: CompareScope = { name: false, description: false, apps: true, unknown: false };

function profileSnapshot(p: KeptProfile): Snapshot {
  const s: Snapshot = { kind: 'profile', source: p.source, name: p.name, apps: { ...p.apps }, settings: p.settings, windows: p.windows, unknown: new Map() };
  if (p.description !== undefined) s.description = p.description;
  if (p.distribution !== undefined) s.distribution = p.distribution;
  return s;
}

/** Pointers (`/settings/X`) whose compared value is an `${env:NAME}` reference as written, per side. */
interface ReferencePointers {
  a: Set<string>;
  b: Set<string>;
}

/**
 * Two profiles as compared: where either side reads a variable that is not set, both sides'
 * values there are their references as written (`${env:PROD_PW}` against `${env:STAGING_PW}`),
 * so a diff between environments needs neither environment's secrets and never shows one.
 */
function profilePair(l: KeptProfile, r: KeptProfile): { a: Snapshot; b: Snapshot; references: ReferencePointers } {
  const a = profileSnapshot(l);
  const b = profileSnapshot(r);
  const references: ReferencePointers = { a: new Set(), b: new Set() };
  const unresolved = new Set([...(l.unresolvedEnv ?? []), ...(r.unresolvedEnv ?? [])]);
  if (unresolved.size === 0) return { a, b, references };
  const withReferences = (s: Snapshot, p: KeptProfile, mine: Set<string>): Snapshot => {
    const out = { ...s, settings: new Map(s.settings), windows: new Map(s.windows) };
    for (const pointer of unresolved) {
      const template = p.envTemplates?.get(pointer);
      if (template === undefined) continue;
      const [, section, key] = /^\/(settings|windows)\/(.*)$/.exec(pointer)!;
      out[section as 'settings' | 'windows'].set(unescapePointer(key!), template);
      // Shown unmasked only when it is a reference and nothing else: text around it may be part of a secret.
      if (WHOLE_ENV_REFERENCE.test(template)) mine.add(pointer);
    }
    return out;
  };
  return { a: withReferences(a, l, references.a), b: withReferences(b, r, references.b), references };
}

const WHOLE_ENV_REFERENCE = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A profile as the artifact's target carries it: the side drift compares against the console. */
function projectedSnapshot(p: KeptProfile, target: string): Snapshot {
  const projection = projectProfile({ ...p }, target);
  const platform = appPlatformOf(target);
  return {
    kind: 'profile',
    source: p.source,
    name: p.name,
    target,
    apps: platform && projection.app !== undefined ? { [platform]: projection.app } : {},
    settings: projection.settings,
    windows: projection.windows,
    unknown: new Map(),
  };
}

/** An artifact's values; a value that does not decode is compared as the text it is. */
function artifactSnapshot(a: NormalizedArtifact): Snapshot {
  const settings = new Map(a.settings);
  const windows = new Map(a.windows);
  for (const u of a.undecodable) (u.section === 'settings' ? settings : windows).set(u.key, rawText(u.raw));
  const platform = appPlatformOf(a.target);
  return {
    kind: 'artifact',
    source: a.source,
    target: a.target,
    apps: platform && a.app !== undefined ? { [platform]: a.app } : {},
    settings,
    windows,
    unknown: new Map([...a.unknown].map(([k, v]) => [k, rawText(v)])),
  };
}

/** True when two carriages are the same channel (and EMM platform): their unknown keys share one name space. */
function sameCarriage(a: Carriage, b: Carriage): boolean {
  return a.channel === b.channel && (a.channel !== 'emm' || (b.channel === 'emm' && a.platform === b.platform));
}

/** The snapshot with each installer switch that carries a settings key moved onto that key. */
function liftInstallerSwitches(s: Snapshot): Snapshot {
  const settings = new Map(s.settings);
  const windows = new Map(s.windows);
  for (const p of loadCatalog().bySection.settings.values()) {
    const sw = p.windowsSwitch;
    if (sw === undefined || !windows.has(sw)) continue;
    const raw = windows.get(sw)!;
    const value = typeof raw === 'string' || Array.isArray(raw) ? (normalizeValue(p, raw) ?? raw) : raw;
    settings.set(p.key, value);
    windows.delete(sw);
  }
  return { ...s, settings, windows };
}

function requireCarriage(a: NormalizedArtifact): void {
  if (!carriageOf(a.target)) {
    throw new DiffError('not-comparable', `jabber-emm does not know which keys ${a.target} files carry, so ${a.source} cannot be compared.`);
  }
}

function singleComparison(
  left: Exclude<Side, { kind: 'directory' }>,
  right: Exclude<Side, { kind: 'directory' }>,
): { changes: RawChange[]; console?: 'a' | 'b'; references?: ReferencePointers } {
  if (left.kind === 'profile' && right.kind === 'profile') {
    const { a, b, references } = profilePair(left.profile, right.profile);
    return { changes: compareSnapshots(a, b, PROFILES, looksSecret), references };
  }
  if (left.kind === 'artifact' && right.kind === 'artifact') {
    requireCarriage(left.artifact);
    requireCarriage(right.artifact);
    let a = artifactSnapshot(left.artifact);
    let b = artifactSnapshot(right.artifact);
    const same = left.artifact.target === right.artifact.target;
    const ca = carriageOf(left.artifact.target)!;
    const cb = carriageOf(right.artifact.target)!;
    if (ca.channel !== cb.channel) {
      // One setting carried by two channels is one key: the installer's switch compares as the
      // settings key it carries (VOICE_SERVICES_DOMAIN as VoiceServicesDomain against a URL).
      if (ca.channel === 'msi') a = liftInstallerSwitches(a);
      if (cb.channel === 'msi') b = liftInstallerSwitches(b);
    }
    const scope: CompareScope = {
      name: false,
      description: false,
      apps: Object.keys(a.apps).length > 0 && Object.keys(b.apps).length > 0,
      // Keys the catalog does not know mean the same in every format of one channel and platform
      // (a plist and a dict, an AppConfig specfile and a DDM asset).
      unknown: sameCarriage(ca, cb),
      ...(same ? {} : { carriedBy: [left.artifact.target, right.artifact.target] }),
    };
    const involved = [...new Set([left.artifact.target, right.artifact.target])];
    return { changes: compareSnapshots(a, b, scope, looksSecret, involved) };
  }
  // Drift: the profile as the artifact's target carries it, against what the console holds.
  const artifact = left.kind === 'artifact' ? left.artifact : (right as { artifact: NormalizedArtifact }).artifact;
  const profile = left.kind === 'profile' ? left.profile : (right as { profile: KeptProfile }).profile;
  const profileFirst = left.kind === 'profile';
  return { changes: driftChanges(profile, artifact, profileFirst), console: profileFirst ? 'b' : 'a' };
}

/** The profile as the artifact's target carries it against what the console holds (profile as side a when `profileFirst`). */
function driftChanges(profile: KeptProfile, artifact: NormalizedArtifact, profileFirst: boolean): RawChange[] {
  requireCarriage(artifact);
  const fromProfile = projectedSnapshot(profile, artifact.target);
  const fromConsole = artifactSnapshot(artifact);
  const scope: CompareScope = {
    name: false,
    description: false,
    apps: fromConsole.apps[appPlatformOf(artifact.target) ?? 'ios'] !== undefined,
    unknown: false,
    carriedBy: [artifact.target],
  };
  return profileFirst ? compareSnapshots(fromProfile, fromConsole, scope, looksSecret) : compareSnapshots(fromConsole, fromProfile, scope, looksSecret);
}

/**
 * Each profile against the files exported for it (paired by profile name with the export
 * folder's subfolders, console subfolders included). Warnings of the files are not repeated per
 * profile: only differences are reported.
 */
function diffExports(
  profiles: Map<string, KeptProfile>,
  exports: Map<string, ExportedArtifact[]>,
  console: 'a' | 'b',
  show: boolean,
  a: SideInfo,
  b: SideInfo,
): ExportsDiff {
  const names = [...new Set([...profiles.keys(), ...exports.keys()])].sort();
  const summary = { identical: 0, changed: 0, added: 0, removed: 0 };
  const out: ProfileDrift[] = [];
  const diagnostics: Diagnostic[] = [];
  const profileFirst = console === 'b';
  for (const name of names) {
    // An abstract profile is never exported: it has no folder to compare, and one under its name is left over.
    const listed = profiles.get(name);
    const p = listed?.abstract ? undefined : listed;
    const sets = exports.get(name);
    if (!p && !sets) continue;
    let entry: ProfileDrift;
    if (p && sets) {
      const files = sets.map((s) => ({ file: s.files[0]!, target: s.artifact.target, changes: driftChanges(p, s.artifact, profileFirst).map((c) => present(c, show)) }));
      const drifted = files.filter((f) => f.changes.length > 0);
      entry = { name, status: drifted.length === 0 ? 'identical' : 'changed', source: p.source, files: drifted };
    } else if (p) {
      // The profile has no export folder: from the profiles' side to the export's, it is gone.
      entry = { name, status: profileFirst ? 'removed' : 'added', source: p.source, files: [] };
    } else {
      entry = { name, status: profileFirst ? 'added' : 'removed', files: [] };
    }
    summary[entry.status] += 1;
    out.push(entry);
  }
  return { mode: 'exports', a, b, console, identical: summary.identical === out.length, profiles: out, summary, diagnostics };
}

function diffDirectories(
  left: Map<string, KeptProfile>,
  right: Map<string, KeptProfile>,
  show: boolean,
  a: SideInfo,
  b: SideInfo,
  diagnostics: Diagnostic[],
): DirectoryDiff {
  const names = [...new Set([...left.keys(), ...right.keys()])].sort();
  const profiles: ProfileDiff[] = [];
  const summary = { identical: 0, changed: 0, added: 0, removed: 0 };
  // Pairs are named by `name`, so the name itself is never a difference.
  const scope: CompareScope = { ...PROFILES, name: false };
  for (const name of names) {
    const l = left.get(name);
    const r = right.get(name);
    let entry: ProfileDiff;
    if (l && r) {
      const pair = profilePair(l, r);
      const changes = compareSnapshots(pair.a, pair.b, scope, looksSecret).map((c) => present(c, show, pair.references));
      entry = { name, status: changes.length === 0 ? 'identical' : 'changed', changes, a: l.source, b: r.source };
    } else if (r) {
      entry = { name, status: 'added', changes: [], b: r.source };
    } else {
      entry = { name, status: 'removed', changes: [], a: l!.source };
    }
    summary[entry.status] += 1;
    profiles.push(entry);
  }
  return { mode: 'directories', a, b, identical: summary.identical === profiles.length, profiles, summary, diagnostics };
}

/**
 * A raw change as reported: secrets masked unless asked for. A value that is an `${env:NAME}`
 * reference as written (`references`) is shown as it is: a variable's name, never its value.
 */
function present(c: RawChange, showSecrets: boolean, references?: ReferencePointers): DiffChange {
  const pointer = c.ref.section === 'settings' || c.ref.section === 'windows' ? jsonPointer(c.ref.section, c.ref.key) : undefined;
  const shown = (v: SettingValue | undefined, side: 'a' | 'b'): SettingValue | null => {
    if (v === undefined) return null;
    if (pointer !== undefined && references?.[side].has(pointer)) return v;
    return c.secret && !showSecrets ? SECRET_MASK : v;
  };
  return { key: keyLabel(c.ref), kind: c.kind, before: shown(c.before, 'a'), after: shown(c.after, 'b'), targets: c.targets, consoles: c.consoles };
}
