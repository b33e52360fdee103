/**
 * Usage errors at the process boundary: every case of issue 11 item 1, run through the built CLI.
 * With --json, stdout is exactly one short `{"error": {"code", "message"}}` (no oclif internals, no
 * home path) and the exit code is 2; without it, one line on stderr. The mapping itself is tested in
 * process (test/unit/cli-failure.test.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliFailureJson } from '../../src/cli/failure.js';
import { jsonOf, runCli, type CliRun } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-usage-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const out = path.join(tmp, 'out');

/** stdout is one JSON object holding only `error: {code, message}`, and nothing of oclif's. */
function expectJsonError(run: CliRun, code: string): CliFailureJson {
  expect(run.code, run.stdout + run.stderr).toBe(2);
  const doc = jsonOf<CliFailureJson>(run);
  expect(Object.keys(doc)).toEqual(['error']);
  expect(Object.keys(doc.error)).toEqual(['code', 'message']);
  expect(doc.error.code).toBe(code);
  expect(run.stdout.split('\n').length).toBeLessThan(10);
  expect(run.stdout).not.toMatch(/oclif|pjson|"parse"|"config"/);
  expect(run.stdout).not.toContain(homedir());
  expect(run.stderr).toBe('');
  return doc;
}

describe('--json usage errors', () => {
  it.each([
    ['export without --out', ['export', 'examples/acme-prod.yaml', '--json'], 'missing-flag', /^Missing --out\. .*Folder to write into/],
    ['export with no paths', ['export', '--json'], 'missing-argument', /^Missing PATHS and --out\. /],
    ['an unknown --target', ['export', 'examples/', '--out', out, '-t', 'nope', '--json'], 'unknown-target', /^Unknown target "nope"\. Choose from: /],
    ['an unknown --emm', ['export', 'examples/', '--out', out, '--emm', 'bogus', '--json'], 'invalid-flag-value', /^Expected --emm=bogus to be one of: intune, /],
    ['a resolver that is not an IP address', ['doctor', 'examples/acme-prod.yaml', '--resolver', 'dns.google', '--json'], 'bad-resolver', /IP address/],
    ['a missing --xsd', ['validate', 'examples/', '--xsd', '/missing.xsd', '--json'], 'xsd-not-found', /^--xsd \/missing\.xsd does not exist\.$/],
    ['an unknown flag', ['validate', 'examples/', '--xds', 'a.xsd', '--json'], 'unknown-flag', /^Unknown flag --xds\. Did you mean --xsd\?$/],
    ['an extra argument', ['diff', 'a.yaml', 'b.yaml', 'c.yaml', '--json'], 'unexpected-argument', /^Unexpected argument: c\.yaml\./],
    ['a flag without its value', ['import', 'x.xml', '--json', '--out'], 'missing-flag-value', /^--out needs a value/],
    ['a mistyped command', ['exprot', 'examples/', '--json'], 'unknown-command', /^exprot is not a jabber-emm command\. Did you mean export\?$/],
    ['an argument to a command that takes none', ['targets', 'extra', '--json'], 'unexpected-argument', /^Unexpected argument: extra\. Usage: jabber-emm targets \[flags\]\.$/],
  ])('%s: {"error": {code, message}}, exit 2', async (_name, args, code, message) => {
    const doc = expectJsonError(await runCli(args), code);
    expect(doc.error.message).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('usage errors in text', () => {
  it('export with no paths says what it needs, on one line, exit 2', async () => {
    const run = await runCli(['export']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'Error: Missing PATHS and --out. Usage: jabber-emm export PATHS... --out <value> [flags]. PATHS: Profile files or folders (folders are searched recursively). --out: Folder to write into: <out>/<profile name>/<file> (with several --emm, <out>/<profile name>/<console id>/<file> for console files). See `jabber-emm export --help`.\n',
    );
  });

  it('a mistyped command suggests the right one, exit 2', async () => {
    const run = await runCli(['exprot', 'examples/', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Error: exprot is not a jabber-emm command. Did you mean export? See `jabber-emm help`.\n');
    expect(existsSync(out)).toBe(false);
  });

  it("a command's own usage error keeps its code, with no stack", async () => {
    const run = await runCli(['doctor', 'examples/acme-prod.yaml', '--resolver', 'dns.google']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Error: --resolver takes an IP address .*\nCode: bad-resolver\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
