/**
 * Key-by-key comparison of two sides in canonical form. Profiles arrive resolved (extends merged,
 * `${env:...}` filled, values typed by the catalog) and artifacts normalized by the catalog, so
 * two sides that differ only in how they are written (one inherits, one repeats; `ON` vs true;
 * "CUCM,CUP" vs [CUCM, CUP]) compare equal.
 */
import { getParameter, loadCatalog } from '../catalog/index.js';
import type { Section } from '../catalog/types.js';
import type { SettingValue } from '../profile/types.js';
import { carriageOf, consolesOf, targetCarries, targetsCarrying, type KeyRef } from '../artifact/carriage.js';

/** One side reduced to what is compared: a profile, a profile as one target carries it, or an artifact. */
export interface Snapshot {
  /** How the side was given; decides which keys can be compared. */
  kind: 'profile' | 'artifact';
  /** The file (or `configuration URL`), for headers. */
  source: string;
  /** Profile name (profiles only). */
  name?: string;
  description?: string;
  /** The distribution text (profiles only). */
  distribution?: { title?: string; message?: string };
  /** Target id (artifacts, and profiles projected onto an artifact's target). */
  target?: string;
  /** App ids the side names. */
  apps: Partial<Record<'ios' | 'android', string>>;
  settings: Map<string, SettingValue>;
  windows: Map<string, SettingValue>;
  /** Keys the catalog does not know (artifacts only), raw values as text. */
  unknown: Map<string, string>;
}

/** What happened to one key from side a to side b. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** A difference before masking: full values, for the diff module only. */
export interface RawChange {
  ref: KeyRef;
  kind: ChangeKind;
  before?: SettingValue;
  after?: SettingValue;
  /** Targets whose output carries the key (and so change with it). */
  targets: string[];
  consoles: string[];
  /** A catalog secret, or an unknown key whose name says it holds one: masked when shown. */
  secret: boolean;
}

/** Which keys a comparison looks at. */
export interface CompareScope {
  /** Compare `name` (single files only: directories pair by it). */
  name: boolean;
  /** Compare `description` and the distribution text (profiles only: no artifact carries them back). */
  description: boolean;
  /** When set, only keys every one of these targets carries (drift, artifact against artifact). */
  carriedBy?: string[];
  /** Compare keys the catalog does not know (two artifacts of the same target). */
  unknown: boolean;
  /** Compare app ids (only when both sides name them). */
  apps: boolean;
}

/** Canonical values equal: lists compare as sets (Jabber reads ServiceDiscoveryExcludedServices as a set). */
export function valuesEqual(a: SettingValue, b: SettingValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const x = [...new Set(a)].sort();
    const y = [...new Set(b)].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

/** The union of two maps' keys, known keys in catalog order first, then the rest sorted. */
function orderedKeys(section: Section, a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  const { order } = loadCatalog();
  const rank = (k: string): number => {
    const p = getParameter(section, k);
    return p ? order.get(p)! : Number.MAX_SAFE_INTEGER;
  };
  return [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
}

/** Every key both sides could hold, in output order. */
function refsOf(a: Snapshot, b: Snapshot, scope: CompareScope): KeyRef[] {
  const refs: KeyRef[] = [];
  if (scope.name) refs.push({ section: 'name' });
  if (scope.description) {
    refs.push({ section: 'description' });
    for (const key of ['title', 'message'] as const) refs.push({ section: 'distribution', key });
  }
  if (scope.apps) for (const key of ['ios', 'android'] as const) refs.push({ section: 'apps', key });
  for (const section of ['settings', 'windows'] as const) {
    for (const key of orderedKeys(section, a[section], b[section])) refs.push({ section, key });
  }
  if (scope.unknown) {
    for (const key of [...new Set([...a.unknown.keys(), ...b.unknown.keys()])].sort()) refs.push({ section: 'unknown', key });
  }
  const carriers = scope.carriedBy;
  if (!carriers) return refs;
  return refs.filter((r) => r.section === 'unknown' || carriers.every((t) => targetCarries(t, r)));
}

function valueOf(s: Snapshot, ref: KeyRef): SettingValue | undefined {
  switch (ref.section) {
    case 'name':
      return s.name;
    case 'description':
      return s.description;
    case 'distribution':
      return s.distribution?.[ref.key];
    case 'apps':
      return s.apps[ref.key];
    case 'unknown':
      return s.unknown.get(ref.key);
    default:
      return s[ref.section].get(ref.key);
  }
}

/** True when the key's value must be masked. */
export function isSecretRef(ref: KeyRef, looksSecret: (name: string) => boolean): boolean {
  if (ref.section === 'settings' || ref.section === 'windows') return getParameter(ref.section, ref.key)?.secret === true;
  if (ref.section === 'unknown') return looksSecret(ref.key);
  return false;
}

/**
 * The differences from `a` to `b` over the keys `scope` selects, in a stable order (name,
 * description, apps, settings and windows in catalog order, then unknown keys). `involved` are
 * the artifacts' targets, which an unknown key is reported against.
 */
export function compareSnapshots(
  a: Snapshot,
  b: Snapshot,
  scope: CompareScope,
  looksSecret: (name: string) => boolean,
  involved: readonly string[] = [],
): RawChange[] {
  const changes: RawChange[] = [];
  for (const ref of refsOf(a, b, scope)) {
    const before = valueOf(a, ref);
    const after = valueOf(b, ref);
    if (before === undefined && after === undefined) continue;
    if (before !== undefined && after !== undefined && valuesEqual(before, after)) continue;
    const kind: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    let targets = ref.section === 'unknown' ? [...involved] : targetsCarrying(ref.section, 'key' in ref ? ref.key : undefined);
    if (ref.section === 'settings' && overriddenForInstaller(ref.key, a, b)) targets = targets.filter((t) => carriageOf(t)?.channel !== 'msi');
    if (scope.carriedBy && ref.section !== 'unknown') targets = targets.filter((t) => scope.carriedBy!.includes(t));
    const change: RawChange = { ref, kind, targets, consoles: consolesOf(targets), secret: isSecretRef(ref, looksSecret) };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    changes.push(change);
  }
  return changes;
}

/**
 * True when both sides set the settings key's installer switch in their windows section: the
 * installer takes the windows value then (installer-command.ts), so the settings change does not
 * reach it.
 */
function overriddenForInstaller(key: string, a: Snapshot, b: Snapshot): boolean {
  const sw = getParameter('settings', key)?.windowsSwitch;
  return sw !== undefined && a.windows.has(sw) && b.windows.has(sw);
}
