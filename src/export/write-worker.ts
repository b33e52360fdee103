/**
 * Worker-thread entry of the writer thread (writer-thread.ts): writes each profile it is sent with
 * writeProfileFiles, one after the other in the order they came, and answers each with its
 * outcomes or its error. It loads nothing but the writer, so it costs little memory and start-up.
 */
import { parentPort } from 'node:worker_threads';
import { writeProfileFiles, type FileToWrite, type WriteOutcome } from './writer.js';

/** One profile to write. */
export interface WriteRequest {
  id: number;
  dir: string;
  files: FileToWrite[];
}

/** The answer for one profile: its outcomes, or the error that stopped it (its own temporary files removed). */
export type WriteReply = { id: number; outcomes: WriteOutcome[] } | { id: number; error: { message: string; code?: string } };

parentPort!.on('message', (request: WriteRequest) => {
  let reply: WriteReply;
  try {
    reply = { id: request.id, outcomes: writeProfileFiles(request.dir, request.files) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    reply = { id: request.id, error: { message: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) } };
  }
  parentPort!.postMessage(reply);
});
