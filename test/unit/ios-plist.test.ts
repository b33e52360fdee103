import { describe, expect, it } from 'vitest';
import { detectIosDict, iosDictTarget, parseIosDict, verifyIosDict } from '../../src/targets/ios/dict.js';
import { detectIosPlist, iosPlistTarget, parseIosPlist, verifyIosPlist } from '../../src/targets/ios/plist.js';
import type { Artifact } from '../../src/targets/types.js';
import type { RenderOptions } from '../../src/targets/types.js';
import { makeProfile } from '../helpers/profile.js';

const DOC_HEAD = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
  '<plist version="1.0">',
];
const SMALL = { ServicesDomain: 'example.com', ServicesDomainSsoEmailPrompt: false, AllowUrlProvisioning: false };
const SMALL_DICT = [
  '<dict>',
  '\t<key>ServicesDomain</key>',
  '\t<string>example.com</string>',
  '\t<key>ServicesDomainSsoEmailPrompt</key>',
  '\t<string>OFF</string>',
  '\t<key>AllowUrlProvisioning</key>',
  '\t<string>false</string>',
  '</dict>',
];

const plist = (settings: Parameters<typeof makeProfile>[0]['settings'], options: RenderOptions = {}) => iosPlistTarget.render(makeProfile({ settings }), options);
const dict = (settings: Parameters<typeof makeProfile>[0]['settings'], options: RenderOptions = {}) => iosDictTarget.render(makeProfile({ settings }), options);

describe('ios-plist and ios-dict render', () => {
  it('write the exact plist document and bare dict for a small profile', () => {
    const p = plist(SMALL);
    const d = dict(SMALL);
    expect(p.diagnostics).toEqual([]);
    expect(d.diagnostics).toEqual([]);
    expect(p.artifacts.map((a) => [a.target, a.fileName])).toEqual([['ios-plist', 'ios-managed.plist']]);
    expect(d.artifacts.map((a) => [a.target, a.fileName])).toEqual([['ios-dict', 'ios-dict.xml']]);
    expect(p.artifacts[0]!.contents).toBe([...DOC_HEAD, ...SMALL_DICT, '</plist>', ''].join('\n'));
    expect(d.artifacts[0]!.contents).toBe([...SMALL_DICT, ''].join('\n'));
  });

  it('write typed booleans with --typed-values, and Cisco tokens (True/False, ON/OFF, true/false) otherwise', () => {
    const settings = { Telephony_Enabled: false, ServicesDomainSsoEmailPrompt: true, FIPS_MODE: true };
    expect(dict(settings).artifacts[0]!.contents).toBe(
      '<dict>\n\t<key>ServicesDomainSsoEmailPrompt</key>\n\t<string>ON</string>\n\t<key>Telephony_Enabled</key>\n\t<string>False</string>\n\t<key>FIPS_MODE</key>\n\t<string>true</string>\n</dict>\n',
    );
    expect(dict(settings, { typedValues: true }).artifacts[0]!.contents).toBe(
      '<dict>\n\t<key>ServicesDomainSsoEmailPrompt</key>\n\t<true/>\n\t<key>Telephony_Enabled</key>\n\t<false/>\n\t<key>FIPS_MODE</key>\n\t<true/>\n</dict>\n',
    );
  });

  it('carry identical dict content, whatever the profile', () => {
    const settings = { ServicesDomain: 'a&b<c>]]>"\'%#😀\u202Ez', ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'], IP_Mode: 'Two Stacks', AutoLoginUserName: 'u\r\nv' };
    for (const typedValues of [false, true]) {
      const doc = plist(settings, { typedValues }).artifacts[0]!.contents;
      const frag = dict(settings, { typedValues }).artifacts[0]!.contents;
      expect(doc).toBe([...DOC_HEAD, frag + '</plist>', ''].join('\n'));
    }
  });

  it('escape markup and CR, and read every value back unchanged', () => {
    const nasty = 'a&b<c>]]>"\'%#😀\u202Ez\r\n\t end ';
    const a = dict({ AutoLoginUserName: nasty }).artifacts[0]!;
    expect(a.contents).toContain('<string>a&amp;b&lt;c&gt;]]&gt;"\'%#😀\u202Ez&#xD;\n\t end </string>');
    expect(parseIosDict(a.contents, a.fileName).settings.get('AutoLoginUserName')).toBe(nasty);
  });

  it('translate variables for --emm and refuse them without it', () => {
    expect(dict({ AutoLoginUserName: '${user.email}' }, { emm: 'jamf' }).artifacts[0]!.contents).toContain('<string>$EMAIL</string>');
    const r = plist({ AutoLoginUserName: '${user.email}' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'variable-needs-emm']]);
    expect(dict({ AutoLoginUserName: 'x${device.udid}' }, { emm: 'intune' }).diagnostics.map((d) => d.code)).toEqual(['variable-unsupported']);
  });

  it('warn about keys that never reach iOS, and write nothing when none does', () => {
    const r = plist({ ServicesDomain: 'example.com', PRTCertificateName: 'Cisco' });
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.pointer, d.target])).toEqual([['warning', 'not-carried', '/settings/PRTCertificateName', 'ios-plist']]);
    expect(r.artifacts[0]!.contents).not.toContain('PRTCertificateName');
    const none = dict({ DiagnosticsToolEnabled: true });
    expect(none.artifacts).toEqual([]);
    expect(none.diagnostics.map((d) => d.code)).toEqual(['not-carried', 'nothing-to-write']);
  });

  it('refuse a value with a character XML forbids, naming the key only', () => {
    const r = plist({ AutoLoginUserPassword: 'pa\u001Bss' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.pointer, d.message])).toEqual([
      ['xml-character', '/settings/AutoLoginUserPassword', 'AutoLoginUserPassword cannot be written to ios-plist: its value holds U+001B at character 3, a character XML 1.0 does not allow.'],
    ]);
  });
});

