import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { importArtifact, importSet, secretEnvName } from '../../src/import/import-artifact.js';
import { normalizeValue } from '../../src/artifact/normalize.js';
import { nameFromFile, sanitizeName } from '../../src/import/profile-name.js';
import { commentKey, commentText } from '../../src/import/profile-yaml.js';
import { ArtifactError, recogniseInput } from '../../src/artifact/read.js';
import { recogniseFile } from '../../src/artifact/detect.js';
import { getParameter } from '../../src/catalog/index.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { canonicalizeTokens, consolesWithTokensIn } from '../../src/variables/consoles.js';
import { validateProfile } from '../../src/profile/validate.js';
import { getTarget } from '../../src/targets/registry.js';
import { makeProfile } from '../helpers/profile.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-import-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fromText(contents: string, fileName = 'console-export.txt', name?: string) {
  return importSet(recogniseInput({ source: fileName, fileName, contents, fromArgument: false }), name !== undefined ? { name } : {});
}

const PASSWORD = 'Sup3r&Secret<pw>';
const base = makeProfile({
  name: 'acme-prod',
  settings: {
    ServicesDomain: 'acme.com',
    ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'],
    Telephony_Enabled: true,
    AutoLoginUserName: '${user.email}',
    AutoLoginUserPassword: PASSWORD,
  },
  apps: { ios: 'com.acme.jabber', android: 'com.cisco.im' },
});

describe('import of each target', () => {
  it.each(['ios-appconfig', 'ios-plist', 'ios-dict', 'android-managed-config', 'android-amapi', 'url'])(
    '%s: recognised by content, values canonical, secret as ${env:...}',
    (id) => {
      const artifact = getTarget(id)!.render(base, { emm: 'intune' }).artifacts[0]!;
      // Under a name that says nothing: detection is by content.
      const r = fromText(artifact.contents, 'download (3).bin');
      expect(r.target).toBe(id);
      expect(r.name).toBe('download-3');
      expect(r.yaml).not.toContain(PASSWORD);
      const doc = parseYaml(r.yaml) as { name: string; apps?: Record<string, string>; settings: Record<string, unknown> };
      expect(doc.name).toBe('download-3');
      expect(doc.settings.ServicesDomain).toBe('acme.com');
      expect(doc.settings.ServiceDiscoveryExcludedServices).toEqual(['WEBEX', 'CUP']);
      expect(doc.settings.Telephony_Enabled).toBe(true);
      if (id === 'url') {
        // EMM-only keys never reach the URL.
        expect(doc.settings.AutoLoginUserName).toBeUndefined();
        expect(r.env).toEqual([]);
      } else {
        expect(doc.settings.AutoLoginUserName).toBe('${user.email}');
        expect(doc.settings.AutoLoginUserPassword).toBe('${env:JABBER_AUTOLOGIN_PASSWORD}');
        expect(r.env).toEqual(['JABBER_AUTOLOGIN_PASSWORD']);
        const warning = r.diagnostics.find((d) => d.code === 'secret-as-env')!;
        expect(warning.message).toContain('Set JABBER_AUTOLOGIN_PASSWORD');
        expect(JSON.stringify(r.diagnostics)).not.toContain(PASSWORD);
      }
      // The bundle id travels in the AppConfig specfile only; the default Android package is not repeated.
      expect(doc.apps).toEqual(id === 'ios-appconfig' ? { ios: 'com.acme.jabber' } : undefined);
    },
  );

  it('writes settings in catalog order, lists in flow style, with a header naming the source', () => {
    const r = fromText('ciscojabber://provision?IP_Mode=Two%20Stacks&ServicesDomainSsoEmailPrompt=ON&ServiceDiscoveryExcludedServices=CUCM,CUP&ServicesDomain=acme.com\n', 'link.txt');
    expect(r.yaml).toBe(
      [
        '# Imported by jabber-emm from link.txt (url).',
        '',
        'name: link',
        'settings:',
        '  ServicesDomain: acme.com',
        '  ServiceDiscoveryExcludedServices: [CUCM, CUP]',
        '  ServicesDomainSsoEmailPrompt: true',
        '  IP_Mode: Two Stacks',
        '',
      ].join('\n'),
    );
  });

  it('imports the installer command into windows, and says CLEAR: false when the command lacks CLEAR=1', () => {
    const cmd = '@echo off\r\nmsiexec.exe /i CiscoJabberSetup.msi /quiet AUTHENTICATOR=CUCM TFTP=tftp.acme.com SERVICES_DOMAIN=acme.com\r\n';
    const r = fromText(cmd, 'install.cmd');
    expect(r.target).toBe('windows-installer');
    expect(parseYaml(r.yaml)).toEqual({ name: 'install', windows: { CLEAR: false, AUTHENTICATOR: 'CUCM', TFTP: 'tftp.acme.com', SERVICES_DOMAIN: 'acme.com' } });
    expect(r.diagnostics.map((d) => d.code)).toContain('windows-without-clear');
  });
});

