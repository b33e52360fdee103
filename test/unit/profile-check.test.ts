import { describe, expect, test } from 'vitest';
import { checkProfile, envNameFor } from '../../src/profile/check.js';
import { nameProblem as importNameProblem } from '../../src/import/profile-name.js';
import { MAX_NAME_LENGTH, nameProblem } from '../../src/profile/profile-name.js';
import type { SettingValue } from '../../src/profile/types.js';
import { domainProblem, forbiddenCharacter, formatProblem } from '../../src/profile/value-formats.js';
import { makeProfile } from '../helpers/profile.js';

const BASE = { ServicesDomain: 'acme.com' };

/** Codes checkProfile reports for a hand-built profile. */
function codes(init: { name?: string; settings?: Record<string, SettingValue>; windows?: Record<string, SettingValue>; apps?: { ios?: string; android?: string }; description?: string }): string[] {
  const settings = init.settings ?? BASE;
  return checkProfile(makeProfile({ name: 'ok', ...init, settings })).map((d) => d.code);
}

function messages(init: Parameters<typeof makeProfile>[0]): string[] {
  return checkProfile(makeProfile({ settings: BASE, ...init })).map((d) => d.message);
}

describe('checkProfile: a clean profile', () => {
  test('has no diagnostics', () => {
    expect(codes({})).toEqual([]);
    expect(
      codes({
        settings: { ...BASE, VoiceServicesDomain: 'voice.acme.com', ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'], IP_Mode: 'Two Stacks', PRTCertificateUrl: 'https://pki.acme.com/prt.pem' },
        windows: { AUTHENTICATOR: 'CUCM', PRODUCT_MODE: 'phone_mode', TFTP: '10.1.1.1', CTI: 'cti.acme.com', CCMCIP: 'ccm.acme.com', LOG_DIRECTORY: 'C:\\Logs\\Jabber' },
      }),
    ).toEqual([]);
  });
});

describe('name', () => {
  test.each([
    ['', 'missing-name'],
    ['Acme', 'invalid-name'],
    ['acme prod', 'invalid-name'],
    ['.', 'invalid-name'],
    ['..', 'invalid-name'],
    ['con', 'invalid-name'],
    ['NUL', 'invalid-name'],
    ['com1', 'invalid-name'],
    ['lpt9.yaml', 'invalid-name'],
    ['aux.prod', 'invalid-name'],
    ['com0', 'invalid-name'],
    ['prod.', 'invalid-name'],
    ['prod...', 'invalid-name'],
    ['b'.repeat(MAX_NAME_LENGTH + 1), 'invalid-name'],
  ])('%j is %s', (name, code) => {
    expect(codes({ name })).toEqual([code]);
  });

  test.each(['acme-prod', 'acme.prod_2', 'com10', 'console', 'a', '.hidden', 'b'.repeat(MAX_NAME_LENGTH)])('%j is fine', (name) => {
    expect(codes({ name })).toEqual([]);
  });

  test('an invalid name gets a usable suggestion', () => {
    expect(messages({ name: 'Acme Prod' })[0]).toContain('for example acme-prod');
    expect(messages({ name: 'prod.' })[0]).toContain('for example prod');
  });

  test('a name written empty is invalid-name at the name; a name that is not text is left to the resolver', () => {
    const at = { file: 'test.yaml', line: 1, column: 7 };
    const written = { ...makeProfile({ name: '' }), positions: new Map([['/name', at]]) };
    expect(checkProfile(written).filter((d) => d.code.includes('name'))).toMatchObject([{ code: 'invalid-name', line: 1, column: 7, pointer: '/name' }]);
    expect(checkProfile({ ...written, nameNotText: true }).filter((d) => d.code.includes('name'))).toEqual([]);
  });

  test('a very long name is not echoed whole', () => {
    expect(messages({ name: 'a'.repeat(5000) })[0]!.length).toBeLessThan(400);
  });

  test('import and check share one rule: the importer refuses what the validator refuses', () => {
    for (const name of ['prod.', '', 'com0', 'b'.repeat(MAX_NAME_LENGTH + 1), 'acme-prod']) {
      expect(importNameProblem(name), name).toBe(nameProblem(name));
    }
  });
});

describe('ServicesDomain', () => {
  test('is required for Mac and mobile settings', () => {
    expect(codes({ settings: { Telephony_Enabled: true } })).toEqual(['missing-services-domain']);
    expect(codes({ settings: {} })).toEqual(['missing-services-domain']);
  });

  test('is not required by a Windows-only profile', () => {
    expect(codes({ settings: {}, windows: { AUTHENTICATOR: 'CUP', CUP_ADDRESS: 'imp.acme.com' } })).toEqual([]);
  });

  test('the message names AutoLogin when AutoLogin is set', () => {
    const m = messages({ settings: { AutoLoginUserName: '${user.email}', AutoLoginUserPassword: 'x' } });
    expect(m.some((x) => x.includes('AutoLoginUserName and AutoLoginUserPassword also need it'))).toBe(true);
  });
});

describe('formats', () => {
  test('domain values are DNS names: a URL fragment is an error, never exported', () => {
    expect(codes({ settings: { ServicesDomain: 'acme.com&ServiceDiscoveryExcludedServices=WEBEX' } })).toEqual(['invalid-domain']);
    expect(codes({ settings: { ...BASE, VoiceServicesDomain: 'https://voice.acme.com' } })).toEqual(['invalid-domain']);
    expect(codes({ settings: {}, windows: { SERVICES_DOMAIN: 'acme.com.' } })).toEqual([]);
  });

  test.each([
    ['acme.com', undefined],
    ['a', undefined],
    ['xn--bcher-kva.example', undefined],
    ['-acme.com', 'hyphens'],
    ['acme..com', 'empty label'],
    ['acme.com:443', 'port'],
    ['büro.example', 'punycode'],
    ['user@acme.com', 'e-mail'],
    ['acme com', 'spaces'],
    ['a'.repeat(64) + '.com', '63'],
  ])('domainProblem(%j)', (value, fragment) => {
    const p = domainProblem(value);
    if (fragment === undefined) expect(p).toBeUndefined();
    else expect(p).toContain(fragment);
  });

  test('hosts are host names or IP addresses', () => {
    expect(formatProblem('host', '10.0.0.1')).toBeUndefined();
    expect(formatProblem('host', '2001:db8::1')).toBeUndefined();
    expect(formatProblem('host', 'tftp.acme.com')).toBeUndefined();
    expect(formatProblem('host', '[2001:db8::1]')).toContain('brackets');
    expect(codes({ windows: { AUTHENTICATOR: 'CUP', CUP_ADDRESS: 'http://imp.acme.com' } })).toEqual(['invalid-host']);
  });

  test('URLs are absolute http(s): javascript: is an error', () => {
    expect(codes({ settings: { ...BASE, PRTCertificateUrl: 'javascript:alert(1)' } })).toEqual(['invalid-url']);
    expect(codes({ settings: { ...BASE, PRTCertificateUrl: 'file:///etc/passwd' } })).toEqual(['invalid-url']);
    expect(codes({ settings: { ...BASE, PRTCertificateUrl: '/prt.pem' } })).toEqual(['invalid-url']);
    expect(codes({ windows: { FORGOT_PASSWORD_URL: 'http://reset.acme.com/?u=x' } })).toEqual([]);
    // A well-formed URL, but nothing fills a variable in on the installer command line (export refuses it too).
    expect(codes({ windows: { FORGOT_PASSWORD_URL: 'http://reset.acme.com/?u=${user.email}' } })).toEqual(['variable-in-installer']);
  });

  test('paths are absolute Windows paths', () => {
    expect(formatProblem('path', 'C:\\Logs')).toBeUndefined();
    expect(formatProblem('path', '\\\\server\\share\\logs')).toBeUndefined();
    expect(formatProblem('path', '%USERPROFILE%\\Jabber')).toBeUndefined();
    expect(codes({ windows: { LOG_DIRECTORY: 'logs' } })).toEqual(['invalid-path']);
  });

  test('text is one line', () => {
    expect(codes({ settings: { ...BASE, PRTCertificateName: 'a\nb' } })).toEqual(['invalid-text']);
  });

  test('per-user variables stand in for a label', () => {
    expect(formatProblem('domain', '${user.username}.acme.com')).toBeUndefined();
  });
});

describe('characters and length', () => {
  test('characters XML 1.0 forbids (NUL, C0 controls, lone surrogates) are errors', () => {
    expect(forbiddenCharacter('a\tb\nc\r')).toBeUndefined();
    expect(forbiddenCharacter('emoji 😀 and עברית')).toBeUndefined();
    expect(forbiddenCharacter('a\u0000')).toEqual({ index: 1, codePoint: 'U+0000' });
    expect(forbiddenCharacter('\u0008')).toMatchObject({ codePoint: 'U+0008' });
    expect(forbiddenCharacter('x\uD800')).toMatchObject({ codePoint: 'U+D800' });
    expect(forbiddenCharacter('\uFFFE')).toMatchObject({ codePoint: 'U+FFFE' });
    expect(codes({ description: 'bell \u0007' })).toEqual(['forbidden-character']);
  });

  test('strings over 65,535 characters are errors (Android)', () => {
    expect(codes({ settings: { ...BASE, PRTCertificateName: 'x'.repeat(65_535) } })).toEqual([]);
    expect(codes({ settings: { ...BASE, PRTCertificateName: 'x'.repeat(65_536) } })).toEqual(['value-too-long']);
  });

  test('a secret with a bad character is reported without its content', () => {
    const [m] = messages({ settings: { ...BASE, AutoLoginUserName: 'u', AutoLoginUserPassword: 'pw\u0001' } });
    expect(m).not.toContain('U+0001');
  });
});

describe("Cisco's cross-field rules", () => {
  test('excluding WEBEX, CUCM and CUP together is a warning', () => {
    expect(codes({ settings: { ...BASE, ServiceDiscoveryExcludedServices: ['CUP', 'WEBEX', 'CUCM'] } })).toEqual(['all-services-excluded']);
    expect(codes({ settings: { ...BASE, ServiceDiscoveryExcludedServices: ['CUP', 'WEBEX'] } })).toEqual([]);
    expect(codes({ windows: { EXCLUDED_SERVICES: ['CUP', 'WEBEX', 'CUCM'] } })).toEqual(['all-services-excluded']);
    expect(messages({ settings: { ...BASE, ServiceDiscoveryExcludedServices: ['CUP', 'WEBEX', 'CUCM'] } })[0]).toContain('enter the connection settings by hand');
  });

  test('EnablePRTEncryption needs PRTCertificateName or PRTCertificateUrl', () => {
    expect(codes({ settings: { ...BASE, EnablePRTEncryption: true } })).toEqual(['prt-certificate-missing']);
    expect(codes({ settings: { ...BASE, EnablePRTEncryption: true, PRTCertificateName: 'Acme' } })).toEqual([]);
    expect(codes({ settings: { ...BASE, EnablePRTEncryption: true, PRTCertificateUrl: 'https://a.example/c.pem' } })).toEqual([]);
    expect(codes({ settings: { ...BASE, EnablePRTEncryption: false } })).toEqual([]);
    expect(codes({ windows: { ENABLE_PRT_ENCRYPTION: true } })).toEqual(['prt-certificate-missing']);
    expect(codes({ windows: { ENABLE_PRT_ENCRYPTION: true, PRT_CERTIFICATE_NAME: 'Acme' } })).toEqual([]);
  });

  test('AutoLoginUserName and AutoLoginUserPassword need each other (and ServicesDomain)', () => {
    expect(codes({ settings: { ...BASE, AutoLoginUserName: 'u' } })).toEqual(['autologin-incomplete']);
    expect(codes({ settings: { ...BASE, AutoLoginUserPassword: 'p' } })).toEqual(['autologin-incomplete', 'literal-secret']);
    expect(codes({ settings: { AutoLoginUserName: 'u', AutoLoginUserPassword: 'p' } })).toEqual(['missing-services-domain', 'literal-secret']);
  });

  test('IP_Mode other than Two Stacks is an error for mobile clients, and says why', () => {
    expect(codes({ settings: { ...BASE, IP_Mode: 'IPv6-Only' } })).toEqual(['ip-mode-mobile']);
    expect(codes({ settings: { ...BASE, IP_Mode: 'IPv4-Only' } })).toEqual(['ip-mode-mobile']);
    expect(messages({ settings: { ...BASE, IP_Mode: 'IPv4-Only' } })[0]).toContain('all Jabber mobile devices');
    // Desktop (Windows) may use IPv6-only.
    expect(codes({ windows: { IP_Mode: 'IPv6-Only' } })).toEqual([]);
  });

  test('phone mode needs TFTP (error) and CTI (warning); CUCM needs TFTP', () => {
    expect(codes({ windows: { PRODUCT_MODE: 'Phone_Mode' } })).toEqual(['needs-tftp', 'needs-cti']);
    expect(codes({ windows: { PRODUCT_MODE: 'phone_mode', TFTP: 'tftp.acme.com' } })).toEqual(['needs-cti']);
    expect(codes({ windows: { PRODUCT_MODE: 'phone_mode', TFTP: 'tftp.acme.com', CTI: 'cti.acme.com' } })).toEqual([]);
    expect(codes({ windows: { AUTHENTICATOR: 'CUCM' } })).toEqual(['needs-tftp']);
    expect(codes({ windows: { AUTHENTICATOR: 'CUCM', TFTP: '1.2.3.4' } })).toEqual([]);
  });

  test('phone mode with another authenticator is an error', () => {
    expect(codes({ windows: { PRODUCT_MODE: 'phone_mode', AUTHENTICATOR: 'WEBEX', TFTP: 't.acme.com', CTI: 'c.acme.com' } })).toEqual(['phone-mode-authenticator']);
  });

  test('AUTHENTICATOR=CUP needs CUP_ADDRESS', () => {
    expect(codes({ windows: { AUTHENTICATOR: 'CUP' } })).toEqual(['needs-cup-address']);
    expect(codes({ windows: { AUTHENTICATOR: 'CUP', CUP_ADDRESS: 'imp.acme.com' } })).toEqual([]);
    expect(codes({ windows: { AUTHENTICATOR: 'WEBEX' } })).toEqual([]);
  });

  test('SSO_EMAIL_PROMPT ON names the switches it needs', () => {
    expect(codes({ windows: { SSO_EMAIL_PROMPT: true } })).toEqual(['sso-email-prompt-incomplete']);
    expect(
      codes({ windows: { SSO_EMAIL_PROMPT: true, UPN_DISCOVERY_ENABLED: false, SERVICES_DOMAIN: 'acme.com', VOICE_SERVICES_DOMAIN: 'acme.com' } }),
    ).toEqual([]);
  });

  test('INVALID_CERTIFICATE_BEHAVIOR is ignored in FIPS mode', () => {
    expect(codes({ windows: { FIPS_MODE: true, INVALID_CERTIFICATE_BEHAVIOR: 'PromptPerSession' } })).toEqual(['ignored-in-fips-mode']);
    expect(codes({ windows: { FIPS_MODE: false, INVALID_CERTIFICATE_BEHAVIOR: 'PromptPerSession' } })).toEqual([]);
  });
});

describe('secrets', () => {
  test('a literal secret is a warning suggesting ${env:...}; never its value', () => {
    const profile = makeProfile({ settings: { ...BASE, AutoLoginUserName: 'u', AutoLoginUserPassword: 'hunter2' } });
    const [d] = checkProfile(profile);
    expect(d).toMatchObject({ code: 'literal-secret', severity: 'warning', pointer: '/settings/AutoLoginUserPassword' });
    expect(d!.message).toContain('${env:JABBER_AUTO_LOGIN_USER_PASSWORD}');
    expect(d!.message).not.toContain('hunter2');
  });

  test('a secret from the environment is fine', () => {
    const profile = makeProfile({ settings: { ...BASE, AutoLoginUserName: 'u', AutoLoginUserPassword: 'hunter2' } });
    profile.envSourced = new Set(['/settings/AutoLoginUserPassword']);
    expect(checkProfile(profile)).toEqual([]);
  });

  test('envNameFor splits words', () => {
    expect(envNameFor('AutoLoginUserPassword')).toBe('JABBER_AUTO_LOGIN_USER_PASSWORD');
  });
});

describe('apps', () => {
  test('bundle ids and package names', () => {
    expect(codes({ apps: { ios: 'com.cisco.jabberIMintune', android: 'com.cisco.im.intune' } })).toEqual([]);
    expect(codes({ apps: { ios: 'com.my-company.app' } })).toEqual([]);
    expect(codes({ apps: { ios: 'jabber' } })).toEqual(['invalid-app-id']);
    expect(codes({ apps: { android: 'com.1cisco' } })).toEqual(['invalid-app-id']);
  });
});

describe('positions', () => {
  test('a hand-built profile (no positions) still gets file and pointer, line 0', () => {
    const [d] = checkProfile(makeProfile({ settings: {} }));
    expect(d).toMatchObject({ file: 'test.yaml', line: 0, column: 0, pointer: '/settings/ServicesDomain' });
  });
});
