import path from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProfileResult } from '../profile/types.js';
import { DDM_CONFIG_FILE } from '../targets/ios/ddm.js';
import type { Artifact, RenderOptions, Target } from '../targets/types.js';
import type { EmmConsole } from '../variables/consoles.js';

/**
 * One chunk of a batch export: its profiles rendered to every target, then every artifact of a
 * target checked in ONE verify call (validators start once per call, never per file). Runs in the
 * main thread or in a worker thread (chunk-worker.ts); the result is plain data either way.
 */

/**
 * One render of a run: a target with the options it gets. Several `--emm` give a target one job per
 * console, each writing into that console's folder.
 */
export interface RenderJob {
  target: Target;
  options: RenderOptions;
  /** The console the files are written for (their variable tokens), when the run names one. */
  console?: EmmConsole;
  /** Subfolder of the profile folder the files go to (`<out>/<profile>/<folder>/`); absent: the profile folder. */
  folder?: string;
}

/** One job per target, all with the same options and no console folder: a run with at most one `--emm`. */
export function jobsOf(targets: readonly Target[], options: RenderOptions): RenderJob[] {
  return targets.map((target) => ({ target, options }));
}

/** An artifact with where it goes and which console it is for. */
export interface PlacedArtifact extends Artifact {
  console?: EmmConsole;
  /** Subfolder of the profile folder (a console id), absent for the profile folder itself. */
  folder?: string;
}

/** A profile after rendering and verification: its files and everything said about it. */
export interface RenderedProfile {
  source: string;
  name?: string;
  artifacts: PlacedArtifact[];
  diagnostics: Diagnostic[];
  /** False once anything failed; then nothing of this profile is written. */
  ok: boolean;
  /** Set for a valid profile that is not rendered: `abstract` (it exists only to be extended). */
  skipped?: 'abstract';
}

/** Renders and verifies one chunk of validated profiles. */
export async function processChunk(results: readonly ProfileResult[], jobs: readonly RenderJob[], out: string): Promise<RenderedProfile[]> {
  const rendered = renderChunk(results, jobs);
  await verifyChunk(rendered, [...new Set(jobs.map((j) => j.target))], out);
  return rendered;
}

/** Renders every valid profile of the chunk for every job; a profile with any error keeps no artifact. */
export function renderChunk(chunk: readonly ProfileResult[], jobs: readonly RenderJob[]): RenderedProfile[] {
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
    if (profile.abstract) {
      rendered.skipped = 'abstract';
      return rendered;
    }
    for (const { target, options, console, folder } of jobs) {
      try {
        const out = target.render(profile, optionsForProfile(options, profile.name, folder));
        // A whole-profile remark from a renderer belongs to the profile's own file.
        for (const d of out.diagnostics) rendered.diagnostics.push(d.file === '' ? { ...d, file: r.source } : d);
        for (const a of out.artifacts) {
          rendered.artifacts.push({ ...a, ...(console !== undefined ? { console } : {}), ...(folder !== undefined ? { folder } : {}) });
        }
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

/**
 * The render options for one profile. An `--asset-url` that ends with `/` is a base: each profile's
 * DDM plist is then `<base><name>/ios-ddm-config.plist` (`<base><name>/<console>/ios-ddm-config.plist`
 * when the files go to a console folder), the same layout as `--out`, so the whole output folder
 * can be published under that base. Any other URL is used as given.
 */
export function optionsForProfile(options: RenderOptions, name: string, folder?: string): RenderOptions {
  if (options.assetUrl === undefined || !options.assetUrl.endsWith('/')) return options;
  const sub = folder !== undefined ? `${encodeURIComponent(folder)}/` : '';
  return { ...options, assetUrl: `${options.assetUrl}${encodeURIComponent(name)}/${sub}${DDM_CONFIG_FILE}` };
}


/**
 * At most this many verify calls run at once in a thread, across all chunks in flight (they
 * share the thread's one libxml2, so more would only hold more chunks' documents at once).
 */
export const MAX_CONCURRENT_VERIFY = 2;

/** A counting semaphore: waiters are let in first come, first served. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.free += 1;
  }
}

const verifySlots = new Slots(MAX_CONCURRENT_VERIFY);

/**
 * One verify call per target over every artifact of that target in the chunk, at most
 * MAX_CONCURRENT_VERIFY at a time. A profile one of
 * whose files fails loses all its artifacts (a failing file is never written, nor its siblings).
 */
export async function verifyChunk(rendered: RenderedProfile[], targets: readonly Target[], out: string): Promise<void> {
  await Promise.all(
    targets.map(async (target) => {
      const owners: RenderedProfile[] = [];
      const artifacts: PlacedArtifact[] = [];
      for (const r of rendered) {
        for (const a of r.artifacts) {
          if (a.target !== target.id) continue;
          owners.push(r);
          artifacts.push(a);
        }
      }
      if (artifacts.length === 0) return;
      let results: Diagnostic[][];
      await verifySlots.acquire();
      try {
        results = await target.verify(artifacts);
      } catch (err) {
        results = artifacts.map(() => [internalError('', target.id, 'checking', err)]);
      } finally {
        verifySlots.release();
      }
      artifacts.forEach((a, i) => {
        const owner = owners[i]!;
        // Name the file where it would have been written, so the admin knows which one failed.
        const where = path.join(out, owner.name ?? '', a.folder ?? '', a.fileName);
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
  for (const r of rendered) {
    if (r.ok && hasErrors(r.diagnostics)) {
      r.ok = false;
      r.artifacts = [];
    }
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
