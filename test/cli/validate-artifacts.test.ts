/**
 * End-to-end: `jabber-emm validate` on exported files an admin already holds, on the built
 * bin/run.js. The files are the real export of examples/ (through the library's exportProfiles).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../../src/targets/registry.js';
import { appConfig2016Xsd, exportExamples, ROOT, TAMPERS, writeTampered } from '../helpers/exported-files.js';
import { errorText, runCli } from '../helpers/cli.js';

interface Entry {
  source: string;
  name: string | null;
  ok: boolean;
  diagnostics: { severity: string; code: string; file: string; line: number; message: string; target?: string }[];
  kind: 'profile' | 'artifact';
  target?: string;
}
interface Json {
  profiles: Entry[];
  summary: { profiles: number; ok: number; failed: number; errors: number; warnings: number; artifacts: number };
  diagnostics: { severity: string; code: string; file: string; message: string }[];
}

const NO_STACK = /\n\s+at .+:\d+:\d+/;

let tmp: string;
let out: string;
let tampered: string[];
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-validate-artifacts-cli-'));
  out = await exportExamples(tmp);
  tampered = writeTampered(out, path.join(tmp, 'tampered'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('jabber-emm validate on exported files', () => {
  it('the export of examples/ validates clean: exit 0, every file an artifact of its target', async () => {
    const r = await runCli(['validate', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Json;
    expect(Object.keys(json)).toEqual(['profiles', 'summary', 'diagnostics']);
    // The profile's rules over the installer command: SSO_EMAIL_PROMPT=ON (from ServicesDomainSsoEmailPrompt)
    // without UPN_DISCOVERY_ENABLED=false is Cisco's incomplete recipe (a warning, as in the profile import makes of it).
    const sso = (p: { source: string }): string[] =>
      p.source.endsWith('install-jabber.cmd') && /SSO_EMAIL_PROMPT=ON/.test(readFileSync(p.source, 'utf8')) ? ['sso-email-prompt-incomplete'] : [];
    const warned = json.profiles.filter((p) => sso(p).length > 0).length;
    expect(json.summary).toEqual({ profiles: 28, ok: 28, failed: 0, errors: 0, warnings: warned, artifacts: 28 });
    for (const p of json.profiles) {
      expect(Object.keys(p)).toEqual(['source', 'name', 'ok', 'diagnostics', 'kind', 'target']);
      expect(p).toMatchObject({ kind: 'artifact', ok: true });
      expect(p.diagnostics.map((d) => d.code), p.source).toEqual(sso(p));
    }
    expect(new Set(json.profiles.map((p) => p.target))).toEqual(new Set(TARGETS.map((t) => t.id)));
    expect(json.profiles.find((p) => p.source === path.join(out, 'acme-staging', 'android-amapi-policy.json'))).toMatchObject({
      name: 'acme-staging',
      target: 'android-amapi',
    });
  });

  it('the human report names each file with its target and counts profiles and exported files', async () => {
    const r = await runCli(['validate', path.join(out, 'acme-prod'), 'examples/acme-prod.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${path.join(out, 'acme-prod', 'ios-dict.xml')}: ok (ios-dict)\n`);
    expect(r.stdout).toContain(`${path.join(out, 'acme-prod', 'app_restrictions_values.xml')}: ok (android-restrictions)\n`);
    expect(r.stdout).toContain('examples/acme-prod.yaml: ok (acme-prod)\n');
    expect(r.stdout).toMatch(/^1 profile and 14 exported files: 15 ok, 0 failed( \(1 warning\))?\n$/m);
  });

  // Each damage is checked in process (test/unit/validate-artifacts.test.ts); here the process
  // boundary: every tampered file named on one command line, exit 1, each reported with its code.
  it('every tampered file named at once: exit 1, each with its code, in --json and in text', async () => {
    const json = await runCli(['validate', ...tampered, '--json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as Json;
    expect(doc.profiles).toHaveLength(TAMPERS.length);
    TAMPERS.forEach((tamper, i) => {
      const entry = doc.profiles.find((p) => p.source === tampered[i])!;
      expect(entry, tamper.what).toMatchObject({ kind: 'artifact', target: tamper.target, ok: false });
      expect(entry.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), tamper.what).toContain(tamper.code);
    });
    const human = await runCli(['validate', ...tampered]);
    expect(human.code).toBe(1);
    for (const tamper of TAMPERS) expect(human.stdout, tamper.what).toMatch(new RegExp(`error ${tamper.code} \\[${tamper.target}\\]: `));
    expect(human.stderr).not.toMatch(NO_STACK);
  });

  it('a folder of all the tampered files: each fails, the run exits 1', async () => {
    const r = await runCli(['validate', path.join(tmp, 'tampered'), '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Json;
    expect(doc.summary).toMatchObject({ profiles: TAMPERS.length, failed: TAMPERS.length, artifacts: TAMPERS.length });
  });

  it('a folder of profiles and exports, with unrelated files beside them', async () => {
    const dir = path.join(tmp, 'mixed');
    mkdirSync(path.join(dir, 'out'), { recursive: true });
    for (const f of ['acme-prod.yaml', 'acme-staging.yaml', 'base.yaml']) copyFileSync(path.join(ROOT, 'examples', f), path.join(dir, f));
    for (const f of ['ios-managed.plist', 'android-amapi-policy.json', 'install-jabber.cmd', 'jabber-config-page.html']) copyFileSync(path.join(out, 'acme-staging', f), path.join(dir, 'out', f));
    writeFileSync(path.join(dir, 'out', 'upload-log.txt'), 'Uploaded on Monday.\n');
    writeFileSync(path.join(dir, 'notes.xml'), '<notes/>\n');
    const r = await runCli(['validate', dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Json;
    expect(doc.diagnostics).toEqual([]);
    expect(doc.profiles.map((p) => [path.relative(dir, p.source), p.kind, p.target ?? null, p.name])).toEqual([
      ['acme-prod.yaml', 'profile', null, 'acme-prod'],
      ['acme-staging.yaml', 'profile', null, 'acme-staging'],
      ['base.yaml', 'profile', null, 'acme-base'],
      ['out/android-amapi-policy.json', 'artifact', 'android-amapi', 'out'],
      ['out/install-jabber.cmd', 'artifact', 'windows-installer', 'out'],
      ['out/ios-managed.plist', 'artifact', 'ios-plist', 'out'],
      ['out/jabber-config-page.html', 'artifact', 'url-page', 'out'],
    ]);
    for (const p of doc.profiles.filter((e) => e.kind === 'profile')) expect(Object.keys(p)).toEqual(['source', 'name', 'ok', 'diagnostics', 'kind']);
    expect(doc.summary).toEqual({ profiles: 7, ok: 7, failed: 0, errors: 0, warnings: 0, artifacts: 4 });
  });

  it('a file named explicitly that is neither: unrecognised-file, exit 1', async () => {
    const file = path.join(tmp, 'pom.xml');
    writeFileSync(file, '<?xml version="1.0"?>\n<project/>\n');
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}: error unrecognised-file: ${file} is neither a profile nor a file a jabber-emm target recognises by its contents.`);
    expect(r.stdout).toContain('ios-appconfig (ios-appconfig.xml)');
  });

  it('a .json profile stays a profile; a .yaml holding an export is a profile (and fails as one)', async () => {
    const yaml = path.join(tmp, 'looks-like-dict.yaml');
    copyFileSync(path.join(out, 'acme-prod', 'android-managed-config.json'), yaml);
    const r = await runCli(['validate', yaml, '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Json).profiles[0]).toMatchObject({ kind: 'profile', ok: false });
    const json = path.join(tmp, 'profile.json');
    writeFileSync(json, JSON.stringify({ name: 'p', settings: { ServicesDomain: 'acme.com' } }));
    const ok = await runCli(['validate', json, '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as Json).profiles[0]).toMatchObject({ kind: 'profile', name: 'p', ok: true });
  });
});

describe('jabber-emm validate --xsd', () => {
  const hyphenated = () => {
    const file = path.join(tmp, 'ios-appconfig-hyphen.xml');
    writeFileSync(file, readFileSync(path.join(out, 'acme-prod', 'ios-appconfig.xml'), 'utf8').replace('<bundleId>com.cisco.jabberIM</bundleId>', '<bundleId>com.acme-corp.jabber</bundleId>'));
    return file;
  };

  it('the 2016 AppConfig schema rejects a hyphenated bundle id: exit 1, code xsd', async () => {
    const file = hyphenated();
    const without = await runCli(['validate', file]);
    expect(without.code).toBe(0);
    const xsd = appConfig2016Xsd();
    const r = await runCli(['validate', file, '--xsd', xsd, '--json']);
    expect(r.code).toBe(1);
    const entry = (JSON.parse(r.stdout) as Json).profiles[0]!;
    expect(entry).toMatchObject({ kind: 'artifact', target: 'ios-appconfig', ok: false });
    const error = entry.diagnostics.find((d) => d.code === 'xsd')!;
    expect(error).toMatchObject({ severity: 'error', file, line: 4 });
    expect(error.message).toContain("Element 'bundleId'");
    const human = await runCli(['validate', file, '--xsd', xsd]);
    expect(human.stdout).toContain(`${file}:4:1: error xsd [ios-appconfig]: Fails ${xsd}:`);
  });

  it('exported specfiles pass it; profiles beside them are unaffected', async () => {
    const r = await runCli(['validate', out, 'examples/', '--xsd', appConfig2016Xsd(), '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Json).summary).toMatchObject({ profiles: 31, ok: 31, artifacts: 28 });
  });

  it('a schema that does not compile: exit 2 with libxml2 message, nothing validated, no stack', async () => {
    const bad = path.join(tmp, 'broken.xsd');
    writeFileSync(bad, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="nope"/></xs:schema>\n');
    const r = await runCli(['validate', out, '--xsd', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(errorText(r.stderr)).toMatch(/^Error: \S*broken\.xsd is not a usable XML Schema: .*The QName value 'nope' does not resolve to a\(n\) type definition/);
    expect(r.stderr).not.toMatch(NO_STACK);
    const missing = await runCli(['validate', out, '--xsd', path.join(tmp, 'nope.xsd')]);
    expect(missing.code).toBe(2);
    expect(errorText(missing.stderr)).toContain('nope.xsd does not exist');
  });

  it('--xsd with no specfile among the inputs: a warning, exit 0', async () => {
    const r = await runCli(['validate', 'examples/', '--xsd', appConfig2016Xsd()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning xsd-unused: --xsd');
    expect(r.stdout).toMatch(/^3 profiles: 3 ok, 0 failed\n$/m);
  });

  it('--help states the rule and the flag', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    // Wrapped to the terminal's width: compared with the line breaks folded.
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('--xsd=<file>');
    expect(text).toContain('.yaml and .yml are always profiles');
    expect(text).toContain('is an error (unrecognised-file)');
  });
});
