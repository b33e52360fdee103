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

  it('answers -v and the version command with the same line', async () => {
    const [fast, short, command] = await Promise.all([runCli(['--version']), runCli(['-v']), runCli(['version'])]);
    for (const run of [short, command]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(fast.stdout);
    }
  });

  it("sends -v with more arguments through oclif's own version flag (additionalVersionFlags)", async () => {
    const [fast, oclif] = await Promise.all([runCli(['--version']), runCli(['-v', 'extra'])]);
    expect(oclif.code).toBe(0);
    expect(oclif.stdout).toBe(fast.stdout);
  });
});
