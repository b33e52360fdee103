/**
 * Hostile names and places: profile names that would make a path outside --out (`..`, absolute
 * paths, separators, reserved Windows device names, names too long for a file system), an --out
 * that is a file, sits under a file, or cannot be written, and links planted inside --out. For
 * each: the exact diagnostic and exit code, no stack trace, and nothing written outside --out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectCleanExit, expectNothingOutside, listTree, makeSandbox, removeSandbox, runCli, unwrapped, type ExportJson } from './hostile-helpers.js';

const HEAD = 'settings:\n  ServicesDomain: acme.com\n';
let sandbox: string;
/** Folders made immutable for the read-only case; made mutable again before clean-up. */
const immutable: string[] = [];

beforeAll(() => {
  sandbox = makeSandbox('paths');
});
afterAll(() => {
  for (const dir of immutable) execFileSync('chattr', ['-i', dir]);
  removeSandbox(sandbox);
});

/** Writes profiles (file name → YAML) into a fresh folder of the sandbox. */
function profiles(folder: string, files: Record<string, string>): string {
  const dir = path.join(sandbox, folder);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/**
 * Names, each as a YAML scalar, with the exact error codes. What `validate` accepts, `export`
 * must be able to write, so names a folder cannot have are `invalid-name` at validation, not a
 * late failure of the writer.
 */
const BAD_NAMES: Record<string, { yaml: string; errors: string[] }> = {
  dotdot: { yaml: "'..'", errors: ['invalid-name'] },
  dot: { yaml: "'.'", errors: ['invalid-name'] },
  'parent-path': { yaml: "'../escaped'", errors: ['invalid-name'] },
  'deep-parent': { yaml: "'a/../../escaped'", errors: ['invalid-name'] },
  absolute: { yaml: "'/tmp/jabber-emm-hostile-absolute'", errors: ['invalid-name'] },
  'windows-absolute': { yaml: "'C:\\Windows\\escaped'", errors: ['invalid-name'] },
  'unc-path': { yaml: "'\\\\server\\share'", errors: ['invalid-name'] },
  backslash: { yaml: "'..\\escaped'", errors: ['invalid-name'] },
  con: { yaml: 'con', errors: ['invalid-name'] },
  nul: { yaml: 'nul', errors: ['invalid-name'] },
  'com1-ext': { yaml: 'com1.prod', errors: ['invalid-name'] },
  lpt9: { yaml: 'lpt9', errors: ['invalid-name'] },
  'aux-upper': { yaml: 'AUX', errors: ['invalid-name'] },
  'trailing-space': { yaml: "'prod '", errors: ['invalid-name'] },
  'nul-char': { yaml: '"a\\0b"', errors: ['invalid-name'] },
  newline: { yaml: '"a\\nb"', errors: ['invalid-name'] },
  boolean: { yaml: 'true', errors: ['invalid-type'] },
  list: { yaml: '[a, b]', errors: ['invalid-type'] },
  // Windows drops a trailing dot from a folder name, so `prod.` would become `prod` there. The
  // writer refuses it too (unsafe-name), but validate must be first.
  'trailing-dot': { yaml: "'prod.'", errors: ['invalid-name'] },
  // An empty name written out (`name: ''`) is invalid-name, not missing-name: it is written.
  empty: { yaml: "''", errors: ['invalid-name'] },
  // Longer than a file name may be (NAME_MAX 255 bytes on Linux, 255 UTF-16 units on NTFS):
  // validate passed it, and the write failed with ENAMETOOLONG.
  'too-long': { yaml: 'a'.repeat(300), errors: ['invalid-name'] },
  // One over the profile name limit (100, profile-name.ts: room for --out and the file names
  // within Windows' 260-character paths), though a file system would still take it.
  'over-limit': { yaml: 'b'.repeat(101), errors: ['invalid-name'] },
};

/** Odd names that are still safe folder names: exported as written. */
const ODD_BUT_SAFE: Record<string, { yaml: string; folder: string }> = {
  'leading-dash': { yaml: "'-rf'", folder: '-rf' },
  number: { yaml: '123', folder: '123' },
  'max-length': { yaml: 'b'.repeat(100), folder: 'b'.repeat(100) },
};

describe('profile names that would leave --out', () => {
  let out: string;
  let json: ExportJson;
  let code: number | null;
  beforeAll(async () => {
    const files: Record<string, string> = { 'good.yaml': `name: names-good\n${HEAD}` };
    for (const [id, c] of Object.entries({ ...BAD_NAMES, ...ODD_BUT_SAFE })) files[`${id}.yaml`] = `name: ${c.yaml}\n${HEAD}`;
    const dir = profiles('names', files);
    out = path.join(sandbox, 'names-out');
    const before = listTree(sandbox);
    const run = await runCli(['export', dir, '--out', out, '--json'], { timeoutMs: 60_000 });
    expectCleanExit(run);
    expectNothingOutside(sandbox, before, out);
    code = run.code;
    json = JSON.parse(run.stdout) as ExportJson;
  });

  it('exits 1, exports the good and the odd-but-safe names only, into folders of those names', () => {
    expect(code).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['names-good', ...Object.values(ODD_BUT_SAFE).map((c) => c.folder)].sort());
    expect(existsSync('/tmp/jabber-emm-hostile-absolute')).toBe(false);
  });

  it.each(Object.keys(BAD_NAMES))('name %s: the exact error, nothing written', (id) => {
    const p = json.profiles.find((x) => path.basename(x.source) === `${id}.yaml`)!;
    expect(p.ok).toBe(false);
    expect(p.files).toEqual([]);
    expect(errorCodes(p)).toEqual(BAD_NAMES[id]!.errors);
  });

  it.each(Object.keys(ODD_BUT_SAFE))('name %s: a safe export', (id) => {
    const p = json.profiles.find((x) => path.basename(x.source) === `${id}.yaml`)!;
    expect(p.ok).toBe(true);
    for (const f of p.files) expect(path.dirname(f.path)).toBe(path.join(out, ODD_BUT_SAFE[id]!.folder));
  });
});

