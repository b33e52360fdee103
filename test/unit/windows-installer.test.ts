import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getParameter } from '../../src/catalog/index.js';
import { encodeText } from '../../src/catalog/encode.js';
import type { SettingValue } from '../../src/profile/types.js';
import { checkProfile } from '../../src/profile/check.js';
import { parseCmdLine, quoteCmdValue } from '../../src/targets/windows/cmd-quoting.js';
import { windowsInstallerTarget } from '../../src/targets/windows/index.js';
import { makeProfile } from '../helpers/profile.js';

type Init = { name?: string; settings?: Record<string, SettingValue>; windows?: Record<string, SettingValue> };

function render(init: Init) {
  return windowsInstallerTarget.render(makeProfile(init), {});
}

/** The msiexec line of a rendered file. */
function msiLine(init: Init): string {
  const r = render(init);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines = r.artifacts[0]!.contents.split('\r\n');
  return lines.find((l) => l.startsWith('msiexec'))!;
}

const PREFIX = 'msiexec.exe /i CiscoJabberSetup.msi /quiet';

describe('windows-installer: the file', () => {
  it('is a CRLF batch file with @echo off, a REM header naming the profile, and the msiexec line', async () => {
    const r = render({ name: 'acme-desktop', windows: { AUTHENTICATOR: 'WEBEX', SSO_ORG_DOMAIN: 'example.com' } });
    expect(r.diagnostics).toEqual([]);
    expect(r.artifacts).toHaveLength(1);
    expect(r.artifacts[0]!.fileName).toBe('install-jabber.cmd');
    expect(r.artifacts[0]!.contents).toBe(
      [
        '@echo off',
        'REM Cisco Jabber for Windows installation, profile acme-desktop',
        'REM Written by jabber-emm. Put this file beside CiscoJabberSetup.msi and run it as an administrator.',
        'REM CLEAR=1 replaces the bootstrap file of an earlier installation, so the values below take effect.',
        'setlocal DisableDelayedExpansion',
        'pushd "%~dp0"',
        // Cisco's cloud SSO example (reference §6 [S4, S5, S1]), character for character.
        'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 AUTHENTICATOR=WEBEX SSO_ORG_DOMAIN=example.com',
        '',
      ].join('\r\n'),
    );
    expect(await windowsInstallerTarget.verify(r.artifacts)).toEqual([[]]);
  });

  it.each<[Init, string]>([
    // reference §6: Cisco's 8.x phone-mode example [S4, S5]
    [{ windows: { CTI: '5.6.7.8', TFTP: '1.2.3.4', AUTHENTICATOR: 'CUCM', PRODUCT_MODE: 'Phone_Mode' } }, `${PREFIX} CLEAR=1 PRODUCT_MODE=Phone_Mode AUTHENTICATOR=CUCM TFTP=1.2.3.4 CTI=5.6.7.8`],
    // TAC 200637 [S15]
    [{ windows: { EXCLUDED_SERVICES: ['WEBEX'] } }, `${PREFIX} CLEAR=1 EXCLUDED_SERVICES=WEBEX`],
    // "To exclude all services, specify: EXCLUDED_SERVICES =CUP,CUCM,WEBEX" [S4, S5]
    [{ windows: { EXCLUDED_SERVICES: ['CUP', 'CUCM', 'WEBEX'] } }, `${PREFIX} CLEAR=1 EXCLUDED_SERVICES=CUP,CUCM,WEBEX`],
    // ENABLE_DPI_AWARE example [S1] (Cisco's has no /quiet)
    [{ windows: { ENABLE_DPI_AWARE: false } }, `${PREFIX} CLEAR=1 ENABLE_DPI_AWARE=false`],
    [{ windows: { SSO_ENABLED: false } }, `${PREFIX} CLEAR=1 SSO_ENABLED=FALSE`],
    [{ windows: { RESET_JABBER: true, LANGUAGE: 1036 } }, `${PREFIX} CLEAR=1 LANGUAGE=1036 RESET_JABBER=1`],
    [{ windows: { RESET_JABBER: false, LANGUAGE: 1033 } }, `${PREFIX} CLEAR=1 LANGUAGE=1033`],
    [{ windows: { CLEAR: true, TFTP: 'tftp.example.com' } }, `${PREFIX} CLEAR=1 TFTP=tftp.example.com`],
  ])('%j', (init, expected) => {
    expect(msiLine(init)).toBe(expected);
  });

  it('carries shared settings through their windowsSwitch, in catalog order after CLEAR', () => {
    const r = render({
      settings: {
        ServicesDomainSsoEmailPrompt: true,
        ServicesDomain: 'example.cisco.com',
        VoiceServicesDomain: 'example.cisco.com',
        ServiceDiscoveryExcludedServices: ['WEBEX'],
        IP_Mode: 'Two Stacks',
      },
      windows: { UPN_DISCOVERY_ENABLED: false },
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.artifacts[0]!.contents.split('\r\n').find((l) => l.startsWith('msiexec'))).toBe(
      `${PREFIX} CLEAR=1 SERVICES_DOMAIN=example.cisco.com VOICE_SERVICES_DOMAIN=example.cisco.com EXCLUDED_SERVICES=WEBEX ` +
        'UPN_DISCOVERY_ENABLED=false IP_Mode="Two Stacks" SSO_EMAIL_PROMPT=ON',
    );
  });

  it('a profile with only shared settings is still written, with CLEAR=1', () => {
    expect(msiLine({ settings: { ServicesDomain: 'example.com' } })).toBe(`${PREFIX} CLEAR=1 SERVICES_DOMAIN=example.com`);
  });

  it('the windows section wins over a differing shared setting (the profile check warns, once); an equal one is silent', () => {
    const init = { settings: { ServicesDomain: 'mobile.example.com' }, windows: { SERVICES_DOMAIN: 'desktop.example.com' } };
    const differ = render(init);
    expect(differ.artifacts[0]!.contents).toContain('SERVICES_DOMAIN=desktop.example.com\r\n');
    expect(differ.diagnostics).toEqual([]);
    expect(checkProfile(makeProfile(init)).map((d) => [d.severity, d.code, d.pointer])).toEqual([['warning', 'windows-overrides-setting', '/windows/SERVICES_DOMAIN']]);
    const same = render({ settings: { ServicesDomain: 'example.com' }, windows: { SERVICES_DOMAIN: 'example.com' } });
    expect(same.diagnostics).toEqual([]);
    expect(checkProfile(makeProfile({ settings: { ServicesDomain: 'example.com' }, windows: { SERVICES_DOMAIN: 'example.com' } }))).toEqual([]);
    expect(same.artifacts[0]!.contents.match(/SERVICES_DOMAIN=/g)).toHaveLength(1);
  });

  it('CLEAR: false leaves CLEAR out, with a warning that the values may not take effect', () => {
    const r = render({ windows: { CLEAR: false, TFTP: 'tftp.example.com' } });
    expect(r.artifacts[0]!.contents).toContain(`${PREFIX} TFTP=tftp.example.com\r\n`);
    // The header does not claim a CLEAR=1 the command does not have.
    expect(r.artifacts[0]!.contents).not.toContain('CLEAR=1 replaces');
    expect(r.artifacts[0]!.contents).toContain(
      'REM Without CLEAR=1 an earlier installation keeps its bootstrap file: the values below take effect only where Jabber was never installed.\r\n',
    );
    const cleared = render({ windows: { TFTP: 'tftp.example.com' } }).artifacts[0]!.contents;
    expect(cleared).toContain('REM CLEAR=1 replaces the bootstrap file of an earlier installation, so the values below take effect.\r\n');
    expect(cleared).not.toContain('REM Without CLEAR=1');
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).toEqual([['windows-without-clear', '/windows/CLEAR']]);
  });

  it('settings without an installer switch are not-carried warnings; a profile where nothing maps writes nothing', () => {
    const r = render({ settings: { Telephony_Enabled: false, AutoLoginUserPassword: 'hunter2-secret' } });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ['not-carried', '/settings/Telephony_Enabled'],
      ['not-carried', '/settings/AutoLoginUserPassword'],
      ['nothing-to-write', '/windows'],
    ]);
    expect(JSON.stringify(r.diagnostics)).not.toContain('hunter2');
    expect(render({ windows: { CLEAR: false } }).artifacts).toEqual([]);
  });

  it('the profile name cannot break the REM header', async () => {
    const r = render({ name: 'a%PATH%^&calc|x\n"y"', windows: { TFTP: 't' } });
    const rem = r.artifacts[0]!.contents.split('\r\n')[1]!;
    expect(rem).toBe('REM Cisco Jabber for Windows installation, profile a_PATH___calc_x__y_');
    expect(await windowsInstallerTarget.verify(r.artifacts)).toEqual([[]]);
  });
});