describe('ios-plist and ios-dict verify', () => {
  const doc = plist(SMALL).artifacts[0]!;
  const frag = dict(SMALL).artifacts[0]!;
  const edit = (a: Artifact, from: string, to: string): Artifact => ({ ...a, contents: a.contents.replace(from, to) });

  it('pass what render writes', async () => {
    expect(await verifyIosPlist([doc, doc])).toEqual([[], []]);
    expect(await verifyIosDict([frag])).toEqual([[]]);
  });

  it('find what the DTD sees and what it cannot, with lines in the file as written', async () => {
    const r = await verifyIosPlist([
      edit(doc, '<key>AllowUrlProvisioning</key>', '<key>ServicesDomain</key>'),
      edit(doc, '<string>false</string>', '<integer>1e+21</integer>'),
      edit(doc, '<string>false</string>', '<null/>'),
      edit(doc, '</dict>', ''),
    ]);
    expect(r.map((ds) => ds.map((d) => [d.severity, d.code, d.line]))).toEqual([
      [['error', 'plist-duplicate-key', 9]],
      [['error', 'plist-integer', 10]],
      [
        // Apple's DTD itself: the dict's content model fails where the dict opens, and <null/> is undeclared.
        ['error', 'plist-dtd', 4],
        ['error', 'plist-dtd', 10],
        ['error', 'plist-type', 10],
      ],
      [['error', 'plist-xml', 12]],
    ]);
  });

  it('check a fragment wrapped in a plist document, reporting lines of the fragment', async () => {
    const r = await verifyIosDict([edit(frag, '<string>OFF</string>', '<null/>'), { ...frag, contents: doc.contents }, edit(frag, '<key>ServicesDomain</key>', '<key>AllowUrlProvisioning</key>')]);
    expect(r[0]!.map((d) => [d.code, d.line])).toEqual([
      ['plist-dtd', 1],
      ['plist-dtd', 5],
      ['plist-type', 5],
    ]);
    expect(r[1]!.map((d) => d.code)).toContain('plist-fragment-shape');
    expect(r[2]!.map((d) => [d.code, d.line, d.message])).toEqual([['plist-duplicate-key', 6, 'Key "AllowUrlProvisioning" appears twice in one dict (first on line 2).']]);
  });

  it('warn about keys Jabber for iOS does not read in a file an admin hands in', async () => {
    const r = await verifyIosDict([edit(edit(frag, '<key>ServicesDomain</key>', '<key>Colour</key>'), '<key>AllowUrlProvisioning</key>', '<key>DiagnosticsToolEnabled</key>')]);
    // Colour is named by the rule engine over what the reader reads (test/unit/way-back.test.ts).
    expect(r[0]!.map((d) => [d.severity, d.code, d.line])).toEqual([['warning', 'not-for-ios', 6]]);
  });
});

