import type { SrvRecord } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import type { ResolverAddress } from './resolver-address.js';

/**
 * One DNS answer, classified for doctor. `no-record`: NXDOMAIN (ENOTFOUND) or no data of that
 * type (ENODATA); `no-answer`: the server did not answer (ETIMEOUT) or refused the connection
 * (ECONNREFUSED: nothing listens there); `failed`: any other DNS error (ESERVFAIL, EREFUSED ...);
 * `cancelled`: the profile's deadline passed first.
 */
export type DnsAnswer<T> =
  | { status: 'found'; value: T }
  | { status: 'no-record' | 'no-answer' | 'failed'; code: string }
  | { status: 'cancelled' };

/** c-ares codes that mean the server never answered, as opposed to answering with an error. */
const NO_ANSWER = new Set(['ETIMEOUT', 'ECONNREFUSED']);
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);
const CANCELLED = 'ECANCELLED';

/**
 * Asks one DNS server (or the system's) through a node:dns Resolver, never getaddrinfo, so
 * /etc/hosts and the OS cache do not blur the view being checked. Answers are shared: a batch of
 * profiles with the same domains asks each question once. Every query is bounded by c-ares'
 * timeout and tries; a caller's AbortSignal ends its wait early.
 */
export class DnsAsker {
  /** `system`, or the server asked (`127.0.0.1:5353`). */
  readonly label: string;
  private readonly resolver: Resolver;
  private readonly answers = new Map<string, Promise<DnsAnswer<unknown>>>();

  constructor(server: ResolverAddress | undefined, opts: { timeoutMs: number; tries: number }) {
    this.resolver = new Resolver({ timeout: opts.timeoutMs, tries: opts.tries });
    if (server) this.resolver.setServers([server.server]);
    this.label = server ? server.server : 'system';
  }

  /** SRV records of `name`. */
  srv(name: string, signal: AbortSignal): Promise<DnsAnswer<SrvRecord[]>> {
    return this.ask(`SRV ${name}`, () => this.resolver.resolveSrv(name), signal);
  }

  /** A (family 4) or AAAA (family 6) addresses of `name`. */
  addresses(name: string, family: 4 | 6, signal: AbortSignal): Promise<DnsAnswer<string[]>> {
    return family === 4
      ? this.ask(`A ${name}`, () => this.resolver.resolve4(name), signal)
      : this.ask(`AAAA ${name}`, () => this.resolver.resolve6(name), signal);
  }

  /** Ends every query still in flight (they resolve as `cancelled` for anyone still waiting). */
  close(): void {
    this.resolver.cancel();
  }

  private ask<T>(key: string, query: () => Promise<T>, signal: AbortSignal): Promise<DnsAnswer<T>> {
    const k = key.toLowerCase();
    let answer = this.answers.get(k) as Promise<DnsAnswer<T>> | undefined;
    if (!answer) {
      answer = query().then(
        (value): DnsAnswer<T> => ({ status: 'found', value }),
        (err: NodeJS.ErrnoException): DnsAnswer<T> => {
          const code = typeof err.code === 'string' ? err.code : 'EUNKNOWN';
          if (code === CANCELLED) return { status: 'cancelled' };
          if (NO_RECORD.has(code)) return { status: 'no-record', code };
          if (NO_ANSWER.has(code)) return { status: 'no-answer', code };
          return { status: 'failed', code };
        },
      );
      this.answers.set(k, answer as Promise<DnsAnswer<unknown>>);
    }
    return untilAborted(answer, signal, { status: 'cancelled' });
  }
}

/** `promise`, or `instead` as soon as `signal` aborts (the promise itself runs on to its own timeout). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, instead: T): Promise<T> {
  if (signal.aborted) return Promise.resolve(instead);
  return new Promise<T>((resolve) => {
    const onAbort = (): void => resolve(instead);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(instead);
      },
    );
  });
}
