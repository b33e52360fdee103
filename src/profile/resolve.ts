import { dirname, isAbsolute, join, normalize, resolve as resolvePath } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { getParameter, loadCatalog, suggestKey } from '../catalog/index.js';
import type { Section } from '../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js';
import { loadProfile, type LoadedProfile, type LoadOptions } from './load.js';
import { describeNode, type SourceMapping, type SourceNode } from './source-tree.js';
import { substituteText, type ProfileEnv } from './substitute.js';
import type { ResolvedProfile, SettingValue } from './types.js';
import { typeValue } from './typing.js';

/** Options for resolving a profile. */
export interface ResolveOptions extends LoadOptions {
  /** Where `${env:NAME}` is read from (default: process.env). */
  env?: ProfileEnv;
  /** Parsed files shared between profiles of one run, so a common parent is read once. */
  cache?: ProfileCache;
  /**
   * What a settings or windows value whose `${env:NAME}` is not set becomes: an `env-missing`
   * error (default), or, with 'reference' (diff between environments, which must not need the
   * other environment's secrets), the value as written, listed in `unresolvedEnv`.
   */
  unsetEnv?: 'error' | 'reference';
}

/** A resolved profile (absent when the file could not be read as a mapping at all) and every problem found. */
export interface ResolveResult {
  profile?: ResolvedProfile;
  diagnostics: Diagnostic[];
}

/** Cisco Jabber's public app ids: the defaults of `apps` (reference §1). */
export const DEFAULT_APPS = { ios: 'com.cisco.jabberIM', android: 'com.cisco.im' } as const;

/** Keys a profile may have at the top. */
export const TOP_LEVEL_KEYS = ['$schema', 'name', 'extends', 'abstract', 'description', 'distribution', 'apps', 'settings', 'windows', 'publish'] as const;

/** Keys under `distribution`. */
const DISTRIBUTION_KEYS = ['title', 'message'] as const;

/** Keys under `apps`. */
const APP_KEYS = ['ios', 'android'] as const;

/**
 * Keys a profile does not inherit: `name` names the output folder (two profiles sharing it would
 * overwrite each other), `extends` and `$schema` describe the file itself, and `abstract` says the
 * file exists only to be extended (its children are deployments unless they say so themselves).
 */
const NOT_INHERITED = new Set(['name', 'extends', '$schema', 'abstract']);

/** Longest extends chain followed; real chains are two or three files. */
const MAX_CHAIN = 32;

/** Loaded files by path, least recently used dropped first: bounded however many profiles a run has. */
export class ProfileCache {
  private readonly entries = new Map<string, Promise<LoadedProfile>>();
  constructor(private readonly capacity = 256) {}

  /** The file parsed once per run (the promise is shared by concurrent callers). */
  load(file: string, opts: LoadOptions): Promise<LoadedProfile> {
    const hit = this.entries.get(file);
    if (hit) {
      this.entries.delete(file);
      this.entries.set(file, hit);
      return hit;
    }
    const loading = loadProfile(file, opts);
    this.entries.set(file, loading);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return loading;
  }
}

/**
 * Loads a profile and follows its `extends` chain (paths relative to the file that names them;
 * deep merge, the child wins, lists replace), fills `${env:NAME}`, and types every value by the
 * catalog. Positions point into whichever file of the chain set a value.
 */
export async function resolveProfile(file: string, opts: ResolveOptions = {}): Promise<ResolveResult> {
  const env = opts.env ?? process.env;
  const diagnostics: Diagnostic[] = [];
  const chain = await loadChain(file, opts, diagnostics);
  const own = chain[0]?.root;
  if (!own) return { diagnostics };
  if (own.kind !== 'mapping') {
    if (own.kind !== 'invalid') {
      diagnostics.push(
        diagnostic('error', 'invalid-type', `A profile is a mapping with name, settings and windows; this file holds ${describeNode(own)}.`, {
          ...own.pos,
          pointer: '',
        }),
      );
    }
    return { diagnostics };
  }
  // Merge from the farthest ancestor down, so each file overrides the ones it extends.
  let merged: SourceMapping = { kind: 'mapping', entries: new Map(), pos: own.pos };
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const root = chain[i]!.root;
    if (root?.kind !== 'mapping') continue;
    merged = mergeNodes(merged, i === 0 ? root : withoutOwnKeys(root)) as SourceMapping;
  }
  merged.pos = own.pos;
  const profile = new ProfileBuilder(file, env, diagnostics, opts.unsetEnv === 'reference').build(merged);
  profile.chain = chain.map((c) => c.file);
  return { profile, diagnostics };
}