describe('what does not fit the profile', () => {
  it('keeps unknown keys in a commented block at the end, and warns', () => {
    const json = JSON.stringify({
      kind: 'androidenterprise#managedConfiguration',
      productId: 'app:com.cisco.im',
      managedProperty: [
        { key: 'ServicesDomain', valueString: 'acme.com' },
        { key: 'Telephony_enabled', valueString: 'True' },
        { key: 'CustomBanner', valueString: 'Hello\nWorld' },
        { key: 'AdminPassword', valueString: 'leak-me-not' },
      ],
    });
    const r = fromText(json, 'intune.json');
    expect(r.yaml.endsWith(
      [
        '# Unknown keys found in intune.json:',
        '#   Telephony_enabled: True',
        '#   CustomBanner: Hello\\u000aWorld',
        '#   AdminPassword: ***',
        '',
      ].join('\n'),
    )).toBe(true);
    expect(r.yaml).not.toContain('leak-me-not');
    expect(r.diagnostics.find((d) => d.message.startsWith('Telephony_enabled'))!.message).toContain('Did you mean Telephony_Enabled?');
    expect(r.diagnostics.filter((d) => d.code === 'unknown-key').map((d) => d.message.split(' ')[0])).toEqual(['Telephony_enabled', 'CustomBanner', 'AdminPassword']);
    // The comment block is only comments: the profile is the same without it.
    expect(parseYaml(r.yaml)).toEqual({ name: 'intune', settings: { ServicesDomain: 'acme.com' } });
  });

  it('values that break the profile rules are errors with the profile codes, positions and did-you-mean; --lenient drops and names them', () => {
    const url = 'ciscojabber://provision?ServicesDomain=acme.com&Telephony_Enabled=maybe&IP_Mode=Dual_Stack';
    const strict = fromText(url, 'u.txt');
    expect(strict.ok).toBe(false);
    const errors = strict.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.pointer, d.line, d.column])).toEqual([
      ['invalid-boolean', '/settings/Telephony_Enabled', 1, 49],
      ['invalid-enum', '/settings/IP_Mode', 1, 73],
    ]);
    expect(errors[1]!.message).toMatch(/did you mean 'Two Stacks'|did you mean/i);
    // The parser's own error for the same value is not repeated.
    expect(strict.diagnostics.map((d) => d.code)).not.toContain('url-invalid-value');

    const r = importSet(recogniseInput({ source: 'u.txt', fileName: 'u.txt', contents: url, fromArgument: false }), { lenient: true });
    expect(r.ok).toBe(true);
    expect(parseYaml(r.yaml)).toEqual({ name: 'u', settings: { ServicesDomain: 'acme.com' } });
    expect(r.yaml).toContain('# Values Jabber does not take, found in u.txt (fix them, then move them into the profile):\n#   Telephony_Enabled: maybe\n#   IP_Mode: Dual_Stack\n');
    const dropped = r.diagnostics.filter((d) => /Dropped from the profile/.test(d.message));
    expect(dropped.map((d) => [d.severity, d.pointer])).toEqual([
      ['warning', '/settings/Telephony_Enabled'],
      ['warning', '/settings/IP_Mode'],
    ]);
  });

  it('turns console tokens into canonical variables', () => {
    for (const [token, canonical] of [
      ['{{mail}}', '${user.email}'],
      ['$EMAIL', '${user.email}'],
      ['$EMAIL$', '${user.email}'],
      ['{EmailAddress}', '${user.email}'],
      ['%upn%', '${user.upn}'],
      ['{{userprincipalname}}', '${user.upn}'],
      ['$USERNAME@acme.com', '${user.username}@acme.com'],
    ]) {
      const doc = { packageName: 'com.cisco.im', managedConfiguration: { ServicesDomain: 'acme.com', AutoLoginUserName: token } };
      const r = fromText(JSON.stringify(doc), 'amapi.json');
      expect((parseYaml(r.yaml) as { settings: Record<string, string> }).settings.AutoLoginUserName, token).toBe(canonical);
    }
  });

  it('produces a profile that validates (with the secret variable set)', async () => {
    const artifact = getTarget('ios-dict')!.render(base, { emm: 'jamf' }).artifacts[0]!;
    const file = path.join(tmp, 'imported.yaml');
    writeFileSync(file, fromText(artifact.contents, 'ios-dict.xml', 'acme-prod').yaml);
    const ok = await validateProfile(file, { env: { JABBER_AUTOLOGIN_PASSWORD: PASSWORD } });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.profile!.settings.get('AutoLoginUserPassword')).toBe(PASSWORD);
    // Without the variable, validate names it: the warning at import said so.
    const missing = await validateProfile(file, { env: {} });
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['env-missing']);
  });
});

