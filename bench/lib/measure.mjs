/**
 * Timing and memory measurement of child processes for the benchmarks. Wall time is taken around
 * the whole process (start-up included, as a user waits for it); peak RSS comes from the
 * `peak-rss.mjs` probe loaded into the measured Node process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository root (bench/lib/ is two levels down). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI entry point. */
export const BIN = path.join(ROOT, 'bin', 'run.js');
const PROBE = pathToFileURL(path.join(ROOT, 'bench', 'lib', 'peak-rss.mjs')).href;

/** Keeps only the end of a long output, enough to read a summary line or an error. */
const TAIL = 16 * 1024;

/**
 * Runs `node <args>` and measures it. With `rss`, the probe reports the child's peak RSS.
 * Resolves with wall milliseconds, exit status, peak RSS in bytes and CPU milliseconds (or
 * undefined), output tails, and with `countLines` the number of stdout lines it matched.
 */
export function runNode(args, { env = {}, cwd = ROOT, rss = false, countLines } = {}) {
  let rssDir;
  const childEnv = { ...process.env, CI: 'true', NO_COLOR: '1', DEBUG: '', ...env };
  const nodeArgs = [...args];
  if (rss) {
    rssDir = mkdtempSync(path.join(tmpdir(), 'jabber-emm-rss-'));
    childEnv.JABBER_EMM_BENCH_RSS_FILE = path.join(rssDir, 'rss');
    nodeArgs.unshift('--import', PROBE);
  }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, nodeArgs, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // With countLines (a RegExp), every stdout line is tested, not only the tail that is kept.
    let counted = 0;
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout = (stdout + d).slice(-TAIL);
      if (countLines) {
        const lines = (partial + d).split('\n');
        partial = lines.pop();
        for (const line of lines) if (countLines.test(line)) counted += 1;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-TAIL)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let rssBytes;
      let cpuMs;
      if (rssDir) {
        try {
          const [rssText, cpuText] = readFileSync(path.join(rssDir, 'rss'), 'utf8').split(' ');
          rssBytes = Number(rssText);
          cpuMs = Number(cpuText) / 1000;
        } catch {
          rssBytes = undefined;
        }
        rmSync(rssDir, { recursive: true, force: true });
      }
      if (countLines && countLines.test(partial)) counted += 1;
      resolve({ ms, code, signal, rssBytes, cpuMs, stdout, stderr, counted });
    });
  });
}

/** Runs any program (not Node) and measures its wall time. */
export function runProgram(command, args, { cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-TAIL)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, signal, stderr }));
  });
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `times` times one after another and returns the median of the `ms` it reports. */
export async function medianOf(times, fn) {
  const all = [];
  for (let i = 0; i < times; i += 1) all.push((await fn(i)).ms);
  return { ms: median(all), runs: all };
}

/** Throws with the child's output when a measured run did not succeed. */
export function expectSuccess(what, run) {
  if (run.code === 0) return run;
  throw new Error(`${what} exited with ${run.code ?? run.signal}:\n${run.stderr.slice(-2000)}\n${run.stdout.slice(-2000)}`);
}

/** Bytes as MiB with one decimal. */
export function mib(bytes) {
  return bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A ratio as `2.31×`. */
export function ratio(a, b) {
  return `${(a / b).toFixed(2)}×`;
}
