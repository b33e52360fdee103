import path from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProfileResult } from '../profile/types.js';
import type { Artifact, RenderOptions, Target } from '../targets/types.js';
import { EMM_CONSOLES, type EmmConsole } from '../variables/consoles.js';
import { ExportError } from './errors.js';
import { mergeNotCarried } from './merge-not-carried.js';
import { duplicateNameDiagnostic, findDuplicates, readRawName } from './names.js';
import type { ExportedProfile, ExportHooks, ExportInput, ExportResult, ExportSummary } from './types.js';
import { checkOutDir, profileDirFor, writeProfileFiles } from './writer.js';

/**
 * The batch export: find the profile files, check that no two share a name, then stream them
 * through resolve → render → verify → write in chunks. Each chunk is rendered whole, then verified
 * with ONE call per target (validators start once per call, never per file), then written. While
 * one chunk is being verified the next is resolved and rendered, and at most two chunks are held
 * at a time, so memory does not grow with the number of profiles.
 */

/** The stages the pipeline drives; `exportProfiles` wires the real ones, tests may pass fakes. */
export interface ExportDeps {
  findProfileFiles(paths: string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }>;
  validateStream(files: string[], options: { env: Record<string, string | undefined> }): AsyncIterable<ProfileResult>;
  validateProfile(file: string, options: { env: Record<string, string | undefined> }): Promise<ProfileResult>;
  targets: readonly Target[];
}

/** Default number of profiles rendered and verified together. */
export const DEFAULT_CHUNK_SIZE = 256;

/** Target ids that must be given together with `--asset-url` when named explicitly. */
const NEEDS_ASSET_URL = new Set(['ios-ddm']);

/** Checks the input and picks the targets; throws ExportError (exit 2) for a usage error. */
export function selectTargets(input: ExportInput, all: readonly Target[]): Target[] {
  const ids = input.targets ?? [];
  for (const id of ids) {
    if (!all.some((t) => t.id === id)) {
      throw new ExportError('unknown-target', `Unknown target "${id}". Choose from: ${all.map((t) => t.id).join(', ')}.`, 2);
    }
  }
  if (input.emm !== undefined && !(EMM_CONSOLES as readonly string[]).includes(input.emm)) {
    throw new ExportError('unknown-emm', `Unknown console "${input.emm}" for --emm. Choose from: ${EMM_CONSOLES.join(', ')}.`, 2);
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
    if (NEEDS_ASSET_URL.has(id) && input.assetUrl === undefined) {
      throw new ExportError(
        'asset-url-missing',
        `--target ${id} needs --asset-url: the HTTPS URL where the managed-configuration plist will be served.`,
        2,
      );
    }
  }
  // Registry order, whatever order the flags came in, so output does not depend on flag order.
  return ids.length === 0 ? [...all] : all.filter((t) => ids.includes(t.id));
}

