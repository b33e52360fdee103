import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WriteReply, WriteRequest } from './write-worker.js';
import type { FileToWrite, ProfileWriter, WriteOutcome } from './writer.js';

/** Compiled worker script (dist/export/); absent when running from TypeScript sources. */
const WORKER_URL = new URL('./write-worker.js', import.meta.url);

/** True when the writer thread can be started (the compiled worker script is there). */
export function writerThreadAvailable(): boolean {
  // Under vitest/tsx there is no compiled script beside the source; the bundled CLI points at
  // the tsc output in dist/export/.
  return existsSync(fileURLToPath(WORKER_URL));
}

interface Waiting {
  resolve(outcomes: WriteOutcome[]): void;
  reject(err: Error): void;
}

/**
 * A writer whose file system work runs in one worker thread that does nothing else. Creating a file
 * on a busy ext4 disk is mostly kernel time in the calling thread (inode allocation), which a
 * second core can do while this thread renders the next chunk; one thread keeps the writes in
 * order and uncontended. Profiles are written in the order they are handed over, each as one unit
 * (writeProfileFiles), and the promise of each settles when it is on disk.
 */
export class WriterThread implements ProfileWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;
  private drained: (() => void) | undefined;

  constructor() {
    this.worker = new Worker(WORKER_URL);
    this.worker.on('message', (reply: WriteReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.drained?.();
      if ('outcomes' in reply) w.resolve(reply.outcomes);
      else w.reject(Object.assign(new Error(reply.error.message), reply.error.code !== undefined ? { code: reply.error.code } : {}));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`the writer thread stopped with exit code ${code}`));
    });
  }

  write(dir: string, files: readonly FileToWrite[]): Promise<WriteOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: WriteRequest = { id, dir, files: [...files] };
      this.worker.postMessage(request);
    });
  }

  /** Stops the thread once every profile handed over has been answered. */
  async close(): Promise<void> {
    // Stopping the thread in the middle of a profile would leave its temporary files behind.
    if (this.waiting.size > 0 && !this.failure) await new Promise<void>((resolve) => (this.drained = resolve));
    this.closing = true;
    await this.worker.terminate();
    this.fail(new Error('the writer thread was closed'));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    this.drained?.();
  }
}
