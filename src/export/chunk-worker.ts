/**
 * Worker-thread entry of a batch export: validates, renders and verifies whole chunks of profile
 * files, and sends back plain data (artifacts and diagnostics). The main thread only writes.
 * Used by ChunkWorkerPool; each worker parses shared `extends` parents once (its own cache).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderOptions } from '../targets/types.js';
import type { EmmConsole } from '../variables/consoles.js';

/** A render job as plain data (the target by id). */
export interface ChunkWorkerJob {
  targetId: string;
  options: RenderOptions;
  console?: EmmConsole;
  folder?: string;
}

/** What every worker is started with. */
export interface ChunkWorkerData {
  env: Record<string, string | undefined>;
  jobs: ChunkWorkerJob[];
  /** `--out` as the user gave it (names files in verify diagnostics). */
  out: string;
}

/** A chunk to process. */
export interface ChunkRequest {
  id: number;
  files: string[];
}

const data = workerData as ChunkWorkerData;
const [{ validateStream }, { ProfileCache }, { TARGETS }, { processChunk }] = await Promise.all([
  import('../profile/validate.js'),
  import('../profile/resolve.js'),
  import('../targets/registry.js'),
  import('./chunk.js'),
]);
const jobs = data.jobs.map(({ targetId, ...rest }) => ({ target: TARGETS.find((t) => t.id === targetId)!, ...rest }));
const cache = new ProfileCache();

parentPort!.on('message', (request: ChunkRequest) => {
  void (async () => {
    try {
      const results = [];
      for await (const r of validateStream(request.files, { env: data.env, cache })) results.push(r);
      const rendered = await processChunk(results, jobs, data.out);
      parentPort!.postMessage({ id: request.id, rendered });
    } catch (err) {
      parentPort!.postMessage({ id: request.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  })();
});
