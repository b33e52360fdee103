/**
 * The newcomer path: clone the committed HEAD into an empty folder and run the README's quick
 * start exactly as written. The quick start is two commands: the first installs, builds and
 * exports the bundled examples (run here, in a shell, as a newcomer would paste it); the second is
 * `npm test`, which this test is part of, so it is checked for, not run.
 *
 * The clone sits in a temporary folder as `<tmp>/main`, with `<tmp>/shared` linked to the
 * `../shared` this checkout has (vendor schemas and references some tests read), so `../shared`
 * means the same to the clone as to a CI checkout. It needs `npm ci` (network or a warm npm cache,
 * about 20 s warm); set JABBER_EMM_SKIP_NEWCOMER=1 to skip it offline. In CI it always runs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../../src/targets/registry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const skip = !process.env.CI && process.env.JABBER_EMM_SKIP_NEWCOMER === '1';

/** The commands of the fenced block under "## Quick start" (blank lines and comments left out). */
function quickStartCommands(readme: string): string[] {
  const section = /^## Quick start\s*$([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Quick start" section');
  const block = /^```[a-z]*\n([\s\S]*?)^```/m.exec(section)?.[1];
  if (block === undefined) throw new Error('the Quick start section has no fenced code block');
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * The environment of a fresh shell: what `npm test` added (npm_* settings of the running npm,
 * vitest's variables) would change what the nested `npm ci` does, so it is left out.
 */
function newcomerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$|INIT_CWD$)/i.test(k)),
  );
}

function sh(command: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env: newcomerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 480_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

let tmp: string | undefined;
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the README quick start, on a fresh clone', () => {
  it('has exactly two commands, the second of which is npm test', () => {
    const commands = quickStartCommands(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(commands).toHaveLength(2);
    expect(commands[1]).toBe('npm test');
  });

  it.skipIf(skip)(
    'the first command, run as written in a clone of HEAD, exits 0 and exports every example',
    async () => {
      tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-newcomer-'));
      const clone = path.join(tmp, 'main');
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
      // Commit level: what is committed at HEAD, nothing of the working tree.
      execFileSync('git', ['clone', '--quiet', '--no-checkout', ROOT, clone]);
      execFileSync('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
      const shared = path.resolve(ROOT, '..', 'shared');
      if (existsSync(shared)) symlinkSync(shared, path.join(tmp, 'shared'));

      // The README of the commit under test, not of the working tree.
      const [first] = quickStartCommands(readFileSync(path.join(clone, 'README.md'), 'utf8'));
      const run = await sh(first!, clone);
      expect(run.code, run.output.slice(-3000)).toBe(0);

      // One folder per example deployment, each with every target's files; the abstract base is
      // checked but gets no folder. ios-ddm writes nothing without --asset-url (the quick start
      // has none; the run warns about it).
      const examples = readdirSync(path.join(clone, 'examples'))
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .map((f) => parse(readFileSync(path.join(clone, 'examples', f), 'utf8')) as { name: string; abstract?: boolean });
      const names = examples.filter((e) => e.abstract !== true).map((e) => e.name).sort();
      const abstract = examples.length - names.length;
      expect(names.length).toBeGreaterThan(0);
      const out = path.join(clone, 'out');
      expect(readdirSync(out).sort()).toEqual(names);
      const files = TARGETS.filter((t) => t.id !== 'ios-ddm').flatMap((t) => t.fileNames).sort();
      for (const name of names) expect(readdirSync(path.join(out, name)).sort(), name).toEqual(files);
      const skipped = abstract > 0 ? `, ${abstract} skipped \\(abstract\\)` : '';
      expect(run.output).toMatch(new RegExp(`^${examples.length} profiles: ${names.length} exported${skipped}, 0 failed`, 'm'));
      // No secret in what the quick start writes: nothing there must be kept from publishing.
      expect(run.output).not.toMatch(/holds? a secret/);
    },
    600_000,
  );
});
