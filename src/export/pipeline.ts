import path from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProfileResult } from '../profile/types.js';
import type { RenderOptions, Target } from '../targets/types.js';
import { EMM_CONSOLES, type EmmConsole } from '../variables/consoles.js';
import { ExportError } from './errors.js';
import { jobsOf, processChunk, type PlacedArtifact, type RenderedProfile, type RenderJob } from './chunk.js';
import { otherConsoleFile } from './console-guard.js';
import { mergeNotCarried } from './merge-not-carried.js';
import { duplicateNameDiagnostic, findDuplicates, readRawName } from './names.js';
import type { ExportedProfile, ExportHooks, ExportInput, ExportResult, ExportSummary } from './types.js';
import { checkOutDir, profileDirFor, writeProfileFiles } from './writer.js';

/**
 * The batch export: find the profile files, check that no two share a name, then stream them
 * through resolve → render → verify → write in chunks. Each chunk is rendered whole, then verified
 * with ONE call per target (validators start once per call, never per file), then written, in
 * input order. Chunks are processed in this thread or, for large batches, in worker threads; a
 * bounded number of chunks is in flight, so memory does not grow with the number of profiles.
 */

/** The stages the pipeline drives; `exportProfiles` wires the real ones, tests may pass fakes. */
export interface ExportDeps {
  findProfileFiles(paths: string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }>;
  validateStream(files: string[], options: { env: Record<string, string | undefined> }): AsyncIterable<ProfileResult>;
  validateProfile(file: string, options: { env: Record<string, string | undefined> }): Promise<ProfileResult>;
  targets: readonly Target[];
  /** Where chunks are validated, rendered and verified; default: in this thread. */
  createProcessor?(context: ProcessorContext): ChunkProcessor | undefined;
}

/** What a chunk processor needs to know about the run. */
export interface ProcessorContext {
  /** Every render of a profile: a target with its options, console and folder. */
  jobs: readonly RenderJob[];
  env: Record<string, string | undefined>;
  out: string;
  /** Number of profile files in the run (to decide whether threads pay). */
  files: number;
  chunkSize: number;
}

/** Validates, renders and verifies chunks of profile files (in this thread or in workers). */
export interface ChunkProcessor {
  process(files: string[]): Promise<RenderedProfile[]>;
  /** Chunks to keep in flight so that no stage waits (bounds memory: depth × chunk size). */
  readonly depth: number;
  close(): Promise<void>;
}

/** Default number of profiles rendered and verified together. */
export const DEFAULT_CHUNK_SIZE = 256;

/** The consoles of `--emm`, each once, in the order given. */
function emmConsolesOf(input: Pick<ExportInput, 'emm'>): EmmConsole[] {
  const list = input.emm === undefined ? [] : typeof input.emm === 'string' ? [input.emm] : [...input.emm];
  return [...new Set(list)];
}

/**
 * Checks the input and plans every render of a profile; throws ExportError (exit 2) for a usage
 * error. Without `--target`: every target whose needs are met (ios-ddm only with `--asset-url`),
 * and with `--emm` only the targets those consoles take plus the console-neutral ones. With one
 * `--emm` (or none) every file goes to the profile folder; with several, each console's files go
 * to `<profile>/<console id>/` and the neutral ones stay in the profile folder. A target named with
 * `--target` is written for each named console that takes it, or, when none does, for each.
 */
