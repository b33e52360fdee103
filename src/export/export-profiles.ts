import { availableParallelism } from 'node:os';
import { runExport, type ChunkProcessor, type ProcessorContext } from './pipeline.js';
import type { ExportHooks, ExportInput, ExportResult } from './types.js';

/** Profiles from which a batch runs in one bounded worker (see createProcessor below). */
export const LARGE_BATCH = 2048;
/**
 * The worker's V8 heap for a large batch: two chunks in flight hold well under 64 MiB of live
 * data; the bound makes V8 collect instead of growing the heap for the whole run.
 */
export const LARGE_BATCH_LIMITS = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16 };

/**
 * Exports profiles to every requested target: the library form of `jabber-emm export`. Profiles
 * with errors are reported, not thrown; an ExportError is thrown only for a usage error (exit 2)
 * or an `out` that cannot be written (exit 1).
 */
export async function exportProfiles(input: ExportInput, hooks: ExportHooks = {}): Promise<ExportResult> {
  // Loaded here, not at the top, so importing the library (or `--help`) stays fast.
  const [files, validate, resolve, registry, pool] = await Promise.all([
    import('../profile/files.js'),
    import('../profile/validate.js'),
    import('../profile/resolve.js'),
    import('../targets/registry.js'),
    import('./worker-pool.js'),
  ]);
  // One parse of a shared `extends` parent per run, whatever the chunking.
  const cache = new resolve.ProfileCache();
  const createProcessor = (ctx: ProcessorContext): ChunkProcessor | undefined => {
    // Measured on the 2-core machines this project runs on (512 generated profiles, every
    // target): workers add ~55% CPU per profile when several each load the modules and compile
    // the validators, so by default none is used for a small batch. A large batch runs in ONE
    // worker with a bounded heap, the main thread only writing files meanwhile: left alone, V8
    // lets the main heap grow with the run (bench/RESULTS.md: most of the peak at 10,000
    // profiles), and the writes overlap the next chunk's rendering. `workers: n` still asks for n.
    const large = input.workers === undefined && ctx.files >= LARGE_BATCH;
    const size = large ? 1 : Math.min(input.workers ?? 0, Math.ceil(ctx.files / ctx.chunkSize), availableParallelism() * 2);
    if (size < 1 || !pool.workersAvailable()) return undefined;
    const workers = new pool.ChunkWorkerPool(
      size,
      { env: ctx.env, options: ctx.options, targetIds: ctx.targets.map((t) => t.id), out: ctx.out },
      large ? LARGE_BATCH_LIMITS : undefined,
    );
    // Two chunks per worker: one being processed, one waiting, while the main thread writes.
    return { depth: size * 2, process: (f) => workers.process(f), close: () => workers.close() };
  };
  return runExport(
    input,
    {
      findProfileFiles: files.findProfileFiles,
      validateStream: (f, o) => validate.validateStream(f, { ...o, cache }),
      validateProfile: (f, o) => validate.validateProfile(f, { ...o, cache }),
      targets: registry.TARGETS,
      createProcessor,
    },
    hooks,
  );
}
