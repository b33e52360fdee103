/**
 * The changes a plan shows, computed on parsed values (never bytes: whitespace, key order and
 * encoding are not drift), with the same key-by-key comparison as `diff`, secrets masked.
 */
import { keyLabel } from '../artifact/carriage.js';
import { compareSnapshots, valuesEqual, type Snapshot } from '../diff/compare.js';
import { SECRET_MASK } from '../diff/diff.js';
import { looksSecret, type NormalizedArtifact } from '../artifact/normalize.js';
import type { SettingValue } from '../profile/types.js';
import { readingValues } from './read-console.js';
import type { PlanChange } from './types.js';

function snapshot(artifact: NormalizedArtifact | undefined, target: string): Snapshot {
  const values = artifact ? readingValues(artifact) : { settings: new Map<string, SettingValue>(), unknown: new Map<string, string>() };
  return { kind: 'artifact', source: artifact?.source ?? '', target, apps: {}, settings: values.settings, windows: new Map(), unknown: values.unknown };
}

/**
 * The configuration changes from what the console holds (`current`, undefined when it holds
 * nothing) to what the profile's export holds (`desired`, read back through the same parser).
 */
export function configurationChanges(current: NormalizedArtifact | undefined, desired: NormalizedArtifact, target: string): PlanChange[] {
  const raw = compareSnapshots(snapshot(current, target), snapshot(desired, target), { name: false, description: false, unknown: true, apps: false, carriedBy: [target] }, looksSecret, [target]);
  return raw.map((c) => {
    const shown = (v: SettingValue | undefined): SettingValue | null => (v === undefined ? null : c.secret ? SECRET_MASK : v);
    return { key: keyLabel(c.ref), kind: c.kind, before: shown(c.before), after: shown(c.after) };
  });
}

/** A change of one plain field (description, targeted apps), or nothing when equal. */
export function fieldChange(key: string, before: SettingValue | undefined, after: SettingValue | undefined): PlanChange[] {
  if (before === undefined && after === undefined) return [];
  if (before !== undefined && after !== undefined && valuesEqual(before, after)) return [];
  return [{ key, kind: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed', before: before ?? null, after: after ?? null }];
}

/** Members added and removed between two sets of names, one change each (assignments). */
export function setChanges(key: string, before: readonly string[], after: readonly string[]): PlanChange[] {
  const out: PlanChange[] = [];
  for (const name of [...after].sort()) if (!before.includes(name)) out.push({ key, kind: 'added', before: null, after: name });
  for (const name of [...before].sort()) if (!after.includes(name)) out.push({ key, kind: 'removed', before: name, after: null });
  return out;
}
