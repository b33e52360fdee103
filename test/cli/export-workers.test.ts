/**
 * The opt-in worker-thread mode writes exactly what the one-thread mode writes. Runs the built
 * library (dist/), because worker threads load compiled modules.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { exportProfiles as ExportProfiles } from '../../src/export/export-profiles.js';
import { readTree, ROOT } from '../helpers/cli.js';

let tmp: string;
let exportProfiles: typeof ExportProfiles;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-workers-'));
  const src = path.join(tmp, 'profiles');
  mkdirSync(src);
  for (let i = 0; i < 150; i += 1) {
    const bad = i % 37 === 5; // a few invalid profiles among them
    writeFileSync(
      path.join(src, `p${String(i).padStart(3, '0')}.yaml`),
      `name: w${i}\nsettings:\n  ServicesDomain: ${bad ? 'not a domain' : `w${i}.example.com`}\n  Telephony_Enabled: ${i % 2 === 0}\n`,
    );
  }
  ({ exportProfiles } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'export', 'export-profiles.js')).href)) as {
    exportProfiles: typeof ExportProfiles;
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('export with worker threads', () => {
  it('gives the same files and results as one thread', async () => {
    const common = { paths: [path.join(tmp, 'profiles')], chunkSize: 16, env: {} };
    const one = await exportProfiles({ ...common, out: path.join(tmp, 'one'), workers: 0 });
    const two = await exportProfiles({ ...common, out: path.join(tmp, 'two'), workers: 2 });
    expect(one.summary.failed).toBeGreaterThan(0);
    expect(two.summary).toEqual(one.summary);
    const strip = (r: typeof one) => r.profiles.map((p) => ({ ...p, files: p.files.map((f) => ({ ...f, path: path.relative(path.dirname(f.path), f.path) })) }));
    expect(strip(two)).toEqual(strip(one));
    const a = readTree(path.join(tmp, 'one'));
    const b = readTree(path.join(tmp, 'two'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [rel, bytes] of a) expect(bytes.equals(b.get(rel)!), rel).toBe(true);
  });

  it('gives the same console folders as one thread with several --emm', async () => {
    const common = { paths: [path.join(tmp, 'profiles')], chunkSize: 16, env: {}, emm: ['intune', 'jamf'] as const };
    const one = await exportProfiles({ ...common, emm: [...common.emm], out: path.join(tmp, 'one-c'), workers: 0 });
    const two = await exportProfiles({ ...common, emm: [...common.emm], out: path.join(tmp, 'two-c'), workers: 2 });
    expect(two.summary).toEqual(one.summary);
    const a = readTree(path.join(tmp, 'one-c'));
    const b = readTree(path.join(tmp, 'two-c'));
    expect([...a.keys()]).toContain(path.join('w0', 'jamf', 'ios-dict.xml'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [rel, bytes] of a) expect(bytes.equals(b.get(rel)!), rel).toBe(true);
  });
});
