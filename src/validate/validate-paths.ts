/**
 * `validate` over files and folders that hold profiles, exported files, or both: each file is
 * sorted into a profile or an artifact (see classify.ts for the rule), profiles go through
 * load → resolve → check as before, artifacts through their target's verify and parse in
 * batches, and the results come back in input order.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findProfileFiles } from '../profile/files.js';
import type { ProfileResult } from '../profile/types.js';
import { countInto, validateStream, type ValidateOptions, type ValidationSummary } from '../profile/validate.js';
import { getTarget, TARGETS } from '../targets/registry.js';
import { groupFolder } from '../artifact/file-sets.js';
import { findCompanions, isUrlArgument, URL_SOURCE, urlArgumentInput } from '../artifact/read.js';
import { verifyArtifacts, type ArtifactResult, type PlannedArtifact, type UserXsd } from './artifacts.js';
import { classifyContents, kindFromName, readCandidate, recognisedKinds, WALK_EXTENSIONS, type FileKind } from './classify.js';

/** A profile's result, marked as one. */
export interface ProfileEntryResult extends ProfileResult {
  kind: 'profile';
}

/** One file validate checked: a profile or an exported artifact. */
export type ValidatedResult = ProfileEntryResult | ArtifactResult;

/**
 * Counts over a run. `profiles`, `ok` and `failed` count every file checked, profiles and
 * exported files alike (each is one entry of the results); `artifacts` says how many of them were
 * exported files.
 */
export interface PathsSummary extends ValidationSummary {
  artifacts: number;
}

/** What validatePaths returns. */
export interface PathsReport {
  results: ValidatedResult[];
  summary: PathsSummary;
  /** Problems with the paths themselves: `path-not-found`, `no-profiles`, `unrecognised-file`, `xsd-unused`. */
  diagnostics: Diagnostic[];
}

/** Options for validatePaths. */
export interface ValidatePathsOptions extends ValidateOptions {
  /** Sees each result as soon as it (and every file before it) is done, in input order. */
  onResult?: (result: ValidatedResult) => void;
  /** Keep every result in `results` (default true); false keeps memory flat for huge runs. */
  keepResults?: boolean;
  /** An XSD file every AppConfig specfile (ios-appconfig) is also checked against (`--xsd`). */
  xsd?: string;
  /** Exported files verified together: one verify call per target per chunk. Default DEFAULT_ARTIFACT_CHUNK. */
  chunkSize?: number;
}

/** A usage problem (`--xsd` missing or not a schema): nothing was validated; the CLI exits 2. */
export class ValidateUsageError extends Error {
  /** Stable identifier: `xsd-not-found`, `xsd-unusable`. */
  readonly code: string;
  /** What the CLI exits with: a usage error. */
  readonly exitCode = 2;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ValidateUsageError';
    this.code = code;
  }
}

/**
 * Default number of exported files per verify batch. A verify call no longer starts anything (the
 * thread's libxml2 and compiled schemas persist), so chunks are sized for memory: CHUNK_BYTES
 * bounds the text a chunk holds.
 */
export const DEFAULT_ARTIFACT_CHUNK = 1024;

/** Most bytes of exported files held for one verify batch. */
const CHUNK_BYTES = 16 * 1024 * 1024;

/** Files read at once while sorting them into profiles and artifacts. */
const READ_AHEAD = 16;

/** A file found under the paths, before it is known what it is. */
interface FoundFile {
  source: string;
  /** Named on the command line (rather than found by a folder walk). */
  explicit: boolean;
  /** Index of the argument it came from. */
  arg: number;
  /** The text itself, for a configuration URL given as the argument. */
  text?: string;
}

/** A planned entry of the run, in input order. */
type PlannedEntry = { kind: 'profile'; source: string } | { kind: 'artifact'; plan: PlannedArtifact; chunk: number };

/**
 * Validates every profile and exported file under `paths` (files or folders). Throws
 * ValidateUsageError before checking anything when `xsd` cannot be used; everything else wrong is
 * a diagnostic.
 */
