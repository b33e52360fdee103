import { describe, expect, it } from 'vitest';
import { getParameter } from '../../src/catalog/index.js';
import { checkArtifactValues } from '../../src/artifact/rules.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { escapeXmlText } from '../../src/targets/ios/xml-writer.js';
import {
  detectAppConfig,
  iosAppConfigTarget,
  parseAppConfig,
  verifyAppConfig,
  verifyAppConfigWithXsd,
} from '../../src/targets/ios/appconfig.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';
import type { Artifact } from '../../src/targets/types.js';
import { makeProfile } from '../helpers/profile.js';

const label = (key: string) => escapeXmlText(getParameter('settings', key)!.title);
const desc = (key: string) => escapeXmlText(getParameter('settings', key)!.description);
const field = (key: string, type: string, extra: string[] = []) => [
  `\t\t<field keyName="${key}" type="${type}">`,
  '\t\t\t<label>',
  `\t\t\t\t<language value="en-US">${label(key)}</language>`,
  '\t\t\t</label>',
  '\t\t\t<description>',
  `\t\t\t\t<language value="en-US">${desc(key)}</language>`,
  '\t\t\t</description>',
  ...extra,
  '\t\t</field>',
];
const HEAD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<managedAppConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://storage.googleapis.com/appconfig-media/appconfigschema.xsd">',
  '\t<version>1</version>',
  '\t<bundleId>com.cisco.jabberIM</bundleId>',
];

const render = (settings: Parameters<typeof makeProfile>[0]['settings'], options = {}, apps = {}) =>
  iosAppConfigTarget.render(makeProfile({ settings, apps }), options);