/** Runs a batch export with the given stages. See `exportProfiles` for the public entry point. */
export async function runExport(input: ExportInput, deps: ExportDeps, hooks: ExportHooks = {}): Promise<ExportResult> {
  const targets = selectTargets(input, deps.targets);
  const env = input.env ?? process.env;
  const chunkSize = Math.max(1, input.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const keep = input.keepProfiles !== false;
  const renderOptions: RenderOptions = {
    ...(input.emm !== undefined ? { emm: input.emm as EmmConsole } : {}),
    ...(input.typedValues ? { typedValues: true } : {}),
    ...(input.assetUrl !== undefined ? { assetUrl: input.assetUrl } : {}),
  };

  const root = checkOutDir(input.out);
  const found = await deps.findProfileFiles(input.paths);
  // `export profiles/ --out profiles/out` must not read its own output (.json files) back as
  // profiles on the next run.
  const files = found.files.filter((f) => !isInside(path.resolve(f), root));
  const unreadable = groupByFile(found.diagnostics);
  const total = files.length + unreadable.length;

  const summary: ExportSummary = { profiles: 0, ok: 0, failed: 0, files: 0, written: 0, unchanged: 0 };
  const result: ExportResult = { profiles: [], summary };
  let done = 0;
  const emit = (p: ExportedProfile): void => {
    summary.profiles += 1;
    if (p.ok) summary.ok += 1;
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

  // Pass 2: stream. `inFlight` is the previous chunk being verified and written.
  const exportedNames = new Set<string>();
  let inFlight: Promise<void> = Promise.resolve();
  let chunk: ProfileResult[] = [];
  const finishChunk = (rendered: RenderedProfile[]): Promise<void> =>
    verifyChunk(rendered, targets, input.out).then(() => {
      for (const r of rendered) emit(writeRendered(r, root, input.out, exportedNames));
    });
  try {
    for await (const profileResult of deps.validateStream(files, { env })) {
      chunk.push(profileResult);
      if (chunk.length >= chunkSize) {
        const rendered = renderChunk(chunk, targets, renderOptions);
        chunk = [];
        await inFlight;
        inFlight = finishChunk(rendered);
      }
    }
    if (chunk.length > 0) {
      const rendered = renderChunk(chunk, targets, renderOptions);
      await inFlight;
      inFlight = finishChunk(rendered);
    }
  } finally {
    // Never leave a chunk unfinished (or its rejection unhandled) when the stream throws.
    await inFlight.catch(() => undefined);
  }
  await inFlight;
  return result;
}

/** A profile after rendering: its artifacts and everything said about it so far. */
interface RenderedProfile {
  source: string;
  name?: string;
  artifacts: Artifact[];
  diagnostics: Diagnostic[];
  /** False once anything failed; then nothing of this profile is written. */
  ok: boolean;
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

function renderChunk(chunk: readonly ProfileResult[], targets: readonly Target[], options: RenderOptions): RenderedProfile[] {
  return chunk.map((r) => {
    const rendered: RenderedProfile = {
      source: r.source,
      ...(r.name !== undefined ? { name: r.name } : {}),
      artifacts: [],
      diagnostics: [...r.diagnostics],
      ok: r.ok && r.profile !== undefined && !hasErrors(r.diagnostics),
    };
    if (!rendered.ok) return rendered;
    const profile = r.profile!;
    for (const target of targets) {
      try {
        const out = target.render(profile, options);
        rendered.diagnostics.push(...out.diagnostics);
        rendered.artifacts.push(...out.artifacts);
      } catch (err) {
        rendered.diagnostics.push(internalError(r.source, target.id, 'rendering', err));
      }
    }
    if (hasErrors(rendered.diagnostics)) {
      rendered.ok = false;
      rendered.artifacts = [];
    }
    return rendered;
  });
}

/** One verify call per target over every artifact of that target in the chunk. */
async function verifyChunk(rendered: RenderedProfile[], targets: readonly Target[], out: string): Promise<void> {
  await Promise.all(
    targets.map(async (target) => {
      const owners: RenderedProfile[] = [];
      const artifacts: Artifact[] = [];
      for (const r of rendered) {
        for (const a of r.artifacts) {
          if (a.target !== target.id) continue;
          owners.push(r);
          artifacts.push(a);
        }
      }
      if (artifacts.length === 0) return;
      let results: Diagnostic[][];
      try {
        results = await target.verify(artifacts);
      } catch (err) {
        results = artifacts.map(() => [internalError('', target.id, 'checking', err)]);
      }
      artifacts.forEach((a, i) => {
        const owner = owners[i]!;
        // Name the file where it would have been written, so the admin knows which one failed.
        const where = path.join(out, owner.name ?? '', a.fileName);
        for (const d of results[i] ?? []) {
          owner.diagnostics.push({
            ...d,
            file: d.file === '' || d.file === a.fileName ? where : d.file,
            ...(d.target === undefined ? { target: target.id } : {}),
          });
        }
      });
    }),
  );
}

function writeRendered(r: RenderedProfile, root: string, out: string, exportedNames: Set<string>): ExportedProfile {
  const base = { source: r.source, ...(r.name !== undefined ? { name: r.name } : {}) };
  const diagnostics = mergeNotCarried(r.diagnostics);
  const failed = (extra?: Diagnostic): ExportedProfile => ({
    ...base,
    ok: false,
    files: [],
    diagnostics: extra ? [...diagnostics, extra] : diagnostics,
  });
  if (!r.ok || hasErrors(diagnostics)) return failed();
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
  try {
    const outcomes = writeProfileFiles(place.dir, r.artifacts);
    return {
      ...base,
      ok: true,
      files: r.artifacts.map((a, i) => ({ target: a.target, path: path.join(out, name, a.fileName), written: outcomes[i]!.written })),
      diagnostics,
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return failed(
      diagnostic('error', 'write-failed', `Could not write into ${path.join(out, name)}: ${code ?? (err as Error).message}.`, {
        file: r.source,
      }),
    );
  }
}

function internalError(file: string, target: string, stage: string, err: unknown): Diagnostic {
  const detail = err instanceof Error ? err.message : String(err);
  if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return diagnostic('error', 'internal-error', `${target} failed while ${stage} this profile (a bug in jabber-emm; please report it): ${detail}`, {
    file,
    target,
  });
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