export function planRenders(input: ExportInput, all: readonly Target[]): RenderJob[] {
  const ids = input.targets ?? [];
  for (const id of ids) {
    if (!all.some((t) => t.id === id)) {
      throw new ExportError('unknown-target', `Unknown target "${id}". Choose from: ${all.map((t) => t.id).join(', ')}.`, 2);
    }
  }
  const consoles = emmConsolesOf(input);
  for (const emm of consoles) {
    if (!(EMM_CONSOLES as readonly string[]).includes(emm)) {
      throw new ExportError('unknown-emm', `Unknown console "${emm}" for --emm. Choose from: ${EMM_CONSOLES.join(', ')}.`, 2);
    }
  }
  if (input.assetUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(input.assetUrl);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:') {
      throw new ExportError('asset-url-not-https', `--asset-url must be an https:// URL (got "${input.assetUrl}").`, 2);
    }
  }
  for (const id of ids) {
    // A target named explicitly must get what it declares it needs.
    if (all.find((t) => t.id === id)!.needs?.includes('assetUrl') && input.assetUrl === undefined) {
      throw new ExportError(
        'asset-url-missing',
        `--target ${id} needs --asset-url: the HTTPS URL where the managed-configuration plist will be served.`,
        2,
      );
    }
  }
  const base: RenderOptions = {
    ...(input.typedValues ? { typedValues: true } : {}),
    ...(input.assetUrl !== undefined ? { assetUrl: input.assetUrl } : {}),
    ...(input.allowSecretInAsset ? { allowSecretInAsset: true } : {}),
  };
  const explicit = ids.length > 0;
  // Registry order, whatever order the flags came in, so output does not depend on flag order.
  const chosen = explicit ? all.filter((t) => ids.includes(t.id)) : all.filter((t) => (t.needs ?? []).every((n) => base[n] !== undefined));
  if (consoles.length <= 1) {
    const emm = consoles[0];
    const options: RenderOptions = emm !== undefined ? { emm, ...base } : base;
    const targets = emm === undefined || explicit ? chosen : chosen.filter((t) => t.emmConsoles === 'neutral' || t.emmConsoles.includes(emm));
    return jobsOf(targets, options).map((j) => (emm !== undefined && j.target.emmConsoles !== 'neutral' ? { ...j, console: emm } : j));
  }
  const jobs: RenderJob[] = [];
  for (const target of chosen) {
    const taken = target.emmConsoles;
    if (taken === 'neutral') {
      jobs.push({ target, options: base });
      continue;
    }
    let takers = consoles.filter((c) => taken.includes(c));
    if (takers.length === 0 && explicit) takers = consoles;
    for (const emm of takers) jobs.push({ target, options: { emm, ...base }, console: emm, folder: emm });
  }
  return jobs;
}

/** Runs a batch export with the given stages. See `exportProfiles` for the public entry point. */
export async function runExport(input: ExportInput, deps: ExportDeps, hooks: ExportHooks = {}): Promise<ExportResult> {
  const jobs = planRenders(input, deps.targets);
  const targets = [...new Set(jobs.map((j) => j.target))];
  const env = input.env ?? process.env;
  const chunkSize = Math.max(1, input.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const keep = input.keepProfiles !== false;
  const named = new Set(input.targets ?? []);

  const root = checkOutDir(input.out);
  const found = await deps.findProfileFiles(input.paths);
  // `export profiles/ --out profiles/out` must not read its own output (.json files) back as
  // profiles on the next run.
  const files = found.files.filter((f) => !isInside(path.resolve(f), root));
  const unreadable = groupByFile(found.diagnostics);
  const total = files.length + unreadable.length;

  const summary: ExportSummary = { profiles: 0, ok: 0, failed: 0, skipped: 0, files: 0, written: 0, unchanged: 0 };
  const result: ExportResult = { profiles: [], summary };
  let done = 0;
  const emit = (p: ExportedProfile): void => {
    summary.profiles += 1;
    if (p.skipped !== undefined) summary.skipped += 1;
    else if (p.ok) summary.ok += 1;
    else summary.failed += 1;
    for (const f of p.files) {
      summary.files += 1;
      if (f.written) summary.written += 1;
      else summary.unchanged += 1;
    }
    if (keep) result.profiles.push(p);
    done += 1;
    hooks.onProfile?.(p, done, total);
  };

  hooks.onStart?.(total);
  for (const [file, diagnostics] of unreadable) emit({ source: file, ok: false, files: [], diagnostics });

  // Pass 1: names only.
  const names = await readNames(files, env, deps);
  const duplicates = findDuplicates(files, names);
  if (duplicates.length > 0) {
    result.duplicateNames = duplicates;
    const groupOf = new Map<string, { name: string; sources: string[] }>();
    for (const g of duplicates) for (const s of g.sources) groupOf.set(s, g);
    for (let i = 0; i < files.length; i += 1) {
      const source = files[i]!;
      const group = groupOf.get(source);
      const diagnostics = group
        ? [await duplicateNameDiagnostic(source, group.name, group.sources)]
        : [
            diagnostic('error', 'not-exported', 'Not exported: nothing is written while two profiles share a name (see the duplicate-name errors).', {
              file: source,
            }),
          ];
      emit({ source, ...(names[i] !== undefined ? { name: names[i] } : {}), ok: false, files: [], diagnostics });
    }
    return result;
  }

  // Pass 2: stream the files through in chunks. At most `depth` chunks are in flight; results
  // are written in input order as each chunk completes.
  const exportedNames = new Set<string>();
  const processor =
    deps.createProcessor?.({ jobs, env, out: input.out, files: files.length, chunkSize }) ?? inProcessProcessor(deps, jobs, env, input.out);
  const pending: Promise<RenderedProfile[]>[] = [];
  // One plist URL for many profiles would make every DDM asset point at the same file.
  const sharedAssetUrl =
    files.length > 1 && input.assetUrl !== undefined && !input.assetUrl.endsWith('/') && targets.some((t) => t.needs?.includes('assetUrl'));
  const assetTarget = targets.find((t) => t.needs?.includes('assetUrl'))?.id;
  const write = (rendered: RenderedProfile[]): void => {
    for (const r of rendered) {
      if (sharedAssetUrl && r.ok) {
        r.diagnostics.push(
          diagnostic(
            'warning',
            'asset-url-shared',
            `Every profile of this run names the same --asset-url, so their DDM assets all point at one plist; end --asset-url with "/" to give each profile its own (<asset-url><name>/ios-ddm-config.plist).`,
            { file: r.source, ...(assetTarget ? { target: assetTarget } : {}) },
          ),
        );
      }
      emit(writeRendered({ ...r, diagnostics: askedNotCarried(r.diagnostics, named, targets) }, root, input.out, exportedNames, targets));
    }
  };
  try {
    for (let i = 0; i < files.length; i += chunkSize) {
      pending.push(processor.process(files.slice(i, i + chunkSize)));
      if (pending.length >= processor.depth) write(await pending.shift()!);
    }
    while (pending.length > 0) write(await pending.shift()!);
  } finally {
    // Never leave a chunk's rejection unhandled, nor a worker running, when something throws.
    await Promise.allSettled(pending);
    await processor.close();
  }
  return result;
}

async function readNames(files: readonly string[], env: Record<string, string | undefined>, deps: ExportDeps): Promise<(string | undefined)[]> {
  const names: (string | undefined)[] = new Array(files.length);
  // A handful of reads in flight hides file system latency without holding many buffers.
  const width = 16;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next;
      next += 1;
      const raw = await readRawName(files[i]!);
      if (raw.name !== undefined) names[i] = raw.name;
      else if (raw.extends) names[i] = (await deps.validateProfile(files[i]!, { env })).name;
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, files.length) }, worker));
  return names;
}