describe('windows-installer: quoting for cmd.exe and msiexec', () => {
  it.each([
    ['example.com', 'example.com'],
    ['C:\\Program Files\\Jabber Logs', '"C:\\Program Files\\Jabber Logs"'],
    ['x & del C:\\', '"x & del C:\\"'],
    ['a|b', '"a|b"'],
    ['a^b', '"a^b"'],
    ['(x)', '"(x)"'],
    ['<x>', '"<x>"'],
    ['50%', '50%%'],
    ['%PATH%', '%%PATH%%'],
    ['100% & more', '"100%% & more"'],
    ['!x!', '!x!'],
    ['a;b,c=d', 'a;b,c=d'],
    ['', '""'],
    ['Jürgen', 'Jürgen'],
  ])('%j → %s, read back unchanged', (value, written) => {
    expect(quoteCmdValue(value)).toEqual({ ok: true, text: written });
    const parsed = parseCmdLine(`${PREFIX} X=${written} Y=1`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tokens.filter((t) => t.property).map((t) => t.property)).toEqual([
      { name: 'X', value },
      { name: 'Y', value: '1' },
    ]);
  });

  it.each([
    ['say "hi"', 'quote-in-value'],
    ['a\nb', 'control-character'],
    ['a\r\nmsiexec /x', 'control-character'],
    ['a\u0000b', 'control-character'],
    ['a\tb', 'control-character'],
  ])('%j is refused (%s)', (value, code) => {
    expect(quoteCmdValue(value)).toMatchObject({ ok: false, code });
  });

  it('the reader sees through what an attacker would write unquoted', () => {
    expect(parseCmdLine(`${PREFIX} X=x & del C:\\`).problems.map((p) => p.code)).toEqual(['command-chaining']);
    expect(parseCmdLine(`${PREFIX} X=%PATH%`).problems.map((p) => p.code)).toEqual(['runtime-variable', 'runtime-variable']);
    expect(parseCmdLine(`${PREFIX} X="open`).problems.map((p) => p.code)).toEqual(['unclosed-quote']);
    expect(parseCmdLine(`${PREFIX} X=a^&b`).tokens.at(-1)!.property).toEqual({ name: 'X', value: 'a&b' });
    expect(parseCmdLine(`${PREFIX} X="a ""b"""`).tokens.at(-1)!.property).toEqual({ name: 'X', value: 'a "b"' });
  });

  it('values that cannot be written are errors and nothing is written', () => {
    const r = render({ windows: { LOG_DIRECTORY: 'C:\\"Logs"', TFTP_FILE_NAME: 'a\r\nshutdown /s', FORGOT_PASSWORD_URL: 'https://x.example.com/${user.email}' } });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toEqual([
      ['error', 'variable-in-installer', '/windows/FORGOT_PASSWORD_URL'],
      ['error', 'windows-quote-in-value', '/windows/LOG_DIRECTORY'],
      ['error', 'windows-control-character', '/windows/TFTP_FILE_NAME'],
    ]);
  });

  it('a command line longer than cmd.exe reads is an error', () => {
    const r = render({ windows: { TFTP_FILE_NAME: 'x'.repeat(9000) } });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['windows-line-too-long']);
  });

  it('non-ASCII text switches the file to UTF-8, with a warning', async () => {
    const r = render({ windows: { LOG_DIRECTORY: 'C:\\Users\\Jürgen\\Logs' } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['windows-non-ascii']);
    expect(r.artifacts[0]!.contents).toContain('\r\nchcp 65001 >nul\r\n');
    expect(await windowsInstallerTarget.verify(r.artifacts)).toEqual([[]]);
  });

  it('injection: hostile values stay one property value each and read back unchanged', async () => {
    const hostile = {
      LOG_DIRECTORY: 'x & del C:\\',
      TFTP_FILE_NAME: 'a|b > c < d ^ e (f) 100% !g!',
      PRT_CERTIFICATE_NAME: '%COMSPEC% /c calc',
      FORGOT_PASSWORD_URL: 'https://x.example.com/?a=b&c=d#e',
      CUP_ADDRESS: '\u202eexample.com',
    };
    const r = render({ windows: hostile });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['windows-non-ascii']);
    expect(await windowsInstallerTarget.verify(r.artifacts)).toEqual([[]]);
    const parsed = windowsInstallerTarget.parse!([{ contents: r.artifacts[0]!.contents, fileName: 'install-jabber.cmd' }]);
    expect(parsed.diagnostics).toEqual([]);
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', ...hostile });
  });

  it('property: any writable text round-trips through the .cmd and verify passes', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.stringMatching(/^[&|^<>()%! ;,=\\/:a-z\u00e9\u202e-]{0,20}$/),
    ).filter((s) => quoteCmdValue(s).ok);
    await fc.assert(
      fc.asyncProperty(text, text, text, async (a, b, c) => {
        const r = render({ windows: { LOG_DIRECTORY: a, TFTP_FILE_NAME: b, SSO_ORG_DOMAIN: c } });
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(await windowsInstallerTarget.verify(r.artifacts)).toEqual([[]]);
        const parsed = windowsInstallerTarget.parse!([{ contents: r.artifacts[0]!.contents, fileName: 'install-jabber.cmd' }]);
        expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', LOG_DIRECTORY: a, TFTP_FILE_NAME: b, SSO_ORG_DOMAIN: c });
        expect(parsed.unknown.size).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('property: typed values read back to the same Cisco tokens', () => {
    const windows = fc.record(
      {
        AUTHENTICATOR: fc.constantFrom('CUP', 'CUCM', 'WEBEX'),
        UPN_DISCOVERY_ENABLED: fc.boolean(),
        LANGUAGE: fc.integer({ min: 1, max: 65535 }),
        IP_Mode: fc.constantFrom('IPv4-Only', 'IPv6-Only', 'Two Stacks'),
        EXCLUDED_SERVICES: fc.subarray(['WEBEX', 'CUCM', 'CUP'], { minLength: 1 }),
        SSO_EMAIL_PROMPT: fc.boolean(),
      },
      { requiredKeys: ['AUTHENTICATOR'] },
    );
    fc.assert(
      fc.property(windows, (w) => {
        const r = render({ windows: w as Record<string, SettingValue> });
        const parsed = windowsInstallerTarget.parse!([{ contents: r.artifacts[0]!.contents, fileName: 'install-jabber.cmd' }]);
        const expected = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, encodeText(getParameter('windows', k)!, v as SettingValue)]));
        expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', ...expected });
      }),
      { numRuns: 100 },
    );
  });
});