/** The profile file and its ancestors, nearest first; reports missing parents and cycles. */
async function loadChain(file: string, opts: ResolveOptions, diagnostics: Diagnostic[]): Promise<LoadedProfile[]> {
  const load = (f: string): Promise<LoadedProfile> => (opts.cache ? opts.cache.load(f, opts) : loadProfile(f, opts));
  const first = await load(file);
  diagnostics.push(...first.diagnostics);
  const chain = [first];
  // Absolute paths, not real paths: realpath was a fifth of the run time over 20,000 profiles.
  // A cycle through symlinks is still stopped, by MAX_CHAIN.
  const seen = new Set([resolvePath(file)]);
  for (let current = first; ; ) {
    const root = current.root;
    if (root?.kind !== 'mapping') break;
    const entry = root.entries.get('extends');
    if (!entry) break;
    const value = entry.value;
    if (value.kind !== 'scalar' || typeof value.value !== 'string' || value.value === '') {
      if (value.kind !== 'invalid') {
        diagnostics.push(
          diagnostic('error', 'invalid-type', `extends is the path of one parent profile (for example ./base.yaml), not ${describeNode(value)}.`, {
            ...value.pos,
            pointer: '/extends',
          }),
        );
      }
      break;
    }
    const target = value.value;
    const parent = isAbsolute(target) ? target : normalize(join(dirname(current.file), target));
    const names = [...chain.map((c) => c.file), parent].join(' → ');
    const at = { ...value.pos, pointer: '/extends' };
    const real = resolvePath(parent);
    if (seen.has(real)) {
      diagnostics.push(diagnostic('error', 'extends-cycle', `extends forms a cycle: ${names}. Remove one of these extends.`, at));
      break;
    }
    if (chain.length >= MAX_CHAIN) {
      diagnostics.push(diagnostic('error', 'extends-too-deep', `extends chains more than ${MAX_CHAIN} files: ${names}.`, at));
      break;
    }
    seen.add(real);
    const loaded = await load(parent);
    // Reported at the `extends` that names the file: that is the line to fix.
    const unreadable = loaded.diagnostics.find((d) => d.code === 'path-not-found' || d.code === 'read-error');
    if (unreadable) {
      const why = unreadable.code === 'path-not-found' ? 'which does not exist' : 'which is a folder, a device or pipe, or an unreadable file';
      diagnostics.push(diagnostic('error', 'extends-not-found', `extends names ${parent}, ${why}; chain: ${names}.`, at));
      break;
    }
    diagnostics.push(...loaded.diagnostics);
    // A readable file that holds no mapping (a line of text, a list, /etc/passwd) is not a
    // profile: inheriting nothing from it would hide the mistake. (The chain stops at it.)
    if (loaded.root && loaded.root.kind !== 'mapping' && loaded.root.kind !== 'invalid') {
      diagnostics.push(
        diagnostic('error', 'invalid-type', `extends names ${parent}, which holds ${describeNode(loaded.root)}, not a profile (a mapping with settings, windows ...); chain: ${names}.`, at),
      );
    }
    chain.push(loaded);
    current = loaded;
  }
  return chain;
}

function withoutOwnKeys(root: SourceMapping): SourceMapping {
  return { ...root, entries: new Map([...root.entries].filter(([k]) => !NOT_INHERITED.has(k))) };
}

/** Deep merge: mappings merge key by key, the later node wins everything else (lists replace). */
function mergeNodes(base: SourceNode | undefined, over: SourceNode): SourceNode {
  if (base?.kind !== 'mapping' || over.kind !== 'mapping') return over;
  const entries = new Map(base.entries);
  for (const [key, entry] of over.entries) {
    const inherited = entries.get(key);
    entries.set(key, inherited ? { ...entry, value: mergeNodes(inherited.value, entry.value) } : entry);
  }
  return { kind: 'mapping', entries, pos: over.pos };
}

/** Walks the merged tree into a ResolvedProfile, collecting diagnostics. */
class ProfileBuilder {
  private readonly profile: ResolvedProfile;

  constructor(
    source: string,
    private readonly env: ProfileEnv,
    private readonly diagnostics: Diagnostic[],
    private readonly keepUnsetEnv = false,
  ) {
    this.profile = {
      name: '',
      source,
      apps: { ...DEFAULT_APPS },
      settings: new Map(),
      windows: new Map(),
      positions: new Map(),
      valuePositions: new Map(),
      envSourced: new Set(),
    };
  }