/**
 * The in-thread processor: while one chunk waits for its verify calls (xmllint runs in its own
 * thread), the next chunk is read and rendered.
 */
function inProcessProcessor(deps: ExportDeps, jobs: readonly RenderJob[], env: Record<string, string | undefined>, out: string): ChunkProcessor {
  return {
    depth: 2,
    async process(files) {
      const results: ProfileResult[] = [];
      for await (const r of deps.validateStream(files, { env })) results.push(r);
      return processChunk(results, jobs, out);
    },
    async close() {},
  };
}

function writeRendered(r: RenderedProfile, root: string, out: string, exportedNames: Set<string>, targets: readonly Target[]): ExportedProfile {
  const base = { source: r.source, ...(r.name !== undefined ? { name: r.name } : {}) };
  const diagnostics = readingOrder(mergeNotCarried(r.diagnostics), r.source);
  const failed = (extra?: Diagnostic): ExportedProfile => ({
    ...base,
    ok: false,
    files: [],
    diagnostics: extra ? [...diagnostics, extra] : diagnostics,
  });
  if (!r.ok || hasErrors(diagnostics)) return failed();
  // An abstract profile has no folder of its own; its name may even be shared with a child.
  if (r.skipped !== undefined) return { ...base, ok: true, skipped: r.skipped, files: [], diagnostics };
  const name = r.name ?? '';
  if (exportedNames.has(name)) {
    // The first pass reads names without resolving; this catches a name only resolution revealed.
    return failed(diagnostic('error', 'duplicate-name', `Another profile in this run is also named "${name}"; this one was not written.`, { file: r.source, pointer: '/name' }));
  }
  const place = profileDirFor(root, name);
  if ('problem' in place) {
    return failed(diagnostic('error', 'unsafe-name', `Not written: ${place.problem}.`, { file: r.source, pointer: '/name' }));
  }
  exportedNames.add(name);
  const relative = (a: PlacedArtifact): string => path.join(name, a.folder ?? '', a.fileName);
  const clash = pathClash(r.artifacts, relative);
  if (clash) {
    return failed(
      diagnostic(
        'error',
        'path-clash',
        `Not written: ${clash.map((a) => a.target + (a.console ? ` for --emm ${a.console}` : '')).join(' and ')} would both write ${path.join(out, relative(clash[0]!))}, with different contents.`,
        { file: r.source },
      ),
    );
  }
  const replaced = r.artifacts.flatMap((a) => {
    const target = targets.find((t) => t.id === a.target);
    const found = target ? otherConsoleFile(path.join(root, relative(a)), a, target) : undefined;
    return found ? [{ a, found }] : [];
  });
  if (replaced.length > 0) {
    return {
      ...base,
      ok: false,
      files: [],
      diagnostics: [
        ...diagnostics,
        ...replaced.map(({ a, found }) => {
          const shown = path.join(out, relative(a));
          const was = found.join(', ');
          return diagnostic(
            'error',
            'other-console-file',
            `${shown} was written for --emm ${was}; this run would replace it with the file for --emm ${a.console}, so nothing of this profile was written. Export both consoles in one run (--emm ${found[0]} --emm ${a.console}: each console gets its own folder), or choose another --out.`,
            { file: shown, ...(a.target ? { target: a.target } : {}) },
          );
        }),
      ],
    };
  }
  try {
    const outcomes = writeProfileFiles(
      place.dir,
      r.artifacts.map((a) => ({ fileName: a.fileName, contents: a.contents, ...(a.folder !== undefined ? { folder: a.folder } : {}), ...(a.secret ? { secret: true } : {}) })),
    );
    return {
      ...base,
      ok: true,
      files: r.artifacts.map((a, i) => ({
        target: a.target,
        path: path.join(out, relative(a)),
        ...(a.console !== undefined ? { console: a.console } : {}),
        written: outcomes[i]!.written,
        ...(a.secret ? { secret: true } : {}),
      })),
      diagnostics,
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ELINK' || code === 'EISDIR' ? (err as Error).message : (code ?? (err as Error).message);
    return failed(
      diagnostic('error', 'write-failed', `Could not write into ${path.join(out, name)}: ${why}.`, {
        file: r.source,
      }),
    );
  }
}

/** Two artifacts of one profile that would land on the same path with different contents, if any. */
function pathClash(artifacts: readonly PlacedArtifact[], relative: (a: PlacedArtifact) => string): [PlacedArtifact, PlacedArtifact] | undefined {
  const seen = new Map<string, PlacedArtifact>();
  for (const a of artifacts) {
    const key = relative(a);
    const first = seen.get(key);
    if (first && first.contents !== a.contents) return [first, a];
    if (!first) seen.set(key, a);
  }
  return undefined;
}

/**
 * Keeps the `not-carried` warnings the user asked for: those of targets named with `--target`.
 * Without `--target`, a key is reported only when none of the run's targets writes it, so
 * nothing set in a profile disappears unannounced.
 */
function askedNotCarried(diagnostics: readonly Diagnostic[], named: ReadonlySet<string>, targets: readonly Target[]): Diagnostic[] {
  const notCarried = diagnostics.filter((d) => d.code === 'not-carried' && d.target !== undefined);
  if (notCarried.length === 0) return [...diagnostics];
  const targetsOf = new Map<string, Set<string>>();
  for (const d of notCarried) {
    const key = `${d.file}\0${d.pointer}`;
    const set = targetsOf.get(key) ?? new Set<string>();
    set.add(d.target!);
    targetsOf.set(key, set);
  }
  return diagnostics.filter((d) => {
    if (d.code !== 'not-carried' || d.target === undefined) return true;
    if (named.size > 0) return named.has(d.target);
    return targetsOf.get(`${d.file}\0${d.pointer}`)!.size >= targets.length;
  });
}

/**
 * Orders a profile's diagnostics for reading: its own file first, then the files it extends and
 * the output files in order of first mention, each by line and column; ties keep their order.
 */
function readingOrder(diagnostics: readonly Diagnostic[], source: string): Diagnostic[] {
  const rank = new Map<string, number>([[source, 0]]);
  for (const d of diagnostics) if (!rank.has(d.file)) rank.set(d.file, rank.size);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank.get(a.d.file)! - rank.get(b.d.file)! || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}

function groupByFile(diagnostics: readonly Diagnostic[]): [string, Diagnostic[]][] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = groups.get(d.file) ?? [];
    list.push(d);
    groups.set(d.file, list);
  }
  return [...groups];
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
