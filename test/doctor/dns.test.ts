import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorProfile } from '../../src/doctor/doctor.js';
import type { DoctorOptions, DoctorResult } from '../../src/doctor/types.js';
import type { SettingValue } from '../../src/profile/types.js';
import { makeProfile } from '../helpers/profile.js';
import { closedUdpPort, dnsmasqRequired, startDnsmasq, startSilentResolver, type DnsServer } from './dnsmasq.js';

// Real DNS: dnsmasq on 127.0.0.1 serving the fixture zones in zones/inside and zones/outside
// (one domain per case, each file says which findings it should produce). No mocked resolver.
const ZONES = fileURLToPath(new URL('./zones/', import.meta.url));
const zoneFiles = (view: string): string[] => readdirSync(join(ZONES, view)).filter((f) => f.endsWith('.conf')).sort().map((f) => join(ZONES, view, f));

const gate = dnsmasqRequired();
if (!gate.run) console.warn(gate.message);

// Short per-step timeouts: dnsmasq answers at once, and the dead-resolver cases should not wait
// the CLI's seconds. No assertion below is about time.
const FAST = { dnsMs: 250, dnsTries: 1, connectMs: 1000, budgetMs: 10_000 };

/** Findings as `code record` strings, in the order doctor reports them. */
const codes = (r: DoctorResult): string[] => r.findings.map((f) => `${f.code} ${f.record ?? '-'}`);

const profile = (settings: Record<string, SettingValue>, windows: Record<string, SettingValue> = {}) => makeProfile({ settings, windows });
const onPremises = (domain: string, extra: Record<string, SettingValue> = {}) =>
  profile({ ServicesDomain: domain, ServiceDiscoveryExcludedServices: ['WEBEX'], ...extra });

