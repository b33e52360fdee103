/**
 * The Android readers lose nothing and contradict nothing (issue 9): a Play EMM productId without
 * `app:` is read (older translated copies of Microsoft's Managed Home Screen page print it so:
 * MicrosoftDocs/memdocs intune/apps/app-configuration-managed-home-screen-app.md, noted in
 * ../shared/reference/android-managed-config.md §3), a value field whose JSON type is not the
 * field's (`"valueBool": "False"`) is named, every field the vendor does not define is named,
 * and every key carries its line and column.
 */
import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import { normalizeArtifact } from '../../src/artifact/normalize.js';
import { androidAmapiTarget } from '../../src/targets/android/amapi.js';
import { androidManagedConfigTarget } from '../../src/targets/android/managed-config.js';
import { androidRestrictionsTarget } from '../../src/targets/android/restrictions.js';
import { iosDictTarget } from '../../src/targets/ios/dict.js';

const parseMc = (text: string) => androidManagedConfigTarget.parse!([{ contents: text, fileName: 'mc.json' }]);

describe('android-managed-config reader', () => {
  it('a productId without app: is read as the package, with a warning at its position', () => {
    const text = `{
  "kind": "androidenterprise#managedConfiguration",
  "productId": "com.cisco.im",
  "managedProperty": [
    { "key": "ServicesDomain", "valueString": "example.com" }
  ]
}
`;
    const parsed = parseMc(text);
    expect(parsed.app).toBe('com.cisco.im');
    const d = parsed.diagnostics.find((x) => x.code === 'productid-without-app')!;
    expect(d).toMatchObject({ severity: 'warning', line: 3, column: 3 });
    expect(d.message).toContain('app:com.cisco.im');
    expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'example.com' });
  });

  it('"valueBool": "False" (a string where a boolean is typed) is an error naming it, never read as false silently', () => {
    const text = `{
  "kind": "androidenterprise#managedConfiguration",
  "productId": "app:com.cisco.im",
  "managedProperty": [
    { "key": "Telephony_Enabled", "valueBool": "False" },
    { "key": "ServicesDomain", "valueInteger": "7" }
  ]
}
`;
    const parsed = parseMc(text);
    const wrong = parsed.diagnostics.filter((x) => x.code === 'value-field-type');
    expect(wrong.map((x) => [x.severity, x.line, x.column])).toEqual([
      ['error', 5, 35],
      ['error', 6, 32],
    ]);
    expect(wrong[0]!.message).toContain('Telephony_Enabled');
    expect(wrong[0]!.message).toContain('"False"');
    expect(wrong[0]!.message).toContain('valueBool');
    // The text is kept as the file holds it, so nothing downstream can mistake it for a typed false.
    expect(parsed.settings.get('Telephony_Enabled')).toBe('False');
  });

  it('every field the vendor does not define is named, with its position', () => {
    const text = `{
  "kind": "androidenterprise#managedConfiguration",
  "productId": "app:com.cisco.im",
  "comment": "made by hand",
  "managedProperty": [
    { "key": "ServicesDomain", "valueString": "example.com", "type": "string" },
    { "key": "VoiceServicesDomain", "valueStrng": "voice.example.com" },
    { "valueString": "orphan" },
    { "key": "IP_Mode", "valueString": "Two Stacks", "valueBool": true }
  ]
}
`;
    const parsed = parseMc(text);
    const byCode = (c: string) => parsed.diagnostics.filter((x) => x.code === c).map((x) => [x.line, x.column]);
    expect(byCode('unknown-field')).toEqual([
      [4, 3],
      [6, 62],
      [7, 37],
    ]);
    expect(parsed.diagnostics.find((x) => x.line === 7 && x.column === 37)!.message).toContain('valueStrng');
    expect(byCode('value-field-count')).toEqual([
      [7, 5],
      [9, 5],
    ]);
    expect(byCode('property-without-key')).toEqual([[8, 5]]);
    expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'example.com', IP_Mode: 'Two Stacks' });
  });

  it('every key carries its line and column; an unknown key is named there with a did-you-mean', () => {
    const text = `{
  "kind": "androidenterprise#managedConfiguration",
  "productId": "app:com.cisco.im",
  "managedProperty": [
    { "key": "ServicesDomain", "valueString": "example.com" },
    { "key": "VoiceServiceDomain", "valueString": "voice.example.com" }
  ]
}
`;
    const parsed = parseMc(text);
    expect(parsed.positions.get('/settings/ServicesDomain')).toMatchObject({ line: 5, column: 7 });
    expect(parsed.positions.get('/unknown/VoiceServiceDomain')).toMatchObject({ line: 6, column: 7 });
    const d = parsed.diagnostics.find((x) => x.code === 'unknown-key')!;
    expect([d.line, d.column]).toEqual([6, 7]);
    expect(d.message).toContain('Did you mean VoiceServicesDomain');
  });
});