describe('normalizeValue', () => {
  it('reads text tokens, typed values and string arrays to canonical values', () => {
    const p = (k: string) => getParameter('settings', k)!;
    expect(normalizeValue(p('ServicesDomainSsoEmailPrompt'), 'OFF')).toBe(false);
    expect(normalizeValue(p('ServicesDomainSsoEmailPrompt'), true)).toBe(true);
    expect(normalizeValue(p('Telephony_Enabled'), 1)).toBe(true);
    expect(normalizeValue(p('Telephony_Enabled'), 'maybe')).toBeUndefined();
    expect(normalizeValue(p('ServiceDiscoveryExcludedServices'), ['CUCM', 'CUP'])).toEqual(['CUCM', 'CUP']);
    expect(normalizeValue(p('ServiceDiscoveryExcludedServices'), 'CUCM, CUP')).toEqual(['CUCM', 'CUP']);
    expect(normalizeValue(p('IP_Mode'), 'two stacks')).toBeUndefined();
    expect(normalizeValue(getParameter('windows', 'LANGUAGE')!, 1036)).toBe(1036);
    expect(normalizeValue(getParameter('windows', 'LANGUAGE')!, '1036')).toBe(1036);
    expect(normalizeValue(p('ServicesDomain'), { nested: true })).toBeUndefined();
  });
});

describe('profile names', () => {
  it('fits file names to the name pattern', () => {
    expect(sanitizeName('ACME Prod (EMEA)')).toBe('acme-prod-emea');
    // Accents are dropped; a letter with no ASCII form becomes '-'.
    expect(sanitizeName('Ünïcode_Straße')).toBe('unicode_stra-e');
    expect(sanitizeName('---')).toBe('imported');
    expect(sanitizeName('con')).toBe('imported');
    expect(sanitizeName('..')).toBe('imported');
  });

  it('names an exported file by its profile folder', () => {
    expect(nameFromFile('out/acme-prod/ios-dict.xml', ['ios-dict.xml'])).toBe('acme-prod');
    expect(nameFromFile('ios-dict.xml', ['ios-dict.xml'])).toBe('ios-dict');
    expect(nameFromFile('exports/Intune iOS.xml', ['ios-dict.xml'])).toBe('intune-ios');
  });

  it('names a file of a console folder (several --emm) by the profile folder above it', () => {
    expect(nameFromFile(path.join('out', 'acme-prod', 'intune', 'ios-dict.xml'), ['ios-dict.xml'])).toBe('acme-prod');
    expect(nameFromFile(path.join('out', 'acme-prod', 'workspace-one', 'ios-appconfig.xml'), ['ios-appconfig.xml'])).toBe('acme-prod');
    // A folder that is no console id is the profile folder itself, as before.
    expect(nameFromFile(path.join('out', 'acme-prod', 'ios', 'ios-dict.xml'), ['ios-dict.xml'])).toBe('ios');
  });

  it('names a URL given as the argument "imported", and takes --name as given', async () => {
    expect((await importArtifact('ciscojabber://provision?ServicesDomain=acme.com')).name).toBe('imported');
    expect((await importArtifact('ciscojabber://provision?ServicesDomain=acme.com', { name: 'acme-eu' })).name).toBe('acme-eu');
    await expect(importArtifact('ciscojabber://provision?ServicesDomain=acme.com', { name: 'Acme EU' })).rejects.toMatchObject({ code: 'invalid-name' });
  });

  it('derives env variable names for secrets', () => {
    expect(secretEnvName(getParameter('settings', 'AutoLoginUserPassword')!)).toBe('JABBER_AUTOLOGIN_PASSWORD');
    expect(secretEnvName({ ...getParameter('settings', 'AutoLoginUserName')!, key: 'ProxyPassword' })).toBe('JABBER_PROXY_PASSWORD');
  });
});

