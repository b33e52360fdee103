import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolesOf, mergeConsoles, projectProfile, targetsCarrying } from '../../src/artifact/carriage.js';
import { valuesEqual } from '../../src/diff/compare.js';
import { diffPaths, type DiffResult, type SingleDiff } from '../../src/diff/diff.js';
import { formatDiffMarkdown } from '../../src/diff/format-markdown.js';
import { formatDiffText } from '../../src/diff/format-text.js';
import { diffJson } from '../../src/diff/json.js';
import { DiffError } from '../../src/diff/sides.js';
import { showValue } from '../../src/diff/show-value.js';
import { readableTargetIds } from '../../src/artifact/read.js';
import { validateProfile } from '../../src/profile/validate.js';
import type { ResolvedProfile } from '../../src/profile/types.js';
import { getTarget, TARGETS } from '../../src/targets/registry.js';
import { makeProfile } from '../helpers/profile.js';

const FIX = path.resolve('test/fixtures/diff');
const fx = (p: string): string => path.join(FIX, p);
const SECRET_A = 'correct-horse-A-7%&';
const SECRET_B = 'battery-staple-B-9<>';
const CHANGED_SECRET = 'hunter2-changed';
const env = { JABBER_DIFF_SECRET_A: SECRET_A, JABBER_DIFF_SECRET_B: SECRET_B, JABBER_DIFF_TEST_PASSWORD: CHANGED_SECRET, JABBER_AUTOLOGIN_PASSWORD: SECRET_A };

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-diff-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function single(r: DiffResult): SingleDiff {
  expect(r.mode).toBe('single');
  return r as SingleDiff;
}

/** Every way a result can be printed, for "the secret never appears" checks. */
function allOutputs(r: DiffResult): string {
  return [formatDiffText(r, { color: false }), formatDiffText(r, { color: true }), formatDiffMarkdown(r), JSON.stringify(diffJson(r))].join('\n');
}

async function resolved(file: string): Promise<ResolvedProfile> {
  const r = await validateProfile(file, { env });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.profile!;
}

/** Writes a target's export of a profile into the temp folder and returns its path. */
function exportTo(profile: ResolvedProfile, targetId: string, name = targetId): string {
  const out = getTarget(targetId)!.render(profile, { emm: 'intune', assetUrl: 'https://mdm.example.com/jabber.plist', allowSecretInAsset: true });
  expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  // The whole set, as export writes it: the first file is the one named, its companions beside it.
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const a of out.artifacts) writeFileSync(path.join(dir, a.fileName), a.contents);
  return path.join(dir, out.artifacts[0]!.fileName);
}

