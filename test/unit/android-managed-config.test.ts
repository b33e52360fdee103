import { describe, expect, it } from 'vitest';
import { androidManagedConfigTarget as target, MANAGED_CONFIG_FILE } from '../../src/targets/android/managed-config.js';
import type { Artifact } from '../../src/targets/types.js';
import { MAX_JSON_DEPTH } from '../../src/verify/json-schema.js';
import { makeProfile } from '../helpers/profile.js';

const small = makeProfile({
  settings: { ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: true, IP_Mode: 'Two Stacks' },
});

function artifact(contents: string): Artifact {
  return { target: target.id, fileName: MANAGED_CONFIG_FILE, contents };
}

async function verifyOne(contents: string) {
  return (await target.verify([artifact(contents)]))[0]!;
}

describe('android-managed-config render', () => {
  it('writes the Play EMM ManagedConfiguration byte for byte (string values by default)', () => {
    const out = target.render(small, {});
    expect(out.diagnostics).toEqual([]);
    expect(out.artifacts).toHaveLength(1);
    expect(out.artifacts[0]!.fileName).toBe('android-managed-config.json');
    expect(out.artifacts[0]!.contents).toBe(
      `{
  "kind": "androidenterprise#managedConfiguration",
  "productId": "app:com.cisco.im",
  "managedProperty": [
    {
      "key": "ServicesDomain",
      "valueString": "example.com"
    },
    {
      "key": "ServicesDomainSsoEmailPrompt",
      "valueString": "ON"
    },
    {
      "key": "IP_Mode",
      "valueString": "Two Stacks"
    }
  ]
}
`,
    );
  });

  it('writes valueBool for booleans with typedValues, strings for enums either way', () => {
    const doc = JSON.parse(target.render(small, { typedValues: true }).artifacts[0]!.contents);
    expect(doc.managedProperty).toEqual([
      { key: 'ServicesDomain', valueString: 'example.com' },
      { key: 'ServicesDomainSsoEmailPrompt', valueBool: true },
      { key: 'IP_Mode', valueString: 'Two Stacks' },
    ]);
  });

  it('keeps catalog order whatever order the profile sets keys in', () => {
    const reversed = makeProfile({ settings: { IP_Mode: 'Two Stacks', ServicesDomainSsoEmailPrompt: true, ServicesDomain: 'example.com' } });
    expect(target.render(reversed, {}).artifacts[0]!.contents).toBe(target.render(small, {}).artifacts[0]!.contents);
  });

  it('never writes a Mac-only key, and says so with a not-carried warning', () => {
    const out = target.render(makeProfile({ settings: { ServicesDomain: 'example.com', PRTCertificateName: 'Jabber PRT' } }), {});
    expect(out.artifacts[0]!.contents).not.toContain('PRTCertificateName');
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'not-carried', pointer: '/settings/PRTCertificateName', target: 'android-managed-config' });
  });

  it('writes the package of the profile as app:<package>', () => {
    const doc = JSON.parse(target.render(makeProfile({ apps: { android: 'com.example.jabber' }, settings: {} }), {}).artifacts[0]!.contents);
    expect(doc.productId).toBe('app:com.example.jabber');
    expect(doc.managedProperty).toEqual([]);
  });

  it('writes Intune tokens for variables with --emm intune', () => {
    const p = makeProfile({ settings: { AutoLoginUserName: '${user.email}' } });
    const out = target.render(p, { emm: 'intune' });
    expect(out.diagnostics).toEqual([]);
    expect(JSON.parse(out.artifacts[0]!.contents).managedProperty).toEqual([{ key: 'AutoLoginUserName', valueString: '{{mail}}' }]);
  });

  it('refuses variables without --emm, naming the consoles', () => {
    const out = target.render(makeProfile({ settings: { AutoLoginUserName: '${user.email}' } }), {});
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ severity: 'error', code: 'variable-needs-emm' });
    expect(out.diagnostics[0]!.message).toContain('intune');
  });
});