describe('ios-appconfig render', () => {
  it('writes the exact specfile for a small profile (Cisco text tokens by default)', () => {
    const r = render({ ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: false });
    expect(r.diagnostics).toEqual([]);
    expect(r.artifacts.map((a) => [a.target, a.fileName])).toEqual([['ios-appconfig', 'ios-appconfig.xml']]);
    expect(r.artifacts[0]!.contents).toBe(
      [
        ...HEAD,
        '\t<dict>',
        '\t\t<string keyName="ServicesDomain">',
        '\t\t\t<defaultValue>',
        '\t\t\t\t<value>example.com</value>',
        '\t\t\t</defaultValue>',
        '\t\t</string>',
        '\t\t<string keyName="ServicesDomainSsoEmailPrompt">',
        '\t\t\t<defaultValue>',
        '\t\t\t\t<value>OFF</value>',
        '\t\t\t</defaultValue>',
        '\t\t\t<constraint>',
        '\t\t\t\t<values>',
        '\t\t\t\t\t<value>ON</value>',
        '\t\t\t\t\t<value>OFF</value>',
        '\t\t\t\t</values>',
        '\t\t\t</constraint>',
        '\t\t</string>',
        '\t</dict>',
        '\t<presentation defaultLocale="en-US">',
        ...field('ServicesDomain', 'input'),
        ...field('ServicesDomainSsoEmailPrompt', 'select', [
          '\t\t\t<options>',
          '\t\t\t\t<option value="ON">',
          '\t\t\t\t\t<language value="en-US">ON</language>',
          '\t\t\t\t</option>',
          '\t\t\t\t<option value="OFF">',
          '\t\t\t\t\t<language value="en-US">OFF</language>',
          '\t\t\t\t</option>',
          '\t\t\t</options>',
        ]),
        '\t</presentation>',
        '</managedAppConfiguration>',
        '',
      ].join('\n'),
    );
  });

  it('writes booleans as boolean keys with a checkbox when typed values are asked for', () => {
    const r = render({ AllowUrlProvisioning: false }, { typedValues: true });
    const text = r.artifacts[0]!.contents;
    expect(text).toContain(
      ['\t\t<boolean keyName="AllowUrlProvisioning">', '\t\t\t<defaultValue>', '\t\t\t\t<value>false</value>', '\t\t\t</defaultValue>', '\t\t</boolean>'].join('\n'),
    );
    expect(text).toContain(field('AllowUrlProvisioning', 'checkbox').join('\n'));
  });

  it('gives enums a constraint with their values and a select with options', () => {
    const text = render({ IP_Mode: 'Two Stacks' }).artifacts[0]!.contents;
    expect(text).toContain('\t\t\t\t<values>\n\t\t\t\t\t<value>IPv4-Only</value>\n\t\t\t\t\t<value>IPv6-Only</value>\n\t\t\t\t\t<value>Two Stacks</value>\n\t\t\t\t</values>');
    expect(text).toContain('<field keyName="IP_Mode" type="select">');
    expect(text).toContain('\t\t\t\t<option value="Two Stacks">\n\t\t\t\t\t<language value="en-US">Two Stacks</language>\n\t\t\t\t</option>');
  });

  it('writes a value that is one variable as the specfile variable', () => {
    const text = render({ AutoLoginUserName: '${user.email}', ServicesDomain: '${device.serialNumber}' }).artifacts[0]!.contents;
    expect(text).toContain('\t\t\t<defaultValue>\n\t\t\t\t<userVariable value="emailAddress"/>\n\t\t\t</defaultValue>');
    expect(text).toContain('\t\t\t<defaultValue>\n\t\t\t\t<deviceVariable value="serialNumber"/>\n\t\t\t</defaultValue>');
    expect(render({ AutoLoginUserName: '${user.username}' }).artifacts[0]!.contents).toContain('<userVariable value="username"/>');
  });

  it('with --emm, a variable the console has no token for is an error, as in the other targets, not a <userVariable>', () => {
    const r = render({ ServicesDomain: 'example.com', AutoLoginUserName: '${user.displayName}' }, { emm: 'workspace-one' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.pointer, d.message])).toEqual([
      [
        'error',
        'variable-unsupported',
        '/settings/AutoLoginUserName',
        'AutoLoginUserName uses ${user.displayName}, which workspace-one has no token for; use another variable or a literal value for this console.',
      ],
    ]);
    // The same message as the plist export gives for the same console.
    const plist = iosPlistTarget.render(makeProfile({ settings: { ServicesDomain: 'example.com', AutoLoginUserName: '${user.displayName}' } }), { emm: 'workspace-one' });
    expect(plist.diagnostics.find((d) => d.code === 'variable-unsupported')?.message).toBe(r.diagnostics[0]!.message);
    // A console with a token, or no --emm at all (every importer fills the variable in itself), still writes it.
    expect(render({ AutoLoginUserName: '${user.displayName}' }, { emm: 'jamf' }).artifacts[0]!.contents).toContain('<userVariable value="displayName"/>');
    expect(render({ AutoLoginUserName: '${user.displayName}' }).artifacts[0]!.contents).toContain('<userVariable value="displayName"/>');
  });

  it('refuses a value that mixes text and a variable, naming the key and writing nothing', () => {
    const r = render({ ServicesDomain: 'example.com', AutoLoginUserName: 'x-${user.upn}' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'specfile-variable-mixed',
        message:
          'AutoLoginUserName mixes text with a variable; an AppConfig specfile can only hold a whole value as a <userVariable> or ' +
          '<deviceVariable>. Use the variable alone, or export ios-plist/ios-dict with --emm.',
        file: '',
        line: 0,
        column: 0,
        pointer: '/settings/AutoLoginUserName',
        target: 'ios-appconfig',
      },
    ]);
  });

  it('warns about keys that do not reach iOS and leaves them out', () => {
    const r = render({ ServicesDomain: 'example.com', PRTCertificateName: 'Cisco', DiagnosticsToolEnabled: true });
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toEqual([
      ['warning', 'not-carried', '/settings/PRTCertificateName'],
      ['warning', 'not-carried', '/settings/DiagnosticsToolEnabled'],
    ]);
    expect(r.artifacts[0]!.contents).not.toContain('PRTCertificateName');
  });

  it('writes nothing, with a warning, when no key reaches iOS (an empty dict fails the schema)', () => {
    const r = render({ PRTCertificateName: 'Cisco' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['not-carried', 'nothing-to-write']);
  });

  it('rejects a value with a character XML forbids without quoting the value', () => {
    const r = render({ AutoLoginUserPassword: 'p\u0001ss' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'AutoLoginUserPassword cannot be written to ios-appconfig: its value holds U+0001 at character 2, a character XML 1.0 does not allow.',
    ]);
  });

  it('is deterministic', () => {
    const settings = { ServicesDomain: 'a.example', IP_Mode: 'Two Stacks', ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'] };
    expect(render(settings).artifacts).toEqual(render(settings).artifacts);
  });
});

