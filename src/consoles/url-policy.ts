/**
 * Which console URLs jabber-emm talks to: https, or plain http to this machine only (the issue's
 * rule: 127.0.0.0/8, ::1, localhost), so a token or a secret never crosses a network in clear text.
 */
import { isIP } from 'node:net';
import { ConsoleError } from './errors.js';

/** True for a host name that can only mean this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/**
 * Parses a console base URL given by `setting` (an environment variable or flag name) and checks
 * the scheme; throws ConsoleError (exit 2) naming the setting. Any path is kept, without a trailing slash.
 */
export function consoleBaseUrl(value: string, setting: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConsoleError('insecure-url', `${setting} is not a URL (got ${JSON.stringify(value)}).`, 2);
  }
  if (url.username || url.password) throw new ConsoleError('insecure-url', `${setting} must not carry a user name or password; use the client id and secret variables.`, 2);
  if (url.protocol === 'https:') return trimmed(url);
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return trimmed(url);
  throw new ConsoleError(
    'insecure-url',
    `${setting} must be an https:// URL (plain http:// is allowed only for this machine: 127.0.0.0/8, ::1, localhost); got ${url.protocol}//${url.host}.`,
    2,
  );
}

function trimmed(url: URL): URL {
  const out = new URL(url.href);
  out.search = '';
  out.hash = '';
  out.pathname = out.pathname.replace(/\/+$/, '');
  return out;
}

/** `base` joined with a path (which starts with `/`). */
export function joinUrl(base: URL, path: string): URL {
  return new URL(base.href.replace(/\/+$/, '') + path);
}
