/**
 * Shared machinery of the hostile-input suite: spawn the built CLI with a hard timeout (a hang
 * is a failure, never a slow pass), and the checks every hostile case ends with: no stack trace,
 * nothing written outside the folders the run may write, every XML file well-formed.
 */
import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The built CLI (test/setup/build.ts builds it before the tests). JABBER_EMM_TEST_BIN points the
 * suite at another build, e.g. a clean checkout's, while the working tree's is being rebuilt.
 */
export const BIN = process.env.JABBER_EMM_TEST_BIN ?? path.join(ROOT, 'bin', 'run.js');

/** What one CLI run left behind. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed for taking longer than its timeout: a hang. */
  timedOut: boolean;
}

/** Options of one CLI run. */
export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the run after this long and report it as hung (default 60 s). */
  timeoutMs?: number;
}

/**
 * Runs the built CLI without a TTY (CI set, colour off, DEBUG empty so no stack is ever printed
 * on request) and collects its output; a run past the timeout is killed and marked `timedOut`.
 */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', DEBUG: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** A stack frame line as Node prints it. */
const STACK_FRAME = /^ {4}at /m;

/** The run finished by itself (no hang, no crash by signal) and printed no stack trace. */
export function expectCleanExit(run: CliRun): void {
  expect(run.timedOut, 'the CLI hung and was killed').toBe(false);
  expect(run.signal).toBeNull();
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stdout).not.toMatch(STACK_FRAME);
  // Node's own crash banner, e.g. for an uncaught exception or a heap exhaustion.
  expect(run.stderr).not.toMatch(/^(node:internal|FATAL ERROR|Node\.js v\d)/m);
}

/** oclif's error text with its line wrapping (` ›   ` continuation lines) undone. */
export function unwrapped(stderr: string): string {
  return stderr.replace(/\s*\n\s*›\s*/g, ' ').replace(/^\s*›\s*/, '');
}

/** A fresh sandbox folder; everything a hostile run may touch lives inside it. */
export function makeSandbox(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `jabber-emm-hostile-${prefix}-`));
}

/** Removes a sandbox. */
export function removeSandbox(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every entry under `dir` (relative paths, sorted), symlinks not followed. */
export function listTree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort();
}

/**
 * Asserts that, compared with `before` (a listTree of `sandbox` taken before the run), the run
 * added entries only under `allowed` (a folder inside the sandbox, e.g. --out).
 */
export function expectNothingOutside(sandbox: string, before: string[], allowed: string): void {
  const rel = path.relative(sandbox, allowed);
  const known = new Set(before);
  const added = listTree(sandbox).filter((p) => !known.has(p));
  const outside = added.filter((p) => p !== rel && !p.startsWith(`${rel}${path.sep}`));
  expect(outside, `written outside ${allowed}`).toEqual([]);
}

/** XML files by extension: the exports that must be well-formed XML. */
export const XML_FILE = /\.(xml|plist|html)$/;
/** Characters XML 1.0 forbids (§2.2 Char). */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Why `text` is not well-formed XML 1.0, or undefined when it is. */
export function xmlProblem(text: string): string | undefined {
  const bad = XML_FORBIDDEN.exec(text);
  if (bad) return `forbidden character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at ${bad.index}`;
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  return result === true ? undefined : `${result.err.code}: ${result.err.msg} (line ${result.err.line})`;
}

/** Asserts that every XML file under `dir` is well-formed; returns how many were checked. */
export function expectXmlWellFormed(dir: string): number {
  let checked = 0;
  for (const rel of listTree(dir)) {
    const full = path.join(dir, rel);
    if (!XML_FILE.test(rel) || !lstatSync(full).isFile()) continue;
    expect(xmlProblem(readFileSync(full, 'utf8')), rel).toBeUndefined();
    checked += 1;
  }
  return checked;
}

/** The `--json` document of `export`. */
export interface ExportJson {
  profiles: {
    source: string;
    name?: string;
    ok: boolean;
    files: { target: string; path: string }[];
    diagnostics: { code: string; severity: string; message: string; pointer?: string; target?: string }[];
  }[];
  summary: { profiles: number; ok: number; failed: number; files: number };
}

/** Error codes of a profile's diagnostics, sorted and without repeats. */
export function errorCodes(p: ExportJson['profiles'][number]): string[] {
  return [...new Set(p.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))].sort();
}
