import { isIP } from 'node:net';

/** A DNS server to ask, parsed from `--resolver host[:port]`. */
export interface ResolverAddress {
  host: string;
  port: number;
  /** The form c-ares takes in setServers (`127.0.0.1:5353`, `[::1]:5353`) and reports print. */
  server: string;
}

/**
 * Parses `host[:port]`: an IPv4 address, an IPv6 address (bare, or `[addr]:port` with a port),
 * port 53 when none is given. Returns a message instead when the text is not usable: a host name
 * is refused, since c-ares asks servers by address and resolving the name would itself need a
 * resolver (the one the admin is trying to avoid).
 */
export function parseResolverAddress(text: string): ResolverAddress | { error: string } {
  const t = text.trim();
  let host: string;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(t);
  if (bracket) {
    host = bracket[1]!;
    portText = bracket[2];
  } else if (isIP(t) === 6) {
    host = t;
  } else {
    const colon = t.lastIndexOf(':');
    host = colon === -1 ? t : t.slice(0, colon);
    portText = colon === -1 ? undefined : t.slice(colon + 1);
  }
  const family = isIP(host);
  if (family === 0) {
    return { error: `--resolver takes an IP address with an optional port (10.0.0.53, 10.0.0.53:5353, [2001:db8::53]:53), not "${text}".` };
  }
  let port = 53;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { error: `--resolver port must be a number from 1 to 65535, not "${portText}".` };
    }
    port = Number(portText);
  }
  return { host, port, server: family === 6 ? `[${host}]:${port}` : `${host}:${port}` };
}
