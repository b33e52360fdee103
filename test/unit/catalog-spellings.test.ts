/**
 * Cisco spells some keys and values differently in different guides (issue 9 item 5). The catalog
 * records, per channel, the spelling jabber-emm writes and the evidence for it, and the spellings
 * Cisco prints for that channel, which readers take (with a warning) instead of dropping them.
 *
 * Sources (../shared/reference/jabber-parameters.md): the 12.9 "Useful Parameters for MDM
 * Deployments" list writes PRTCertificateURL [S1, §4.1]; the 12.9/14.0 URL lists and
 * jabber-config write PRTCertificateUrl [S1, S2, S11, §3.2]; the 12.9 and 14.0 bullets print
 * `Webex` as a ServiceDiscoveryExcludedServices value [S1, S2, §5].
 */
import { describe, expect, it } from 'vitest';
import { getParameter } from '../../src/catalog/index.js';
import { androidAmapiTarget } from '../../src/targets/android/amapi.js';
import { androidManagedConfigTarget } from '../../src/targets/android/managed-config.js';
import { iosDictTarget } from '../../src/targets/ios/dict.js';
import { urlTarget } from '../../src/targets/url/index.js';
import { windowsInstallerTarget } from '../../src/targets/windows/index.js';
import { makeProfile } from '../helpers/profile.js';

describe('PRTCertificateUrl / PRTCertificateURL', () => {
  it('the catalog records the decided spelling per channel with its evidence', () => {
    const p = getParameter('settings', 'PRTCertificateUrl')!;
    expect(p.channels.url!.name).toBe('PRTCertificateUrl');
    expect(p.channels.emm!.name).toBe('PRTCertificateUrl');
    for (const ch of [p.channels.url!, p.channels.emm!]) {
      expect(ch.evidence?.sources.length).toBeGreaterThan(0);
      expect(ch.evidence?.note).toMatch(/PRTCertificateURL/);
    }
    expect(p.keyVariants!.find((v) => v.spelling === 'PRTCertificateURL')!.channels).toEqual(['url', 'emm']);
  });

  it('EMM files spelling it PRTCertificateURL are read under PRTCertificateUrl, with a warning, not as an unknown key', async () => {
    const dict = '<dict>\n<key>PRTCertificateURL</key>\n<string>https://pki.example.com/prt.pem</string>\n</dict>\n';
    const fromIos = iosDictTarget.parse!([{ contents: dict, fileName: 'ios-dict.xml' }]);
    const json = `{"packageName":"com.cisco.im","managedConfiguration":{"PRTCertificateURL":"https://pki.example.com/prt.pem"}}`;
    const fromAmapi = androidAmapiTarget.parse!([{ contents: json, fileName: 'p.json' }]);
    for (const parsed of [fromIos, fromAmapi]) {
      expect(Object.fromEntries(parsed.settings)).toEqual({ PRTCertificateUrl: 'https://pki.example.com/prt.pem' });
      expect(parsed.unknown.size).toBe(0);
      expect(parsed.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'key-variant']]);
      expect(parsed.diagnostics[0]!.line).toBeGreaterThan(0);
      expect(parsed.positions.get('/settings/PRTCertificateUrl')).toBeDefined();
    }
    const [found] = await iosDictTarget.verify([{ target: 'ios-dict', fileName: 'ios-dict.xml', contents: dict }]);
    expect(found!.filter((d) => d.severity === 'error')).toEqual([]);
    expect(found!.map((d) => d.code)).toContain('key-variant');
  });

  it('exports keep writing PRTCertificateUrl (the evidence does not say it is wrong)', () => {
    const profile = makeProfile({ settings: { PRTCertificateUrl: 'https://pki.example.com/prt.pem' } });
    const out = androidManagedConfigTarget.render(profile, {});
    expect(out.artifacts[0]!.contents).toContain('"key": "PRTCertificateUrl"');
    expect(urlTarget.render(profile, {}).artifacts[0]!.contents).toContain('PRTCertificateUrl=');
  });
});

describe('Webex as an excluded service', () => {
  it('in a configuration URL it is read as WEBEX with a warning, not an error', () => {
    const parsed = urlTarget.parse!([{ contents: 'ciscojabber://provision?ServicesDomain=example.com&ServiceDiscoveryExcludedServices=Webex,CUCM\n', fileName: 'u.txt' }]);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.settings.get('ServiceDiscoveryExcludedServices')).toBe('WEBEX,CUCM');
    const d = parsed.diagnostics.find((x) => x.code === 'value-variant')!;
    expect(d.message).toContain('Webex');
    expect([d.line, d.column]).toEqual([1, 52]);
  });

  it('in EMM files and on the installer line it is read too; validate of the EMM file has no error', async () => {
    const mc = `{"kind":"androidenterprise#managedConfiguration","productId":"app:com.cisco.im","managedProperty":[{"key":"ServiceDiscoveryExcludedServices","valueString":"Webex"}]}`;
    const parsed = androidManagedConfigTarget.parse!([{ contents: mc, fileName: 'mc.json' }]);
    expect(parsed.settings.get('ServiceDiscoveryExcludedServices')).toBe('WEBEX');
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['value-variant']);
    const [found] = await androidManagedConfigTarget.verify([{ target: 'android-managed-config', fileName: 'mc.json', contents: mc }]);
    expect(found!.filter((d) => d.severity === 'error')).toEqual([]);

    // 12.9 installer table: "Possible values are CUCM, Webex" [S1].
    const cmd = windowsInstallerTarget.parse!([{ contents: 'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 EXCLUDED_SERVICES=CUCM,Webex\r\n', fileName: 'x.cmd' }]);
    expect(cmd.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(cmd.windows.get('EXCLUDED_SERVICES')).toBe('CUCM,WEBEX');
  });

  it('a spelling Cisco prints nowhere for a channel is still an error there (WebEx is the bootstrap file’s)', () => {
    const parsed = urlTarget.parse!([{ contents: 'ciscojabber://provision?ServicesDomain=example.com&ServiceDiscoveryExcludedServices=WebEx\n', fileName: 'u.txt' }]);
    expect(parsed.diagnostics.map((d) => d.code)).toContain('url-invalid-value');
  });
});
