import { availableParallelism } from 'node:os';
import { runExport, type ChunkProcessor, type ProcessorContext } from './pipeline.js';
import type { ExportHooks, ExportInput, ExportResult } from './types.js';

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
    // target): one thread already keeps ~1.2 cores busy (xmllint runs in its own thread), and
    // workers add ~55% CPU per profile (each loads the modules and compiles the validators), so
    // they never paid. They stay available for larger machines (`workers: n`).
    const size = Math.min(input.workers ?? 0, Math.ceil(ctx.files / ctx.chunkSize), availableParallelism() * 2);
    if (size < 1 || !pool.workersAvailable()) return undefined;
    const workers = new pool.ChunkWorkerPool(size, {
      env: ctx.env,
      jobs: ctx.jobs.map(({ target, ...rest }) => ({ targetId: target.id, ...rest })),
      out: ctx.out,
    });
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