describe('targetsCarrying', () => {
  it("agrees with what each target writes: every key a target's file holds is one it is said to carry", () => {
    // A profile setting every settings key the catalog has, with valid values.
    const settings: Record<string, string | boolean | string[]> = {
      ServicesDomain: 'acme.com', VoiceServicesDomain: 'voice.acme.com', ServiceDiscoveryExcludedServices: ['CUP'],
      ServicesDomainSsoEmailPrompt: true, EnablePRTEncryption: true, PRTCertificateName: 'Acme PRT',
      PRTCertificateUrl: 'https://pki.acme.com/prt.cer', InvalidCertificateBehavior: 'RejectAndNotify', Telephony_Enabled: true,
      ForceLaunchBrowser: false, DiagnosticsToolEnabled: false, IP_Mode: 'Two Stacks', AllowUrlProvisioning: false,
      FIPS_MODE: true, CC_MODE: false, AutoLoginUserName: 'alice', AutoLoginUserPassword: 'pw',
      STARTUP_AUTHENTICATION_REQUIRED: false, CachePasswordMobile: true,
    };
    const p = makeProfile({ settings, windows: { AUTHENTICATOR: 'CUCM', TFTP: 'tftp.acme.com' } });
    let checked = 0;
    for (const t of TARGETS) {
      if (!t.parse) continue;
      const parsed = t.parse(t.render(p, { assetUrl: 'https://mdm.example.com/a.plist', allowSecretInAsset: true }).artifacts);
      for (const key of parsed.settings.keys()) expect(targetsCarrying('settings', key), `${t.id} ${key}`).toContain(t.id);
      for (const key of parsed.windows.keys()) expect(targetsCarrying('windows', key), `${t.id} ${key}`).toContain(t.id);
      expect(parsed.settings.size + parsed.windows.size, t.id).toBeGreaterThan(0);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(7);
  });

  it('derives the targets from the catalog channels and platforms', () => {
    const ios = ['ios-appconfig', 'ios-plist', 'ios-dict', 'ios-ddm'];
    const android = ['android-managed-config', 'android-amapi', 'android-restrictions'];
    // Mac-only URL key with an installer switch: the URL and page carry it, no EMM file does.
    expect(targetsCarrying('settings', 'PRTCertificateName')).toEqual(['url', 'url-page', 'windows-installer']);
    // EMM-only secret: every iOS and Android file, never the URL.
    expect(targetsCarrying('settings', 'AutoLoginUserPassword')).toEqual([...ios, ...android]);
    expect(targetsCarrying('settings', 'ServicesDomain')).toEqual([...ios, ...android, 'url', 'url-page', 'windows-installer']);
    expect(targetsCarrying('windows', 'TFTP')).toEqual(['windows-installer']);
    expect(targetsCarrying('apps', 'ios')).toEqual(ios);
    expect(targetsCarrying('apps', 'android')).toEqual(android);
    // The description is the admin's note: no file shows it; the distribution text is the page's.
    expect(targetsCarrying('description')).toEqual([]);
    expect(targetsCarrying('distribution', 'title')).toEqual(['url-page']);
    expect(targetsCarrying('distribution', 'message')).toEqual(['url-page']);
    expect(targetsCarrying('settings', 'NoSuchKey')).toEqual([]);
  });

  it('names each console once: entries of one console merge, the same details in another order are one', () => {
    expect(mergeConsoles(['users (e-mail, intranet page)', 'users (intranet page, e-mail)'])).toEqual(['users (e-mail, intranet page)']);
    expect(mergeConsoles(['Intune (iOS app configuration, Enter XML data)', 'Jamf Pro', 'Intune (Android Enterprise, Enter JSON data)'])).toEqual([
      'Intune (iOS app configuration, Enter XML data; Android Enterprise, Enter JSON data)',
      'Jamf Pro',
    ]);
    const all = consolesOf(TARGETS.map((t) => t.id));
    expect(mergeConsoles(all)).toEqual(all);
    const names = all.map((c) => c.replace(/ \(.*$/, ''));
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n === 'users')).toHaveLength(1);
  });

  it('lists the consoles of those targets from the registry, once each', () => {
    const consoles = consolesOf(['ios-dict', 'ios-dict', 'url']);
    expect(consoles).toEqual([...getTarget('ios-dict')!.consoles, ...getTarget('url')!.consoles]);
  });

  it('projects a profile onto what a target carries (the installer as it builds its command)', () => {
    const p = makeProfile({
      settings: { ServicesDomain: 'acme.com', PRTCertificateName: 'PRT', AutoLoginUserName: 'kiosk' },
      windows: { TFTP: 'tftp.acme.com' },
      apps: { android: 'com.acme.im' },
    });
    const android = projectProfile(p, 'android-amapi');
    expect([...android.settings.keys()]).toEqual(['ServicesDomain', 'AutoLoginUserName']);
    expect(android.app).toBe('com.acme.im');
    expect([...projectProfile(p, 'url').settings.keys()]).toEqual(['ServicesDomain', 'PRTCertificateName']);
    const msi = projectProfile(p, 'windows-installer');
    expect(Object.fromEntries(msi.windows)).toEqual({ CLEAR: true, TFTP: 'tftp.acme.com', SERVICES_DOMAIN: 'acme.com', PRT_CERTIFICATE_NAME: 'PRT' });
  });
});

describe('valuesEqual', () => {
  it('compares lists as sets and everything else exactly', () => {
    expect(valuesEqual(['CUCM', 'CUP'], ['CUP', 'CUCM'])).toBe(true);
    expect(valuesEqual(['CUCM'], ['CUCM', 'CUP'])).toBe(false);
    expect(valuesEqual('CUCM', ['CUCM'])).toBe(false);
    expect(valuesEqual(true, 'true')).toBe(false);
  });
});

