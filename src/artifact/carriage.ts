/**
 * Which targets carry which profile key: the one place `diff` (change → targets and consoles),
 * drift (which keys an artifact can be compared on) and `import` (which app id an artifact names)
 * learn it. Derived from the catalog's channels and platforms, joined with the registry.
 */
import { getParameter, loadCatalog } from '../catalog/index.js';
import { decodeText } from '../catalog/encode.js';
import type { Platform, Section } from '../catalog/types.js';
import type { ResolvedProfile, SettingValue } from '../profile/types.js';
import { getTarget, TARGETS } from '../targets/registry.js';
import type { Carriage } from '../targets/types.js';
import { collectInstallerProperties } from '../targets/windows/installer-command.js';

export type { Carriage } from '../targets/types.js';

/** A compared key: a profile field (`name`, `description`, the distribution text), an app id, or a parameter of a section. */
export type KeyRef =
  | { section: 'name' | 'description' }
  /** The end-user text of the page and e-mail (profile key `distribution`). */
  | { section: 'distribution'; key: 'title' | 'message' }
  | { section: 'apps'; key: 'ios' | 'android' }
  | { section: Section; key: string }
  /** A key an artifact holds that the catalog does not know (artifact against artifact only). */
  | { section: 'unknown'; key: string };

/** The key as diff prints it: `settings.ServicesDomain`, `windows.TFTP`, `apps.ios`, `name`, `unknown.Foo`. */
export function keyLabel(ref: KeyRef): string {
  return 'key' in ref ? `${ref.section}.${ref.key}` : ref.section;
}

/** The carriage of a target id (declared by the target in the registry), if the id is a target. */
export function carriageOf(targetId: string): Carriage | undefined {
  return getTarget(targetId)?.carries;
}

/** True when files of the target carry the key. */
export function targetCarries(targetId: string, ref: KeyRef): boolean {
  const c = carriageOf(targetId);
  if (!c) return false;
  switch (ref.section) {
    case 'name':
      return true; // names the output folder of every target
    case 'description':
      return false; // the admin's note: no file shows it to users
    case 'distribution':
      return getTarget(targetId)?.shows?.includes('distribution') ?? false; // the page and e-mail print it
    case 'apps':
      return c.channel === 'emm' && c.platform === ref.key;
    case 'unknown':
      return false; // nothing jabber-emm writes carries a key it does not know
    case 'windows':
      return c.channel === 'msi' && getParameter('windows', ref.key) !== undefined;
    case 'settings': {
      const p = getParameter('settings', ref.key);
      if (!p) return false;
      if (c.channel === 'url') return p.channels.url !== undefined;
      // A settings key reaches the installer through its windowsSwitch (ServicesDomain → SERVICES_DOMAIN).
      if (c.channel === 'msi') return p.windowsSwitch !== undefined && getParameter('windows', p.windowsSwitch) !== undefined;
      return p.channels.emm?.platforms.includes(c.platform) ?? false;
    }
  }
}

const carryingCache = new Map<string, string[]>();

/** Ids of the registered targets whose output carries the key, in registry order. */
export function targetsCarrying(section: KeyRef['section'], key?: string): string[] {
  const ref = (key === undefined ? { section } : { section, key }) as KeyRef;
  const label = keyLabel(ref);
  let hit = carryingCache.get(label);
  if (!hit) {
    hit = TARGETS.filter((t) => targetCarries(t.id, ref)).map((t) => t.id);
    carryingCache.set(label, hit);
  }
  return hit;
}

/** The consoles (and people) that take files of these targets, each once (mergeConsoles), in target order. */
export function consolesOf(targetIds: readonly string[]): string[] {
  return mergeConsoles(targetIds.flatMap((id) => getTarget(id)?.consoles ?? []));
}

/**
 * Console names, each once: targets name one console in several places (`Intune (iOS app
 * configuration, Enter XML data)`, `Intune (Android Enterprise, Enter JSON data)`), so entries of
 * one name become `Intune (iOS app configuration, Enter XML data; Android Enterprise, Enter JSON
 * data)`, and details that list the same things in another order (`users (e-mail, intranet page)`,
 * `users (intranet page, e-mail)`) are one. Merging merged names again changes nothing.
 */
export function mergeConsoles(consoles: readonly string[]): string[] {
  const byName = new Map<string, string[]>();
  const same = (x: string, y: string): boolean => x.split(', ').sort().join(', ') === y.split(', ').sort().join(', ');
  for (const entry of consoles) {
    const m = /^(.*?) \((.*)\)$/.exec(entry);
    const name = m ? m[1]! : entry;
    let details = byName.get(name);
    if (!details) byName.set(name, (details = []));
    for (const d of m ? m[2]!.split('; ') : []) if (!details.some((x) => same(x, d))) details.push(d);
  }
  return [...byName].map(([name, details]) => (details.length > 0 ? `${name} (${details.join('; ')})` : name));
}

/** The platform whose app id a target's files name (bundle id or package), if any. */
export function appPlatformOf(targetId: string): 'ios' | 'android' | undefined {
  const c = carriageOf(targetId);
  return c?.channel === 'emm' ? c.platform : undefined;
}

/** What a target's files would hold for a profile, keyed and typed like a profile. */
export interface Projection {
  settings: Map<string, SettingValue>;
  windows: Map<string, SettingValue>;
  /** The app id the files name, for EMM targets. */
  app?: string;
}

/**
 * The part of a profile a target's files carry: the settings its channel takes to its platform,
 * or for the installer the switches as the installer command builds them (the windows section,
 * settings through their windowsSwitch, CLEAR=1 unless switched off). Used for drift: the
 * console can only hold what the target carries.
 */
export function projectProfile(profile: ResolvedProfile, targetId: string): Projection {
  const c = carriageOf(targetId);
  const out: Projection = { settings: new Map(), windows: new Map() };
  if (!c) return out;
  if (c.channel === 'msi') {
    // The installer command is the authority on which switches it writes; reuse it rather than
    // restating its rules (section wins over settings, CLEAR default, false tokens omitted).
    const built = collectInstallerProperties(profile, targetId);
    for (const prop of built.properties ?? []) {
      const value = decodeText(prop.param, prop.text);
      if (value !== undefined) out.windows.set(prop.param.key, value);
    }
    // A command without CLEAR=1 keeps the bootstrap file: read back, that is CLEAR false.
    if (out.windows.size > 0 && !out.windows.has('CLEAR')) out.windows.set('CLEAR', false);
    return out;
  }
  const { bySection } = loadCatalog();
  for (const [key, value] of profile.settings) {
    const p = bySection.settings.get(key);
    if (!p) continue;
    const carried = c.channel === 'url' ? p.channels.url !== undefined : (p.channels.emm?.platforms.includes(c.platform as Platform) ?? false);
    if (carried) out.settings.set(key, value);
  }
  if (c.channel === 'emm') out.app = profile.apps[c.platform];
  return out;
}
