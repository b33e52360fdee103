/**
 * A batch export killed with SIGKILL while it writes: no file under a real name is partial (each
 * equals an uninterrupted run's bytes; each XML file is well-formed), nothing is outside --out,
 * and the next run completes the tree exactly, leaves no temporary file behind, and does not
 * rewrite the files the killed run had already finished.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectCleanExit, expectNothingOutside, listTree, makeSandbox, removeSandbox, runCli, xmlProblem } from './hostile-helpers.js';

const COUNT = 800;
/** The writer's temporary names: `.<file>.<pid>-<hex>.jabber-emm-tmp` (src/export/writer.ts). */
const TEMP = /^\..+\.\d+-[0-9a-f]+\.jabber-emm-tmp$/;

let sandbox: string;
let input: string;

beforeAll(() => {
  sandbox = makeSandbox('killed');
  input = path.join(sandbox, 'profiles');
  for (let i = 0; i < COUNT; i += 1) {
    const dir = path.join(input, `site-${i % 8}`);
    mkdirSync(dir, { recursive: true });
    // Varied enough that every target writes something different per profile.
    writeFileSync(
      path.join(dir, `k${i}.yaml`),
      `name: killed-${i}\ndescription: Tenant ${i} <&>\nsettings:\n  ServicesDomain: t${i}.example.com\n  PRTCertificateName: "Cert ${i} & co"\n` +
        `windows:\n  AUTHENTICATOR: CUP\n  CUP_ADDRESS: imp.t${i}.example.com\n`,
    );
  }
});
afterAll(() => removeSandbox(sandbox));

/** Files under `dir` with their bytes (relative paths). */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const rel of listTree(dir)) {
    const full = path.join(dir, rel);
    if (statSync(full).isFile()) out.set(rel, readFileSync(full));
  }
  return out;
}

function folders(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}

describe('a batch killed with SIGKILL halfway', () => {
  it('leaves no partial file, and the next run completes it without rewriting finished files', async () => {
    const reference = path.join(sandbox, 'reference');
    const ref = await runCli(['export', input, '--out', reference], { timeoutMs: 240_000 });
    expectCleanExit(ref);
    expect(ref.code, ref.stderr.slice(-1500)).toBe(0);
    const expected = tree(reference);
    expect(folders(reference)).toBe(COUNT);

    const out = path.join(sandbox, 'out');
    const before = listTree(sandbox);
    const child = spawn(process.execPath, [BIN, 'export', input, '--out', out], { stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Kill once writing is well under way: profiles are written one after another within a chunk
    // (256 profiles), so a few dozen folders means the first chunk is being written.
    const deadline = Date.now() + 240_000;
    while (folders(out) < 30 && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');
    expectNothingOutside(sandbox, before, out);

    const partial = tree(out);
    const finished = [...partial.keys()].filter((rel) => !TEMP.test(path.basename(rel)));
    expect(folders(out)).toBeLessThan(COUNT);
    expect(finished.length).toBeGreaterThan(0);
    for (const rel of finished) {
      expect(partial.get(rel)!.equals(expected.get(rel)!), `${rel} is not the complete file`).toBe(true);
      if (/\.(xml|plist|html)$/.test(rel)) expect(xmlProblem(partial.get(rel)!.toString('utf8')), rel).toBeUndefined();
    }
    const finishedTimes = new Map(finished.map((rel) => [rel, statSync(path.join(out, rel)).mtimeMs]));

    const again = await runCli(['export', input, '--out', out], { timeoutMs: 240_000 });
    expectCleanExit(again);
    expect(again.code, again.stderr.slice(-1500)).toBe(0);
    const done = tree(out);
    expect([...done.keys()]).toEqual([...expected.keys()]);
    for (const [rel, bytes] of done) expect(bytes.equals(expected.get(rel)!), rel).toBe(true);
    // Contents are compared before writing: what the killed run finished is left as it was.
    for (const [rel, mtime] of finishedTimes) expect(statSync(path.join(out, rel)).mtimeMs, rel).toBe(mtime);
  }, 600_000);
});
