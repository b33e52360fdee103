import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';

/**
 * Test harness: Debian's dnsmasq as a real DNS server on 127.0.0.1, serving SRV and address
 * records from fixture files (srv-host=, host-record=, address= lines). Never the system's
 * dnsmasq service: our own process in the foreground, no config but ours, no upstream servers,
 * no /etc/hosts, a free high port, stopped by its pid.
 */

/** Path of the dnsmasq binary, or undefined when it is not installed (Debian package dnsmasq-base). */
export const DNSMASQ: string | undefined = (() => {
  for (const candidate of ['dnsmasq', '/usr/sbin/dnsmasq', '/sbin/dnsmasq']) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.error === undefined && r.status === 0) return candidate;
  }
  return undefined;
})();

/** A running dnsmasq. */
export interface DnsServer {
  /** `127.0.0.1:<port>`, as --resolver takes it. */
  server: string;
  port: number;
  /** Stops the process (SIGTERM to its pid) and removes its rendered zone files. */
  stop(): Promise<void>;
}

/**
 * Starts dnsmasq serving `zoneFiles`. `substitute` replaces placeholders such as `__OPEN_PORT__`
 * in the fixtures (ports of TCP servers the test opened), so the files stay readable fixtures.
 * Names under `.test` that no fixture defines get NXDOMAIN (`local=/test/`); other names get
 * REFUSED, since there is no upstream server.
 */
export async function startDnsmasq(zoneFiles: readonly string[], substitute: Record<string, string> = {}): Promise<DnsServer> {
  if (!DNSMASQ) throw new Error('dnsmasq is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'doctor-dnsmasq-'));
  const rendered = zoneFiles.map((file, i) => {
    let text = readFileSync(file, 'utf8');
    for (const [key, value] of Object.entries(substitute)) text = text.split(key).join(value);
    const out = join(dir, `${i}-${basename(file)}`);
    writeFileSync(out, text);
    return out;
  });
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = [
      '--keep-in-foreground',
      '--conf-file=/dev/null',
      '--no-resolv',
      '--no-hosts',
      '--no-poll',
      `--port=${port}`,
      '--listen-address=127.0.0.1',
      '--bind-interfaces',
      '--pid-file=',
      '--log-facility=-',
      '--local=/test/',
      '--host-record=ready.harness.test,127.0.0.1',
      ...(process.getuid?.() === 0 ? [] : [`--user=${userInfo().username}`]),
      ...rendered.map((f) => `--conf-file=${f}`),
    ];
    const child = spawn(DNSMASQ, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (await ready(port, exited)) {
      return {
        server: `127.0.0.1:${port}`,
        port,
        stop: async () => {
          await stopChild(child, exited);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await stopChild(child, exited);
    lastError = stderr;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`dnsmasq did not start: ${lastError}`);
}

/** Polls the server until it answers the harness record (or the process exits, or 5 s pass). */
async function ready(port: number, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  for (let i = 0; i < 50 && !gone; i++) {
    try {
      const a = await resolver.resolve4('ready.harness.test');
      if (a.includes('127.0.0.1')) return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGTERM');
  await exited;
}

/** A port free for both UDP and TCP on 127.0.0.1 (dnsmasq listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port));
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcpFree) return port;
  }
}

/**
 * A resolver that does not answer: a UDP socket on 127.0.0.1 that reads queries and never
 * replies. (Its TCP port is unbound, so a client falling back to TCP is refused.)
 */
export async function startSilentResolver(): Promise<{ server: string; stop(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', () => {
    /* swallow the query */
  });
  const port = await new Promise<number>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket.address().port));
  });
  return { server: `127.0.0.1:${port}`, stop: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** A UDP port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedUdpPort(): Promise<string> {
  const socket = createSocket('udp4');
  const port = await new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

/**
 * Whether the dnsmasq tests run here. Without dnsmasq they are skipped with a message, except
 * under CI, where they must run: the test file then fails.
 */
export function dnsmasqRequired(): { run: boolean; message?: string } {
  if (DNSMASQ) return { run: true };
  const message = 'dnsmasq not found: the doctor DNS tests need it. Install Debian package dnsmasq-base (`apt-get install -y dnsmasq-base`).';
  if (process.env.CI) throw new Error(`${message} CI must run these tests.`);
  return { run: false, message };
}
