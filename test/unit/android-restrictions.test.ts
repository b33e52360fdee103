import { describe, expect, it } from 'vitest';
import { getParameter } from '../../src/catalog/index.js';
import {
  androidRestrictionsTarget as target,
  parseRestrictionFiles,
  RESTRICTIONS_FILE,
  RESTRICTIONS_VALUES_FILE,
} from '../../src/targets/android/restrictions.js';
import { makeProfile } from '../helpers/profile.js';

const small = makeProfile({
  settings: { ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: true, Telephony_Enabled: false },
});

const t = (key: string) => getParameter('settings', key)!.title;
const d = (key: string) => getParameter('settings', key)!.description;

describe('android-restrictions render', () => {
  it('writes app_restrictions.xml and its values file byte for byte', () => {
    const out = target.render(small, {});
    expect(out.diagnostics).toEqual([]);
    expect(out.artifacts.map((a) => a.fileName)).toEqual([RESTRICTIONS_FILE, RESTRICTIONS_VALUES_FILE]);
    expect(out.artifacts[0]!.contents).toBe(
      `<?xml version="1.0" encoding="utf-8"?>
<restrictions xmlns:android="http://schemas.android.com/apk/res/android">
  <restriction android:key="ServicesDomain" android:title="@string/jabber_ServicesDomain_title" android:description="@string/jabber_ServicesDomain_description" android:restrictionType="string" android:defaultValue="example.com"/>
  <restriction android:key="ServicesDomainSsoEmailPrompt" android:title="@string/jabber_ServicesDomainSsoEmailPrompt_title" android:description="@string/jabber_ServicesDomainSsoEmailPrompt_description" android:restrictionType="choice" android:entries="@array/jabber_ServicesDomainSsoEmailPrompt_values" android:entryValues="@array/jabber_ServicesDomainSsoEmailPrompt_values" android:defaultValue="ON"/>
  <restriction android:key="Telephony_Enabled" android:title="@string/jabber_Telephony_Enabled_title" android:description="@string/jabber_Telephony_Enabled_description" android:restrictionType="choice" android:entries="@array/jabber_Telephony_Enabled_values" android:entryValues="@array/jabber_Telephony_Enabled_values" android:defaultValue="@string/jabber_Telephony_Enabled_default"/>
</restrictions>
`,
    );
    // Titles and descriptions come from the catalog (plain text there, so no escaping shows).
    expect(out.artifacts[1]!.contents).toBe(
      `<?xml version="1.0" encoding="utf-8"?>
<resources>
  <string name="jabber_ServicesDomain_title">${t('ServicesDomain')}</string>
  <string name="jabber_ServicesDomain_description">${d('ServicesDomain')}</string>
  <string name="jabber_ServicesDomainSsoEmailPrompt_title">${t('ServicesDomainSsoEmailPrompt')}</string>
  <string name="jabber_ServicesDomainSsoEmailPrompt_description">${d('ServicesDomainSsoEmailPrompt')}</string>
  <string-array name="jabber_ServicesDomainSsoEmailPrompt_values">
    <item>ON</item>
    <item>OFF</item>
  </string-array>
  <string name="jabber_Telephony_Enabled_title">${t('Telephony_Enabled')}</string>
  <string name="jabber_Telephony_Enabled_description">${d('Telephony_Enabled')}</string>
  <string-array name="jabber_Telephony_Enabled_values">
    <item>True</item>
    <item>False</item>
  </string-array>
  <string name="jabber_Telephony_Enabled_default">False</string>
</resources>
`,
    );
  });

  it('writes bool restrictions with literal defaults in typed mode', () => {
    const xml = target.render(small, { typedValues: true }).artifacts[0]!.contents;
    expect(xml).toContain('android:key="ServicesDomainSsoEmailPrompt" android:title="@string/jabber_ServicesDomainSsoEmailPrompt_title" android:description="@string/jabber_ServicesDomainSsoEmailPrompt_description" android:restrictionType="bool" android:defaultValue="true"/>');
    expect(xml).toContain('android:restrictionType="bool" android:defaultValue="false"/>');
    expect(xml).not.toContain('android:entries');
  });

  it('writes lists as strings and enums as choices', () => {
    const xml = target.render(makeProfile({ settings: { ServiceDiscoveryExcludedServices: ['WEBEX', 'CUCM'], IP_Mode: 'Two Stacks' } }), {}).artifacts[0]!.contents;
    expect(xml).toContain('android:key="ServiceDiscoveryExcludedServices"');
    expect(xml).toMatch(/ServiceDiscoveryExcludedServices_description" android:restrictionType="string" android:defaultValue="WEBEX,CUCM"\/>/);
    expect(xml).toMatch(/IP_Mode_values" android:defaultValue="Two Stacks"\/>/);
  });

  it('moves defaults aapt2 would retype or unescape into string resources', () => {
    const out = target.render(makeProfile({ settings: { AutoLoginUserName: '007', ServicesDomain: 'a\\b' } }), {});
    expect(out.artifacts[0]!.contents).toContain('android:defaultValue="@string/jabber_AutoLoginUserName_default"');
    expect(out.artifacts[0]!.contents).toContain('android:defaultValue="@string/jabber_ServicesDomain_default"');
    expect(out.artifacts[1]!.contents).toContain('<string name="jabber_AutoLoginUserName_default">007</string>');
    expect(out.artifacts[1]!.contents).toContain('<string name="jabber_ServicesDomain_default">a\\\\b</string>');
  });

  it('never writes a Mac-only key, and says so', () => {
    const out = target.render(makeProfile({ settings: { PRTCertificateName: 'x', ServicesDomain: 'example.com' } }), {});
    expect(out.artifacts.map((a) => a.contents).join('')).not.toContain('PRTCertificateName');
    expect(out.diagnostics.map((x) => [x.severity, x.code, x.target])).toEqual([['warning', 'not-carried', 'android-restrictions']]);
  });

  it('writes an empty but valid pair for a profile with nothing for Android', async () => {
    const out = target.render(makeProfile({ settings: {} }), {});
    expect(out.artifacts[0]!.contents).toBe('<?xml version="1.0" encoding="utf-8"?>\n<restrictions xmlns:android="http://schemas.android.com/apk/res/android"/>\n');
    expect(out.artifacts[1]!.contents).toBe('<?xml version="1.0" encoding="utf-8"?>\n<resources/>\n');
    expect(await target.verify(out.artifacts)).toEqual([[], []]);
  });

  it('translates variables with --emm and refuses them without', () => {
    const p = makeProfile({ settings: { AutoLoginUserName: '${user.email}' } });
    expect(target.render(p, { emm: 'intune' }).artifacts[0]!.contents).toContain('android:defaultValue="{{mail}}"');
    expect(target.render(p, { emm: 'jamf' }).artifacts[0]!.contents).toContain('android:defaultValue="$EMAIL"');
    expect(target.render(p, {}).diagnostics.map((x) => x.code)).toEqual(['variable-needs-emm']);
  });
});

describe('android-restrictions verify, parse, detect', () => {
  it('passes every pair it renders, several profiles in one batch', async () => {
    const a = target.render(small, {}).artifacts;
    const b = target.render(small, { typedValues: true }).artifacts;
    expect(await target.verify([...a, ...b])).toEqual([[], [], [], []]);
  });

  it('reads the defaults back through the values file, typed where the restriction is typed', () => {
    for (const typedValues of [false, true]) {
      const [xml, values] = target.render(small, { typedValues }).artifacts;
      const parsed = parseRestrictionFiles(xml!.contents, RESTRICTIONS_FILE, values!.contents);
      expect(parsed.diagnostics).toEqual([]);
      expect(Object.fromEntries(parsed.settings)).toEqual(
        typedValues
          ? { ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: true, Telephony_Enabled: false }
          : { ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: 'ON', Telephony_Enabled: 'False' },
      );
    }
  });

  it('parses one file alone, and says which defaults it could not resolve', () => {
    const [xml] = target.render(small, {}).artifacts;
    const parsed = target.parse!([{ contents: xml!.contents, fileName: RESTRICTIONS_FILE }]);
    expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: 'ON' });
    expect(parsed.diagnostics.map((x) => [x.code, x.line])).toEqual([['resource-unresolved', 5]]);
  });

  it('puts keys the catalog does not know into unknown', () => {
    const parsed = target.parse!([
      {
        contents:
          '<restrictions xmlns:a="http://schemas.android.com/apk/res/android"><restriction a:key="Foo" a:title="Foo" a:restrictionType="integer" a:defaultValue="0x10"/></restrictions>',
        fileName: RESTRICTIONS_FILE,
      },
    ]);
    expect(Object.fromEntries(parsed.unknown)).toEqual({ Foo: 16 });
  });

  it('detects restrictions documents only', () => {
    const [xml, values] = target.render(small, {}).artifacts;
    expect(target.recognise?.(xml!.contents, RESTRICTIONS_FILE) !== undefined).toBe(true);
    // The values file is the set's second member: by its export name it stands alone, under any other name only with its pair.
    expect(target.recognise?.(values!.contents, RESTRICTIONS_VALUES_FILE)).toEqual({ member: RESTRICTIONS_VALUES_FILE, byName: true });
    expect(target.recognise?.(values!.contents, 'strings.xml')?.onlyWith).toMatch(/strings\.xml is an Android resources file/);
    expect(target.recognise?.('<plist/>', 'x.plist') !== undefined).toBe(false);
  });
});
