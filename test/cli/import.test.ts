import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** `jabber-emm import` end to end on the built bin/run.js. */
const EVERY_KEY = 'test/fixtures/import/every-key.yaml';
const PASSWORD = 'Imp0rt-Pa55!word';
const env = { JABBER_AUTOLOGIN_PASSWORD: PASSWORD };

let tmp: string;
let exported: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-cli-import-'));
  exported = path.join(tmp, 'out');
  const run = await runCli(['export', EVERY_KEY, '--out', exported, '--emm', 'intune'], { env });
  expect(run.code).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('jabber-emm import', () => {
  it('prints a canonical profile for a URL given as the argument', async () => {
    const run = await runCli(['import', 'ciscojabber://provision?ServicesDomain=cisco.com&VoiceServicesDomain=alphauk.cisco.com&ServiceDiscoveryExcludedServices=CUCM,CUP&ServicesDomainSsoEmailPrompt=OFF']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        '# Imported by jabber-emm from the configuration URL given (url).',
        '',
        'name: imported',
        'settings:',
        '  ServicesDomain: cisco.com',
        '  VoiceServicesDomain: alphauk.cisco.com',
        '  ServiceDiscoveryExcludedServices: [CUCM, CUP]',
        '  ServicesDomainSsoEmailPrompt: false',
        '',
      ].join('\n'),
    );
  });

  it('writes --out atomically, names the profile by its export folder, and the file validates', async () => {
    const out = path.join(tmp, 'profiles', 'from-ios.yaml');
    const run = await runCli(['import', path.join(exported, 'every-key', 'ios-dict.xml'), '--out', out], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Wrote ${out} (profile every-key, from ios-dict).\n`);
    expect(run.stderr).toContain('warning secret-as-env');
    expect(run.stderr).toContain('Set JABBER_AUTOLOGIN_PASSWORD');
    expect(readFileSync(out, 'utf8')).toContain('AutoLoginUserPassword: ${env:JABBER_AUTOLOGIN_PASSWORD}');
    expect(readdirSync(path.dirname(out))).toEqual(['from-ios.yaml']); // no temporary file left
    const validate = await runCli(['validate', out], { env });
    expect(validate.code).toBe(0);
    for (const r of [run, validate]) {
      expect(r.stdout).not.toContain(PASSWORD);
      expect(r.stderr).not.toContain(PASSWORD);
    }
  });

  it('--json prints the profile, its source and warnings, never the secret', async () => {
    const run = await runCli(['import', path.join(exported, 'every-key', 'android-managed-config.json'), '--name', 'acme-android', '--json'], { env });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['name', 'target', 'source', 'file', 'profile', 'env', 'ok', 'files', 'diagnostics']);
    expect(doc).toMatchObject({ name: 'acme-android', target: 'android-managed-config', file: null, env: ['JABBER_AUTOLOGIN_PASSWORD'] });
    expect(doc.profile).toContain('name: acme-android\n');
    expect(doc.profile).toContain('  AutoLoginUserName: ${user.email}\n');
    expect(run.stdout).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain(PASSWORD);
  });

  it('keeps unknown keys and bad values in comments, with warnings on stderr', async () => {
    const file = path.join(tmp, 'console.json');
    writeFileSync(
      file,
      JSON.stringify({ packageName: 'com.acme.im', managedConfiguration: { ServicesDomain: 'acme.com', Telephony_Enabled: 'maybe', LegacyKey: 'x', ServicePassword: 'do-not-print' } }),
    );
    // A value the profile rules reject is an error: exit 1, nothing printed as a profile.
    const strict = await runCli(['import', file]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('error invalid-boolean');
    expect(strict.stderr).toContain('--lenient');
    // --lenient imports what can be read and names each item dropped.
    const run = await runCli(['import', file, '--lenient']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('name: console\napps:\n  android: com.acme.im\nsettings:\n  ServicesDomain: acme.com\n');
    expect(run.stdout).toContain(`# Unknown keys found in ${file}:\n#   LegacyKey: x\n#   ServicePassword: ***\n`);
    expect(run.stdout).toContain('#   Telephony_Enabled: maybe\n');
    expect(run.stderr).toMatch(/warning invalid-boolean.*Dropped from the profile/);
    expect(run.stderr).toContain('warning unknown-key');
    expect(run.stdout + run.stderr + strict.stderr).not.toContain('do-not-print');
  });

  it('exits 1 for a file it cannot recognise (writing nothing), 2 for usage errors', async () => {
    const odd = path.join(tmp, 'odd.txt');
    writeFileSync(odd, 'not an export\n');
    const out = path.join(tmp, 'never.yaml');
    const run = await runCli(['import', odd, '--out', out]);
    expect(run.code).toBe(1);
    // oclif wraps long errors to the terminal width behind " ›" markers.
    expect(run.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')).toContain('is not a file jabber-emm can read back');
    expect(existsSync(out)).toBe(false);
    expect((await runCli(['import', path.join(tmp, 'missing.xml')])).code).toBe(1);
    // --out under a path whose parent is a file: exit 1, and a message naming the file.
    const unwritable = await runCli(['import', 'ciscojabber://provision?ServicesDomain=acme.com', '--out', path.join(odd, 'x.yaml')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain('Cannot write');
    expect((await runCli(['import'])).code).toBe(2);
    const badName = await runCli(['import', 'ciscojabber://provision?ServicesDomain=acme.com', '--name', '../evil']);
    expect(badName.code).toBe(2);
  });
  it('refuses to replace an existing --out file (exit 1, file untouched) unless --force', async () => {
    const out = path.join(tmp, 'existing.yaml');
    writeFileSync(out, '# hand-edited\nname: keep-me\n');
    const url = 'ciscojabber://provision?ServicesDomain=acme.com';
    const refused = await runCli(['import', url, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')).toContain(`${out} exists; pass --force to replace it.`);
    expect(refused.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(readFileSync(out, 'utf8')).toBe('# hand-edited\nname: keep-me\n');
    const forced = await runCli(['import', url, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('ServicesDomain: acme.com');
    // --force means nothing without --out: a usage error.
    expect((await runCli(['import', url, '--force'])).code).toBe(2);
  });

  // export → import → export through files is tested in process for every target (test/unit/import-roundtrip.test.ts).
});
