import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT, runCli, type CliRun } from '../helpers/cli.js';

/** End-to-end: spawns the built bin/run.js (built by test/setup/build.ts) like a user would. */
const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-validate-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI with a clean environment: no TTY, no colour unless asked, only the variables given. */
function run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { env, cleanEnv: true });
}

function profile(name: string, text: string): string {
  const file = path.join(tmp, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const NO_STACK = /\n\s+at .+:\d+:\d+/;

interface Json {
  profiles: { source: string; name: string | null; ok: boolean; diagnostics: { severity: string; code: string; line: number; column: number; pointer: string; file: string; message: string }[] }[];
  summary: { profiles: number; ok: number; failed: number; errors: number; warnings: number };
  diagnostics: { code: string }[];
}

describe('jabber-emm validate', () => {
  test('the bundled examples pass on a fresh clone with no environment variables (exit 0)', async () => {
    const r = await run(['validate', 'examples/']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/acme-prod.yaml: ok (acme-prod)');
    expect(r.stdout).toContain('examples/acme-staging.yaml: ok (acme-staging)');
    expect(r.stdout).toMatch(/^3 profiles: 3 ok, 0 failed\n$/m);
  });

  test('--json prints {profiles: [{source, name, ok, diagnostics}], summary: {profiles, ok, failed}}', async () => {
    const r = await run(['validate', 'examples/', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Json;
    expect(Object.keys(json)).toEqual(['profiles', 'summary', 'diagnostics']);
    expect(json.summary).toMatchObject({ profiles: 3, ok: 3, failed: 0 });
    expect(json.profiles.map((p) => [p.source, p.name, p.ok])).toEqual([
      ['examples/acme-prod.yaml', 'acme-prod', true],
      ['examples/acme-staging.yaml', 'acme-staging', true],
      ['examples/base.yaml', 'acme-base', true],
    ]);
    // kind (and target, for exported files) came with validating exported files (issue 3).
    for (const p of json.profiles) expect(Object.keys(p)).toEqual(['source', 'name', 'ok', 'diagnostics', 'kind']);
    expect(json.profiles.every((p) => (p as { kind?: string }).kind === 'profile')).toBe(true);
  });

  test('a profile with errors: compiler-style lines, exit 1; --json carries code, line, column, pointer', async () => {
    const file = profile('bad/acme.yaml', 'name: acme\nsettings:\n  ServicesDomain: acme.com\n  VoiceServiceDomain: v.acme.com\n  IP_Mode: Dual_Stack\n');
    const human = await run(['validate', file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`${file}:4:3: error unknown-key: Unknown key VoiceServiceDomain: did you mean VoiceServicesDomain?`);
    expect(human.stdout).toContain(`${file}:5:12: error invalid-enum:`);
    expect(human.stdout).toContain('1 profile: 0 ok, 1 failed (2 errors)');
    const json = await run(['validate', file, '--json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as Json;
    expect(doc.summary).toMatchObject({ profiles: 1, ok: 0, failed: 1 });
    expect(doc.profiles[0]!.diagnostics.map((d) => [d.code, d.line, d.column, d.pointer])).toEqual([
      ['unknown-key', 4, 3, '/settings/VoiceServiceDomain'],
      ['invalid-enum', 5, 12, '/settings/IP_Mode'],
    ]);
  });

  test('warnings alone exit 0', async () => {
    const file = profile('warn/w.yaml', 'name: w\nsettings:\n  ServicesDomain: acme.com\n  ServiceDiscoveryExcludedServices: WEBEX,CUCM,CUP\n');
    const r = await run(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warning all-services-excluded');
    // --quiet (the flag's mapping): the warning is counted, not listed.
    const quiet = await run(['validate', file, '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('all-services-excluded');
    expect(quiet.stdout).toContain('1 warning');
  });

  test('${env:NAME}: missing is an error naming it; set, the value never appears in any output', async () => {
    const file = profile('env/p.yaml', 'name: p\nsettings:\n  ServicesDomain: acme.com\n  AutoLoginUserName: ${user.email}\n  AutoLoginUserPassword: ${env:JABBER_AUTOLOGIN_PASSWORD}\n');
    const missing = await run(['validate', file]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('error env-missing: The environment variable JABBER_AUTOLOGIN_PASSWORD is not set');
    const secret = 'Tr0ub4dor&3-very-secret';
    for (const args of [['validate', file], ['validate', file, '--json']]) {
      const r = await run(args, { JABBER_AUTOLOGIN_PASSWORD: secret });
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });

  test('hostile input is a diagnostic, never a crash or a stack trace', async () => {
    const cases = ['deep-nesting/profile.yaml', 'deep-nesting-flow/profile.json', 'alias-bomb/profile.yaml', 'binary-nul/profile.yaml', 'proto-keys/profile.yaml', 'duplicate-key/profile.yaml', 'parse-error-json/profile.json'];
    const r = await run(['validate', '--json', ...cases.map((c) => `test/golden-diagnostics/${c}`)]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(NO_STACK);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.summary.failed).toBe(cases.length);
    const codes = json.profiles.flatMap((p) => p.diagnostics.map((d) => d.code));
    for (const code of ['too-deep', 'too-many-aliases', 'not-text', 'unknown-key', 'duplicate-key', 'parse-error']) expect(codes).toContain(code);
  });

  test('a path that does not exist: exit 1, path-not-found, the other paths still validated', async () => {
    const r = await run(['validate', 'examples/acme-prod.yaml', 'no/such/dir', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.diagnostics.map((d) => d.code)).toEqual(['path-not-found']);
    expect(json.summary.profiles).toBe(1);
    const human = await run(['validate', 'no/such/dir']);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('no/such/dir: error path-not-found:');
  });

  test('usage errors exit 2, without a stack trace', async () => {
    const none = await run(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'Error: Missing PATHS. Usage: jabber-emm validate PATHS... [flags]. PATHS: Profile or exported files, folders (searched recursively), or ciscojabber:// URLs. See `jabber-emm validate --help`.\n',
    );
    expect(none.stderr).not.toMatch(NO_STACK);
    const flag = await run(['validate', 'examples/', '--no-such-flag']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).not.toMatch(NO_STACK);
  });

  test('colour only on request: none when piped, none under NO_COLOR, ANSI with FORCE_COLOR', async () => {
    const file = profile('colour/c.yaml', 'name: c\nsettings:\n  Flux: 1\n');
    const piped = await run(['validate', file]);
    expect(piped.stdout).not.toContain('\x1b[');
    const forced = await run(['validate', file], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\x1b[31m');
    const noColor = await run(['validate', file], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(noColor.stdout).not.toContain('\x1b[');
  });

  test('several paths (as a shell glob expands) and a large folder stream through', async () => {
    const dir = path.join(tmp, 'many');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'base.yaml'), 'name: base\nsettings:\n  ServicesDomain: acme.com\n');
    for (let i = 0; i < 1000; i += 1) writeFileSync(path.join(dir, `p${String(i).padStart(4, '0')}.yaml`), `name: p${i}\nextends: ./base.yaml\n`);
    const r = await run(['validate', dir, 'examples/acme-prod.yaml', 'examples/acme-staging.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1003 profiles: 1003 ok, 0 failed\n$/m);
  });

  test('--help works and names the exit codes', async () => {
    const r = await run(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes: 0');
    expect(r.stdout).toContain('--json');
  });

  test('--emm is repeatable and comma-separated, checks each console, and takes only export\'s console ids', async () => {
    const file = profile('emm/vars.yaml', 'name: vars\nsettings:\n  ServicesDomain: acme.com\n  AutoLoginUserName: "${user.displayName}"\n  AutoLoginUserPassword: ${env:PW}\n');
    const env = { PW: 'secret-pw' };
    const warned = await run(['validate', file, '--json'], env);
    expect(warned.code).toBe(0);
    expect((JSON.parse(warned.stdout) as Json).profiles[0]!.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'variables-need-emm']]);
    const codesOf = (r: CliRun) => (JSON.parse(r.stdout) as Json).profiles[0]!.diagnostics.map((d) => d.message);
    const repeated = await run(['validate', '--emm', 'intune', '--emm', 'workspace-one', file, '--emm', 'maas360', '--json'], env);
    expect(repeated.code).toBe(1);
    expect(codesOf(repeated).map((m) => m.match(/which (\S+) has no token/)?.[1])).toEqual(['workspace-one', 'maas360']);
    const comma = await run(['validate', file, '--emm', 'workspace-one,jamf', '--json'], env);
    expect(comma.code).toBe(1);
    expect(codesOf(comma)).toHaveLength(1);
    expect(comma.stdout + repeated.stdout).not.toContain('secret-pw');
    expect((await run(['validate', file, '--emm', 'jamf'], env)).code).toBe(0);
    expect((await run(['validate', file, '--emm', 'airwatch'], env)).code).toBe(2);
  });
});
