import { describe, expect, it } from 'vitest';
import { assessDoctor, type AssessContext } from '../../src/doctor/assess.js';
import { DoctorSession, doctorResult } from '../../src/doctor/doctor.js';
import { discoveryInputs, planDiscovery } from '../../src/doctor/plan.js';
import type { Lookup, SrvTarget } from '../../src/doctor/types.js';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import { makeProfile } from '../helpers/profile.js';

// The rules on their own, without a network: what the lookups say in, which findings come out.
// (The DNS side of each rule is tested against dnsmasq in dns.test.ts.)

const ctx = (over: Partial<AssessContext> = {}): AssessContext => ({
  profile: makeProfile({}),
  view: 'inside',
  connect: false,
  resolver: '127.0.0.1:53',
  budgetMs: 20_000,
  deadlineHit: false,
  validationErrors: 0,
  ...over,
});

const target = (rank: number, name: string, priority: number, weight: number, status: SrvTarget['status']): SrvTarget => ({
  rank,
  priority,
  weight,
  port: 8443,
  target: name,
  status,
  addresses: status === 'resolved' ? [{ address: `127.0.0.${rank}`, family: 4 }] : [],
});

/** A plan for `settings`, with each lookup's outcome set by `outcome(name)`. */
function performed(settings: Record<string, string | string[]>, outcome: (l: Lookup) => Partial<Lookup>) {
  const profile = makeProfile({ settings });
  const plan = planDiscovery(discoveryInputs(profile)[0]!);
  const lookups: Lookup[] = plan.steps.map((s) => {
    const base: Lookup = {
      clients: plan.inputs.clients,
      service: s.service,
      type: s.type,
      name: s.name,
      setting: s.setting,
      role: s.role,
      status: s.skipped ? 'skipped' : s.type === 'HTTPS' ? 'not-checked' : 'no-record',
      records: [],
    };
    return s.skipped || s.type === 'HTTPS' ? base : { ...base, ...outcome(base) };
  });
  return { profile, groups: [{ plan, lookups }] };
}