describe('ios-appconfig verify', () => {
  const good = (apps = {}) => render({ ServicesDomain: 'example.com', InvalidCertificateBehavior: 'RejectAndNotify', AutoLoginUserName: '${user.email}' }, {}, apps).artifacts[0]!;
  const replace = (a: Artifact, from: string | RegExp, to: string): Artifact => ({ ...a, contents: a.contents.replace(from, to) });

  it('passes what render writes, in one batch with broken files, each judged on its own', async () => {
    const ok = good();
    const batch = [
      ok,
      replace(ok, /<dict>[\s\S]*<\/dict>/, '<dict/>'),
      replace(ok, 'com.cisco.jabberIM', 'com.my_company.app'),
      good({ ios: 'com.my-company.app' }),
      replace(ok, '<string keyName="InvalidCertificateBehavior">', '<string keyName="ServicesDomain">'),
      replace(ok, '</managedAppConfiguration>', ''),
    ];
    const r = await verifyAppConfig(batch);
    expect(r).toHaveLength(6);
    expect(r[0]).toEqual([]);
    // The empty dict, then each presentation field whose key is now missing (xs:keyref).
    expect(r[1]!.map((d) => [d.severity, d.code])).toEqual(Array(4).fill(['error', 'appconfig-schema']));
    expect(r[1]![0]!.line).toBe(5);
    expect(r[1]![1]!.message).toContain('No match found for key-sequence');
    expect(r[1]![0]!.message).toMatch(/^Fails the AppConfig specfile schema, 2018 generation \(appconfig-2018\.xsd\): Element 'dict': Missing child element/);
    expect(r[1]![0]!.message).toMatch(/It passes neither the 2018 nor the 2016 generation\.$/);
    expect(r[2]!.map((d) => [d.severity, d.code, d.line])).toEqual([['error', 'appconfig-schema', 4]]);
    expect(r[2]![0]!.message).toContain("The value 'com.my_company.app' is not accepted by the pattern");
    expect(r[3]!.map((d) => [d.severity, d.code, d.line])).toEqual([['warning', 'appconfig-2016-schema', 4]]);
    expect(r[3]![0]!.message).toMatch(/^Passes the 2018 AppConfig specfile schema but not the 2016 one \(appconfig-2016\.xsd\): .*com\.my-company\.app.*no '-' or '\+'\)\. Consoles whose specfile import/);
    // The repeated key (xs:key), and the field of the key it replaced (xs:keyref).
    expect(r[4]!.map((d) => d.code)).toEqual(['appconfig-schema', 'appconfig-schema']);
    expect(r[4]![0]!.message).toContain('Duplicate key-sequence');
    expect(r[4]![1]!.message).toContain('No match found for key-sequence');
    expect(r[5]!.map((d) => [d.code, d.severity])).toEqual([['appconfig-xml', 'error']]);
  });

  it('warns about keys Jabber for iOS does not read in a specfile an admin hands in', async () => {
    const ok = good();
    const foreign = replace(replace(ok, /keyName="AutoLoginUserName"/g, 'keyName="PRTCertificateName"'), /keyName="ServicesDomain"/g, 'keyName="FavouriteColour"');
    const r = await verifyAppConfig([foreign]);
    // The unknown key is named by the rule engine over what the reader reads (with a did-you-mean),
    // for every format alike; verify keeps what is particular to iOS.
    expect(r[0]!.map((d) => [d.severity, d.code])).toEqual([['warning', 'not-for-ios']]);
    const parsed = iosAppConfigTarget.parse!([{ fileName: foreign.fileName, contents: foreign.contents }]);
    // Named exactly once across the reader and the rule engine (whichever names it first), at its element.
    const named = [...parsed.diagnostics, ...checkArtifactValues(parsed, foreign.fileName)].filter((d) => d.code === 'unknown-key');
    expect(named.map((d) => [d.message.startsWith('FavouriteColour is not a'), d.line])).toEqual([[true, 6]]);
  });

  it('rejects a default Jabber does not take for the key', async () => {
    const bad = replace(good(), '<value>RejectAndNotify</value>\n', '<value>Ignore</value>\n');
    const r = await verifyAppConfig([bad]);
    expect(r[0]!.map((d) => [d.severity, d.code, d.line, d.message])).toEqual([
      ['error', 'value-type', 13, 'InvalidCertificateBehavior takes one of RejectAndNotify, PromptPerSession; found "Ignore".'],
    ]);
  });

  it('checks specfiles against an XSD the user supplies', async () => {
    const xsd = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="other"/></xs:schema>';
    const r = await verifyAppConfigWithXsd([good()], xsd, 'mine.xsd');
    expect(r[0]!.map((d) => [d.code, d.file])).toEqual([['xsd', 'ios-appconfig.xml']]);
    expect(r[0]![0]!.message).toMatch(/^Fails mine\.xsd: Element 'managedAppConfiguration': No matching global declaration/);
    const broken = await verifyAppConfigWithXsd([good(), good()], '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element type="x:y"/></xs:schema>', 'bad.xsd');
    expect(broken.map((ds) => ds.map((d) => [d.code, d.file]))).toEqual([[['xsd-unusable', 'bad.xsd']], [['xsd-unusable', 'bad.xsd']]]);
  });
});

