import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../src/doctor/codes.js';
import type { DoctorJson } from '../../src/doctor/json.js';
import { runCli } from '../helpers/cli.js';
import { dnsmasqRequired, startDnsmasq, type DnsServer } from './dnsmasq.js';

// End to end: the built CLI (bin/run.js) against dnsmasq on 127.0.0.1.
const HERE = fileURLToPath(new URL('./', import.meta.url));
const PROFILES = join(HERE, 'profiles');
const INSIDE = join(HERE, 'zones', 'inside');
const profile = (name: string): string => join(PROFILES, `${name}.yaml`);

const gate = dnsmasqRequired();
if (!gate.run) console.warn(gate.message);

describe('jabber-emm doctor: usage', () => {
  it.each([
    [['--resolver', 'dns.example.com'], /IP address/],
    [['--resolver', '127.0.0.1:99999'], /port/],
    [['--view', 'sideways'], /inside|outside/],
  ])('is a usage error (exit 2): %j', async (flags, message) => {
    const run = await runCli(['doctor', profile('manual'), ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a path that does not exist: exit 1 with path-not-found', async () => {
    const run = await runCli(['doctor', join(PROFILES, 'nope.yaml'), '--json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as DoctorJson).diagnostics.map((d) => d.code)).toEqual(['path-not-found']);
  });

  it('all services excluded: the system resolver is never asked, manual-settings is a warning, exit 0', async () => {
    const run = await runCli(['doctor', profile('manual')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('resolver system, inside view');
    expect(run.stdout).toContain('warning manual-settings');
    expect(run.stdout).toContain('SRV _cisco-uds._tcp.healthy.test: skipped, WEBEX, CUCM and CUP are all excluded');
  });

  it('--help lists the flags', async () => {
    const run = await runCli(['doctor', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--resolver', '--view', '--connect', '--json']) expect(run.stdout).toContain(flag);
  });

  it('every finding code is documented in the README doctor section', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(HERE, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('\n## doctor:');
    expect(start).toBeGreaterThan(-1);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    for (const code of Object.keys(FINDING_CODES)) expect(section, code).toContain(`\`${code}\``);
  });
});

describe.runIf(gate.run)('jabber-emm doctor against dnsmasq', () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsmasq(readdirSync(INSIDE).filter((f) => f.endsWith('.conf')).map((f) => join(INSIDE, f)), { __OPEN_PORT__: '9', __CLOSED_PORT__: '9' });
  });
  afterAll(async () => {
    await dns?.stop();
  });

  it('a healthy profile: discovery order in the output, exit 0', async () => {
    const run = await runCli(['doctor', profile('healthy'), '--resolver', dns.server]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `${profile('healthy')}: ok (healthy)`,
        `  resolver ${dns.server}, inside view`,
        '  Webex CAS lookup (HTTPS) for healthy.test: skipped, WEBEX is excluded',
        '  SRV _cisco-uds._tcp.healthy.test: 2 records',
        '    1. cucm1.healthy.test:8443 priority 10 weight 10: 127.0.1.1',
        '    2. cucm2.healthy.test:8443 priority 20 weight 10: 127.0.1.2, ::1',
        '  SRV _cuplogin._tcp.healthy.test: 1 record',
        '    1. imp1.healthy.test:8443 priority 10 weight 10: 127.0.1.3',
        '  SRV _collab-edge._tls.healthy.test: no record (NXDOMAIN)',
        '',
        '1 profile: 1 ok, 0 failed',
        '',
      ].join('\n'),
    );
  });

  it('a folder with a failing profile: findings after the lookups, exit 1', async () => {
    const run = await runCli(['doctor', PROFILES, '--resolver', dns.server]);
    expect(run.code).toBe(1);
    const block = run.stdout.slice(run.stdout.indexOf(profile('first-two')));
    const order = ['SRV _cisco-uds._tcp.first-two.test: 3 records', '2. cucm2.first-two.test:8443', 'no A or AAAA record', 'error target-unresolved cucm2.first-two.test', 'error uds-first-two-failing _cisco-uds._tcp.first-two.test'];
    const at = order.map((text) => block.indexOf(text));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(run.stdout).toContain('3 profiles: 2 ok, 1 failed (2 errors, 1 warning)');
    // The finding points at the line that sets the domain.
    expect(block).toContain(`${profile('first-two')}:4:19: error target-unresolved`);
  });

  it('--json: one document with lookups and findings per profile, and the summary', async () => {
    const run = await runCli(['doctor', PROFILES, '--resolver', dns.server, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as DoctorJson;
    expect(Object.keys(doc)).toEqual(['profiles', 'summary', 'diagnostics']);
    expect(doc.summary).toEqual({ profiles: 3, ok: 2, failed: 1, errors: 2, warnings: 1 });
    expect(doc.profiles.map((p) => [p.name, p.ok, p.findings.map((f) => f.code)])).toEqual([
      ['first-two', false, ['target-unresolved', 'uds-first-two-failing']],
      ['healthy', true, []],
      ['manual', true, ['manual-settings']],
    ]);
    const first = doc.profiles[0]!;
    expect(Object.keys(first)).toEqual(['source', 'name', 'ok', 'view', 'resolver', 'lookups', 'findings']);
    expect(first.resolver).toBe(dns.server);
    expect(first.findings[0]).toEqual({
      severity: 'error',
      code: 'target-unresolved',
      record: 'cucm2.first-two.test',
      message: expect.stringContaining('has no A or AAAA record') as unknown as string,
      file: profile('first-two'),
      line: 4,
      column: 19,
      pointer: '/settings/ServicesDomain',
    });
    expect(first.lookups[1]!.records.map((r) => `${r.rank} ${r.target} ${r.status}`)).toEqual([
      '1 cucm1.first-two.test resolved',
      '2 cucm2.first-two.test no-address',
      '3 cucm3.first-two.test resolved',
    ]);
  });
});