  private error(code: string, message: string, pos: SourcePosition, pointer: string): void {
    this.diagnostics.push(diagnostic('error', code, message, { ...pos, pointer }));
  }

  private record(pointer: string, keyPos: SourcePosition, valuePos: SourcePosition): void {
    this.profile.positions.set(pointer, keyPos);
    this.profile.valuePositions!.set(pointer, valuePos);
  }

  build(root: SourceMapping): ResolvedProfile {
    this.record('', root.pos, root.pos);
    for (const [key, entry] of root.entries) {
      const pointer = jsonPointer(key);
      this.record(pointer, entry.keyPos, entry.value.pos);
      const value = entry.value;
      switch (key) {
        case '$schema':
        case 'extends':
          break; // read by the editor and by loadChain
        case 'name':
        case 'description': {
          const text = this.text(key, value, pointer, key === 'description');
          if (text !== undefined) {
            if (key === 'name') this.profile.name = text;
            else this.profile.description = text;
          } else if (key === 'name') {
            this.profile.nameNotText = true;
          }
          break;
        }
        case 'abstract':
          if (value.kind === 'invalid') break;
          if (value.kind !== 'scalar' || typeof value.value !== 'boolean') {
            this.error('invalid-type', `abstract is true (the profile exists only to be extended: never exported or published) or false, not ${describeNode(value)}.`, value.pos, pointer);
          } else if (value.value) this.profile.abstract = true;
          break;
        case 'distribution':
          this.distribution(value, pointer);
          break;
        case 'apps':
          this.apps(value, pointer);
          break;
        case 'settings':
        case 'windows':
          this.section(key, value, pointer);
          break;
        case 'publish':
          this.publish(value, pointer);
          break;
        default:
          this.unknownTopLevel(key, entry.keyPos, pointer);
      }
    }
    return this.profile;
  }

  /** A plain text field; `substitute` fills `${env:...}` in it. */
  private text(key: string, node: SourceNode, pointer: string, substitute: boolean): string | undefined {
    if (node.kind === 'invalid') return undefined;
    if (node.kind !== 'scalar' || node.value === null || typeof node.value === 'boolean') {
      this.error('invalid-type', `${key} is text, not ${describeNode(node)}.`, node.pos, pointer);
      return undefined;
    }
    if (!substitute || typeof node.value !== 'string') return node.text;
    const sub = substituteText(
      node.value,
      this.env,
      { pos: node.pos, pointer, ...(node.textColumn !== undefined ? { textColumn: node.textColumn } : {}) },
      this.diagnostics,
    );
    if (sub.envNames.length > 0) this.profile.envSourced!.add(pointer);
    return sub.failed ? undefined : sub.text;
  }

  private apps(node: SourceNode, pointer: string): void {
    if (node.kind === 'invalid') return;
    if (node.kind !== 'mapping') {
      this.error('invalid-type', `apps is a mapping with ios and android app ids, not ${describeNode(node)}.`, node.pos, pointer);
      return;
    }
    for (const [key, entry] of node.entries) {
      const ptr = `${pointer}/${jsonPointer(key).slice(1)}`;
      this.record(ptr, entry.keyPos, entry.value.pos);
      if (key !== 'ios' && key !== 'android') {
        const near = closest(key, APP_KEYS);
        this.error('unknown-key', `Unknown key ${key} under apps${near ? `: did you mean ${near}?` : ''}; apps has ios (bundle id) and android (package name).`, entry.keyPos, ptr);
        continue;
      }
      const id = this.text(`apps.${key}`, entry.value, ptr, true);
      if (id !== undefined) this.profile.apps[key] = id;
    }
  }

  /** `distribution: {title, message}`: the text end users see on the page and in the e-mail. */
  private distribution(node: SourceNode, pointer: string): void {
    if (node.kind === 'invalid') return;
    if (node.kind !== 'mapping') {
      this.error('invalid-type', `distribution is a mapping with title and message (the text users see on the setup page and in the e-mail), not ${describeNode(node)}.`, node.pos, pointer);
      return;
    }
    const out: NonNullable<ResolvedProfile['distribution']> = {};
    for (const [key, entry] of node.entries) {
      const ptr = `${pointer}/${jsonPointer(key).slice(1)}`;
      this.record(ptr, entry.keyPos, entry.value.pos);
      if (key !== 'title' && key !== 'message') {
        const near = closest(key, DISTRIBUTION_KEYS);
        this.error('unknown-key', `Unknown key ${key} under distribution${near ? ` (did you mean ${near}?)` : ''}: distribution has title (the heading users see) and message (the text under it).`, entry.keyPos, ptr);
        continue;
      }
      const text = this.text(`distribution.${key}`, entry.value, ptr, true);
      if (text === undefined) continue;
      if (text.trim() === '') this.error('empty-value', `distribution.${key} is empty; leave it out to use the neutral default.`, entry.value.pos, ptr);
      else out[key] = text;
    }
    this.profile.distribution = out;
  }