describe('ios-appconfig parse and detect', () => {
  it('reads defaults back by catalog key, variables as ${user.x}, typed values as typed', () => {
    const a = render({ ServicesDomain: 'example.com', AllowUrlProvisioning: true, AutoLoginUserName: '${user.displayName}', IP_Mode: 'Two Stacks' }, { typedValues: true }, { ios: 'com.cisco.jabberIMintune' })
      .artifacts[0]!;
    const p = parseAppConfig(a.contents, a.fileName);
    expect(p.diagnostics).toEqual([]);
    expect(p.app).toBe('com.cisco.jabberIMintune');
    expect([...p.settings]).toEqual([
      ['ServicesDomain', 'example.com'],
      ['IP_Mode', 'Two Stacks'],
      ['AllowUrlProvisioning', true],
      ['AutoLoginUserName', '${user.displayName}'],
    ]);
    expect(iosAppConfigTarget.parse!([{ fileName: a.fileName, contents: a.contents }])).toEqual(p);
  });

  it('puts keys the catalog does not know under unknown, and reports keys without a default', () => {
    const text = `<managedAppConfiguration><version>1</version><bundleId>a.b</bundleId><dict>
<integer keyName="Other"><defaultValue><value>7</value></defaultValue></integer>
<stringArray keyName="List"><defaultValue><value>a</value><deviceVariable value="imei"/></defaultValue></stringArray>
<string keyName="ServicesDomain"/>
</dict></managedAppConfiguration>`;
    const p = parseAppConfig(text, 'x.xml');
    expect([...p.unknown]).toEqual([
      ['Other', 7],
      ['List', ['a', '${device.imei}']],
    ]);
    expect(p.settings.size).toBe(0);
    expect(p.diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([
      ['warning', 'variable-unknown', 3],
      ['warning', 'unknown-key', 2],
      ['warning', 'unknown-key', 3],
      ['warning', 'no-default-value', 4],
    ]);
  });

  it('reports a file that is not a specfile', () => {
    expect(parseAppConfig('<dict/>', 'x.xml').diagnostics.map((d) => d.code)).toEqual(['appconfig-root']);
    expect(parseAppConfig('<managedAppConfiguration>', 'x.xml').diagnostics.map((d) => d.code)).toEqual(['appconfig-xml']);
  });

  it('detects specfiles by their document element', () => {
    expect(detectAppConfig('<?xml version="1.0"?>\n<!-- spec -->\n<managedAppConfiguration/>')).toBe(true);
    expect(detectAppConfig('<dict/>')).toBe(false);
    expect(detectAppConfig('not xml')).toBe(false);
  });
});

describe('ios-appconfig in the registry', () => {
  it('has no errors for a profile with every iOS key', () => {
    const r = render({
      ServicesDomain: 'example.com',
      VoiceServicesDomain: 'voice.example.com',
      ServiceDiscoveryExcludedServices: ['WEBEX'],
      ServicesDomainSsoEmailPrompt: true,
      EnablePRTEncryption: true,
      PRTCertificateUrl: 'https://example.com/prt.pem',
      InvalidCertificateBehavior: 'PromptPerSession',
      Telephony_Enabled: false,
      ForceLaunchBrowser: true,
      IP_Mode: 'Two Stacks',
      AllowUrlProvisioning: false,
      FIPS_MODE: true,
      CC_MODE: false,
      AutoLoginUserName: '${user.upn}',
      AutoLoginUserPassword: 's3cret',
      STARTUP_AUTHENTICATION_REQUIRED: true,
      CachePasswordMobile: false,
    });
    expect(hasErrors(r.diagnostics)).toBe(false);
    expect(r.artifacts).toHaveLength(1);
  });
});
