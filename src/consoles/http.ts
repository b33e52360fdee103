/**
 * The HTTP layer under both console clients: plain `fetch` (injectable for tests), a bearer token
 * from the console's auth, bounded retries of 429 and 503 after `Retry-After` (reference
 * emm-console-apis.md §1: "Throttling: 429 with Retry-After; honour it"), and errors that say what
 * to do (a 401/403 names the permission) without ever quoting a secret, a token or a body.
 */
import { ConsoleError } from './errors.js';
import { joinUrl } from './url-policy.js';

/** The fetch function used (global fetch by default). */
export type FetchFn = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** How a client waits (injectable so tests of Retry-After do not wait for real). */
export type SleepFn = (ms: number) => Promise<void>;

/** Options shared by the console clients. */
export interface HttpOptions {
  fetch?: FetchFn;
  sleep?: SleepFn;
  /** Retries of one request after 429/503 (default 4). */
  maxRetries?: number;
  /** Longest wait honoured for one Retry-After, in ms (default 120 s); longer asks fail at once. */
  maxRetryAfterMs?: number;
  /** Called before each wait, e.g. to tell a terminal why nothing moves. */
  onRetry?(info: { status: number; waitMs: number; attempt: number; path: string }): void;
}

/** What a console call returns. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A request as the clients describe it. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under the base URL (starting with `/`), or a full URL the console gave (`@odata.nextLink`). */
  path: string;
  /** JSON body (sent with content-type application/json). */
  json?: unknown;
  /** Raw body with its content type (Jamf's XML). */
  body?: { text: string; contentType: string };
  accept?: string;
  /** Statuses the caller handles itself (404 when looking something up). */
  expect?: readonly number[];
}

/** Supplies a bearer token; `fresh` asks for a new one (after a 401). */
export type TokenSource = (fresh: boolean) => Promise<string>;

/** What a 401/403 from this console means, for the message. */
export interface PermissionHint {
  /** The console's name in messages (`Intune (Microsoft Graph)`, `Jamf Pro`). */
  console: string;
  /** What the credentials need, in the console's own words. */
  needs: string;
}

const DEFAULT_RETRIES = 4;
const DEFAULT_MAX_WAIT_MS = 120_000;
/** Wait when a 429/503 carries no usable Retry-After: 1 s, doubling per attempt. */
const DEFAULT_BACKOFF_MS = 1000;

/** One console's HTTP client: base URL, token, retries. */
export class ConsoleHttp {
  private readonly fetchFn: FetchFn;
  private readonly sleep: SleepFn;
  private readonly maxRetries: number;
  private readonly maxWaitMs: number;

  constructor(
    readonly base: URL,
    private readonly token: TokenSource,
    private readonly hint: PermissionHint,
    private readonly options: HttpOptions = {},
  ) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxRetries = options.maxRetries ?? DEFAULT_RETRIES;
    this.maxWaitMs = options.maxRetryAfterMs ?? DEFAULT_MAX_WAIT_MS;
  }

  /** Sends a request; retries 429/503 and one 401 (with a fresh token); throws ConsoleError otherwise. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = req.path.startsWith('/') ? joinUrl(this.base, req.path) : this.sameOrigin(req.path);
    const shown = `${req.method} ${url.pathname}`;
    let freshToken = false;
    for (let attempt = 0; ; attempt += 1) {
      const headers: Record<string, string> = { authorization: `Bearer ${await this.token(freshToken)}`, accept: req.accept ?? 'application/json' };
      let body: string | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.body) {
        headers['content-type'] = req.body.contentType;
        body = req.body.text;
      }
      const res = await sendOnce(this.fetchFn, url, { method: req.method, headers, ...(body !== undefined ? { body } : {}), redirect: 'error' }, this.hint.console);
      const text = await res.text();
      if (req.expect?.includes(res.status)) return { status: res.status, headers: res.headers, text };
      if (res.status === 429 || res.status === 503) {
        const waitMs = retryAfterMs(res.headers.get('retry-after'), attempt);
        if (attempt >= this.maxRetries || waitMs > this.maxWaitMs) {
          throw new ConsoleError(
            'throttled',
            `${this.hint.console} kept answering ${res.status} (${res.status === 429 ? 'too many requests' : 'service unavailable'}) to ${shown} after ${attempt + 1} attempts; try again later.`,
            1,
            res.status,
          );
        }
        this.options.onRetry?.({ status: res.status, waitMs, attempt: attempt + 1, path: url.pathname });
        await this.sleep(waitMs);
        continue;
      }
      if (res.status === 401 && !freshToken) {
        freshToken = true; // a token can expire mid-run: ask for a new one once
        continue;
      }
      if (res.status === 401 || res.status === 403) {
        throw new ConsoleError(
          'permission-denied',
          `${this.hint.console} refused ${shown} (${res.status} ${res.status === 401 ? 'unauthorized' : 'forbidden'}): the credentials need ${this.hint.needs}.`,
          2,
          res.status,
        );
      }
      if (res.status < 200 || res.status > 299) {
        throw new ConsoleError('http-error', `${this.hint.console} answered ${res.status} to ${shown}${errorDetail(text)}.`, 1, res.status);
      }
      return { status: res.status, headers: res.headers, text };
    }
  }

  /** Sends and reads a JSON answer. */
  async json<T>(req: HttpRequest): Promise<{ status: number; body: T | undefined }> {
    const res = await this.send(req);
    if (res.text.trim() === '') return { status: res.status, body: undefined };
    try {
      return { status: res.status, body: JSON.parse(res.text) as T };
    } catch {
      throw new ConsoleError('bad-response', `${this.hint.console} answered ${req.method} ${req.path.split('?')[0]} with something that is not JSON.`, 1, res.status);
    }
  }

  /** A link the console gave (`@odata.nextLink`) is followed only on the same origin, so a token never leaves it. */
  private sameOrigin(link: string): URL {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new ConsoleError('bad-response', `${this.hint.console} gave a next-page link that is not a URL.`, 1);
    }
    if (url.origin !== this.base.origin) {
      throw new ConsoleError('bad-response', `${this.hint.console} gave a next-page link on another host (${url.host}); not followed.`, 1);
    }
    return url;
  }
}

/** One fetch, with network failures turned into ConsoleError (exit 2: the console cannot be reached). */
export async function sendOnce(fetchFn: FetchFn, url: URL, init: RequestInit, consoleName: string): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new ConsoleError('unreachable', `${consoleName} cannot be reached at ${url.origin} (${cause}).`, 2);
  }
}

/**
 * Milliseconds to wait before retrying: `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3);
 * without one, 1 s doubling per attempt.
 */
export function retryAfterMs(header: string | null, attempt: number, now: () => number = Date.now): number {
  if (header !== null) {
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, date - now());
  }
  return DEFAULT_BACKOFF_MS * 2 ** attempt;
}

/**
 * The console's own error code (Graph `{error: {code}}`), never its message or body: those may echo
 * what was sent, secrets included.
 */
function errorDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    const code = parsed.error?.code;
    if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,80}$/.test(code)) return ` (${code})`;
  } catch {
    // not JSON: say nothing more
  }
  return '';
}