export async function validatePaths(paths: readonly string[], opts: ValidatePathsOptions = {}): Promise<PathsReport> {
  const { onResult, keepResults, xsd: xsdPath, chunkSize, ...validateOptions } = opts;
  const xsd = xsdPath === undefined ? undefined : await loadUserXsd(xsdPath);
  const pathProblems: { arg: number; d: Diagnostic }[] = [];

  const { files, duplicatesIn } = await gatherFiles(paths, pathProblems);
  const given = new Map(files.flatMap((f) => (f.text !== undefined ? [[f.source, f.text] as const] : [])));
  const read = (source: string): Promise<string | undefined> => (given.has(source) ? Promise.resolve(given.get(source)) : readCandidate(source));
  const sizes: number[] = new Array<number>(files.length).fill(0);
  const kinds = await mapLimit(files, READ_AHEAD, async (f, i): Promise<FileKind> => {
    const byName = kindFromName(f.source);
    if (byName) return byName;
    const text = f.text ?? (await readCandidate(f.source));
    sizes[i] = text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
    const kind = classifyContents(f.source, text, f.explicit);
    // A URL argument is a configuration URL or nothing validate knows (never a profile path).
    return f.text !== undefined && kind.kind !== 'artifact' ? { kind: 'unrecognised' } : kind;
  });
  await addCompanions(files, kinds, sizes);
  const plans = groupSets(files, kinds, pathProblems);

  // A folder that gave nothing to check (duplicates of files already listed count as something).
  const used = new Set<number>(duplicatesIn);
  files.forEach((f, i) => {
    if (plans[i] !== undefined) used.add(f.arg);
  });
  for (const [arg, path] of paths.entries()) {
    if (used.has(arg) || !(await stat(path).catch(() => undefined))?.isDirectory()) continue;
    pathProblems.push({
      arg,
      d: diagnostic('error', 'no-profiles', `${path} holds no profile files (.yaml, .yml, .json) and no exported files jabber-emm recognises.`, at(path)),
    });
  }

  const entries = planEntries(files, plans, sizes, chunkSize ?? DEFAULT_ARTIFACT_CHUNK);
  const diagnostics = pathProblems.sort((a, b) => a.arg - b.arg).map((p) => p.d);
  const schemaTargets = TARGETS.filter((t) => t.userSchema);
  if (xsd && !entries.some((e) => e.kind === 'artifact' && schemaTargets.some((t) => t.id === e.plan.target))) {
    const kinds = schemaTargets.map((t) => `${t.userSchema!.kind} (${t.id})`).join(', ');
    diagnostics.push(
      diagnostic('warning', 'xsd-unused', `--xsd ${xsd.name} was given, but no ${kinds} is among the files validated, so it checked nothing.`, at(xsd.name)),
    );
  }

  const report: PathsReport = {
    results: [],
    summary: { profiles: 0, ok: 0, failed: 0, errors: 0, warnings: 0, artifacts: 0 },
    diagnostics,
  };
  const profileSources = entries.flatMap((e) => (e.kind === 'profile' ? [e.source] : []));
  const profiles = validateStream(profileSources, { duplicateNames: true, ...validateOptions })[Symbol.asyncIterator]();
  const chunks = chunkMembers(entries);
  const ready = new Map<string, ArtifactResult>();
  let nextChunk = 0;
  for (const entry of entries) {
    let result: ValidatedResult;
    if (entry.kind === 'profile') {
      const next = await profiles.next();
      if (next.done) throw new Error(`profile stream ended before ${entry.source}`);
      result = { ...next.value, kind: 'profile' };
    } else {
      // Chunks are verified in order, each once; a pair's second file may sit in an earlier chunk.
      while (!ready.has(entry.plan.source) && nextChunk < chunks.length) {
        const members = chunks[nextChunk++]!;
        for (const r of await verifyArtifacts(members, { ...(xsd ? { xsd } : {}), read })) ready.set(r.source, r);
      }
      result = ready.get(entry.plan.source)!;
      ready.delete(entry.plan.source);
    }
    if (keepResults !== false) report.results.push(result);
    countInto(report.summary, result);
    if (result.kind === 'artifact') report.summary.artifacts += 1;
    onResult?.(result);
  }
  return report;
}

/** Reads the user's XSD and makes sure libxml2 compiles it, before anything is validated. */
async function loadUserXsd(path: string): Promise<UserXsd> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ValidateUsageError('xsd-not-found', `--xsd ${path} does not exist.`);
  const text = await readCandidate(path);
  if (text === undefined) throw new ValidateUsageError('xsd-not-found', `--xsd ${path} is not a readable file.`);
  // One tiny document: xmllint compiles the schema before validating anything, so a schema that
  // does not compile is known here (a document that fails the schema is expected and ignored).
  for (const schema of TARGETS.flatMap((t) => (t.userSchema ? [t.userSchema] : []))) {
    const [probe] = await schema.verify([{ fileName: 'probe.xml', contents: schema.probe }], text, path);
    const unusable = probe?.find((d) => d.code === 'xsd-unusable');
    if (unusable) throw new ValidateUsageError('xsd-unusable', unusable.message);
  }
  return { name: path, text };
}

