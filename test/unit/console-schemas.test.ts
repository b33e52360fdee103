import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSOLE_SCHEMAS, requestBodyErrors } from '../../src/consoles/request-schemas.js';
import { preferencesBody, readXmlBody } from '../../src/consoles/jamf.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
// ../shared beside a clone; ../../shared beside a worktree under wt/.
const VENDOR = [join(REPO, '..', 'shared', 'vendor'), join(REPO, '..', '..', 'shared', 'vendor')].find((d) => existsSync(join(d, 'intune')));
const COMMITTED = join(REPO, 'schemas', 'consoles');

describe('derived console schemas', () => {
  it.skipIf(VENDOR === undefined)('match what scripts/derive-console-schemas.mjs derives from ../shared/vendor', () => {
    const out = mkdtempSync(join(tmpdir(), 'console-schemas-'));
    try {
      execFileSync(process.execPath, [join(REPO, 'scripts', 'derive-console-schemas.mjs'), '--vendor', VENDOR!, '--out', out], { stdio: 'pipe' });
      const derived = readdirSync(out).sort();
      expect(derived).toEqual(readdirSync(COMMITTED).sort());
      for (const file of derived) expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(COMMITTED, file), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('record their sources with sha256 in $comment', () => {
    for (const url of Object.values(CONSOLE_SCHEMAS)) {
      const s = JSON.parse(readFileSync(url, 'utf8'));
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.$comment).toMatch(/Derived by scripts\/derive-console-schemas\.mjs from .*sha256 [0-9a-f]{64}/);
    }
  });

  const ios = { '@odata.type': '#microsoft.graph.iosMobileAppConfiguration', displayName: 'acme-prod', targetedMobileApps: ['a'], encodedSettingXml: Buffer.from('<dict/>').toString('base64') };
  const keywords = (schema: Parameters<typeof requestBodyErrors>[0], body: unknown): string[] => requestBodyErrors(schema, body).map((e) => e.keyword);

  it('take a valid iOS policy, in base64 and in base64url', () => {
    expect(requestBodyErrors('intuneIos', ios)).toEqual([]);
    // '?>' encodes to Pz4 (standard) — pick bytes whose base64 holds + and / to tell the alphabets apart.
    const bytes = Buffer.from([0xfb, 0xff, 0xbf]);
    expect(requestBodyErrors('intuneIos', { ...ios, encodedSettingXml: bytes.toString('base64') })).toEqual([]);
    expect(bytes.toString('base64')).toBe('+/+/');
    expect(requestBodyErrors('intuneIos', { ...ios, encodedSettingXml: bytes.toString('base64url') })).toEqual([]);
    expect(keywords('intuneIos', { ...ios, encodedSettingXml: 'not base64!' })).toEqual(['anyOf']);
  });

  it('refuse an iOS policy without @odata.type, with settings and encodedSettingXml together, with server-managed or unknown properties', () => {
    const { '@odata.type': _t, ...untyped } = ios;
    expect(keywords('intuneIos', untyped)).toEqual(['required']);
    expect(keywords('intuneIos', { ...ios, '@odata.type': '#microsoft.graph.androidManagedStoreAppConfiguration' })).toEqual(['const']);
    expect(keywords('intuneIos', { ...ios, settings: [{ appConfigKey: 'k', appConfigKeyType: 'stringType', appConfigKeyValue: 'v' }] })).toEqual(['not']);
    expect(keywords('intuneIos', { ...ios, version: 3 })).toEqual(['additionalProperties']);
    expect(keywords('intuneIos', { ...ios, payloadJson: 'e30=' })).toEqual(['additionalProperties']);
    const { displayName: _n, ...unnamed } = ios;
    expect(keywords('intuneIos', unnamed)).toEqual(['required']);
    const { encodedSettingXml: _x, ...rows } = ios;
    expect(keywords('intuneIos', { ...rows, settings: [{ appConfigKey: 'k', appConfigKeyType: 'textType', appConfigKeyValue: 'v' }] })).toEqual(['enum']);
    expect(keywords('intuneIos', { ...rows, settings: [{ appConfigKey: 'k', appConfigKeyValue: 'v' }] })).toEqual(['required']);
  });

  it('state the Android beta type: app:<package>, standard base64 payload', () => {
    const android = { '@odata.type': '#microsoft.graph.androidManagedStoreAppConfiguration', displayName: 'x', packageId: 'app:com.cisco.im', payloadJson: Buffer.from('{}').toString('base64') };
    expect(requestBodyErrors('intuneAndroidBeta', android)).toEqual([]);
    expect(keywords('intuneAndroidBeta', { ...android, packageId: 'com.cisco.im' })).toEqual(['pattern']);
    expect(keywords('intuneAndroidBeta', { ...android, appSupportsOemConfig: true })).toEqual(['additionalProperties']);
    expect(keywords('intuneAndroidBeta', { ...android, profileApplicability: 'androidWorkProfile' })).toEqual([]);
    expect(keywords('intuneAndroidBeta', { ...android, profileApplicability: 'workProfile' })).toEqual(['enum']);
  });

  it('state the assign action body', () => {
    expect(requestBodyErrors('intuneAssign', { assignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'g' } }] })).toEqual([]);
    expect(requestBodyErrors('intuneAssign', { assignments: [] })).toEqual([]);
    expect(keywords('intuneAssign', { assignments: [{ target: { groupId: 'g' } }] })).toContain('oneOf');
    expect(keywords('intuneAssign', {})).toEqual(['required']);
  });

  it('take the Jamf PUT body escaped once and refuse it escaped twice or with more than the record knows', () => {
    const dict = '<dict>\n\t<key>PRTCertificateUrl</key>\n\t<string>https://x/?a=1&amp;b=2</string>\n</dict>\n';
    const once = preferencesBody(dict);
    expect(once).toContain('&lt;dict&gt;');
    expect(once).toContain('&amp;amp;b=2');
    expect(requestBodyErrors('jamfUpdate', readXmlBody(once))).toEqual([]);
    const twice = once.replace(/&/g, '&amp;');
    expect(keywords('jamfUpdate', readXmlBody(twice))).toEqual(['pattern']);
    expect(keywords('jamfUpdate', readXmlBody('<mobile_device_application><app_configuration><preferences>x</preferences><extra/></app_configuration></mobile_device_application>'))).toEqual([
      'additionalProperties',
      'pattern',
    ]);
    expect(requestBodyErrors('jamfUpdate', readXmlBody('<mobile_device_application><app_configuration><preferences></preferences></app_configuration></mobile_device_application>'))).toEqual([]);
    // The GET schema keeps the vendor's required fields.
    expect(keywords('jamfRecord', { mobile_device_application: { general: { name: 'x' } } })).toEqual(['required', 'required']);
  });
});
