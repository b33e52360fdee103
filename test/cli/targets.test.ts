import { describe, expect, it } from 'vitest';
import { TARGETS } from '../../src/targets/registry.js';
import { runCli } from '../helpers/cli.js';

describe('jabber-emm targets', () => {
  it('--json lists every registered target with its files, consoles and check', async () => {
    const run = await runCli(['targets', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { targets: Record<string, unknown>[] };
    expect(json.targets.map((t) => t.id)).toEqual(TARGETS.map((t) => t.id));
    for (const t of json.targets) {
      expect(Object.keys(t)).toEqual(['id', 'summary', 'fileNames', 'consoles', 'emm', 'checkedAgainst']);
      const declared = TARGETS.find((x) => x.id === t.id)!.emmConsoles;
      expect(t.emm).toEqual(declared === 'neutral' ? 'neutral' : [...declared]);
      expect((t.fileNames as string[]).length).toBeGreaterThan(0);
      expect((t.consoles as string[]).length).toBeGreaterThan(0);
      expect(t.checkedAgainst).not.toBe('');
    }
  });

  it('prints each target with its file names for a human', async () => {
    const run = await runCli(['targets']);
    expect(run.code).toBe(0);
    for (const t of TARGETS) {
      expect(run.stdout).toMatch(new RegExp(`^${t.id}$`, 'm'));
      for (const f of t.fileNames) expect(run.stdout).toContain(f);
    }
    // Which --emm consoles take each format, by id.
    expect(run.stdout).toMatch(/^ios-dict\n(?:  .*\n)*  --emm: +intune, jamf$/m);
    expect(run.stdout).toMatch(/^url\n(?:  .*\n)*  --emm: +any /m);
  });

  it('lists the ids the issue promises', () => {
    expect(TARGETS.map((t) => t.id).sort()).toEqual(
      [
        'android-amapi',
        'android-managed-config',
        'android-restrictions',
        'ios-appconfig',
        'ios-ddm',
        'ios-dict',
        'ios-plist',
        'url',
        'url-page',
        'windows-installer',
      ].sort(),
    );
  });
});
