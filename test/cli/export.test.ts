import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorText, mtimes, readTree, runCli } from '../helpers/cli.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-cli-export-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder with the given profiles (file name → YAML text). */
function profiles(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const good = (name: string, domain = 'acme.com') => `name: ${name}\nsettings:\n  ServicesDomain: ${domain}\n  VoiceServicesDomain: voice.${domain}\n`;

interface JsonOut {
  profiles: {
    source: string;
    name?: string;
    ok: boolean;
    skipped?: string;
    files: { target: string; path: string; console?: string; secret?: true }[];
    diagnostics: { code: string; severity: string; message: string }[];
  }[];
  summary: { profiles: number; ok: number; failed: number; skipped: number; files: number };
}

describe('jabber-emm export', () => {
  it('exports the bundled examples with exit 0 and the promised --json shape', async () => {
    const out = path.join(tmp, 'examples-out');
    const run = await runCli(['export', 'examples/', '--out', out, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonOut;
    expect(Object.keys(json)).toEqual(['profiles', 'summary']);
    expect(Object.keys(json.summary)).toEqual(['profiles', 'ok', 'failed', 'skipped', 'files']);
    expect(json.summary.failed).toBe(0);
    // examples/base.yaml is abstract: listed, not exported.
    expect(json.summary.skipped).toBe(1);
    expect(json.summary.ok).toBe(json.summary.profiles - 1);
    const base = json.profiles.find((p) => p.name === 'acme-base')!;
    expect(base).toEqual({ source: 'examples/base.yaml', name: 'acme-base', ok: true, skipped: 'abstract', files: [], diagnostics: [] });
    for (const p of json.profiles.filter((x) => x !== base)) {
      expect(Object.keys(p)).toEqual(['source', 'name', 'ok', 'files', 'diagnostics']);
      for (const f of p.files) {
        expect(Object.keys(f)).toEqual(['target', 'path']);
        expect(f.path.startsWith(path.join(out, p.name!) + path.sep)).toBe(true);
        expect(existsSync(f.path)).toBe(true);
      }
    }
    expect(json.summary.files).toBe(json.profiles.reduce((n, p) => n + p.files.length, 0));
  });

  it('--allow-secret-in-asset lets a DDM asset hold a secret; without it the profile fails with secret-in-asset; secret files are 0600', async () => {
    const dir = profiles('secret', { 'a.yaml': `${good('secret-a')}  AutoLoginUserName: jdoe\n  AutoLoginUserPassword: \${env:JABBER_PW}\n` });
    const args = ['export', dir, '--target', 'ios-ddm,url', '--asset-url', 'https://mdm.acme.com/jabber/'];
    const env = { env: { JABBER_PW: 'never-printed-pw' } };
    const refused = await runCli([...args, '--out', path.join(tmp, 'secret-refused'), '--json'], env);
    expect(refused.code).toBe(1);
    const doc = JSON.parse(refused.stdout) as JsonOut;
    expect(doc.profiles[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['secret-in-asset']);
    expect(existsSync(path.join(tmp, 'secret-refused', 'secret-a'))).toBe(false);

    const out = path.join(tmp, 'secret-allowed');
    const allowed = await runCli([...args, '--out', out, '--allow-secret-in-asset'], env);
    expect(allowed.code).toBe(0);
    const plist = path.join(out, 'secret-a', 'ios-ddm-config.plist');
    expect(statSync(plist).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(out, 'secret-a', 'jabber-config-url.txt')).mode & 0o077).not.toBe(0);
    expect(allowed.stdout).toContain(`1 file holds a secret (written 0600, readable by you only): ${plist}. Give it to the EMM console only; do not publish it or commit it.`);
    const json = JSON.parse((await runCli([...args, '--out', out, '--allow-secret-in-asset', '--json'], env)).stdout) as JsonOut;
    expect(json.profiles[0]!.files.filter((f) => f.secret).map((f) => path.basename(f.path))).toEqual(['ios-ddm-config.plist']);
    for (const r of [refused, allowed]) expect(r.stdout + r.stderr).not.toContain('never-printed-pw');
  });

  it('prints one line per profile and a summary, and no progress bar when piped', async () => {
    const dir = profiles('human', { 'a.yaml': good('human-a'), 'b.yaml': good('human-b') });
    const run = await runCli(['export', dir, '--out', path.join(tmp, 'human-out'), '--target', 'url']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok\s+human-a\s+1 file\s+\(.*a\.yaml\)$/m);
    expect(run.stdout).toMatch(/^ok\s+human-b\s+1 file/m);
    expect(run.stdout).toMatch(/^2 profiles: 2 exported, 0 failed; 2 files \(2 written, 0 unchanged\)\.$/m);
    expect(run.stderr).toBe('');
  });

  it('writes nothing of a failing profile while the others are written, exit 1', async () => {
    const dir = profiles('mixed', {
      'a-good.yaml': good('mixed-good'),
      'b-invalid.yaml': 'name: mixed-invalid\nsettings:\n  ServicesDomain: acme.com\n  VoiceServiceDomain: voice.acme.com\n',
      // A per-user variable without --emm cannot be rendered for the plist targets.
      'c-variable.yaml': `${good('mixed-variable')}  AutoLoginUserName: \${user.email}\n  AutoLoginUserPassword: \${env:JABBER_PW}\n`,
    });
    const out = path.join(tmp, 'mixed-out');
    const run = await runCli(['export', dir, '--out', out, '--json'], { env: { JABBER_PW: 'not-printed' } });
    expect(run.stdout).not.toContain('not-printed');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as JsonOut;
    expect(json.profiles.map((p) => [p.name, p.ok])).toEqual([
      ['mixed-good', true],
      ['mixed-invalid', false],
      ['mixed-variable', false],
    ]);
    expect(json.profiles[1]!.diagnostics.some((d) => d.code === 'unknown-key' && d.severity === 'error')).toBe(true);
    expect(json.profiles[2]!.diagnostics.some((d) => d.code === 'variable-needs-emm')).toBe(true);
    expect(json.profiles[1]!.files).toEqual([]);
    expect(json.summary).toEqual({ profiles: 3, ok: 1, failed: 2, skipped: 0, files: json.profiles[0]!.files.length });
    expect(readdirSync(out)).toEqual(['mixed-good']);
  });

  it('stops before writing anything when two profiles share a name', async () => {
    const dir = profiles('dupes', { 'a.yaml': good('other'), 'b.yaml': good('twice') });
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'c.yaml'), good('twice', 'example.org'));
    const out = path.join(tmp, 'dupes-out');
    const run = await runCli(['export', dir, '--out', out]);
    expect(run.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(run.stdout).toContain('Profiles share the name "twice"');
    expect(run.stdout).toContain('Nothing was written');
    const json = JSON.parse((await runCli(['export', dir, '--out', out, '--json'])).stdout) as JsonOut;
    expect(json.summary).toEqual({ profiles: 3, ok: 0, failed: 3, skipped: 0, files: 0 });
    expect(json.profiles.filter((p) => p.diagnostics[0]!.code === 'duplicate-name').map((p) => path.basename(p.source))).toEqual(['b.yaml', 'c.yaml']);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an --out that is a file, exit 1, without a stack trace', async () => {
    const file = path.join(tmp, 'out-is-a-file');
    writeFileSync(file, 'keep me');
    const dir = profiles('out-file', { 'a.yaml': good('out-file') });
    const run = await runCli(['export', dir, '--out', file]);
    expect(run.code).toBe(1);
    expect(errorText(run.stderr)).toContain('is a file, not a directory');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const json = await runCli(['export', dir, '--out', file, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.message).toContain('is a file');
  });

  it('refuses an --out where nothing can be created, exit 1', async () => {
    const dir = profiles('out-ro', { 'a.yaml': good('out-ro') });
    // Root ignores permission bits, so use a place no one can create files in.
    const run = await runCli(['export', dir, '--out', '/proc/jabber-emm-out']);
    expect(run.code).toBe(1);
    expect(errorText(run.stderr)).toContain('not writable');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--target', 'nope'], /Unknown target "nope"\. Choose from: .*ios-appconfig.*url/],
    [['--emm', 'nope'], /intune/],
    [['--target', 'ios-ddm'], /--asset-url/],
    [['--asset-url', 'http://mdm.example.com/x.plist'], /https/],
  ])('is a usage error (exit 2): %j', async (flags, message) => {
    const dir = profiles('usage', { 'a.yaml': good('usage') });
    const out = path.join(tmp, 'usage-out');
    const run = await runCli(['export', dir, '--out', out, ...flags]);
    expect(run.code).toBe(2);
    expect(errorText(run.stderr)).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('rewrites nothing on a second run over unchanged profiles', async () => {
    const dir = profiles('idem', { 'a.yaml': good('idem-a'), 'b.yaml': good('idem-b') });
    const out = path.join(tmp, 'idem-out');
    expect((await runCli(['export', dir, '--out', out])).code).toBe(0);
    const before = mtimes(out);
    await new Promise((r) => setTimeout(r, 20)); // so a rewrite would show in the mtimes
    const second = await runCli(['export', dir, '--out', out]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/\(0 written, \d+ unchanged\)/);
    expect(mtimes(out)).toEqual(before);
    // --json still lists every file.
    const json = JSON.parse((await runCli(['export', dir, '--out', out, '--json'])).stdout) as JsonOut;
    expect(json.summary.files).toBe(before.size);
  });

  it('writes byte-identical output on every run', async () => {
    const dir = profiles('determinism', { 'a.yaml': good('det-a'), 'b.yaml': good('det-b', 'example.org') });
    const a = path.join(tmp, 'det-1');
    const b = path.join(tmp, 'det-2');
    expect((await runCli(['export', dir, 'examples/', '--out', a, '--asset-url', 'https://mdm.example.com/jabber/'])).code).toBe(0);
    expect((await runCli(['export', 'examples/', dir, '--out', b, '--asset-url', 'https://mdm.example.com/jabber/'])).code).toBe(0);
    const ta = readTree(a);
    const tb = readTree(b);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [rel, bytes] of ta) expect(bytes.equals(tb.get(rel)!), rel).toBe(true);
  });

  it('takes --emm repeated or comma-separated, before or after the paths, and reports each file\'s console in --json', async () => {
    const dir = profiles('consoles', { 'a.yaml': good('cons-a') });
    const out = path.join(tmp, 'consoles-out');
    const run = await runCli(['export', '--emm', 'intune', '--emm', 'jamf', dir, '--out', out, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as JsonOut;
    const files = json.profiles[0]!.files.map((f) => [f.target, path.relative(out, f.path), f.console ?? null]);
    expect(files).toEqual([
      ['ios-dict', path.join('cons-a', 'intune', 'ios-dict.xml'), 'intune'],
      ['ios-dict', path.join('cons-a', 'jamf', 'ios-dict.xml'), 'jamf'],
      ['android-managed-config', path.join('cons-a', 'intune', 'android-managed-config.json'), 'intune'],
      ['url', path.join('cons-a', 'jabber-config-url.txt'), null],
      ['url-page', path.join('cons-a', 'jabber-config-page.html'), null],
      ['url-page', path.join('cons-a', 'jabber-config-email.txt'), null],
      ['windows-installer', path.join('cons-a', 'install-jabber.cmd'), null],
    ]);
    for (const f of json.profiles[0]!.files) expect(Object.keys(f)).toEqual(f.console ? ['target', 'path', 'console'] : ['target', 'path']);
    // The comma form is the same run: nothing to rewrite.
    const comma = await runCli(['export', dir, '--out', out, '--emm', 'intune,jamf']);
    expect(comma.code).toBe(0);
    expect(comma.stdout).toContain('7 files (0 written, 7 unchanged)');
    // An unknown console is a usage error.
    const bad = await runCli(['export', dir, '--out', out, '--emm', 'intune', '--emm', 'blackberry']);
    expect(bad.code).toBe(2);
    expect(errorText(bad.stderr)).toContain('blackberry');
  });

  it('--quiet prints errors only; --json keeps the warnings', async () => {
    const dir = profiles('quiet', { 'w.yaml': `${good('quiet-w')}  PRTCertificateName: Acme\n`, 'x.yaml': `name: quiet-x\nsettings:\n  VoiceServiceDomain: v.acme.com\n` });
    const args = ['export', dir, '--out', path.join(tmp, 'quiet-out'), '--target', 'ios-dict'];
    const loud = await runCli(args);
    expect(loud.code).toBe(1);
    expect(loud.stdout).toMatch(/warning not-carried \[ios-dict\]: PRTCertificateName/);
    const quiet = await runCli([...args, '--quiet']);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('warning');
    expect(quiet.stdout).toMatch(/error unknown-key/);
    expect(quiet.stdout).toMatch(/^ok\s+quiet-w/m);
    const json = JSON.parse((await runCli([...args, '--quiet', '--json'])).stdout) as JsonOut;
    expect(json.profiles.find((p) => p.name === 'quiet-w')!.diagnostics.map((d) => d.code)).toEqual(['not-carried']);
  });

  it('refuses to replace a file written for another console, exit 1, naming both consoles', async () => {
    const dir = profiles('replace', { 'r.yaml': `${good('repl')}  AutoLoginUserName: \${user.email}\n  AutoLoginUserPassword: \${env:REPL_PW}\n` });
    const out = path.join(tmp, 'replace-out');
    const env = { REPL_PW: 'hunter2-not-shown' };
    expect((await runCli(['export', dir, '--out', out, '--emm', 'intune'], { env })).code).toBe(0);
    const before = readTree(out);
    const jamf = await runCli(['export', dir, '--out', out, '--emm', 'jamf'], { env });
    expect(jamf.code).toBe(1);
    expect(jamf.stdout).toContain(`error other-console-file [ios-dict]: ${path.join(out, 'repl', 'ios-dict.xml')} was written for --emm intune`);
    expect(jamf.stdout).toContain('--emm intune --emm jamf');
    expect(jamf.stdout + jamf.stderr).not.toContain('hunter2-not-shown');
    expect(jamf.stderr).not.toMatch(/\n\s+at /);
    const after = readTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [rel, bytes] of before) expect(after.get(rel)!.equals(bytes), rel).toBe(true);
  });
});
