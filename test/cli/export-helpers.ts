import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI entry point the tests spawn. */
export const BIN = path.join(ROOT, 'bin', 'run.js');

/** What a CLI run left behind. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI (no TTY, CI set, colour off) and collects its output. */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return collect(startCli(args, opts));
}

/** Starts the built CLI without waiting for it. */
export function startCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', DEBUG: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits for a started CLI and collects its output. */
export function collect(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
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