describe('diff of two profiles', () => {
  it('finds one profile that inherits and one that repeats (in other spellings) identical', async () => {
    const r = single(await diffPaths(fx('written/inherits.yaml'), fx('written/repeats.yaml'), { env }));
    expect(r.identical).toBe(true);
    expect(r.changes).toEqual([]);
  });

  it('reports each key added, removed or changed with canonical values, targets and consoles', async () => {
    const r = single(await diffPaths(fx('written/inherits.yaml'), fx('written/changed.yaml'), { env }));
    expect(r.identical).toBe(false);
    expect(r.changes.map((c) => [c.key, c.kind, c.before, c.after])).toEqual([
      ['settings.ServicesDomain', 'changed', 'acme.com', 'acme.eu'],
      ['settings.ServiceDiscoveryExcludedServices', 'changed', ['CUCM', 'CUP'], ['CUP']],
      ['settings.Telephony_Enabled', 'changed', true, false],
      ['settings.AutoLoginUserName', 'added', null, '${user.email}'],
      ['settings.AutoLoginUserPassword', 'added', null, '***'],
      ['windows.CCMCIP', 'removed', 'ccm.acme.com', null],
    ]);
    const telephony = r.changes.find((c) => c.key === 'settings.Telephony_Enabled')!;
    expect(telephony.targets).toEqual(targetsCarrying('settings', 'Telephony_Enabled'));
    expect(telephony.targets).not.toContain('windows-installer');
    expect(telephony.consoles).toEqual(consolesOf(telephony.targets));
    expect(r.changes.find((c) => c.key === 'windows.CCMCIP')!.targets).toEqual(['windows-installer']);
  });

  it('name and description are identity: shown in the header, not counted as differences', async () => {
    const r = single(await diffPaths(fx('staging/emea.yaml'), fx('prod/emea.yaml'), { env }));
    expect(r.changes.map((c) => c.key)).toEqual(['settings.ServicesDomain']);
    const named = single(await diffPaths(fx('staging/apac.yaml'), fx('staging/_base.yaml'), { env }));
    expect(named.identical).toBe(true);
    expect(named.changes).toEqual([]);
    const a = path.join(tmp, 'identity-a.yaml');
    const b = path.join(tmp, 'identity-b.yaml');
    writeFileSync(a, 'name: acme-prod\ndescription: Production, EMEA\nsettings:\n  ServicesDomain: acme.com\n');
    writeFileSync(b, 'name: acme-staging\ndescription: Staging\nsettings:\n  ServicesDomain: acme.eu\n');
    const r2 = single(await diffPaths(a, b, { env }));
    expect(r2.changes.map((c) => c.key)).toEqual(['settings.ServicesDomain']);
    const text = formatDiffText(r2, { color: false });
    expect(text.split('\n').slice(0, 2)).toEqual([`--- profile acme-prod (${a}): "Production, EMEA"`, `+++ profile acme-staging (${b}): "Staging"`]);
    expect(text).toContain('1 difference (1 changed).');
    expect(formatDiffMarkdown(r2)).toContain(`- Before (a): profile acme-prod (${a}): "Production, EMEA"\n- After (b): profile acme-staging (${b}): "Staging"\n`);
  });

  it('between environments, an unset ${env:NAME} is compared as the reference, never needing or showing a secret', async () => {
    const a = path.join(tmp, 'env-prod.yaml');
    const b = path.join(tmp, 'env-staging.yaml');
    const c = path.join(tmp, 'env-staging-same.yaml');
    const body = (v: string) => `name: acme\nsettings:\n  ServicesDomain: acme.com\n  AutoLoginUserName: kiosk\n  AutoLoginUserPassword: \${env:${v}}\n`;
    writeFileSync(a, body('PROD_PASSWORD'));
    writeFileSync(b, body('STAGING_PASSWORD'));
    writeFileSync(c, body('PROD_PASSWORD'));
    // Only prod's secret is set; staging's is not: no error, the references differ.
    const r = single(await diffPaths(a, b, { env: { PROD_PASSWORD: 'prod-secret-1' } }));
    expect(r.changes).toEqual([
      expect.objectContaining({ key: 'settings.AutoLoginUserPassword', kind: 'changed', before: '${env:PROD_PASSWORD}', after: '${env:STAGING_PASSWORD}' }),
    ]);
    expect(allOutputs(r)).not.toContain('prod-secret-1');
    // Neither set: the same reference on both sides is no change.
    expect(single(await diffPaths(a, c, { env: {} })).identical).toBe(true);
    // A value from a set variable is still compared (and masked) as before.
    const set = single(await diffPaths(a, c, { env: { PROD_PASSWORD: 'prod-secret-1' } }));
    expect(set.identical).toBe(true);
    // Directories pair by name and compare references the same way.
    mkdirSync(path.join(tmp, 'env-dir-a'));
    mkdirSync(path.join(tmp, 'env-dir-b'));
    writeFileSync(path.join(tmp, 'env-dir-a', 'p.yaml'), body('PROD_PASSWORD'));
    writeFileSync(path.join(tmp, 'env-dir-b', 'p.yaml'), body('STAGING_PASSWORD'));
    const dirs = await diffPaths(path.join(tmp, 'env-dir-a'), path.join(tmp, 'env-dir-b'), { env: { PROD_PASSWORD: 'prod-secret-1' } });
    expect(dirs.mode === 'directories' && dirs.profiles[0]!.changes.map((x) => [x.before, x.after])).toEqual([['${env:PROD_PASSWORD}', '${env:STAGING_PASSWORD}']]);
    expect(allOutputs(dirs)).not.toContain('prod-secret-1');
    // Text written around a reference in a secret may be part of the password: masked.
    writeFileSync(c, body('PROD_PASSWORD').replace('${env:PROD_PASSWORD}', 'pre-${env:PROD_PASSWORD}'));
    const mixed = single(await diffPaths(b, c, { env: {} }));
    expect(mixed.changes.map((x) => [x.before, x.after])).toEqual([['${env:STAGING_PASSWORD}', '***']]);
    expect(allOutputs(mixed)).not.toContain('pre-');
  });

  it('an unset variable in a typed value is compared as the reference, not reported as invalid', async () => {
    const a = path.join(tmp, 'env-typed-a.yaml');
    const b = path.join(tmp, 'env-typed-b.yaml');
    writeFileSync(a, 'name: t\nsettings:\n  ServicesDomain: ${env:PROD_DOMAIN}\n  Telephony_Enabled: ${env:PROD_PHONE}\n');
    writeFileSync(b, 'name: t\nsettings:\n  ServicesDomain: ${env:STAGING_DOMAIN}\n  Telephony_Enabled: ${env:PROD_PHONE}\n');
    const r = single(await diffPaths(a, b, { env: {} }));
    expect(r.changes.map((c) => [c.key, c.before, c.after])).toEqual([['settings.ServicesDomain', '${env:PROD_DOMAIN}', '${env:STAGING_DOMAIN}']]);
    // validate and export still need every variable.
    expect((await validateProfile(a, { env: {} })).diagnostics.map((d) => d.code)).toEqual(['env-missing', 'env-missing']);
  });

  it('masks secrets everywhere but still reports that they changed', async () => {
    const r = single(await diffPaths(fx('written/secret-a.yaml'), fx('written/secret-b.yaml'), { env }));
    expect(r.changes).toEqual([expect.objectContaining({ key: 'settings.AutoLoginUserPassword', kind: 'changed', before: '***', after: '***' })]);
    const out = allOutputs(r);
    expect(out).not.toContain(SECRET_A);
    expect(out).not.toContain(SECRET_B);
    const changed = single(await diffPaths(fx('written/inherits.yaml'), fx('written/changed.yaml'), { env }));
    expect(allOutputs(changed)).not.toContain(CHANGED_SECRET);
  });

  it('shows secrets with showSecrets', async () => {
    const r = single(await diffPaths(fx('written/secret-a.yaml'), fx('written/secret-b.yaml'), { env, showSecrets: true }));
    expect(r.changes[0]).toMatchObject({ before: SECRET_A, after: SECRET_B });
    expect(formatDiffText(r, { color: false })).toContain(`${SECRET_A} → ${SECRET_B}`);
  });

  it('does not list the installer for a settings key both sides override in windows', async () => {
    const a = path.join(tmp, 'override-a.yaml');
    const b = path.join(tmp, 'override-b.yaml');
    writeFileSync(a, 'name: o\nsettings:\n  ServicesDomain: a.acme.com\nwindows:\n  SERVICES_DOMAIN: acme.com\n');
    writeFileSync(b, 'name: o\nsettings:\n  ServicesDomain: b.acme.com\nwindows:\n  SERVICES_DOMAIN: acme.com\n');
    const r = single(await diffPaths(a, b, { env }));
    expect(r.changes[0]!.targets).not.toContain('windows-installer');
    expect(r.changes[0]!.targets).toContain('url');
  });
});

