import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * vitest globalSetup: builds dist/ and oclif.manifest.json once before the tests when they are
 * missing or older than any source, so the CLI end-to-end tests spawn the real bin/run.js.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const INPUTS = ['src', 'schemas', 'templates', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
// The build's last step writes the manifest, so its age is the age of the whole build.
const OUTPUT = path.join(ROOT, 'oclif.manifest.json');

function newestInput(): number {
  let newest = 0;
  const pending = INPUTS.map((p) => path.join(ROOT, p));
  while (pending.length > 0) {
    const p = pending.pop()!;
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p)) pending.push(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  return !existsSync(OUTPUT) || !existsSync(path.join(ROOT, 'dist', 'index.js')) || statSync(OUTPUT).mtimeMs < newestInput();
}

/** Builds if needed; several test runs at once build one at a time (a lock folder in tmp). */
export default async function setup(): Promise<void> {
  if (!stale()) return;
  const lock = path.join(tmpdir(), `jabber-emm-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the build lock ${lock}; remove it if no build is running.`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    // Another run may have built while we waited.
    if (stale()) {
      try {
        execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
      } catch (err) {
        // tsc reports type errors on stdout: show them, not just "Command failed". Not thrown:
        // a failed globalSetup would stop every test, and only the CLI tests need dist/ (they
        // fail on their own, after this message).
        const e = err as { stdout?: string; stderr?: string };
        const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
        console.error(`\nnpm run build failed; the CLI tests that spawn bin/run.js will fail:\n${output}\n`);
      }
    }
  } finally {
    rmdirSync(lock);
  }
}
