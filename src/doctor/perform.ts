import { isIP } from 'node:net';
import type { SrvRecord } from 'node:dns';
import type { DnsAnswer, DnsAsker } from './dns-asker.js';
import type { DiscoveryPlan } from './plan.js';
import type { TcpProber } from './tcp-probe.js';
import type { Lookup, SrvTarget, TargetAddress } from './types.js';

/** The network side of one doctor run: the DNS server, the TCP prober (--connect) and the profile's deadline. */
export interface NetContext {
  dns: DnsAsker;
  tcp?: TcpProber;
  /** Aborts at the profile's deadline; every wait below ends with it. */
  signal: AbortSignal;
}

/** At most this many TCP attempts at once, so a large record set does not flood the network. */
const CONNECT_WIDTH = 8;

/**
 * Performs a plan the way the client does: the SRV lookups (together), then each target's A and
 * AAAA records, then (under --connect) a TCP connection to each usable address on the SRV port.
 * Steps the deadline cut off are `cancelled`; nothing here throws for a network problem.
 */
export async function performPlan(plan: DiscoveryPlan, net: NetContext): Promise<Lookup[]> {
  const lookups: Lookup[] = plan.steps.map((step) => ({
    clients: [...plan.inputs.clients],
    service: step.service,
    type: step.type,
    name: step.name,
    setting: step.setting,
    role: step.role,
    status: step.skipped ? 'skipped' : step.type === 'HTTPS' ? 'not-checked' : 'cancelled',
    ...(step.skipped ? { detail: step.skipped } : step.type === 'HTTPS' ? { detail: 'HTTPS request to Cisco\'s cloud; doctor checks DNS only' } : {}),
    records: [],
  }));
  const asked = lookups.filter((l) => l.type === 'SRV' && l.status === 'cancelled');

  // 1. SRV records.
  await Promise.all(asked.map(async (lookup) => applySrv(lookup, await net.dns.srv(lookup.name, net.signal))));

  // 2. Addresses of every distinct target.
  const targets = new Map<string, SrvTarget[]>();
  for (const lookup of asked) {
    for (const record of lookup.records) {
      if (record.status === 'ip-address') continue;
      const key = record.target.toLowerCase();
      targets.set(key, [...(targets.get(key) ?? []), record]);
    }
  }
  const families = plan.inputs.ipMode === 'IPv4-Only' ? [4] : plan.inputs.ipMode === 'IPv6-Only' ? [6] : [4, 6];
  await Promise.all(
    [...targets].map(async ([name, records]) => {
      const [a, aaaa] = await Promise.all([net.dns.addresses(name, 4, net.signal), net.dns.addresses(name, 6, net.signal)]);
      for (const record of records) applyAddresses(record, a, aaaa, families);
    }),
  );

  // 3. TCP connections, only to what DNS returned, only on the SRV record's port.
  if (net.tcp && !net.signal.aborted) {
    const attempts: (() => Promise<void>)[] = [];
    for (const lookup of asked) {
      for (const record of lookup.records) {
        if (record.status !== 'resolved') continue;
        for (const address of record.addresses) {
          if (!families.includes(address.family)) continue;
          address.connect = 'cancelled';
          attempts.push(async () => {
            address.connect = await net.tcp!.probe(address.address, record.port, net.signal);
          });
        }
      }
    }
    await inBatches(attempts, CONNECT_WIDTH);
  }
  return lookups;
}

/** Records an SRV answer on its lookup, targets in the client's try order. */
function applySrv(lookup: Lookup, answer: DnsAnswer<SrvRecord[]>): void {
  if (answer.status === 'cancelled') return;
  if (answer.status !== 'found') {
    lookup.status = answer.status;
    lookup.detail = answer.code;
    return;
  }
  // RFC 2782: 'A Target of "." means that the service is decidedly not available at this domain.'
  const real = answer.value.filter((r) => r.name !== '' && r.name !== '.');
  if (real.length === 0) {
    lookup.status = answer.value.length > 0 ? 'declined' : 'no-record';
    lookup.detail = answer.value.length > 0 ? 'target "."' : 'ENODATA';
    return;
  }
  lookup.status = 'found';
  lookup.records = orderSrv(real).map((r, i) => ({
    rank: i + 1,
    priority: r.priority,
    weight: r.weight,
    port: r.port,
    target: r.name.replace(/\.$/, ''),
    status: isIP(r.name) !== 0 ? 'ip-address' : 'cancelled',
    addresses: [],
  }));
}

/**
 * SRV records in the order a client tries them: lowest priority first (RFC 2782); among equal
 * priorities the heavier weight is the likelier first pick, so it is listed first; target and
 * port break the remaining ties so the output is the same on every run.
 */
export function orderSrv<T extends SrvRecord>(records: readonly T[]): T[] {
  return [...records].sort(
    (a, b) => a.priority - b.priority || b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.port - b.port,
  );
}

/** Sets a target's status and addresses from its A and AAAA answers, with the client's IP_Mode applied. */
function applyAddresses(record: SrvTarget, a: DnsAnswer<string[]>, aaaa: DnsAnswer<string[]>, families: readonly number[]): void {
  const found: TargetAddress[] = [];
  for (const [answer, family] of [[a, 4], [aaaa, 6]] as const) {
    if (answer.status === 'found') for (const address of [...answer.value].sort()) found.push({ address, family });
  }
  record.addresses = found;
  const answers = [a, aaaa].filter((x, i) => families.includes(i === 0 ? 4 : 6));
  if (found.some((x) => families.includes(x.family))) record.status = 'resolved';
  else if (answers.some((x) => x.status === 'cancelled')) record.status = 'cancelled';
  else if (found.length > 0) record.status = 'wrong-family';
  else {
    const bad = answers.find((x) => x.status === 'failed') ?? answers.find((x) => x.status === 'no-answer');
    if (bad && bad.status !== 'found' && bad.status !== 'cancelled') {
      record.status = bad.status === 'failed' ? 'failed' : 'no-answer';
      record.error = bad.code;
    } else record.status = 'no-address';
  }
}

/** Runs tasks with at most `width` in flight. */
async function inBatches(tasks: readonly (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
}
