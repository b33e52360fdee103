import { connect } from 'node:net';
import { untilAborted } from './dns-asker.js';
import type { ConnectStatus } from './types.js';

/**
 * Opens TCP connections for `--connect` and closes them as soon as they are accepted; nothing is
 * sent. Callers pass only addresses and ports that DNS returned for an SRV target. Results are
 * shared across a batch (one attempt per address and port); each attempt is bounded by
 * `timeoutMs`, and a caller's AbortSignal ends its wait early.
 */
export class TcpProber {
  private readonly results = new Map<string, Promise<ConnectStatus>>();

  constructor(private readonly timeoutMs: number) {}

  /** Whether `address` accepts a TCP connection on `port`. */
  probe(address: string, port: number, signal: AbortSignal): Promise<ConnectStatus> {
    const key = `${address} ${port}`;
    let result = this.results.get(key);
    if (!result) {
      result = attempt(address, port, this.timeoutMs);
      this.results.set(key, result);
    }
    return untilAborted(result, signal, 'cancelled');
  }
}

function attempt(address: string, port: number, timeoutMs: number): Promise<ConnectStatus> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (status: ConnectStatus): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('open'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'refused' : err.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable'));
  });
}
