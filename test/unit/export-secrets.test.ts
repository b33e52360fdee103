/**
 * Secrets only where they belong: which files hold a secret (the renderers say so), that export
 * writes them 0600 and marks them (`files[].secret`, the summary), that a DDM asset (served at a
 * URL) may not hold one unless `--allow-secret-in-asset`, and that per-user variables in an AMAPI
 * policy warn as they do in a DDM asset.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getParameter } from '../../src/catalog/index.js';
import { exportProfiles } from '../../src/export/export-profiles.js';
import { summaryLines } from '../../src/export/reporter.js';
import { writeProfileFiles } from '../../src/export/writer.js';
import { TARGETS } from '../../src/targets/registry.js';
import { makeProfile } from '../helpers/profile.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-secrets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PASSWORD = 'Hunter2-<&>"secret"';
const ASSET_URL = 'https://mdm.acme.com/jabber/';
const mode = (file: string): number => statSync(file).mode & 0o777;

/** The files each target marks secret for a profile, by file name. */
function secretFiles(settings: Record<string, string>): string[] {
  const p = makeProfile({ name: 'p', settings: { ServicesDomain: 'acme.com', ...settings } });
  return TARGETS.flatMap((t) => t.render(p, { emm: 'intune', assetUrl: 'https://mdm.acme.com/p.plist', allowSecretInAsset: true }).artifacts)
    .filter((a) => a.secret)
    .map((a) => a.fileName);
}

describe('which files hold a secret', () => {
  it('every EMM file that carries AutoLoginUserPassword as written, and no other', () => {
    expect(secretFiles({ AutoLoginUserName: '${user.email}', AutoLoginUserPassword: PASSWORD })).toEqual([
      'ios-appconfig.xml',
      'ios-managed.plist',
      'ios-dict.xml',
      'ios-ddm-config.plist',
      'android-managed-config.json',
      'android-amapi-policy.json',
      // The restrictions file carries values as defaults; its values file only titles.
      'app_restrictions.xml',
    ]);
    // Each marked file really holds the value, and no unmarked one does.
    const p = makeProfile({ name: 'p', settings: { ServicesDomain: 'acme.com', AutoLoginUserName: 'jdoe', AutoLoginUserPassword: 'Plain1234' } });
    for (const a of TARGETS.flatMap((t) => t.render(p, { assetUrl: 'https://mdm.acme.com/p.plist', allowSecretInAsset: true }).artifacts)) {
      expect(a.contents.includes('Plain1234'), a.fileName).toBe(a.secret === true);
    }
  });

  it('no file when the profile has no secret, or the password is only a per-user variable the console fills in', () => {
    expect(secretFiles({ PRTCertificateName: 'Acme', AutoLoginUserName: 'jdoe' })).toEqual([]);
    expect(secretFiles({ AutoLoginUserName: '${user.email}', AutoLoginUserPassword: '${user.username}' })).toEqual([]);
    // Text around a variable is the secret's own text: marked (the specfile cannot mix the two, so it writes nothing).
    expect(secretFiles({ AutoLoginUserName: 'jdoe', AutoLoginUserPassword: 'pin-${user.username}' })).toEqual([
      'ios-managed.plist',
      'ios-dict.xml',
      'ios-ddm-config.plist',
      'android-managed-config.json',
      'android-amapi-policy.json',
      'app_restrictions.xml',
    ]);
  });
});

describe('the installer command', () => {
  it('holds no secret today; a switch the catalog marked secret would make it a secret file', () => {
    const installer = TARGETS.find((t) => t.id === 'windows-installer')!;
    const p = makeProfile({ windows: { SERVICES_DOMAIN: 'acme.com', AUTHENTICATOR: 'CUCM', TFTP: 'tftp.acme.com' } });
    expect(installer.render(p, {}).artifacts[0]!.secret).toBeUndefined();
    const tftp = getParameter('windows', 'TFTP')!;
    tftp.secret = true;
    try {
      expect(installer.render(p, {}).artifacts[0]!.secret).toBe(true);
    } finally {
      delete tftp.secret;
    }
  });
});

