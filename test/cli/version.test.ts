import { Config } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

// bin/run.js answers a lone --version without loading oclif; it must print what oclif prints.
describe('jabber-emm --version', () => {
  it("prints oclif's user agent line, byte for byte", async () => {
    const config = await Config.load(ROOT);
    const fast = await runCli(['--version']);
    expect(fast.code).toBe(0);
    expect(fast.stderr).toBe('');
    expect(fast.stdout).toBe(`${config.userAgent}\n`);
  });

  it("matches oclif's own answer (a trailing argument sends --version through oclif)", async () => {
    const [fast, oclif] = await Promise.all([runCli(['--version']), runCli(['--version', 'extra'])]);
    expect(oclif.code).toBe(0);
    expect(oclif.stdout).toMatch(/^jabber-emm\/\S+ \S+-\S+ node-v\S+\n$/);
    expect(fast.stdout).toBe(oclif.stdout);
  });

  it('leaves -v to oclif, which has no such flag', async () => {
    const run = await runCli(['-v']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('command -v not found');
  });
});