describe('android-amapi reader', () => {
  it('every key carries its position; unknown top-level fields are named', () => {
    const text = `{
  "packageName": "com.cisco.im",
  "installType": "FORCE_INSTALLED",
  "managedConfiguration": {
    "ServicesDomain": "example.com",
    "Acme": "x"
  }
}
`;
    const parsed = androidAmapiTarget.parse!([{ contents: text, fileName: 'p.json' }]);
    expect(parsed.positions.get('/settings/ServicesDomain')).toMatchObject({ line: 5, column: 5 });
    expect(parsed.positions.get('/unknown/Acme')).toMatchObject({ line: 6, column: 5 });
    // installType is an ApplicationPolicy field the profile does not carry: named, not dropped silently.
    const field = parsed.diagnostics.find((x) => x.code === 'field-not-carried')!;
    expect([field.line, field.column]).toEqual([3, 3]);
    expect(field.message).toContain('installType');
  });
});

describe('android-restrictions reader', () => {
  it('a restriction without a default is named (another app’s app_restrictions.xml declares keys without one)', () => {
    // Shape of Google's android/enterprise-samples AppRestrictionSchema res/xml/app_restrictions.xml.
    const text = `<?xml version="1.0" encoding="utf-8"?>
<restrictions xmlns:android="http://schemas.android.com/apk/res/android">
    <restriction
        android:key="ServicesDomain"
        android:restrictionType="string"
        android:title="Services domain"
        android:defaultValue="example.com" />
    <restriction
        android:key="VoiceServicesDomain"
        android:restrictionType="string"
        android:title="Voice services domain" />
</restrictions>
`;
    const parsed = androidRestrictionsTarget.parse!([{ contents: text, fileName: 'app_restrictions.xml' }]);
    expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'example.com' });
    expect(parsed.positions.get('/settings/ServicesDomain')).toMatchObject({ line: 4, column: 9 });
    const d = parsed.diagnostics.find((x) => x.code === 'no-default-value')!;
    expect([d.severity, d.line, d.column]).toEqual(['warning', 9, 9]);
    expect(d.message).toContain('VoiceServicesDomain');
  });
});

describe('android-restrictions reader: nested restrictions', () => {
  it('restrictions inside a bundle are named, not dropped silently', () => {
    const text = `<restrictions xmlns:android="http://schemas.android.com/apk/res/android">
  <restriction android:key="ServicesDomain" android:restrictionType="string" android:defaultValue="example.com" />
  <restriction android:key="server" android:restrictionType="bundle">
    <restriction android:key="host" android:restrictionType="string" android:defaultValue="a.example.com" />
  </restriction>
</restrictions>
`;
    const parsed = androidRestrictionsTarget.parse!([{ contents: text, fileName: 'app_restrictions.xml' }]);
    const nested = parsed.diagnostics.find((x) => x.code === 'nested-restriction')!;
    expect([nested.severity, nested.line]).toEqual(['warning', 4]);
    expect(nested.message).toContain('host');
    expect(nested.message).toContain('server');
  });
});

describe('unknown keys: a name inside another unknown name still gets its own warning', () => {
  it('AcmeExtra then Acme: both are named (was: Acme matched inside the AcmeExtra message)', () => {
    const text = JSON.stringify({
      kind: 'androidenterprise#managedConfiguration',
      productId: 'app:com.cisco.im',
      managedProperty: [
        { key: 'AcmeExtra', valueString: 'a' },
        { key: 'Acme', valueString: 'b' },
      ],
    });
    const normalized = normalizeArtifact(parseMc(text), 'mc.json');
    const named = normalized.diagnostics.filter((d) => d.code === 'unknown-key').map((d) => d.message.split(' ')[0]);
    expect(named.sort()).toEqual(['Acme', 'AcmeExtra']);
  });

  it('normalize names an unknown key whose name is inside a key a reader named (was: matched as a substring of its message)', () => {
    const parsed = {
      target: 'android-managed-config',
      settings: new Map(),
      windows: new Map(),
      unknown: new Map<string, unknown>([
        ['AcmeExtra', 'a'],
        ['Acme', 'b'],
      ]),
      positions: new Map([
        ['/unknown/AcmeExtra', { file: 'mc.json', line: 2, column: 3 }],
        ['/unknown/Acme', { file: 'mc.json', line: 3, column: 3 }],
      ]),
      diagnostics: [diagnostic('warning', 'unknown-key', 'AcmeExtra is not a Cisco Jabber parameter this tool knows.', { file: 'mc.json', line: 2, column: 3 })],
    };
    const normalized = normalizeArtifact(parsed, 'mc.json');
    const named = normalized.diagnostics.filter((d) => /unknown/.test(d.code)).map((d) => [d.message.split(' ')[0], d.line, d.column]);
    expect(named).toEqual([
      ['AcmeExtra', 2, 3],
      ['Acme', 3, 3],
    ]);
  });

  it('the same through the iOS dict reader', () => {
    const text = '<dict>\n<key>Acme_Server</key>\n<string>a</string>\n<key>Acme</key>\n<string>b</string>\n</dict>\n';
    const normalized = normalizeArtifact(iosDictTarget.parse!([{ contents: text, fileName: 'ios-dict.xml' }]), 'ios-dict.xml');
    const named = normalized.diagnostics.filter((d) => d.code === 'unknown-key').map((d) => [d.message.split(' ')[0], d.line, d.column]);
    expect(named).toEqual([
      ['Acme_Server', 2, 1],
      ['Acme', 4, 1],
    ]);
  });
});
