import { describe, expect, it } from 'vitest';
import { AMAPI_FILE, androidAmapiTarget as target } from '../../src/targets/android/amapi.js';
import { makeProfile } from '../helpers/profile.js';

const small = makeProfile({
  settings: { ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: false, Telephony_Enabled: true, ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'] },
});

async function verifyOne(contents: string) {
  return (await target.verify([{ target: target.id, fileName: AMAPI_FILE, contents }]))[0]!;
}

describe('android-amapi render', () => {
  it('writes the ApplicationPolicy byte for byte: packageName without app:, string values', () => {
    const out = target.render(small, {});
    expect(out.diagnostics).toEqual([]);
    expect(out.artifacts.map((a) => a.fileName)).toEqual(['android-amapi-policy.json']);
    expect(out.artifacts[0]!.contents).toBe(
      `{
  "packageName": "com.cisco.im",
  "managedConfiguration": {
    "ServicesDomain": "example.com",
    "ServiceDiscoveryExcludedServices": "CUCM,CUP",
    "ServicesDomainSsoEmailPrompt": "OFF",
    "Telephony_Enabled": "True"
  }
}
`,
    );
  });

  it('writes JSON booleans with typedValues', () => {
    const doc = JSON.parse(target.render(small, { typedValues: true }).artifacts[0]!.contents);
    expect(doc.managedConfiguration).toEqual({
      ServicesDomain: 'example.com',
      ServiceDiscoveryExcludedServices: 'CUCM,CUP',
      ServicesDomainSsoEmailPrompt: false,
      Telephony_Enabled: true,
    });
  });

  it('leaves installType to the admin', () => {
    expect(JSON.parse(target.render(small, {}).artifacts[0]!.contents)).not.toHaveProperty('installType');
  });

  it('never writes a Mac-only key, and says so', () => {
    const out = target.render(makeProfile({ settings: { DiagnosticsToolEnabled: true } }), {});
    expect(JSON.parse(out.artifacts[0]!.contents).managedConfiguration).toEqual({});
    expect(out.diagnostics.map((d) => [d.severity, d.code, d.target])).toEqual([['warning', 'not-carried', 'android-amapi']]);
  });

  it('translates variables with --emm and refuses them without', () => {
    const p = makeProfile({ settings: { AutoLoginUserName: '${user.upn}' } });
    expect(JSON.parse(target.render(p, { emm: 'intune' }).artifacts[0]!.contents).managedConfiguration).toEqual({ AutoLoginUserName: '{{userprincipalname}}' });
    const jamf = target.render(p, { emm: 'jamf' });
    expect(jamf.diagnostics.map((d) => d.code)).toEqual(['variable-unsupported']);
    expect(target.render(p, {}).diagnostics.map((d) => d.code)).toEqual(['variable-needs-emm']);
  });
});

describe('android-amapi verify', () => {
  it('passes what it renders', async () => {
    expect(await target.verify([target.render(small, {}).artifacts[0]!, target.render(small, { typedValues: true }).artifacts[0]!])).toEqual([[], []]);
  });

  it('rejects a packageName with the Play app: prefix', async () => {
    const found = await verifyOne('{"packageName":"app:com.cisco.im","managedConfiguration":{}}');
    expect(found.map((d) => [d.code, d.pointer])).toEqual([['vendor-schema', '/packageName']]);
  });

  it('rejects values AMAPI cannot type and values Jabber does not take', async () => {
    const found = await verifyOne('{"packageName":"com.cisco.im","managedConfiguration":{"ServicesDomain":null,"IP_Mode":"Dual","CC_MODE":2}}');
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      // A value AMAPI cannot type (null) is said once, by the vendor rule, not again against the catalog's type.
      ['vendor-schema', '/managedConfiguration/ServicesDomain'],
      ['value-type', '/managedConfiguration/IP_Mode'],
      ['value-type', '/managedConfiguration/CC_MODE'],
    ]);
  });

  it('rejects a key written twice, which JSON.parse alone would hide', async () => {
    const found = await verifyOne('{"packageName":"com.cisco.im","managedConfiguration":{"IP_Mode":"Two Stacks",\n"IP_Mode":"IPv4-Only"}}');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'duplicate-key', pointer: '/managedConfiguration/IP_Mode', line: 2 });
  });

  it('rejects a missing packageName and misspelt fields', async () => {
    const found = await verifyOne('{"managedConfigurations":{}}');
    expect(found.map((d) => d.code)).toEqual(['vendor-schema', 'vendor-schema']);
    expect(found.map((d) => d.message).join('\n')).toMatch(/packageName[\s\S]*managedConfigurations|managedConfigurations[\s\S]*packageName/);
  });
});

describe('android-amapi parse and detect', () => {
  it('reads back catalog keys and raw values; unknown keys apart', () => {
    const parsed = target.parse!([{ contents: '{"packageName":"com.cisco.im","managedConfiguration":{"IP_Mode":"Two Stacks","CC_MODE":true,"Foo":[1]}}', fileName: 'p.json' }]);
    expect(parsed.app).toBe('com.cisco.im');
    expect(Object.fromEntries(parsed.settings)).toEqual({ IP_Mode: 'Two Stacks', CC_MODE: true });
    expect(Object.fromEntries(parsed.unknown)).toEqual({ Foo: [1] });
  });

  it('detects AMAPI policies only', () => {
    expect(target.recognise?.(target.render(small, {}).artifacts[0]!.contents, 'a.json') !== undefined).toBe(true);
    expect(target.recognise?.('{"productId":"app:x.y","managedProperty":[]}', 'a.json') !== undefined).toBe(false);
    expect(target.recognise?.('not json', 'a.json') !== undefined).toBe(false);
  });
});
