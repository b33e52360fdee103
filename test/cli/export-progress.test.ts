/**
 * The progress bar on a real terminal: drawn on a pseudo-terminal's stderr (util-linux `script`),
 * never when CI is set, under --json, or when stderr is piped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-progress-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the CLI with stdout discarded and stderr on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(args: string[], env: Record<string, string | undefined>): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ') + ' >/dev/null';
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe.skipIf(!hasScript)('export progress bar', () => {
  it('is drawn on a terminal: profiles done/total, rate, time left', () => {
    const screen = onTerminal(['export', 'examples/', '--out', path.join(tmp, 'a'), '--target', 'url'], { CI: undefined });
    expect(screen).toMatch(/\r\[[#-]+\] 3\/3 profiles {2}[\d.]+\/s {2}ETA 0:00\x1b\[K/);
    expect(screen).toContain('0/3 profiles');
  });

  it('is not drawn in CI or under --json', () => {
    expect(onTerminal(['export', 'examples/', '--out', path.join(tmp, 'b'), '--target', 'url'], { CI: 'true' })).not.toContain('profiles');
    expect(onTerminal(['export', 'examples/', '--out', path.join(tmp, 'c'), '--target', 'url', '--json'], { CI: undefined })).toBe('');
  });
});

describe('export progress when piped', () => {
  it('writes nothing to a piped stderr', async () => {
    const run = await runCli(['export', 'examples/', '--out', path.join(tmp, 'd'), '--target', 'url'], { env: { CI: '' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