describe('ios-plist and ios-dict verify: catalog values', () => {
  it('reject a value Jabber does not take for a key, without quoting a secret', async () => {
    const frag = '<dict>\n\t<key>AllowUrlProvisioning</key>\n\t<string>maybe</string>\n\t<key>IP_Mode</key>\n\t<integer>4</integer>\n\t<key>Telephony_Enabled</key>\n\t<false/>\n</dict>\n';
    const r = await verifyIosDict([{ target: 'ios-dict', fileName: 'ios-dict.xml', contents: frag }]);
    expect(r[0]!.map((d) => [d.severity, d.code, d.line, d.message])).toEqual([
      ['error', 'value-type', 2, 'AllowUrlProvisioning takes true or false (or a typed boolean); found "maybe".'],
      ['error', 'value-type', 4, 'IP_Mode takes one of IPv4-Only, IPv6-Only, Two Stacks as a string; found an integer.'],
    ]);
  });
});

describe('ios-plist and ios-dict parse and detect', () => {
  it('read values back by catalog key, typed where the file is typed', () => {
    const a = plist({ ...SMALL, Telephony_Enabled: true }, { typedValues: true }).artifacts[0]!;
    const p = parseIosPlist(a.contents, a.fileName);
    expect(p.diagnostics).toEqual([]);
    expect(p.target).toBe('ios-plist');
    expect([...p.settings]).toEqual([
      ['ServicesDomain', 'example.com'],
      ['ServicesDomainSsoEmailPrompt', false],
      ['Telephony_Enabled', true],
      ['AllowUrlProvisioning', false],
    ]);
  });

  it('put keys the catalog does not know under unknown, with their raw values', () => {
    const p = parseIosDict('<dict><key>Other</key><integer>12345678901234567890</integer><key>L</key><array><string>a</string></array><key>ServicesDomain</key><string> x </string></dict>', 'd.xml');
    expect([...p.unknown]).toEqual([
      ['Other', 12345678901234567890n],
      ['L', ['a']],
    ]);
    expect([...p.settings]).toEqual([['ServicesDomain', ' x ']]);
  });

  it('report what is not a dict', () => {
    expect(parseIosPlist('<plist><array/></plist>', 'p').diagnostics.map((d) => d.code)).toEqual(['plist-root']);
    expect(parseIosDict('<dict>', 'd').diagnostics.map((d) => d.code)).toEqual(['plist-xml']);
  });

  it('tell a whole plist from a bare dict', () => {
    const doc = plist(SMALL).artifacts[0]!.contents;
    const frag = dict(SMALL).artifacts[0]!.contents;
    expect([detectIosPlist(doc), detectIosDict(doc)]).toEqual([true, false]);
    expect([detectIosPlist(frag), detectIosDict(frag)]).toEqual([false, true]);
    expect(detectIosPlist('<managedAppConfiguration/>')).toBe(false);
  });
});