describe('writeProfileFiles: modes', () => {
  const dir = path.join(tmp, 'modes');

  it('writes a secret file 0600 and the others as before (0644 less the umask)', () => {
    writeProfileFiles(dir, [
      { fileName: 'secret.plist', contents: 's\n', secret: true },
      { fileName: 'plain.txt', contents: 'p\n' },
    ]);
    expect(mode(path.join(dir, 'secret.plist'))).toBe(0o600);
    expect(mode(path.join(dir, 'plain.txt'))).toBe(0o644 & ~process.umask());
  });

  it('an unchanged file that now holds a secret loses group and other access; one that no longer does gets 0644 back', () => {
    const d = path.join(tmp, 'modes-flip');
    writeProfileFiles(d, [{ fileName: 'a.plist', contents: 'same\n' }]);
    chmodSync(path.join(d, 'a.plist'), 0o644);
    expect(writeProfileFiles(d, [{ fileName: 'a.plist', contents: 'same\n', secret: true }]).map((o) => o.written)).toEqual([false]);
    expect(mode(path.join(d, 'a.plist'))).toBe(0o600);
    expect(writeProfileFiles(d, [{ fileName: 'a.plist', contents: 'same\n' }]).map((o) => o.written)).toEqual([false]);
    expect(mode(path.join(d, 'a.plist'))).toBe(0o644);
    // A changed file that now holds a secret is created 0600 by the rename, whatever was there.
    writeProfileFiles(d, [{ fileName: 'a.plist', contents: 'new\n', secret: true }]);
    expect(mode(path.join(d, 'a.plist'))).toBe(0o600);
    writeProfileFiles(d, [{ fileName: 'a.plist', contents: 'newer\n' }]);
    expect(mode(path.join(d, 'a.plist'))).toBe(0o644 & ~process.umask());
  });

  it('leaves a file the admin restricted further alone', () => {
    const d = path.join(tmp, 'modes-admin');
    writeProfileFiles(d, [{ fileName: 'a.txt', contents: 'x\n' }]);
    chmodSync(path.join(d, 'a.txt'), 0o640);
    writeProfileFiles(d, [{ fileName: 'a.txt', contents: 'x\n' }]);
    expect(mode(path.join(d, 'a.txt'))).toBe(0o640);
  });
});

