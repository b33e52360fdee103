import { describe, expect, it } from 'vitest';
import { orderSrv } from '../../src/doctor/perform.js';
import { discoveryInputs, planDiscovery } from '../../src/doctor/plan.js';
import { parseResolverAddress } from '../../src/doctor/resolver-address.js';
import { makeProfile } from '../helpers/profile.js';

/** The steps as `name status` strings, for compact expectations. */
function steps(settings: Record<string, string | string[]>, windows: Record<string, string | string[]> = {}): string[][] {
  return discoveryInputs(makeProfile({ settings, windows })).map((inputs) =>
    planDiscovery(inputs).steps.map((s) => `${s.type} ${s.name} ${s.setting}${s.role === 'cross-check' ? ' cross-check' : ''}${s.skipped ? ` skipped: ${s.skipped}` : ''}`),
  );
}

describe('planDiscovery: the lookups the client makes, in its order', () => {
  it('CAS first, then _cisco-uds, _cuplogin, _collab-edge in the services domain', () => {
    expect(steps({ ServicesDomain: 'Example.COM.' })).toEqual([
      [
        'HTTPS example.com ServicesDomain',
        'SRV _cisco-uds._tcp.example.com ServicesDomain',
        'SRV _cuplogin._tcp.example.com ServicesDomain',
        'SRV _collab-edge._tls.example.com ServicesDomain',
      ],
    ]);
  });

  it('each exclusion skips its lookup; _collab-edge is never excluded', () => {
    expect(steps({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] })).toEqual([
      [
        'HTTPS example.com ServicesDomain skipped: WEBEX is excluded',
        'SRV _cisco-uds._tcp.example.com ServicesDomain',
        'SRV _cuplogin._tcp.example.com ServicesDomain skipped: CUP is excluded',
        'SRV _collab-edge._tls.example.com ServicesDomain',
      ],
    ]);
    expect(steps({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['CUCM'] })[0]![1]).toBe(
      'SRV _cisco-uds._tcp.example.com ServicesDomain skipped: CUCM is excluded',
    );
  });

  it('all three excluded: no discovery at all', () => {
    const inputs = discoveryInputs(makeProfile({ settings: { ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: ['CUP', 'WEBEX', 'CUCM'] } }));
    const plan = planDiscovery(inputs[0]!);
    expect(plan.manual).toBe(true);
    expect(plan.steps.every((s) => s.skipped?.startsWith('WEBEX, CUCM and CUP are all excluded'))).toBe(true);
  });

  it('VoiceServicesDomain carries the SRV lookups; CAS stays on the services domain; _cuplogin is cross-checked', () => {
    expect(steps({ ServicesDomain: 'example.com', VoiceServicesDomain: 'voice.example.com' })).toEqual([
      [
        'HTTPS example.com ServicesDomain',
        'SRV _cisco-uds._tcp.voice.example.com VoiceServicesDomain',
        'SRV _cuplogin._tcp.voice.example.com VoiceServicesDomain',
        'SRV _cuplogin._tcp.example.com ServicesDomain cross-check',
        'SRV _collab-edge._tls.voice.example.com VoiceServicesDomain',
      ],
    ]);
  });

  it('no cross-check when both domains are the same, or when CUP is excluded', () => {
    expect(steps({ ServicesDomain: 'example.com', VoiceServicesDomain: 'EXAMPLE.com' })[0]!.some((s) => s.includes('cross-check'))).toBe(false);
    expect(
      steps({ ServicesDomain: 'example.com', VoiceServicesDomain: 'voice.example.com', ServiceDiscoveryExcludedServices: ['CUP'] })[0]!.some((s) => s.includes('cross-check')),
    ).toBe(false);
  });

  it('no domain at all: no lookups', () => {
    expect(steps({ Telephony_Enabled: 'true' })).toEqual([[]]);
  });

  it('Jabber for Windows gets its own group when the windows section changes the inputs', () => {
    const groups = discoveryInputs(makeProfile({ settings: { ServicesDomain: 'example.com' }, windows: { SERVICES_DOMAIN: 'corp.example.com', EXCLUDED_SERVICES: ['WEBEX'] } }));
    expect(groups.map((g) => [g.section, g.clients, g.servicesDomain?.domain, g.servicesDomain?.setting, g.excluded])).toEqual([
      ['settings', ['android', 'ios', 'mac'], 'example.com', 'ServicesDomain', []],
      ['windows', ['windows'], 'corp.example.com', 'SERVICES_DOMAIN', ['WEBEX']],
    ]);
  });

  it('one group when the windows section agrees with settings, or sets nothing for discovery', () => {
    expect(discoveryInputs(makeProfile({ settings: { ServicesDomain: 'example.com' }, windows: { SERVICES_DOMAIN: 'EXAMPLE.com' } })).map((g) => g.clients)).toEqual([
      ['android', 'ios', 'mac', 'windows'],
    ]);
    expect(discoveryInputs(makeProfile({ settings: { ServicesDomain: 'example.com' } })).map((g) => g.clients)).toEqual([['android', 'ios', 'mac', 'windows']]);
  });

  it('a Windows-only profile has only the Windows group; IP_Mode comes from the windows section', () => {
    const groups = discoveryInputs(makeProfile({ windows: { SERVICES_DOMAIN: 'example.com', IP_Mode: 'IPv4-Only' } }));
    expect(groups.map((g) => [g.clients, g.ipMode])).toEqual([[['windows'], 'IPv4-Only']]);
  });
});

describe('orderSrv: the order a client tries SRV targets', () => {
  it('priority ascending, then weight descending, then name for a stable tie', () => {
    const r = (name: string, priority: number, weight: number) => ({ name, port: 8443, priority, weight });
    expect(orderSrv([r('c', 20, 0), r('b', 10, 5), r('a', 10, 50), r('e', 30, 1), r('d', 20, 0)]).map((x) => x.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('parseResolverAddress: --resolver host[:port]', () => {
  it.each([
    ['10.0.0.53', '10.0.0.53:53'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    ['::1', '[::1]:53'],
    ['[2001:db8::53]:5300', '[2001:db8::53]:5300'],
    ['[::1]', '[::1]:53'],
  ])('%s → %s', (text, server) => {
    expect(parseResolverAddress(text)).toMatchObject({ server });
  });

  it.each(['dns.example.com', 'dns.example.com:53', '10.0.0.53:0', '10.0.0.53:65536', '10.0.0.53:x', '', '[::1]:'])('refuses %j', (text) => {
    expect(parseResolverAddress(text)).toHaveProperty('error');
  });
});