describe.runIf(gate.run)('doctor against dnsmasq', () => {
  let inside: DnsServer;
  let outside: DnsServer;
  const listeners: Server[] = [];
  let openPort = 0;

  beforeAll(async () => {
    // --connect targets: cucm1 and cucm3 of connect.test listen on one port; cucm2 (127.0.7.2) does not.
    for (let attempt = 0; attempt < 10 && listeners.length < 2; attempt++) {
      listeners.splice(0).forEach((s) => s.close());
      try {
        const first = await listen('127.0.7.1', 0);
        listeners.push(first);
        openPort = (first.address() as { port: number }).port;
        listeners.push(await listen('127.0.7.3', openPort));
      } catch {
        /* port taken on 127.0.7.3: try another */
      }
    }
    const ports = { __OPEN_PORT__: String(openPort), __CLOSED_PORT__: String(openPort) };
    [inside, outside] = await Promise.all([startDnsmasq(zoneFiles('inside'), ports), startDnsmasq(zoneFiles('outside'))]);
  });
  afterAll(async () => {
    await Promise.all([inside?.stop(), outside?.stop(), ...listeners.map((s) => new Promise((r) => s.close(r)))]);
  });

  const run = (p: ReturnType<typeof profile>, opts: DoctorOptions = {}) => doctorProfile(p, { resolver: inside.server, timeouts: FAST, ...opts });

  describe('healthy zone', () => {
    it('inside: every record found, every target resolved, no finding', async () => {
      const r = await run(onPremises('healthy.test'));
      expect(codes(r)).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.lookups.map((l) => `${l.name} ${l.status}`)).toEqual([
        'healthy.test skipped',
        '_cisco-uds._tcp.healthy.test found',
        '_cuplogin._tcp.healthy.test found',
        '_collab-edge._tls.healthy.test no-record',
      ]);
      const uds = r.lookups[1]!;
      expect(uds.records.map((x) => [x.rank, x.target, x.port, x.status, x.addresses.map((a) => a.address)])).toEqual([
        [1, 'cucm1.healthy.test', 8443, 'resolved', ['127.0.1.1']],
        [2, 'cucm2.healthy.test', 8443, 'resolved', ['127.0.1.2', '::1']],
      ]);
    });

    it('outside: only _collab-edge, no finding', async () => {
      const r = await run(onPremises('healthy.test'), { resolver: outside.server, view: 'outside' });
      expect(codes(r)).toEqual([]);
      expect(r.lookups.find((l) => l.service === 'collab-edge')?.records.map((x) => x.target)).toEqual(['expe.healthy.test']);
    });

    it('the Webex CAS lookup is listed but not performed when WEBEX is not excluded', async () => {
      const r = await run(profile({ ServicesDomain: 'healthy.test' }));
      expect(r.lookups[0]).toMatchObject({ service: 'webex-cas', type: 'HTTPS', name: 'healthy.test', status: 'not-checked' });
      expect(codes(r)).toEqual([]);
    });
  });

  describe('one zone per finding', () => {
    it('srv-missing: no _cisco-uds although CUCM is not excluded', async () => {
      const r = await run(onPremises('uds-missing.test'));
      expect(codes(r)).toEqual(['srv-missing _cisco-uds._tcp.uds-missing.test']);
      expect(r.findings[0]!.severity).toBe('warning');
      expect(r.findings[0]!.message).toContain('add CUCM to ServiceDiscoveryExcludedServices');
    });

    it('srv-missing: a record with target "." (service not available)', async () => {
      const r = await run(onPremises('declined.test'));
      expect(codes(r)).toEqual(['srv-missing _cuplogin._tcp.declined.test']);
      expect(r.lookups.find((l) => l.service === 'cuplogin')?.status).toBe('declined');
    });

    it('no-discovery: nothing found inside, an error when WEBEX is excluded', async () => {
      const r = await run(onPremises('nothing.test'));
      expect(codes(r)).toEqual(['srv-missing _cisco-uds._tcp.nothing.test', 'srv-missing _cuplogin._tcp.nothing.test', 'no-discovery -']);
      expect(r.findings[2]!.severity).toBe('error');
      expect(r.ok).toBe(false);
    });

    it('no-discovery is a warning when the CAS lookup (not checked) may still find the service', async () => {
      const r = await run(profile({ ServicesDomain: 'nothing.test' }));
      expect(r.findings.find((f) => f.code === 'no-discovery')?.severity).toBe('warning');
      expect(r.ok).toBe(true);
    });

    it('target-is-address: an SRV target that is an IP address', async () => {
      const r = await run(onPremises('ip-target.test'));
      expect(codes(r)).toEqual(['target-is-address _cisco-uds._tcp.ip-target.test']);
      expect(r.lookups[1]!.records[0]).toMatchObject({ target: '127.0.4.1', status: 'ip-address', addresses: [] });
    });

    it('target-unresolved: an SRV target without address records', async () => {
      const r = await run(onPremises('unresolved.test'));
      expect(codes(r)).toEqual(['target-unresolved ghost.unresolved.test']);
      expect(r.findings[0]!.severity).toBe('error');
    });

    it('target-unresolved: only IPv6 addresses while Jabber for Windows runs IPv4-Only', async () => {
      const r = await run(profile({ ServicesDomain: 'ipv6-only.test', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }, { IP_Mode: 'IPv4-Only' }));
      // Mobile and Mac (Two Stacks) can use ::1; Windows cannot, and then finds nothing.
      expect(codes(r)).toEqual(['target-unresolved cucm1.ipv6-only.test', 'no-discovery -']);
      expect(r.findings.every((f) => f.message.startsWith('Jabber for Windows: '))).toBe(true);
    });

    it('uds-first-two-failing: the second of three _cisco-uds servers does not resolve', async () => {
      const r = await run(onPremises('first-two.test', { ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }));
      expect(codes(r)).toEqual(['target-unresolved cucm2.first-two.test', 'uds-first-two-failing _cisco-uds._tcp.first-two.test']);
      expect(r.findings[1]!.message).toContain('It never tries cucm3.first-two.test, which resolves');
    });

    it('uds-first-two-failing with --connect: the second server refuses connections (127.0.0.0/8 only)', async () => {
      const r = await run(onPremises('connect.test', { ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }), { connect: true });
      expect(codes(r)).toEqual(['connect-failed cucm2.connect.test', 'uds-first-two-failing _cisco-uds._tcp.connect.test']);
      const tried = r.lookups.flatMap((l) => l.records.flatMap((x) => x.addresses.filter((a) => a.connect !== undefined)));
      expect(tried.map((a) => `${a.address} ${a.connect}`)).toEqual(['127.0.7.1 open', '127.0.7.2 refused', '127.0.7.3 open']);
      expect(tried.every((a) => a.address.startsWith('127.'))).toBe(true);
    });

    it('without --connect nothing is contacted and the connect zone is healthy', async () => {
      const r = await run(onPremises('connect.test', { ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }));
      expect(codes(r)).toEqual([]);
      expect(r.lookups.flatMap((l) => l.records.flatMap((x) => x.addresses)).some((a) => a.connect !== undefined)).toBe(false);
    });

    it('edge-visible-inside: _collab-edge answered by the inside view', async () => {
      const r = await run(onPremises('edge-inside.test', { ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }));
      expect(codes(r)).toEqual(['edge-visible-inside _collab-edge._tls.edge-inside.test']);
    });

    it('internal-visible-outside: _cisco-uds answered by the outside view', async () => {
      const r = await run(onPremises('internal-outside.test', { ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }), { resolver: outside.server, view: 'outside' });
      expect(codes(r)).toEqual(['internal-visible-outside _cisco-uds._tcp.internal-outside.test']);
    });

    it('srv-missing and no-discovery outside: no _collab-edge on the outside view', async () => {
      const r = await run(onPremises('uds-missing.test'), { resolver: outside.server, view: 'outside' });
      expect(codes(r)).toEqual(['srv-missing _collab-edge._tls.uds-missing.test', 'no-discovery -']);
    });

    it('voice-domain-only: _cuplogin answered for VoiceServicesDomain but not ServicesDomain', async () => {
      const r = await run(onPremises('split.test', { VoiceServicesDomain: 'voice.split.test' }));
      expect(codes(r)).toEqual(['voice-domain-only _cuplogin._tcp.split.test']);
      expect(r.lookups.map((l) => `${l.name} ${l.role} ${l.status}`)).toEqual([
        'split.test primary skipped',
        '_cisco-uds._tcp.voice.split.test primary found',
        '_cuplogin._tcp.voice.split.test primary found',
        '_cuplogin._tcp.split.test cross-check no-record',
        '_collab-edge._tls.voice.split.test primary no-record',
      ]);
    });

    it('services-domain-only: _cuplogin answered for ServicesDomain but not VoiceServicesDomain', async () => {
      const r = await run(onPremises('services-only.test', { VoiceServicesDomain: 'voice.services-only.test' }));
      expect(codes(r)).toEqual(['services-domain-only _cuplogin._tcp.voice.services-only.test']);
    });

    it('lookup-failed: the server answers REFUSED for one record', async () => {
      const r = await run(onPremises('lookup-failed.test'));
      expect(codes(r)).toEqual(['lookup-failed _cuplogin._tcp.lookup-failed.test']);
      expect(r.lookups.find((l) => l.service === 'cuplogin')).toMatchObject({ status: 'failed', detail: 'EREFUSED' });
    });

    it('manual-settings: all three services excluded, nothing asked', async () => {
      const r = await run(profile({ ServicesDomain: 'healthy.test', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUCM', 'CUP'] }));
      expect(codes(r)).toEqual(['manual-settings -']);
      expect(r.lookups.every((l) => l.status === 'skipped')).toBe(true);
      expect(r.findings[0]!.message).toContain('asks every user to enter the connection settings by hand');
    });
  });

  describe('a resolver that does not answer is a finding, not a hang', () => {
    it('resolver-unreachable: a socket that swallows every query', async () => {
      const silent = await startSilentResolver();
      try {
        const r = await run(onPremises('healthy.test'), { resolver: silent.server });
        expect(codes(r)).toEqual([`resolver-unreachable ${silent.server}`]);
        expect(r.lookups.filter((l) => l.type === 'SRV').map((l) => `${l.status} ${l.detail}`)).toEqual(['no-answer ETIMEOUT', 'no-answer ETIMEOUT', 'no-answer ETIMEOUT']);
      } finally {
        await silent.stop();
      }
    });

    it('resolver-unreachable: a UDP port with nothing listening', async () => {
      const r = await run(onPremises('healthy.test'), { resolver: await closedUdpPort() });
      expect(r.findings.map((f) => f.code)).toEqual(['resolver-unreachable']);
      expect(r.ok).toBe(false);
    });

    it('deadline-exceeded: the per-profile budget ends the run, with the pending lookups named', async () => {
      const silent = await startSilentResolver();
      try {
        const r = await run(onPremises('healthy.test'), { resolver: silent.server, timeouts: { ...FAST, dnsMs: 30_000, budgetMs: 200 } });
        expect(codes(r)).toEqual(['deadline-exceeded -']);
        expect(r.findings[0]!.message).toContain('_cisco-uds._tcp.healthy.test');
        expect(r.lookups.filter((l) => l.type === 'SRV').every((l) => l.status === 'cancelled')).toBe(true);
      } finally {
        await silent.stop();
      }
    });
  });
});

function listen(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