describe('diff of two directories', () => {
  it('pairs profiles by name: identical, changed, added, removed', async () => {
    const r = await diffPaths(fx('staging'), fx('prod'), { env });
    expect(r.mode).toBe('directories');
    if (r.mode !== 'directories') return;
    expect(r.identical).toBe(false);
    expect(r.profiles.map((p) => [p.name, p.status, p.changes.length])).toEqual([
      ['amer', 'added', 0],
      ['apac', 'identical', 0],
      ['emea', 'changed', 1],
      ['legacy', 'removed', 0],
      ['staging-base', 'identical', 0],
    ]);
    expect(r.summary).toEqual({ identical: 2, changed: 1, added: 1, removed: 1 });
    expect(diffJson(r)).toEqual({
      identical: false,
      profiles: [
        { name: 'amer', status: 'added', changes: [] },
        { name: 'apac', status: 'identical', changes: [] },
        {
          name: 'emea',
          status: 'changed',
          changes: [
            {
              key: 'settings.ServicesDomain',
              kind: 'changed',
              before: 'staging.acme.com',
              after: 'acme.com',
              targets: targetsCarrying('settings', 'ServicesDomain'),
              consoles: consolesOf(targetsCarrying('settings', 'ServicesDomain')),
            },
          ],
        },
        { name: 'legacy', status: 'removed', changes: [] },
        { name: 'staging-base', status: 'identical', changes: [] },
      ],
      diagnostics: [],
    });
  });

  it('finds a directory identical to itself', async () => {
    const r = await diffPaths(fx('staging'), fx('staging'), { env });
    expect(r.identical).toBe(true);
  });

  it('refuses to compare a directory with a file', async () => {
    await expect(diffPaths(fx('staging'), fx('written/inherits.yaml'), { env })).rejects.toMatchObject({ code: 'mixed-sides' });
  });

  it('stops on an invalid profile with its diagnostics', async () => {
    const err = (await diffPaths(fx('invalid'), fx('prod'), { env }).catch((e: unknown) => e)) as DiffError;
    expect(err).toBeInstanceOf(DiffError);
    expect(err.code).toBe('invalid-profile');
    expect(err.diagnostics.map((d) => d.code)).toContain('invalid-boolean');
  });

  it('reports two profiles of one directory with the same name as invalid', async () => {
    const dir = path.join(tmp, 'dupes');
    rmSync(dir, { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(dir));
    writeFileSync(path.join(dir, 'a.yaml'), 'name: same\nsettings:\n  ServicesDomain: a.com\n');
    writeFileSync(path.join(dir, 'b.yaml'), 'name: same\nsettings:\n  ServicesDomain: b.com\n');
    const err = (await diffPaths(dir, fx('prod'), { env }).catch((e: unknown) => e)) as DiffError;
    expect(err.code).toBe('invalid-profile');
    expect(err.diagnostics.map((d) => d.code)).toContain('duplicate-name');
  });
});

describe('drift: a profile against an exported artifact', () => {
  const driftable = (): string[] => readableTargetIds().filter((id) => id !== 'android-restrictions');

  it('finds every readable target export of a profile identical to the profile', async () => {
    const profile = await resolved(path.resolve('test/fixtures/import/every-key.yaml'));
    for (const id of driftable()) {
      const file = exportTo(profile, id, `self-${id}`);
      const r = single(await diffPaths(path.resolve('test/fixtures/import/every-key.yaml'), file, { env }));
      expect(r.changes, id).toEqual([]);
      expect(r.console).toBe('b');
    }
  });

  it('compares only the keys the target carries, and says what the console holds against the profile', async () => {
    const profile = await resolved(fx('written/changed.yaml'));
    // The console still holds the older profile; the file is the Android JSON Intune takes.
    const consoleFile = exportTo(await resolved(fx('written/inherits.yaml')), 'android-managed-config', 'older');
    const r = single(await diffPaths(fx('written/changed.yaml'), consoleFile, { env }));
    expect(profile.windows.size).toBeGreaterThan(0);
    // No windows switch: the Android file carries none, so CCMCIP is not a difference here.
    expect(r.changes.map((c) => [c.key, c.kind])).toEqual([
      ['settings.ServicesDomain', 'changed'],
      ['settings.ServiceDiscoveryExcludedServices', 'changed'],
      ['settings.Telephony_Enabled', 'changed'],
      ['settings.AutoLoginUserName', 'removed'],
      ['settings.AutoLoginUserPassword', 'removed'],
    ]);
    for (const c of r.changes) expect(c.targets).toEqual(['android-managed-config']);
    const text = formatDiffText(r, { color: false });
    expect(text).toContain('console holds acme.com, profile says acme.eu');
    expect(text).toContain('console holds nothing, profile says ***');
    expect(text).toMatch(/^missing +settings\.AutoLoginUserName/m);
    expect(text).toMatch(/5 differences \(3 differ, 2 missing\)\.\n$/);
    expect(allOutputs(r)).not.toContain(CHANGED_SECRET);
    // Reversed sides: the console is side a, the wording stays the same.
    const reversed = single(await diffPaths(consoleFile, fx('written/changed.yaml'), { env }));
    expect(reversed.console).toBe('a');
    expect(formatDiffText(reversed, { color: false })).toContain('console holds acme.com, profile says acme.eu');
  });

  it('reads console tokens back as canonical variables ({{mail}}, $EMAIL)', async () => {
    const profile = await resolved(fx('written/changed.yaml'));
    for (const emm of ['intune', 'jamf', 'workspace-one'] as const) {
      const out = getTarget('ios-dict')!.render(profile, { emm });
      const file = path.join(tmp, `tokens-${emm}.xml`);
      writeFileSync(file, out.artifacts[0]!.contents);
      expect(out.artifacts[0]!.contents).not.toContain('${user.email}');
      const r = single(await diffPaths(fx('written/changed.yaml'), file, { env }));
      expect(r.changes, emm).toEqual([]);
    }
  });

  it('takes a configuration URL given as a string, and normalizes its tokens', async () => {
    const url = 'ciscojabber://provision?ServicesDomain=acme.com&VoiceServicesDomain=voice.acme.com&ServiceDiscoveryExcludedServices=CUCM,CUP&ServicesDomainSsoEmailPrompt=on&InvalidCertificateBehavior=RejectAndNotify&Telephony_Enabled=TRUE&IP_Mode=Two%20Stacks';
    const same = single(await diffPaths(fx('written/inherits.yaml'), url, { env }));
    expect(same.changes).toEqual([]);
    expect(same.b.label).toBe('configuration URL');
    const drifted = single(await diffPaths(fx('written/inherits.yaml'), url.replace('Telephony_Enabled=TRUE', 'Telephony_Enabled=maybe'), { env }));
    expect(drifted.changes).toEqual([expect.objectContaining({ key: 'settings.Telephony_Enabled', kind: 'changed', before: true, after: 'maybe' })]);
    expect(drifted.diagnostics.map((d) => d.code)).toEqual(['undecodable-value']);
    expect(formatDiffText(drifted, { color: false })).toContain('console holds maybe, profile says true');
  });

  it('compares the installer command on its switches, settings included through their windowsSwitch', async () => {
    const file = exportTo(await resolved(fx('written/inherits.yaml')), 'windows-installer', 'installer');
    const r = single(await diffPaths(fx('written/changed.yaml'), file, { env }));
    expect(r.changes.map((c) => [c.key, c.before, c.after])).toEqual([
      ['windows.CCMCIP', null, 'ccm.acme.com'],
      ['windows.SERVICES_DOMAIN', 'acme.eu', 'acme.com'],
      ['windows.EXCLUDED_SERVICES', ['CUP'], ['CUCM', 'CUP']],
    ]);
  });
});

describe('diff of two artifacts', () => {
  it('compares an iOS and an Android export on the keys both carry', async () => {
    const p = await resolved(path.resolve('test/fixtures/import/every-key.yaml'));
    const ios = exportTo(p, 'ios-plist', 'pair');
    const android = exportTo(p, 'android-amapi', 'pair');
    expect(single(await diffPaths(ios, android, { env })).changes).toEqual([]);
    const other = exportTo(await resolved(fx('written/changed.yaml')), 'android-amapi', 'other');
    const r = single(await diffPaths(ios, other, { env }));
    expect(r.changes.length).toBeGreaterThan(0);
    expect(r.console).toBeUndefined();
    expect(allOutputs(r)).not.toContain(SECRET_A);
    expect(allOutputs(r)).not.toContain(CHANGED_SECRET);
  });

  it('compares unknown keys between two files of the same target, masking secret-looking ones', async () => {
    const a = path.join(tmp, 'unknown-a.json');
    const b = path.join(tmp, 'unknown-b.json');
    const doc = (extra: Record<string, string>): string =>
      JSON.stringify({ packageName: 'com.cisco.im', managedConfiguration: { ServicesDomain: 'acme.com', ...extra } });
    writeFileSync(a, doc({ Custom: 'one', AdminPassword: 'topsecret-1' }));
    writeFileSync(b, doc({ Custom: 'two', AdminPassword: 'topsecret-2' }));
    const r = single(await diffPaths(a, b, { env }));
    expect(r.changes.map((c) => [c.key, c.before, c.after, c.targets])).toEqual([
      ['unknown.AdminPassword', '***', '***', ['android-amapi']],
      ['unknown.Custom', 'one', 'two', ['android-amapi']],
    ]);
    expect(allOutputs(r)).not.toContain('topsecret');
  });

  it('says a file no target recognises cannot be compared', async () => {
    const odd = path.join(tmp, 'odd.txt');
    writeFileSync(odd, 'hello\n');
    // Not an artifact, so read as a profile: invalid.
    await expect(diffPaths(odd, fx('written/inherits.yaml'), { env })).rejects.toMatchObject({ code: 'invalid-profile' });
    await expect(diffPaths(path.join(tmp, 'missing.yaml'), fx('written/inherits.yaml'), { env })).rejects.toMatchObject({ code: 'path-not-found' });
  });
});

describe('diff output', () => {
  it('aligns the keys and colours only when asked', async () => {
    const r = await diffPaths(fx('written/inherits.yaml'), fx('written/changed.yaml'), { env });
    const plain = formatDiffText(r, { color: false });
    expect(plain).not.toMatch(/\x1b\[/);
    expect(formatDiffText(r, { color: true })).toMatch(/\x1b\[3[123]m/);
    const lines = plain.split('\n').filter((l) => /^(changed|added|removed) /.test(l));
    expect(lines).toHaveLength(6);
    // kind, key, value: the value starts in the same column on every line.
    const valueColumn = new Set(lines.map((l) => /^\S+ +\S+ +/.exec(l)![0].length));
    expect(valueColumn.size).toBe(1);
    expect(plain).toMatch(/6 differences \(3 changed, 2 added, 1 removed\)\.\n$/);
  });

  it('writes a Markdown table for a change request', async () => {
    const r = await diffPaths(fx('written/inherits.yaml'), fx('written/changed.yaml'), { env });
    const md = formatDiffMarkdown(r);
    expect(md).toContain('| Key | Change | Before | After | Targets |\n| --- | --- | --- | --- | --- |\n');
    expect(md).toContain('| `settings.ServicesDomain` | changed | `acme.com` | `acme.eu` |');
    expect(md).toContain('| `settings.AutoLoginUserPassword` | added | — | `***` |');
    expect(md).toContain('Consoles to update:');
    const drift = await diffPaths(fx('written/inherits.yaml'), 'ciscojabber://provision?ServicesDomain=acme.com', { env });
    expect(formatDiffMarkdown(drift)).toContain('| Key | Change | Profile says | Console holds | Targets |');
  });

  it('escapes values a terminal or a table would misread', () => {
    expect(showValue('a\u001b[31mred')).toBe('"a\\u001b[31mred"');
    expect(showValue('rtl\u202eevil')).toBe('"rtl\\u202eevil"');
    expect(showValue('true')).toBe('"true"');
    expect(showValue('Two Stacks')).toBe('Two Stacks');
    expect(showValue(['CUCM', 'CUP'])).toBe('[CUCM, CUP]');
    expect(showValue(null)).toBe('nothing');
    const md = formatDiffMarkdown({
      mode: 'single',
      a: { kind: 'profile', label: 'a|b' },
      b: { kind: 'profile', label: 'c' },
      identical: false,
      diagnostics: [],
      changes: [{ key: 'settings.PRTCertificateName', kind: 'changed', before: 'x|y', after: 'has `tick`', targets: [], consoles: [] }],
    });
    expect(md).toContain('`x\\|y`');
    expect(md).toContain('`` has `tick` ``');
    expect(md).toContain('a\\|b');
  });
});
