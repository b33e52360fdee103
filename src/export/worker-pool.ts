import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RenderedProfile } from './chunk.js';
import type { ChunkRequest, ChunkWorkerData } from './chunk-worker.js';

/** Compiled worker script (dist/export/); absent when running from TypeScript sources. */
const WORKER_URL = new URL('./chunk-worker.js', import.meta.url);

/** True when worker threads can be started (the compiled worker script is there). */
export function workersAvailable(): boolean {
  // Under vitest/tsx there is no compiled script beside the source (Node cannot start a .ts
  // worker by itself); the bundled CLI points at the tsc output in dist/export/.
  return existsSync(fileURLToPath(WORKER_URL));
}

interface Job {
  request: ChunkRequest;
  resolve(rendered: RenderedProfile[]): void;
  reject(err: Error): void;
}

/**
 * A few worker threads that each validate, render and verify one chunk at a time. Chunks are
 * handed to whichever worker is free; results come back per chunk, so the caller keeps order.
 */
export class ChunkWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(size: number, data: ChunkWorkerData) {
    for (let i = 0; i < size; i += 1) {
      const worker = new Worker(WORKER_URL, { workerData: data });
      worker.on('message', (msg: { id: number; rendered?: RenderedProfile[]; error?: string }) => {
        const job = this.busy.get(worker);
        if (!job) return;
        this.busy.delete(worker);
        if (msg.error !== undefined) job.reject(new Error(msg.error));
        else job.resolve(msg.rendered!);
        this.idle.push(worker);
        this.dispatch();
      });
      worker.on('error', (err) => this.fail(worker, err));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(worker, new Error(`export worker stopped with exit code ${code}`));
      });
      this.idle.push(worker);
    }
  }

  /** Validates, renders and verifies one chunk of profile files in a worker. */
  process(files: string[]): Promise<RenderedProfile[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, files }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage(job.request);
    }
  }

  private fail(worker: Worker, err: Error): void {
    this.failure ??= err;
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    job?.reject(err);
    for (const queued of this.queue.splice(0)) queued.reject(err);
  }
}
