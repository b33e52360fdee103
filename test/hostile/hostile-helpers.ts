/**
 * Shared machinery of the hostile-input suite: spawn the built CLI with a hard timeout (a hang
 * is a failure, never a slow pass), and the checks every hostile case ends with: no stack trace,
 * nothing written outside the folders the run may write, every XML file well-formed.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

// The one CLI harness (spawn, timeout, output), shared with every CLI test.
export { BIN, ROOT, runCli, type CliOptions, type CliRun } from '../helpers/cli.js';
import type { CliRun } from '../helpers/cli.js';

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