describe('windows-installer: parse, detect, verify', () => {
  it("reads Cisco's TAC command back into windows values", () => {
    const text = 'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 EXCLUDED_SERVICES=WEBEX\r\n';
    expect(windowsInstallerTarget.recognise?.(text, 'x.txt') !== undefined).toBe(true);
    const parsed = windowsInstallerTarget.parse!([{ contents: text, fileName: 'x.txt' }]);
    expect(parsed.diagnostics).toEqual([]);
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', EXCLUDED_SERVICES: 'WEBEX' });
  });

  it('keeps a differently cased switch under its catalog name, with a warning; unknown switches are kept apart', () => {
    const parsed = windowsInstallerTarget.parse!([{ contents: 'msiexec /i CiscoJabberSetup.msi Services_Domain=a.com FOO=bar\n', fileName: 'x.cmd' }]);
    expect(Object.fromEntries(parsed.windows)).toEqual({ SERVICES_DOMAIN: 'a.com', CLEAR: false });
    expect(Object.fromEntries(parsed.unknown)).toEqual({ FOO: 'bar' });
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['windows-not-quiet', 'windows-property-case', 'windows-unknown-property', 'windows-without-clear']);
  });

  it('detects only Jabber installer commands', () => {
    expect(windowsInstallerTarget.recognise?.('@echo off\r\nmsiexec.exe /i "CiscoJabberSetup.msi" /quiet\r\n', 'a.cmd') !== undefined).toBe(true);
    expect(windowsInstallerTarget.recognise?.('msiexec.exe /i FirefoxSetup.msi /quiet\r\n', 'a.cmd') !== undefined).toBe(false);
    expect(windowsInstallerTarget.recognise?.('@echo off\r\nmsiexec /i \\\\srv\\share\\CiscoJabberSetup.msi\r\n', 'a.bat') !== undefined).toBe(true);
    expect(windowsInstallerTarget.recognise?.('ciscojabber://provision?ServicesDomain=x', 'a.txt') !== undefined).toBe(false);
  });

  const good = render({ windows: { TFTP: 'tftp.example.com' } }).artifacts[0]!;
  it.each([
    ['LF line endings', (c: string) => c.replace(/\r\n/g, '\n'), 'windows-line-endings'],
    ['a second command', (c: string) => c + 'del /q C:\\*\r\n', 'windows-unexpected-line'],
    ['a chained command', (c: string) => c.replace('TFTP=tftp.example.com', 'TFTP=x & calc'), 'windows-command-chaining'],
    ['a duplicate switch', (c: string) => c.replace('TFTP=tftp.example.com', 'TFTP=a TFTP=b'), 'windows-duplicate-property'],
    ['a REM that swallows the next line', (c: string) => c.replace('take effect.', 'take effect. ^'), 'windows-unexpected-line'],
    ['a second msiexec line', (c: string) => c + 'msiexec.exe /x CiscoJabberSetup.msi /quiet\r\n', 'windows-msiexec-lines'],
    ['other msiexec switches', (c: string) => c.replace('/quiet', '/passive'), 'windows-msiexec-switches'],
    ['an invalid value', (c: string) => c.replace('TFTP=tftp.example.com', 'TFTP=tftp.example.com AUTHENTICATOR=LDAP'), 'windows-invalid-value'],
  ])('verify flags %s', async (_what, tamper, code) => {
    const contents = tamper(good.contents);
    expect(contents).not.toBe(good.contents);
    const [found] = await windowsInstallerTarget.verify([{ ...good, contents }]);
    expect(found!.filter((d) => d.severity === 'error').map((d) => d.code)).toContain(code);
  });
});
