/**
 * The one CLI test harness: spawns the built `bin/run.js` (test/setup/build.ts builds it) the way
 * a user runs it (no TTY, CI set, colour off, DEBUG empty so no stack is printed on request), with
 * a hard timeout (a hang is a failure, never a slow pass). `--json` output is typed with the
 * result types the commands declare in src/, never re-declared here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The built CLI. JABBER_EMM_TEST_BIN points the tests at another build, e.g. a clean checkout's,
 * while the working tree's is being rebuilt.
 */
export const BIN = process.env.JABBER_EMM_TEST_BIN ?? path.join(ROOT, 'bin', 'run.js');

/** What a CLI run left behind. */
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
  /** Variables added to the environment (or, with `cleanEnv`, the only ones besides PATH and HOME). */
  env?: Record<string, string>;
  /** Start from an empty environment (PATH and HOME kept): nothing of the test runner's leaks in. */
  cleanEnv?: boolean;
  /** Kill the run after this long and report it as hung (default 60 s). */
  timeoutMs?: number;
}

function environment(opts: CliOptions): NodeJS.ProcessEnv {
  if (opts.cleanEnv) return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...opts.env };
  return { ...process.env, CI: 'true', NO_COLOR: '1', DEBUG: '', ...opts.env };
}

/** Starts the built CLI without waiting for it. */
export function startCli(args: string[], opts: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: environment(opts), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for a started CLI and collects its output; past `timeoutMs` it is killed and marked `timedOut`. */
export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Spawns the built CLI and collects its output. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return collect(startCli(args, opts), opts.timeoutMs);
}

/** The run's stdout as the --json document of its command (type it with the command's result type from src/). */
export function jsonOf<T>(run: CliRun): T {
  return JSON.parse(run.stdout) as T;
}

/** Every file under `dir` (relative paths, sorted), with its bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const tree = new Map<string, Buffer>();
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  for (const rel of names) {
    const full = path.join(dir, rel);
    if (statSync(full).isFile()) tree.set(rel, readFileSync(full));
  }
  return tree;
}

/** Modification times of every file under `dir`. */
export function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const st = statSync(path.join(dir, rel));
    if (st.isFile()) out.set(rel, st.mtimeMs);
  }
  return out;
}

/** oclif's error text on one line: its " ›   " prefixes and terminal-width wrapping removed. */
export function errorText(stderr: string): string {
  return stderr.replace(/^\s*›\s+/, '').replace(/\s*\n\s*›\s+/g, ' ').trim();
}