  /** `publish: {intune: {assign: [<group display name>...]}}`: what `jabber-emm publish` does beyond the settings. */
  private publish(node: SourceNode, pointer: string): void {
    if (node.kind === 'invalid') return;
    if (node.kind !== 'mapping') {
      this.error('invalid-type', `publish is a mapping with per-console options (intune: {assign: [...]}), not ${describeNode(node)}.`, node.pos, pointer);
      return;
    }
    const out: NonNullable<ResolvedProfile['publish']> = {};
    for (const [key, entry] of node.entries) {
      const ptr = `${pointer}/${jsonPointer(key).slice(1)}`;
      this.record(ptr, entry.keyPos, entry.value.pos);
      if (key !== 'intune') {
        const near = closest(key, ['intune']);
        this.error('unknown-key', `Unknown key ${key} under publish${near ? ` (did you mean ${near}?)` : ''}: publish has intune (assign: the groups of the Intune policy); Jamf Pro takes no options.`, entry.keyPos, ptr);
        continue;
      }
      const intune = entry.value;
      if (intune.kind === 'invalid') continue;
      if (intune.kind !== 'mapping') {
        this.error('invalid-type', `publish.intune is a mapping (assign: [<group display name>...]), not ${describeNode(intune)}.`, intune.pos, ptr);
        continue;
      }
      out.intune = {};
      for (const [k, e] of intune.entries) {
        const p2 = `${ptr}/${jsonPointer(k).slice(1)}`;
        this.record(p2, e.keyPos, e.value.pos);
        if (k !== 'assign') {
          this.error('unknown-key', `Unknown key ${k} under publish.intune; it has assign (the display names of the groups the policy is assigned to).`, e.keyPos, p2);
          continue;
        }
        const list = e.value;
        if (list.kind === 'invalid') continue;
        if (list.kind !== 'sequence') {
          this.error('invalid-type', `publish.intune.assign is a list of group display names, not ${describeNode(list)}.`, list.pos, p2);
          continue;
        }
        const names: string[] = [];
        list.items.forEach((item, i) => {
          const name = this.text(`publish.intune.assign[${i}]`, item, `${p2}/${i}`, true);
          if (name === undefined) return;
          if (name.trim() === '') this.error('empty-value', 'A group display name in publish.intune.assign is empty.', item.pos, `${p2}/${i}`);
          else if (names.includes(name)) {
            this.diagnostics.push(diagnostic('warning', 'duplicate-value', `The group ${JSON.stringify(name)} is listed twice in publish.intune.assign.`, { ...item.pos, pointer: `${p2}/${i}` }));
          } else names.push(name);
        });
        out.intune.assign = names;
      }
    }
    this.profile.publish = out;
  }

  private section(section: Section, node: SourceNode, pointer: string): void {
    if (node.kind === 'invalid') return;
    if (node.kind !== 'mapping') {
      const what = section === 'settings' ? 'Cisco URL/EMM parameter names' : 'Windows installer switch names';
      this.error('invalid-type', `${section} is a mapping of ${what} to values, not ${describeNode(node)}.`, node.pos, pointer);
      return;
    }
    const target = section === 'settings' ? this.profile.settings : this.profile.windows;
    for (const [key, entry] of node.entries) {
      const ptr = jsonPointer(section, key);
      this.record(ptr, entry.keyPos, entry.value.pos);
      const param = getParameter(section, key);
      if (!param) {
        this.diagnostics.push(unknownKey(section, key, { ...entry.keyPos, pointer: ptr }));
        continue;
      }
      const written = entry.value.kind === 'scalar' && typeof entry.value.value === 'string' ? entry.value.value : undefined;
      if (this.keepUnsetEnv && written !== undefined) {
        const names = envReferenceNames(written);
        if (names.length > 0) (this.profile.envTemplates ??= new Map()).set(ptr, written);
        if (names.some((n) => this.env[n] === undefined)) {
          // Not typed, not checked: the reference itself is the value, compared as written.
          target.set(key, written);
          this.profile.envSourced!.add(ptr);
          (this.profile.unresolvedEnv ??= new Set()).add(ptr);
          continue;
        }
      }
      const typed = typeValue(param, entry.value, ptr, this.env, this.diagnostics, { yesNo: true });
      if (typed.fromEnv) this.profile.envSourced!.add(ptr);
      for (const [p, pos] of typed.itemPositions) this.profile.valuePositions!.set(p, pos);
      if (typed.value !== undefined) target.set(key, typed.value as SettingValue);
    }
  }