describe('export: secrets', () => {
  const profileFile = path.join(tmp, 'acme-secret.yaml');
  writeFileSync(
    profileFile,
    'name: acme-secret\nsettings:\n  ServicesDomain: acme.com\n  AutoLoginUserName: ${user.email}\n  AutoLoginUserPassword: ${env:JABBER_AUTOLOGIN_PASSWORD}\n',
  );
  const env = { JABBER_AUTOLOGIN_PASSWORD: PASSWORD };

  it('writes the files holding the secret 0600, marks them secret, and names them in the summary', async () => {
    const out = path.join(tmp, 'out-secret');
    const r = await exportProfiles({ paths: [profileFile], out, emm: 'intune', targets: ['ios-dict', 'android-managed-config', 'url'], env });
    const files = r.profiles[0]!.files;
    expect(files.map((f) => [path.basename(f.path), f.secret === true])).toEqual([
      ['ios-dict.xml', true],
      ['android-managed-config.json', true],
      ['jabber-config-url.txt', false],
    ]);
    for (const f of files) expect(mode(f.path), f.path).toBe(f.secret ? 0o600 : 0o644 & ~process.umask());
    expect(readFileSync(files[0]!.path, 'utf8')).toContain('Hunter2-&lt;&amp;&gt;"secret"');
    const [counts, secrets] = summaryLines(r);
    expect(counts).toBe('1 profile: 1 exported, 0 failed; 3 files (3 written, 0 unchanged).');
    expect(secrets).toBe(
      `2 files hold a secret (written 0600, readable by you only): ${path.join(out, 'acme-secret', 'ios-dict.xml')}, ${path.join(out, 'acme-secret', 'android-managed-config.json')}. ` +
        'Give them to the EMM console only; do not publish them or commit them.',
    );
    // Never the secret itself.
    expect(JSON.stringify(r)).not.toContain('Hunter2');
  });

  it('a DDM asset that would hold a secret is an error (nothing of the profile written) unless --allow-secret-in-asset', async () => {
    const out = path.join(tmp, 'out-ddm');
    const refused = await exportProfiles({ paths: [profileFile], out, emm: 'intune', targets: ['ios-ddm', 'ios-dict'], assetUrl: ASSET_URL, env });
    const p = refused.profiles[0]!;
    expect(p.ok).toBe(false);
    expect(p.files).toEqual([]);
    const error = p.diagnostics.find((d) => d.code === 'secret-in-asset')!;
    expect(error).toMatchObject({ severity: 'error', target: 'ios-ddm', file: profileFile, line: 5, column: 3, pointer: '/settings/AutoLoginUserPassword' });
    expect(error.message).toContain('ios-ddm-config.plist would hold AutoLoginUserPassword');
    expect(error.message).toContain('--allow-secret-in-asset');
    expect(error.message).not.toContain('Hunter2');

    const allowed = await exportProfiles({ paths: [profileFile], out, emm: 'intune', targets: ['ios-ddm'], assetUrl: ASSET_URL, allowSecretInAsset: true, env });
    expect(allowed.profiles[0]!.files.map((f) => [path.basename(f.path), f.secret === true])).toEqual([
      ['ios-ddm-app-managed.json', false],
      ['ios-ddm-asset.json', false],
      ['ios-ddm-config.plist', true],
    ]);
    expect(mode(path.join(out, 'acme-secret', 'ios-ddm-config.plist'))).toBe(0o600);
  });

  it('a DDM asset without a secret is written as before, with no error', async () => {
    const plain = path.join(tmp, 'acme-plain.yaml');
    writeFileSync(plain, 'name: acme-plain\nsettings:\n  ServicesDomain: acme.com\n');
    const r = await exportProfiles({ paths: [plain], out: path.join(tmp, 'out-plain'), targets: ['ios-ddm'], assetUrl: ASSET_URL, env: {} });
    expect(r.profiles[0]!.ok).toBe(true);
    expect(r.profiles[0]!.files.some((f) => f.secret)).toBe(false);
    expect(summaryLines(r)).toHaveLength(1);
  });
});

describe('android-amapi: per-user variables', () => {
  const amapi = TARGETS.find((t) => t.id === 'android-amapi')!;

  it('warn like the DDM asset does: the policy is applied as it is', () => {
    const r = amapi.render(makeProfile({ settings: { ServicesDomain: 'acme.com', AutoLoginUserName: '${user.email}', AutoLoginUserPassword: '${env:X}' } }), { emm: 'intune' });
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.target])).toEqual([['warning', 'amapi-static-variables', 'android-amapi']]);
    expect(r.diagnostics[0]!.message).toContain('android-amapi-policy.json holds intune variable tokens');
    expect(r.artifacts[0]!.contents).toContain('{{mail}}');
    // The DDM asset's warning, for comparison: the same situation, the same kind of word.
    const ddm = TARGETS.find((t) => t.id === 'ios-ddm')!.render(makeProfile({ settings: { ServicesDomain: 'acme.com', AutoLoginUserName: '${user.email}' } }), {
      emm: 'intune',
      assetUrl: 'https://mdm.acme.com/p.plist',
    });
    expect(ddm.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'ddm-static-variables']]);
  });

  it('no warning without variables', () => {
    const r = amapi.render(makeProfile({ settings: { ServicesDomain: 'acme.com', AutoLoginUserName: 'jdoe' } }), { emm: 'intune' });
    expect(r.diagnostics).toEqual([]);
  });
});