/**
 * Expands the paths into files in argument order (each folder's files sorted), listing a file
 * reached twice once. Folders are walked for profile and export extensions.
 */
async function gatherFiles(paths: readonly string[], problems: { arg: number; d: Diagnostic }[]): Promise<{ files: FoundFile[]; duplicatesIn: Set<number> }> {
  const files: FoundFile[] = [];
  const duplicatesIn = new Set<number>();
  const seen = new Set<string>();
  // With one argument the walk already lists each file once; only several arguments can overlap.
  const overlap = paths.length > 1;
  const add = async (file: FoundFile): Promise<void> => {
    if (overlap) {
      const real = await realpath(file.source).catch(() => file.source);
      if (seen.has(real)) {
        duplicatesIn.add(file.arg);
        return;
      }
      seen.add(real);
    }
    files.push(file);
  };
  let urls = 0;
  for (const [arg, path] of paths.entries()) {
    if (isUrlArgument(path)) {
      // A configuration URL given as the argument, like import and diff take it.
      urls += 1;
      files.push({ source: urls === 1 ? URL_SOURCE : `${URL_SOURCE} ${urls}`, explicit: true, arg, text: urlArgumentInput(path).contents });
      continue;
    }
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      problems.push({ arg, d: diagnostic('error', 'path-not-found', `${path} does not exist.`, at(path)) });
      continue;
    }
    if (!info.isDirectory()) {
      await add({ source: path, explicit: true, arg });
      continue;
    }
    // no-profiles is decided after sorting (a folder of unrelated .txt files has none either).
    const found = await findProfileFiles([path], { extensions: WALK_EXTENSIONS });
    for (const source of found.files) await add({ source, explicit: false, arg });
  }
  return { files, duplicatesIn };
}

/**
 * A file named on the command line brings the rest of its set from its folder, as `import` reads
 * it (app_restrictions.xml its values file): each companion not already listed is checked with it,
 * right after it. In place: `files`, `kinds` and `sizes` stay index for index.
 */
async function addCompanions(files: FoundFile[], kinds: FileKind[], sizes: number[]): Promise<void> {
  const listed = new Set(files.map((f) => resolve(f.source)));
  for (let i = 0; i < files.length; i += 1) {
    const f = files[i]!;
    const k = kinds[i]!;
    if (!f.explicit || f.text !== undefined || k.kind !== 'artifact') continue;
    const target = getTarget(k.target);
    if (!target?.companions) continue;
    const found = (await findCompanions(f.source, target)).filter((c) => !listed.has(resolve(c.fileName)));
    const added: { file: FoundFile; kind: FileKind; size: number }[] = [];
    for (const c of found) {
      listed.add(resolve(c.fileName));
      const kind = classifyContents(c.fileName, c.contents, false);
      if (kind.kind !== 'artifact' || kind.target !== target.id) continue;
      added.push({ file: { source: c.fileName, explicit: false, arg: f.arg }, kind, size: Buffer.byteLength(c.contents, 'utf8') });
    }
    files.splice(i + 1, 0, ...added.map((a) => a.file));
    kinds.splice(i + 1, 0, ...added.map((a) => a.kind));
    sizes.splice(i + 1, 0, ...added.map((a) => a.size));
    i += added.length;
  }
}

/**
 * Turns kinds into plans, grouping the files of one folder that form one target's set (as the
 * target's `companions` says: a restrictions file with its values file, the DDM files, the page
 * and its e-mail). A file its target reads only with a companion (an Android resources file) is
 * left alone in a walk, and named on the command line is `unrecognised-file` with the target's
 * advice. Unrecognised files named on the command line become `unrecognised-file`.
 * Returns a plan per file (undefined: not checked).
 */
