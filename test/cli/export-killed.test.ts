/**
 * A batch killed with SIGKILL in the middle of writing leaves no partial file under a real name,
 * and the next run completes it: the tree then equals an uninterrupted run's, byte for byte, and
 * the temporary files of the killed run are gone.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempName } from '../../src/export/writer.js';
import { collect, readTree, runCli, startCli } from '../helpers/cli.js';

const COUNT = 3000;
// Targets without an external validator keep the three runs quick; what is under test is the
// writer, which is the same for every target.
const TARGETS = ['--target', 'url,android-amapi,android-managed-config,windows-installer'];
let tmp: string;
let src: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-killed-'));
  src = path.join(tmp, 'profiles');
  // Spread over folders, as a fleet's profiles are.
  for (let i = 0; i < COUNT; i += 1) {
    const dir = path.join(src, `site-${i % 10}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, `tenant-${i}.yaml`),
      `name: tenant-${i}\nsettings:\n  ServicesDomain: t${i}.example.com\n  VoiceServicesDomain: voice.t${i}.example.com\n  ServiceDiscoveryExcludedServices: [WEBEX]\n`,
    );
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function profileDirs(out: string): number {
  try {
    return readdirSync(out).length;
  } catch {
    return 0;
  }
}

describe('a killed batch export', () => {
  it('leaves no partial file, and the next run completes it', async () => {
    const reference = path.join(tmp, 'reference');
    const ref = await runCli(['export', src, '--out', reference, ...TARGETS]);
    expect(ref.code, ref.stderr).toBe(0);
    const expected = readTree(reference);
    expect(profileDirs(reference)).toBe(COUNT);

    const out = path.join(tmp, 'killed');
    const child = startCli(['export', src, '--out', out, ...TARGETS]);
    const done = collect(child);
    // Kill once writing is well under way, but long before the end.
    while (profileDirs(out) < COUNT / 10 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal, `exit ${killed.code}: ${killed.stderr}`).toBe('SIGKILL');
    expect(profileDirs(out)).toBeLessThan(COUNT);

    // Every file under a real name is complete: identical to the uninterrupted run's.
    const partial = readTree(out);
    let real = 0;
    for (const [rel, bytes] of partial) {
      if (isTempName(path.basename(rel))) continue;
      real += 1;
      expect(expected.get(rel)?.equals(bytes), rel).toBe(true);
    }
    expect(real).toBeGreaterThan(0);

    const again = await runCli(['export', src, '--out', out, ...TARGETS]);
    expect(again.code, again.stderr).toBe(0);
    const finished = readTree(out);
    expect([...finished.keys()]).toEqual([...expected.keys()]);
    for (const [rel, bytes] of finished) expect(bytes.equals(expected.get(rel)!), rel).toBe(true);
  }, 300_000);
});
