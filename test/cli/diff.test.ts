import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportsDiffJson } from '../../src/diff/json.js';
import { runCli, type CliRun } from '../helpers/cli.js';

/** `jabber-emm diff` end to end on the built bin/run.js: exit codes, output shapes, secrets. */
const FIX = 'test/fixtures/diff';
const SECRET_A = 'Horse-Battery-A!42';
const SECRET_B = 'Staple-Correct-B?17';
const PASSWORD = 'Pr0d-Pa55word%x';
const env = { JABBER_DIFF_SECRET_A: SECRET_A, JABBER_DIFF_SECRET_B: SECRET_B, JABBER_DIFF_TEST_PASSWORD: PASSWORD };

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-cli-diff-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const diff = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> => runCli(['diff', ...args], { env: { ...env, ...extraEnv } });

function expectNoSecret(run: CliRun, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(run.stdout).not.toContain(s);
    expect(run.stderr).not.toContain(s);
  }
}

describe('jabber-emm diff: exit codes like diff(1)', () => {
  it('exits 0 for profiles written differently that mean the same', async () => {
    const run = await diff([`${FIX}/written/inherits.yaml`, `${FIX}/written/repeats.yaml`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `--- profile acme-prod (${FIX}/written/inherits.yaml): "Acme, every site"\n+++ profile acme-prod (${FIX}/written/repeats.yaml): "Acme, every site"\nNo differences.\n`,
    );
  });

  it('exits 1 when they differ, with one aligned line per change', async () => {
    const run = await diff([`${FIX}/written/inherits.yaml`, `${FIX}/written/changed.yaml`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('changed  settings.ServicesDomain                    acme.com → acme.eu\n');
    expect(run.stdout).toContain('removed  windows.CCMCIP                             ccm.acme.com\n');
    expect(run.stdout).toMatch(/6 differences \(3 changed, 2 added, 1 removed\)\.\n$/);
    expect(run.stdout).not.toMatch(/\x1b\[/); // piped: no colour
    expectNoSecret(run, PASSWORD);
  });

  it('exits 2 with the diagnostics when a side is an invalid profile', async () => {
    const bad = path.join(tmp, 'bad-secret.yaml');
    // A literal secret in an invalid profile: the error path must not print it either.
    writeFileSync(bad, `name: bad\nsettings:\n  ServicesDomain: acme.com\n  Telephony_Enabled: maybe\n  AutoLoginUserPassword: ${SECRET_A}\n`);
    const run = await diff([bad, `${FIX}/written/repeats.yaml`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad}:4:22: error invalid-boolean`);
    expect(run.stderr).toContain(`Error: ${bad} is not a valid profile`);
    expectNoSecret(run, SECRET_A);
    const json = await diff([bad, `${FIX}/written/repeats.yaml`, '--json']);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(Object.keys(doc)).toEqual(['identical', 'error', 'diagnostics']);
    expect(doc.identical).toBeNull();
    expect(doc.error.code).toBe('invalid-profile');
    expect(doc.diagnostics.map((d: { code: string }) => d.code)).toContain('invalid-boolean');
    expectNoSecret(json, SECRET_A);
  });

  it('exits 2 for a missing path, a directory against a file, and usage errors', async () => {
    const missing = await diff([`${FIX}/nope.yaml`, `${FIX}/written/repeats.yaml`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${FIX}/nope.yaml does not exist.`);
    const mixed = await diff([`${FIX}/staging`, `${FIX}/written/repeats.yaml`]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('Cannot compare a directory with a single file');
    expect((await diff([`${FIX}/written/repeats.yaml`])).code).toBe(2);
    expect((await diff([`${FIX}/written/repeats.yaml`, `${FIX}/written/repeats.yaml`, '--format', 'xml'])).code).toBe(2);
  });
});

describe('jabber-emm diff: formats', () => {
  // The shapes of --json, text and Markdown are tested in process (test/unit/diff-formats.test.ts): here what needs the process.
  it('colours on request (FORCE_COLOR) and never under NO_COLOR', async () => {
    const args = [`${FIX}/written/inherits.yaml`, `${FIX}/written/changed.yaml`];
    const forced = await runCli(['diff', ...args], { env: { ...env, NO_COLOR: '', CI: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[3[123]m/);
    const noColor = await runCli(['diff', ...args], { env: { ...env, NO_COLOR: '1', CI: '', FORCE_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('jabber-emm diff: secrets', () => {
  it('reports that a secret changed as *** in every format, and shows it only with --show-secrets', async () => {
    const args = [`${FIX}/written/secret-a.yaml`, `${FIX}/written/secret-b.yaml`];
    for (const extra of [[], ['--format', 'markdown'], ['--json']]) {
      const run = await diff([...args, ...extra]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('***');
      expect(run.stdout).toContain('AutoLoginUserPassword');
      expectNoSecret(run, SECRET_A, SECRET_B);
    }
    const shown = await diff([...args, '--show-secrets']);
    expect(shown.stdout).toContain(`${SECRET_A} → ${SECRET_B}`);
  });

  it('masks secrets in drift and directory diffs too', async () => {
    const dirA = path.join(tmp, 'sec-a');
    const dirB = path.join(tmp, 'sec-b');
    mkdirSync(dirA);
    mkdirSync(dirB);
    writeFileSync(path.join(dirA, 'p.yaml'), readFileSync(`${FIX}/written/secret-a.yaml`, 'utf8'));
    writeFileSync(path.join(dirB, 'p.yaml'), readFileSync(`${FIX}/written/secret-b.yaml`, 'utf8'));
    for (const extra of [[], ['--json'], ['--format', 'markdown']]) {
      const run = await diff([dirA, dirB, ...extra]);
      expect(run.code).toBe(1);
      expectNoSecret(run, SECRET_A, SECRET_B);
    }
    // Drift: the console holds secret A, the profile says secret B.
    const out = path.join(tmp, 'sec-export');
    const exported = await runCli(['export', `${FIX}/written/secret-a.yaml`, '--out', out, '--target', 'android-amapi'], { env });
    expect(exported.code).toBe(0);
    const file = path.join(out, 'acme-secret', 'android-amapi-policy.json');
    for (const extra of [[], ['--json'], ['--format', 'markdown']]) {
      const run = await diff([`${FIX}/written/secret-b.yaml`, file, ...extra]);
      expect(run.code).toBe(1);
      expectNoSecret(run, SECRET_A, SECRET_B);
    }
    const text = await diff([`${FIX}/written/secret-b.yaml`, file]);
    expect(text.stdout).toContain('differs  settings.AutoLoginUserPassword  console holds ***, profile says ***');
  });
});

describe('jabber-emm diff: drift against what a console holds', () => {
  it('compares a profile with its own exports (exit 0) and with a changed one (exit 1)', async () => {
    const out = path.join(tmp, 'drift-export');
    // Every format with Intune's tokens: --emm alone would write only the formats Intune takes.
    const every = ['ios-appconfig', 'ios-plist', 'ios-dict', 'android-managed-config', 'android-amapi', 'url', 'windows-installer'].flatMap((t) => ['--target', t]);
    const exported = await runCli(['export', `${FIX}/written/inherits.yaml`, '--out', out, '--emm', 'intune', ...every], { env });
    expect(exported.code).toBe(0);
    for (const file of ['ios-dict.xml', 'ios-managed.plist', 'ios-appconfig.xml', 'android-managed-config.json', 'android-amapi-policy.json', 'jabber-config-url.txt', 'install-jabber.cmd']) {
      const run = await diff([`${FIX}/written/inherits.yaml`, path.join(out, 'acme-prod', file)]);
      expect(run.stderr, file).toBe('');
      expect(run.code, file).toBe(0);
      expect(run.stdout).toContain('No differences.');
    }
    const changed = await diff([`${FIX}/written/changed.yaml`, path.join(out, 'acme-prod', 'ios-dict.xml')]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain(`Drift: profile acme-prod (${FIX}/written/changed.yaml) against ios-dict file`);
    expect(changed.stdout).toContain('differs  settings.ServicesDomain                    console holds acme.com, profile says acme.eu\n');
    expect(changed.stdout).toMatch(/^missing  settings\.AutoLoginUserName +console holds nothing, profile says \$\{user\.email\}\n/m);
    expectNoSecret(changed, PASSWORD);
  });

  it('takes a configuration URL as the argument itself', async () => {
    const url = 'ciscojabber://provision?ServicesDomain=acme.com&VoiceServicesDomain=voice.acme.com&ServiceDiscoveryExcludedServices=CUCM,CUP&ServicesDomainSsoEmailPrompt=ON&InvalidCertificateBehavior=RejectAndNotify&Telephony_Enabled=False&IP_Mode=Two%20Stacks';
    const run = await diff([`${FIX}/written/inherits.yaml`, url, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).changes).toEqual([
      { key: 'settings.Telephony_Enabled', kind: 'changed', before: true, after: false, targets: ['url'], consoles: ['users (e-mail, intranet page)'] },
    ]);
    const same = await diff([`${FIX}/written/inherits.yaml`, url.replace('False', 'True')]);
    expect(same.code).toBe(0);
  });

  it('warns about keys the console holds that no catalog entry knows, on stderr', async () => {
    const run = await diff([`${FIX}/written/inherits.yaml`, 'ciscojabber://provision?ServicesDomain=acme.com&Bogus=1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('warning url-unknown-parameter');
    expect(run.stdout).not.toContain('Bogus');
  });
});

describe('jabber-emm diff: a folder of profiles against an export folder', () => {
  it('exits 0 on a fresh export, 1 naming profile, file and key once a file drifted', async () => {
    const out = path.join(tmp, 'folder-drift-out');
    const exported = await runCli(['export', 'examples/', '--out', out]);
    expect(exported.code).toBe(0);
    const clean = await diff(['examples/', out]);
    expect(clean.code).toBe(0);
    const dict = path.join(out, 'acme-staging', 'ios-dict.xml');
    writeFileSync(dict, readFileSync(dict, 'utf8').replace('<string>staging.acme.com</string>', '<string>old.acme.com</string>'));
    const drifted = await diff(['examples/', out, '--json']);
    expect(drifted.code).toBe(1);
    const doc = JSON.parse(drifted.stdout) as ExportsDiffJson;
    expect(doc.drift).toEqual([
      expect.objectContaining({ profile: 'acme-staging', file: dict, key: 'settings.ServicesDomain', before: 'staging.acme.com', after: 'old.acme.com' }),
    ]);
  });
});