describe('android-managed-config verify', () => {
  it('passes every file it renders, string and typed', async () => {
    const files = [target.render(small, {}), target.render(small, { typedValues: true })].map((r) => r.artifacts[0]!);
    expect(await target.verify(files)).toEqual([[], []]);
  });

  it('rejects a property with two value fields', async () => {
    const found = await verifyOne(
      '{"kind":"androidenterprise#managedConfiguration","productId":"app:com.cisco.im","managedProperty":[{"key":"ServicesDomainSsoEmailPrompt","valueString":"ON","valueBool":true}]}',
    );
    expect(found.map((d) => d.code)).toEqual(['value-field-count']);
    expect(found[0]).toMatchObject({ severity: 'error', pointer: '/managedProperty/0', line: 1 });
    expect(found[0]!.message).toContain('Exactly one of the value fields must be populated');
  });

  it('rejects a property with no value field', async () => {
    const found = await verifyOne('{"productId":"app:com.cisco.im","managedProperty":[{"key":"ServicesDomain"}]}');
    expect(found.map((d) => d.code)).toEqual(['value-field-count']);
    expect(found[0]!.message).toContain('it has none');
  });

  it('rejects a value of the wrong type for the key', async () => {
    const found = await verifyOne('{"productId":"app:com.cisco.im","managedProperty":[{"key":"IP_Mode","valueBool":true},{"key":"ServicesDomainSsoEmailPrompt","valueString":"maybe"}]}');
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ['value-type', '/managedProperty/0/valueBool'],
      ['value-type', '/managedProperty/1/valueString'],
    ]);
    expect(found[1]!.message).toBe('ServicesDomainSsoEmailPrompt takes ON or OFF (or a typed boolean); found "maybe".');
  });

  it('rejects a productId without the app: prefix, at its line and column', async () => {
    const found = await verifyOne('{\n  "productId": "com.cisco.im",\n  "managedProperty": []\n}\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'vendor-schema', pointer: '/productId', line: 2, column: 3 });
    expect(found[0]!.message).toContain('must match pattern');
  });

  it('rejects a valueInteger outside int32 and fields the vendor does not define', async () => {
    const found = await verifyOne('{"productId":"app:com.cisco.im","managedProperty":[{"key":"X","valueInteger":2147483648,"valu":1}],"extra":true}');
    expect(found.filter((d) => d.code === 'vendor-schema').map((d) => d.pointer).sort()).toEqual(['', '/managedProperty/0', '/managedProperty/0/valueInteger']);
    expect(found.find((d) => d.code === 'unknown-key')).toMatchObject({ severity: 'warning', pointer: '/managedProperty/0/key' });
  });

  it('rejects a key written twice and a string longer than Android keeps', async () => {
    const long = 'a'.repeat(65536);
    const found = await verifyOne(
      JSON.stringify({ productId: 'app:com.cisco.im', managedProperty: [{ key: 'ServicesDomain', valueString: 'a.b' }, { key: 'ServicesDomain', valueString: long }] }),
    );
    expect(found.map((d) => d.code).sort()).toEqual(['duplicate-key', 'string-too-long', 'vendor-schema']);
  });

  it('accepts a key Jabber reads from EMM, warns about one it does not', async () => {
    const found = await verifyOne('{"productId":"app:com.cisco.im","managedProperty":[{"key":"EnablePRTEncryption","valueString":"true"}]}');
    expect(found).toEqual([]);
    // A Mac-only key is a known parameter Jabber for Android does not read (the same rule as iOS files).
    const mac = await verifyOne('{"productId":"app:com.cisco.im","managedProperty":[{"key":"DiagnosticsToolEnabled","valueString":"True"}]}');
    expect(mac.map((d) => [d.severity, d.code])).toEqual([['warning', 'not-for-android']]);
  });

  it('reports JSON syntax errors without quoting the file', async () => {
    const found = await verifyOne('{"productId":"app:com.cisco.im","managedProperty":[{"key":"AutoLoginUserPassword","valueString":"s3cret"},]}');
    expect(found.map((d) => d.code)).toEqual(['json-syntax']);
    expect(found[0]!.message).not.toContain('s3cret');
  });

  it('refuses JSON nested deeper than MAX_JSON_DEPTH with too-deep at the first bracket too deep, before anything walks it', async () => {
    // The positions scan, the schema check and the readers recurse; at the bottom of a 20,000-deep
    // file the stack is gone (and V8 aborts when it must compile a regular expression there).
    const head = '{"productId":"app:com.cisco.im","managedProperty":[],"x":';
    const nested = (levels: number): string => `${head}${'['.repeat(levels)}${']'.repeat(levels)}}`;
    // The root object is level 1, so the list in x is level 2.
    expect((await verifyOne(nested(MAX_JSON_DEPTH - 1))).map((d) => d.code)).not.toContain('too-deep');
    // Brackets in a string (after an escaped quote) are text, not nesting.
    expect((await verifyOne(`${head}"\\"${'['.repeat(100)}"}`)).map((d) => d.code)).not.toContain('too-deep');
    for (const levels of [MAX_JSON_DEPTH, 20_000]) {
      const found = await verifyOne(nested(levels));
      expect(found.map((d) => d.code)).toEqual(['too-deep']);
      expect(found[0]).toMatchObject({ line: 1, column: head.length + MAX_JSON_DEPTH, target: target.id });
      const parsed = target.parse!([{ contents: nested(levels), fileName: 'deep.json' }]);
      expect(parsed.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    }
  });

  it('never quotes a secret value in a type diagnostic', async () => {
    const found = await verifyOne('{"productId":"app:com.cisco.im","managedProperty":[{"key":"AutoLoginUserPassword","valueBool":true}]}');
    expect(found.map((d) => d.code)).toEqual(['value-type']);
  });
});

describe('android-managed-config parse and detect', () => {
  it('reads back catalog keys, raw values, the package and unknown keys; tokens stay raw', () => {
    const parsed = target.parse!(
      [{ contents: '{"kind":"androidenterprise#managedConfiguration","productId":"app:com.example.im","managedProperty":[' +
        '{"key":"ServicesDomain","valueString":"example.com"},{"key":"ServicesDomainSsoEmailPrompt","valueBool":false},' +
        '{"key":"AutoLoginUserName","valueString":"{{mail}}"},{"key":"Other","valueInteger":3}]}',
      fileName: 'x.json' }],
    );
    expect(parsed.app).toBe('com.example.im');
    expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: false, AutoLoginUserName: '{{mail}}' });
    expect(Object.fromEntries(parsed.unknown)).toEqual({ Other: 3 });
    expect(parsed.diagnostics.map((d) => [d.code, d.message.split(' ')[0]])).toEqual([['unknown-key', 'Other']]);
  });

  it('detects its own files and not the AMAPI ones', () => {
    expect(target.recognise?.(target.render(small, {}).artifacts[0]!.contents, 'x.json') !== undefined).toBe(true);
    expect(target.recognise?.('{"packageName":"com.cisco.im","managedConfiguration":{}}', 'x.json') !== undefined).toBe(false);
    expect(target.recognise?.('<dict/>', 'x.plist') !== undefined).toBe(false);
  });
});