describe('reading artifacts', () => {
  it('says when no target recognises a file, or a recognised file holds nothing readable', async () => {
    const odd = path.join(tmp, 'odd.txt');
    writeFileSync(odd, 'hello\n');
    await expect(importArtifact(odd)).rejects.toMatchObject({ code: 'not-recognised' });
    await expect(importArtifact(path.join(tmp, 'nope.xml'))).rejects.toMatchObject({ code: 'path-not-found' });
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, '{"kind": "androidenterprise#managedConfiguration", "managedProperty": [');
    expect(recogniseFile('{"managedProperty": []}', 'x.json')?.target.id).toBe('android-managed-config');
    const err = (await importArtifact(broken).catch((e: unknown) => e)) as ArtifactError;
    expect(err).toBeInstanceOf(ArtifactError);
    expect(['not-recognised', 'unreadable-artifact']).toContain(err.code);
  });

  it('escapes comment text to one line', () => {
    expect(commentText('a\nb\u202ec')).toBe('a\\u000ab\\u202ec');
  });

  it('names an unknown key in the comment so that it reads back as that key (an empty one was "#   : x")', async () => {
    expect([commentKey('Key'), commentKey(''), commentKey(' Pad '), commentKey('a: b'), commentKey('"q')]).toEqual(['Key', '""', '" Pad "', '"a: b"', '"\\"q"']);
    const file = path.join(tmp, 'empty-key.xml');
    writeFileSync(file, '<dict>\n  <key>ServicesDomain</key>\n  <string>acme.com</string>\n  <key></key>\n  <string>x</string>\n</dict>\n');
    const r = await importArtifact(file, { lenient: true });
    expect(r.yaml).toContain('#   "": x\n');
  });
});

describe('console tokens no table knows', () => {
  it('{{nosuchtoken}} and {DeviceModel} are imported as text and named, by import and validate alike; a known token is not; a secret is never quoted', async () => {
    const file = path.join(tmp, 'tokens.xml');
    writeFileSync(
      file,
      '<dict>\n  <key>ServicesDomain</key>\n  <string>acme.com</string>\n  <key>AutoLoginUserName</key>\n  <string>{{nosuchtoken}}</string>\n  <key>PRTCertificateName</key>\n  <string>{DeviceModel} {{mail}} ${x}</string>\n  <key>AutoLoginUserPassword</key>\n  <string>{Secret1}</string>\n</dict>\n',
    );
    const r = await importArtifact(file, { lenient: true });
    const warned = r.diagnostics.filter((d) => d.code === 'unknown-console-token');
    expect(warned.map((d) => [d.pointer, d.line, d.column])).toEqual([
      ['/settings/AutoLoginUserName', 4, 3],
      ['/settings/PRTCertificateName', 6, 3],
    ]);
    expect(warned[0]!.message).toContain('holds {{nosuchtoken}},');
    expect(warned[1]!.message).toContain('holds {DeviceModel},');
    expect(JSON.stringify(r.diagnostics)).not.toContain('Secret1');
    expect(parseYaml(r.yaml).settings.AutoLoginUserName).toBe('{{nosuchtoken}}');
    const [v] = (await validatePaths([file])).results;
    expect(v!.diagnostics.filter((d) => d.code === 'unknown-console-token').map((d) => d.pointer)).toEqual(warned.map((d) => d.pointer));
  });
});

describe('a {{...}} is one Intune token', () => {
  it('{{UserPrincipalName}} stays text, named with the documented spelling; Workspace ONE\'s {UserPrincipalName} is not read out of it (it became {${user.upn}})', async () => {
    expect(canonicalizeTokens('{{UserPrincipalName}}')).toBe('{{UserPrincipalName}}');
    expect(canonicalizeTokens('{{userprincipalname}} {UserPrincipalName} {{mail}}x')).toBe('${user.upn} ${user.upn} ${user.email}x');
    expect(consolesWithTokensIn('{{UserPrincipalName}}')).toEqual([]);
    expect(consolesWithTokensIn('a {UserPrincipalName} $EMAIL$')).toEqual(['workspace-one', 'ivanti-core']);
    const file = path.join(tmp, 'intune-case.xml');
    writeFileSync(file, '<dict>\n  <key>ServicesDomain</key>\n  <string>acme.com</string>\n  <key>PRTCertificateName</key>\n  <string>{{UserPrincipalName}}</string>\n</dict>\n');
    const r = await importArtifact(file);
    expect(parseYaml(r.yaml).settings.PRTCertificateName).toBe('{{UserPrincipalName}}');
    const warned = r.diagnostics.find((d) => d.code === 'unknown-console-token')!;
    expect(warned.message).toContain('Did you mean {{userprincipalname}} for {{UserPrincipalName}}');
  });
});

describe('--out and --force', () => {
  it('an existing --out file is refused (out-exists, untouched); force replaces it', async () => {
    const out = path.join(tmp, 'exists.yaml');
    writeFileSync(out, 'name: keep\n');
    const url = 'ciscojabber://provision?ServicesDomain=acme.com';
    const err = await importArtifact(url, { out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    expect(err).toMatchObject({ code: 'out-exists', message: `${out} exists; pass --force to replace it.` });
    expect(readFileSync(out, 'utf8')).toBe('name: keep\n');
    const r = await importArtifact(url, { out, force: true });
    expect(r.file).toBe(out);
    expect(readFileSync(out, 'utf8')).toBe(r.yaml);
    // A new file needs no --force.
    const fresh = path.join(tmp, 'fresh.yaml');
    expect((await importArtifact(url, { out: fresh })).file).toBe(fresh);
  });
});
