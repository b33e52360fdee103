/**
 * The installer command as Cisco's guides print it, read back by the windows-installer target
 * (issue 9, "Cisco's printed forms"). Nothing on the line may be dropped: every switch is read or
 * named in a diagnostic, and every key read carries its line and column (from 1).
 *
 * Forms are from the project's reference (../shared/reference/jabber-parameters.md §6): the guides
 * typeset `CLEAR =1` with a space before `=` (10.5/11.0 install chapters [S4, S5]: "To exclude all
 * services, specify: EXCLUDED_SERVICES =CUP,CUCM,WEBEX"), wrap long commands over lines, and the
 * 12.9 SSO example has no /quiet ("msiexec.exe /i CiscoJabberSetup.msi SSO_EMAIL_PROMPT=ON
 * UPN_DISCOVERY_ENABLED=False ... CLEAR=1" [S1]).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePaths } from '../../src/validate/validate-paths.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ParsedArtifact } from '../../src/targets/types.js';
import { windowsInstallerTarget } from '../../src/targets/windows/index.js';

function parse(text: string): ParsedArtifact {
  return windowsInstallerTarget.parse!([{ contents: text, fileName: 'guide.cmd' }]);
}

function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}

describe('windows-installer reads the forms Cisco prints', () => {
  it('NAME =value (space before =) is read, with a warning at each switch naming it', () => {
    // 12.9 install chapter, "Example Installation Commands" as typeset.
    const text = 'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR =1 AUTHENTICATOR =CUP CUP_ADDRESS =1.2.3.4\r\n';
    expect(windowsInstallerTarget.recognise!(text, 'guide.cmd')).toBeDefined();
    const parsed = parse(text);
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', AUTHENTICATOR: 'CUP', CUP_ADDRESS: '1.2.3.4' });
    expect(parsed.unknown.size).toBe(0);
    const spaced = parsed.diagnostics.filter((d) => d.code === 'windows-spaced-equals');
    expect(spaced.map((d) => [d.severity, d.line, d.column])).toEqual([
      ['warning', 1, 44],
      ['warning', 1, 53],
      ['warning', 1, 72],
    ]);
    expect(spaced[1]!.message).toContain('AUTHENTICATOR =CUP');
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('UPN_DISCOVERY_ENABLED =false and NAME = value are read too', () => {
    const parsed = parse('msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 UPN_DISCOVERY_ENABLED =false TFTP = tftp.example.com\r\n');
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', UPN_DISCOVERY_ENABLED: 'false', TFTP: 'tftp.example.com' });
    expect(codes(parsed.diagnostics)).toEqual(['windows-spaced-equals', 'windows-spaced-equals']);
  });

  it('a line continued with cmd.exe ^ is one command; positions point into the second line', () => {
    const text = '@echo off\r\nmsiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 ^\r\n  AUTHENTICATOR=CUCM TFTP=1.2.3.4\r\n';
    const parsed = parse(text);
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', AUTHENTICATOR: 'CUCM', TFTP: '1.2.3.4' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.positions.get('/windows/CLEAR')).toMatchObject({ line: 2, column: 44 });
    expect(parsed.positions.get('/windows/AUTHENTICATOR')).toMatchObject({ line: 3, column: 3 });
    expect(parsed.positions.get('/windows/TFTP')).toMatchObject({ line: 3, column: 22 });
  });

  it('a command wrapped over lines by a guide (no ^) is read as one, with a warning naming the wrapped line', () => {
    const text = 'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 PRODUCT_MODE=Phone_Mode\nAUTHENTICATOR=CUCM TFTP=1.2.3.4 CTI=5.6.7.8\n';
    const parsed = parse(text);
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', PRODUCT_MODE: 'Phone_Mode', AUTHENTICATOR: 'CUCM', TFTP: '1.2.3.4', CTI: '5.6.7.8' });
    const wrapped = parsed.diagnostics.filter((d) => d.code === 'windows-wrapped-line');
    expect(wrapped.map((d) => [d.severity, d.line, d.column])).toEqual([['warning', 2, 1]]);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.positions.get('/windows/CTI')).toMatchObject({ line: 2, column: 33 });
  });

  it('LF line endings are read like CRLF', () => {
    const parsed = parse('@echo off\nREM Jabber\nmsiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 TFTP=1.2.3.4\n');
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', TFTP: '1.2.3.4' });
    expect(parsed.diagnostics).toEqual([]);
  });

  it("a command without /quiet (12.9's SSO example) is read, with a warning that it shows the installer's dialogs", () => {
    const text =
      'msiexec.exe /i CiscoJabberSetup.msi SSO_EMAIL_PROMPT=ON UPN_DISCOVERY_ENABLED=False VOICE_SERVICES_DOMAIN=example.cisco.com SERVICES_DOMAIN=example.cisco.com CLEAR=1\r\n';
    const parsed = parse(text);
    expect(Object.fromEntries(parsed.windows)).toEqual({
      SSO_EMAIL_PROMPT: 'ON',
      UPN_DISCOVERY_ENABLED: 'False',
      VOICE_SERVICES_DOMAIN: 'example.cisco.com',
      SERVICES_DOMAIN: 'example.cisco.com',
      CLEAR: '1',
    });
    const quiet = parsed.diagnostics.find((d) => d.code === 'windows-not-quiet');
    expect(quiet).toMatchObject({ severity: 'warning', line: 1, column: 1 });
  });

  it('every token that is not understood is named in a diagnostic, with its position', () => {
    const text = 'msiexec /i CiscoJabberSetup.msi /qn /norestart /l*v C:\\install.log CLEAR=1 stray TFTP=1.2.3.4\r\n';
    const parsed = parse(text);
    expect(Object.fromEntries(parsed.windows)).toEqual({ CLEAR: '1', TFTP: '1.2.3.4' });
    const named = parsed.diagnostics.filter((d) => d.code === 'windows-msiexec-option' || d.code === 'windows-unknown-token');
    expect(named.map((d) => [d.code, d.column])).toEqual([
      ['windows-msiexec-option', 33],
      ['windows-msiexec-option', 37],
      ['windows-msiexec-option', 48],
      ['windows-unknown-token', 76],
    ]);
    expect(named[2]!.message).toContain('/l*v C:\\install.log');
    expect(named[3]!.message).toContain('stray');
  });

  it('an unknown switch is named with its position and kept', () => {
    const parsed = parse('msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 ACME_CUSTOM=1\r\n');
    expect(Object.fromEntries(parsed.unknown)).toEqual({ ACME_CUSTOM: '1' });
    const d = parsed.diagnostics.find((x) => x.code === 'windows-unknown-property')!;
    expect([d.line, d.column]).toEqual([1, 52]);
    expect(parsed.positions.get('/unknown/ACME_CUSTOM')).toMatchObject({ line: 1, column: 52 });
  });

  it('verify: a spaced = or a wrapped line is an error in a file meant to run (msiexec would not get the switch)', async () => {
    const base = { target: 'windows-installer', fileName: 'install-jabber.cmd' };
    const spaced = '@echo off\r\nmsiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR =1 TFTP=1.2.3.4\r\n';
    const wrapped = '@echo off\r\nmsiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1\r\nTFTP=1.2.3.4\r\n';
    const [a, b] = await windowsInstallerTarget.verify([
      { ...base, contents: spaced },
      { ...base, contents: wrapped },
    ]);
    expect(a!.filter((d) => d.severity === 'error').map((d) => d.code)).toContain('windows-spaced-equals');
    expect(b!.filter((d) => d.severity === 'error').map((d) => d.code)).toContain('windows-wrapped-line');
  });

  it('validate of a guide line names each spaced switch once, as an error, and points the LF line ending at its line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jabber-emm-printed-'));
    try {
      const file = path.join(dir, 'guide.cmd');
      writeFileSync(file, '@echo off\r\nmsiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR =1 TFTP=1.2.3.4\n');
      const report = await validatePaths([file]);
      const found = report.results[0]!.diagnostics;
      expect(found.filter((d) => d.code === 'windows-spaced-equals').map((d) => [d.severity, d.line, d.column])).toEqual([['error', 2, 44]]);
      expect(found.find((d) => d.code === 'windows-line-endings')).toMatchObject({ line: 2, column: 65 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a line that is not part of the install names its command', () => {
    const parsed = parse('@echo off\r\necho Installing Jabber\r\nmsiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 TFTP=1.2.3.4\r\n');
    const d = parsed.diagnostics.find((x) => x.code === 'windows-unexpected-line')!;
    expect([d.line, d.column]).toEqual([2, 1]);
    expect(d.message).toContain('"echo"');
  });
});