describe('assessDoctor', () => {
  it('uds-first-two-failing says when records 2 and 3 tie (which one comes second varies)', () => {
    const { profile, groups } = performed({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }, (l) =>
      l.service === 'cisco-uds'
        ? { status: 'found', records: [target(1, 'a.example.com', 10, 5, 'resolved'), target(2, 'b.example.com', 20, 5, 'no-address'), target(3, 'c.example.com', 20, 5, 'resolved')] }
        : {},
    );
    const findings = assessDoctor(groups, ctx({ profile }));
    expect(findings.map((f) => f.code)).toEqual(['target-unresolved', 'uds-first-two-failing']);
    expect(findings[1]!.message).toContain('records 2 and 3 share priority 20 and weight 5');
  });

  it('two bad servers among the first two, and no good one after them', () => {
    const { profile, groups } = performed({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }, (l) =>
      l.service === 'cisco-uds'
        ? { status: 'found', records: [target(1, 'a.example.com', 10, 5, 'ip-address'), target(2, 'b.example.com', 20, 5, 'no-address'), target(3, 'c.example.com', 30, 5, 'no-address')] }
        : {},
    );
    const findings = assessDoctor(groups, ctx({ profile }));
    expect(findings.map((f) => `${f.code} ${f.record}`)).toEqual([
      'target-is-address _cisco-uds._tcp.example.com',
      'target-unresolved b.example.com',
      'target-unresolved c.example.com',
      'uds-first-two-failing _cisco-uds._tcp.example.com',
      'no-discovery null',
    ]);
    expect(findings[3]!.message).toContain('a.example.com (priority 10) is an IP address and b.example.com (priority 20) does not resolve');
  });

  it('no finding about the first two when there are only two records', () => {
    const { profile, groups } = performed({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] }, (l) =>
      l.service === 'cisco-uds' ? { status: 'found', records: [target(1, 'a.example.com', 10, 5, 'resolved'), target(2, 'b.example.com', 20, 5, 'no-address')] } : {},
    );
    expect(assessDoctor(groups, ctx({ profile })).map((f) => f.code)).toEqual(['target-unresolved']);
  });

  it('a single unanswered query among answered ones is lookup-failed, not resolver-unreachable', () => {
    const { profile, groups } = performed({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['WEBEX'] }, (l) =>
      l.service === 'cisco-uds'
        ? { status: 'found', records: [target(1, 'a.example.com', 10, 5, 'resolved')] }
        : l.service === 'cuplogin'
          ? { status: 'no-answer', detail: 'ETIMEOUT' }
          : { status: 'no-record', detail: 'ENOTFOUND' },
    );
    const findings = assessDoctor(groups, ctx({ profile }));
    expect(findings.map((f) => `${f.code} ${f.record}`)).toEqual(['lookup-failed _cuplogin._tcp.example.com']);
    expect(findings[0]!.message).toContain('did not answer in time');
  });

  it('no no-discovery verdict while a lookup is unsettled (deadline), only deadline-exceeded', () => {
    const { profile, groups } = performed({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['WEBEX'] }, (l) =>
      l.service === 'cisco-uds' ? { status: 'cancelled' } : { status: 'no-record', detail: 'ENOTFOUND' },
    );
    const findings = assessDoctor(groups, ctx({ profile, deadlineHit: true, budgetMs: 20_000 }));
    expect(findings.map((f) => f.code)).toEqual(['srv-missing', 'deadline-exceeded']);
    expect(findings[1]!.message).toContain('within 20 seconds');
    expect(findings[1]!.message).toContain('unfinished: _cisco-uds._tcp.example.com');
  });

  it('no-services-domain: a Windows group without a services domain', () => {
    const profile = makeProfile({ settings: { ServicesDomain: 'example.com' }, windows: { SERVICES_DOMAIN: '' } });
    const groups = discoveryInputs(profile).map((inputs) => ({ plan: planDiscovery(inputs), lookups: [] as Lookup[] }));
    const findings = assessDoctor(groups, ctx({ profile }));
    expect(findings.map((f) => [f.code, f.message.slice(0, 40)])).toEqual([['no-services-domain', 'Jabber for Windows: The profile sets no ']]);
  });

  it('manual-settings names the key that excludes everything (EXCLUDED_SERVICES for Jabber for Windows)', () => {
    const profile = makeProfile({ settings: { ServicesDomain: 'example.com' }, windows: { EXCLUDED_SERVICES: ['WEBEX', 'CUCM', 'CUP'] } });
    const groups = discoveryInputs(profile).map((inputs) => ({ plan: planDiscovery(inputs), lookups: [] as Lookup[] }));
    const findings = assessDoctor(groups, ctx({ profile }));
    expect(findings.map((f) => [f.code, f.pointer])).toEqual([['manual-settings', '/windows/EXCLUDED_SERVICES']]);
    expect(findings[0]!.message).toMatch(/^Jabber for Windows: EXCLUDED_SERVICES excludes WEBEX, CUCM and CUP/);
  });

  it('findings point at the line that sets the domain the lookup used', () => {
    const profile = makeProfile({ settings: { ServicesDomain: 'example.com', VoiceServicesDomain: 'voice.example.com', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] } });
    profile.positions.set('/settings/VoiceServicesDomain', { file: 'p.yaml', line: 7, column: 3 });
    const plan = planDiscovery(discoveryInputs(profile)[0]!);
    const lookups = plan.steps.map(
      (s): Lookup => ({ clients: [], service: s.service, type: s.type, name: s.name, setting: s.setting, role: s.role, status: s.skipped ? 'skipped' : 'no-record', detail: 'ENOTFOUND', records: [] }),
    );
    const findings = assessDoctor([{ plan, lookups }], ctx({ profile }));
    expect(findings.map((f) => `${f.code} ${f.file}:${f.line} ${f.pointer}`)).toEqual([
      'srv-missing p.yaml:7 /settings/VoiceServicesDomain',
      'no-discovery p.yaml:7 /settings/VoiceServicesDomain',
    ]);
  });
});

describe('doctorResult', () => {
  it('a profile with validation errors gets profile-invalid and is still checked', async () => {
    const profile = makeProfile({ settings: { ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUCM', 'CUP'] } });
    const errors = [diagnostic('error', 'bad-value', 'x', { file: 'test.yaml' })];
    const session = new DoctorSession();
    const r = await doctorResult({ source: 'test.yaml', name: 'p', profile, diagnostics: errors, ok: false }, session);
    session.close();
    expect(r.findings.map((f) => f.code)).toEqual(['profile-invalid', 'manual-settings']);
    expect(r.ok).toBe(false);
  });

  it('a profile that could not be read carries its diagnostics as findings', async () => {
    const session = new DoctorSession();
    const errors = [diagnostic('error', 'parse-error', 'bad YAML', { file: 'x.yaml', line: 2, column: 1 })];
    const r = await doctorResult({ source: 'x.yaml', diagnostics: errors, ok: false }, session);
    session.close();
    expect(r).toMatchObject({ source: 'x.yaml', ok: false, lookups: [], findings: [{ code: 'parse-error', record: null, line: 2 }] });
  });
});