  private unknownTopLevel(key: string, keyPos: SourcePosition, pointer: string): void {
    const at = { ...keyPos, pointer };
    for (const section of ['settings', 'windows'] as const) {
      if (getParameter(section, key)) {
        this.diagnostics.push(diagnostic('error', 'wrong-section', `${key} belongs under ${section}: (${sectionWords(section)}), not at the top of the profile.`, at));
        return;
      }
    }
    const near = closest(key, TOP_LEVEL_KEYS);
    const hint = near ? `: did you mean ${near}? A` : '; a';
    this.diagnostics.push(
      diagnostic('error', 'unknown-key', `Unknown key ${key} at the top of the profile${hint} profile has ${TOP_LEVEL_KEYS.join(', ')}.`, at),
    );
  }
}

/** The variable names of a string's well-formed `${env:NAME}` references. */
function envReferenceNames(text: string): string[] {
  return [...text.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
}

/** What a section holds, for messages. */
function sectionWords(section: Section): string {
  return section === 'settings' ? 'Mac and mobile settings, by their configuration URL / EMM names' : 'Jabber for Windows installer switches';
}

/** The candidate within a small edit distance (case-insensitive), if any. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(key.toLowerCase(), c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(best.c.length / 3)) ? best.c : undefined;
}

/**
 * The diagnostic for a key the catalog does not know in `section`: a did-you-mean for typos,
 * case slips and spellings from Cisco's own documents (which the client does not read), or
 * `wrong-section` for a key that belongs in the other section.
 */
export function unknownKey(section: Section, key: string, at: SourcePosition & { pointer: string }): Diagnostic {
  const s = suggestKey(section, key);
  const where = section === 'settings' ? 'settings' : 'windows';
  if (!s) {
    return diagnostic('error', 'unknown-key', `Unknown key ${key} under ${where}: Cisco documents no ${section === 'settings' ? 'URL/EMM parameter' : 'installer switch'} of that name.`, at);
  }
  if (s.section !== section) {
    const windowsSwitch = getParameter('settings', s.key)?.windowsSwitch;
    const counterpart =
      section === 'settings'
        ? settingsWithSwitch(s.key).map((k) => `, or write ${k} here for Mac and mobile clients`).join('')
        : windowsSwitch && windowsSwitch !== s.key
          ? `, or write ${windowsSwitch} here for the Windows installer`
          : '';
    const spelled = s.key === key ? key : `${key} (did you mean ${s.key}?)`;
    const kind = s.section === 'windows' ? 'a Jabber for Windows installer switch' : 'a Mac and mobile setting (configuration URL / EMM)';
    return diagnostic('error', 'wrong-section', `${spelled} is ${kind}: move it under ${s.section}:${counterpart}.`, at);
  }
  switch (s.reason) {
    case 'variant':
      return diagnostic(
        'error',
        'unknown-key',
        `Unknown key ${key}: did you mean ${s.key}? Cisco's documents also write ${key} (${s.note ?? 'a variant spelling'}), but the client reads ${s.key}.`,
        at,
      );
    case 'case':
      return diagnostic('error', 'unknown-key', `Unknown key ${key}: did you mean ${s.key}? Parameter names are case sensitive (Cisco deployment guides).`, at);
    default:
      return diagnostic('error', 'unknown-key', `Unknown key ${key} under ${where}: did you mean ${s.key}?`, at);
  }
}

/** Settings keys whose Windows installer counterpart is `windowsKey` (SERVICES_DOMAIN → ServicesDomain). */
function settingsWithSwitch(windowsKey: string): string[] {
  return loadCatalog()
    .parameters.filter((p) => p.section === 'settings' && p.windowsSwitch === windowsKey && p.key !== windowsKey)
    .map((p) => p.key);
}