describe('--out that cannot take the export', () => {
  const good = () => profiles(`one-${Math.random().toString(36).slice(2)}`, { 'p.yaml': `name: out-good\n${HEAD}` });

  it('--out is a file: out-not-directory, exit 1, the file untouched', async () => {
    const file = path.join(sandbox, 'out-file');
    writeFileSync(file, 'keep me');
    const input = good();
    const before = listTree(sandbox);
    const run = await runCli(['export', input, '--out', file]);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toMatch(/is a file, not a directory/);
    expect(unwrapped(run.stderr)).toMatch(/out-not-directory/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expectNothingOutside(sandbox, before, path.join(sandbox, 'nowhere'));
  });

  it('--out under a file: out-not-directory, exit 1, nothing created', async () => {
    const file = path.join(sandbox, 'parent-file');
    writeFileSync(file, 'keep me');
    const input = good();
    const before = listTree(sandbox);
    const run = await runCli(['export', input, '--out', path.join(file, 'sub', 'out')]);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toMatch(/is a file, so .* cannot be created/);
    expect(unwrapped(run.stderr)).toMatch(/out-not-directory/);
    expectNothingOutside(sandbox, before, path.join(sandbox, 'nowhere'));
  });

  it('--out is read-only: out-not-writable, exit 1, nothing written', async (ctx) => {
    const ro = path.join(sandbox, 'read-only');
    mkdirSync(ro);
    if (process.getuid?.() === 0) {
      // chmod does not stop root; the immutable attribute does (needs CAP_LINUX_IMMUTABLE, ext4/xfs).
      try {
        execFileSync('chattr', ['+i', ro], { stdio: 'pipe' });
        immutable.push(ro);
      } catch {
        ctx.skip('running as root, and chattr +i is not available here, so no folder is read-only to this process');
      }
    } else {
      execFileSync('chmod', ['0555', ro]);
    }
    const input = good();
    const before = listTree(sandbox);
    const run = await runCli(['export', input, '--out', path.join(ro, 'out')]);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toMatch(/Cannot write to --out .* is not writable/);
    expect(unwrapped(run.stderr)).toMatch(/out-not-writable/);
    expectNothingOutside(sandbox, before, path.join(sandbox, 'nowhere'));
  });

  it('--out in a pseudo file system: exit 1 with a clear message', async () => {
    const run = await runCli(['export', good(), '--out', '/proc/jabber-emm-out']);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toMatch(/Cannot write to --out/);
  });
});

describe('what is already inside --out', () => {
  it('a file where a profile folder goes: write-failed for that profile, the others written, exit 1', async () => {
    const input = profiles('clash', { 'a.yaml': `name: clash-a\n${HEAD}`, 'b.yaml': `name: clash-b\n${HEAD}` });
    const out = path.join(sandbox, 'clash-out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'clash-a'), 'not a folder');
    const run = await runCli(['export', input, '--out', out, '--json']);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as ExportJson;
    expect(Object.fromEntries(json.profiles.map((p) => [p.name, errorCodes(p)]))).toEqual({ 'clash-a': ['write-failed'], 'clash-b': [] });
    expect(readFileSync(path.join(out, 'clash-a'), 'utf8')).toBe('not a folder');
  });

  it('a folder where an export file goes: write-failed, and none of that profile\'s files replaced', async () => {
    const input = profiles('clash-file', { 'a.yaml': `name: clash-file\n${HEAD}` });
    const out = path.join(sandbox, 'clash-file-out');
    mkdirSync(path.join(out, 'clash-file', 'jabber-config-url.txt'), { recursive: true });
    const run = await runCli(['export', input, '--out', out, '--json']);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as ExportJson;
    expect(errorCodes(json.profiles[0]!)).toEqual(['write-failed']);
    // The profile is one unit: no file of it was renamed into place, no temporary file is left.
    expect(readdirSync(path.join(out, 'clash-file'))).toEqual(['jabber-config-url.txt']);
  });

  it('a link planted under an export file name is replaced, never written through', async () => {
    const input = profiles('link', { 'a.yaml': `name: link-a\n${HEAD}` });
    const out = path.join(sandbox, 'link-out');
    const victim = path.join(sandbox, 'victim.txt');
    writeFileSync(victim, 'precious');
    mkdirSync(path.join(out, 'link-a'), { recursive: true });
    symlinkSync(victim, path.join(out, 'link-a', 'jabber-config-url.txt'));
    const run = await runCli(['export', input, '--out', out]);
    expectCleanExit(run);
    expect(run.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(path.join(out, 'link-a', 'jabber-config-url.txt')).isFile()).toBe(true);
    expect(readFileSync(path.join(out, 'link-a', 'jabber-config-url.txt'), 'utf8')).toMatch(/^ciscojabber:\/\/provision\?/);
  });

  it('a link planted where a profile folder goes: write-failed, nothing written through it', async () => {
    const input = profiles('dirlink', { 'a.yaml': `name: dirlink-a\n${HEAD}`, 'b.yaml': `name: dirlink-b\n${HEAD}` });
    const out = path.join(sandbox, 'dirlink-out');
    const elsewhere = path.join(sandbox, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(out);
    symlinkSync(elsewhere, path.join(out, 'dirlink-a'));
    const before = listTree(sandbox);
    const run = await runCli(['export', input, '--out', out, '--json']);
    expectCleanExit(run);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as ExportJson;
    expect(Object.fromEntries(json.profiles.map((p) => [p.name, errorCodes(p)]))).toEqual({ 'dirlink-a': ['write-failed'], 'dirlink-b': [] });
    expect(readdirSync(elsewhere)).toEqual([]);
    expectNothingOutside(sandbox, before, out);
  });
});