function groupSets(files: readonly FoundFile[], kinds: readonly FileKind[], problems: { arg: number; d: Diagnostic }[]): (PlannedEntryPlan | undefined)[] {
  const plans: (PlannedEntryPlan | undefined)[] = kinds.map((k, i) => {
    const source = files[i]!.source;
    if (k.kind === 'profile') return { kind: 'profile' };
    if (k.kind === 'artifact') return { kind: 'artifact', plan: { source, target: k.target, member: k.member } };
    return undefined;
  });
  // Files of each target, by folder.
  const byFolder = new Map<string, number[]>();
  kinds.forEach((k, i) => {
    if (k.kind !== 'artifact') return;
    const key = `${k.target}\u0000${dirname(files[i]!.source)}`;
    const list = byFolder.get(key) ?? [];
    list.push(i);
    byFolder.set(key, list);
  });
  for (const members of byFolder.values()) {
    const candidates = members.map((i) => {
      const k = kinds[i] as Extract<FileKind, { kind: 'artifact' }>;
      return { name: basename(files[i]!.source), target: getTarget(k.target)!, member: k.member, ...(k.onlyWith !== undefined ? { onlyWith: k.onlyWith } : {}) };
    });
    const { sets, alone } = groupFolder(candidates);
    for (const set of sets) {
      if (set.length < 2) continue;
      const sources = set.map((m) => files[members[m]!]!.source);
      for (const m of set) (plans[members[m]!] as { plan: PlannedArtifact }).plan.set = sources;
    }
    for (const m of alone) {
      const i = members[m]!;
      plans[i] = undefined;
      if (files[i]!.explicit) problems.push({ arg: files[i]!.arg, d: diagnostic('error', 'unrecognised-file', candidates[m]!.onlyWith!, at(files[i]!.source)) });
    }
  }
  kinds.forEach((k, i) => {
    if (k.kind !== 'unrecognised') return;
    const source = files[i]!.source;
    problems.push({
      arg: files[i]!.arg,
      d: diagnostic('error', 'unrecognised-file', `${source} is neither a profile nor a file a jabber-emm target recognises by its contents. It could be ${recognisedKinds()}.`, at(source)),
    });
  });
  return plans;
}

/** What groupSets decides for one file. */
type PlannedEntryPlan = { kind: 'profile' } | { kind: 'artifact'; plan: PlannedArtifact };

/**
 * The entries in input order, each artifact assigned to a chunk. The files of one set stay in one
 * chunk: they are verified and read back together.
 */
function planEntries(files: readonly FoundFile[], plans: readonly (PlannedEntryPlan | undefined)[], sizes: readonly number[], chunkSize: number): PlannedEntry[] {
  const unitOf = (p: PlannedArtifact): string => `set:${(p.set ?? [p.source])[0]}`;
  const units = new Map<string, { files: number; bytes: number }>();
  plans.forEach((p, i) => {
    if (p?.kind !== 'artifact') return;
    const unit = units.get(unitOf(p.plan)) ?? { files: 0, bytes: 0 };
    unit.files += 1;
    unit.bytes += sizes[i]!;
    units.set(unitOf(p.plan), unit);
  });
  const chunkOfUnit = new Map<string, number>();
  let chunk = 0;
  let count = 0;
  let bytes = 0;
  const entries: PlannedEntry[] = [];
  plans.forEach((p, i) => {
    if (p === undefined) return;
    if (p.kind === 'profile') {
      entries.push({ kind: 'profile', source: files[i]!.source });
      return;
    }
    const unit = unitOf(p.plan);
    let c = chunkOfUnit.get(unit);
    if (c === undefined) {
      const u = units.get(unit)!;
      if (count > 0 && (count + u.files > Math.max(1, chunkSize) || bytes + u.bytes > CHUNK_BYTES)) {
        chunk += 1;
        count = 0;
        bytes = 0;
      }
      c = chunk;
      count += u.files;
      bytes += u.bytes;
      chunkOfUnit.set(unit, c);
    }
    entries.push({ kind: 'artifact', plan: p.plan, chunk: c });
  });
  return entries;
}

/** The artifacts of each chunk, in input order within it. */
function chunkMembers(entries: readonly PlannedEntry[]): PlannedArtifact[][] {
  const chunks: PlannedArtifact[][] = [];
  for (const e of entries) if (e.kind === 'artifact') (chunks[e.chunk] ??= []).push(e.plan);
  return chunks;
}

/** Runs `fn` over the items, at most `limit` at a time; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A whole-file position. */
function at(file: string): { file: string; line: number; column: number; pointer: string } {
  return { file, line: 0, column: 0, pointer: '' };
}
