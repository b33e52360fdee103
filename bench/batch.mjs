/**
 * Batch benchmark: N generated profiles exported to every target, with verification, by the real
 * CLI, against the I/O floor measured in the same run (a plain Node script reading the same inputs
 * and writing the same number of files of the same sizes). Run at two sizes to see whether memory
 * grows with N.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateProfiles } from './generate-profiles.mjs';
import { BIN, expectSuccess, mib, ratio, ROOT, runNode } from './lib/measure.mjs';

const FLOOR = path.join(ROOT, 'bench', 'lib', 'io-floor.mjs');
/** Where the ios-ddm asset would be served; .invalid never resolves (RFC 2606), nothing is fetched. */
const ASSET_URL = 'https://example.invalid/jabber/';
const SUMMARY = /(\d+) profiles?: (\d+) exported, (\d+) failed; (\d+) files? \((\d+) written, (\d+) unchanged\)/;

/** Every regular file under `dir` as [relative path, size], temporary files excluded. */
function outputManifest(dir) {
  const out = [];
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const st = statSync(path.join(dir, rel));
    if (st.isFile()) out.push([rel, st.size]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * Flushes dirty pages, so that writing back one phase's files is not billed to the next. (On a
 * shared VM disk, creating files varies a lot with what else runs; see RESULTS.md.)
 */
function settle() {
  spawnSync('sync');
}

/** One size: generate, export, then the floor: plain, atomic, plain again. */
async function batchAt(tmp, n, { emm, log }) {
  const inDir = path.join(tmp, `profiles-${n}`);
  const outDir = path.join(tmp, `out-${n}`);
  log(`batch ${n}: generating profiles`);
  const inputs = generateProfiles(inDir, n, { emm: emm !== undefined });
  settle();
  const args = [BIN, 'export', inDir, '--out', outDir, '--asset-url', ASSET_URL, ...(emm ? ['--emm', emm] : [])];
  log(`batch ${n}: jabber-emm ${args.slice(1).join(' ')}`);
  const run = expectSuccess(`export of ${n} profiles`, await runNode(args, { rss: true, env: { JABBER_BENCH_PASSWORD: 'bench-secret' } }));
  const m = SUMMARY.exec(run.stdout);
  if (!m) throw new Error(`no summary line in the export output:\n${run.stdout.slice(-1000)}`);
  const [, profiles, exported, failed, files] = m.map(Number);
  if (failed !== 0 || profiles !== inputs.length) throw new Error(`expected ${inputs.length} profiles exported, got ${m[0]}`);

  const outputs = outputManifest(outDir);
  if (outputs.length !== files) throw new Error(`the export reported ${files} files, ${outputs.length} are on disk`);
  const bytes = outputs.reduce((sum, [, size]) => sum + size, 0);
  const manifest = path.join(tmp, `manifest-${n}.json`);
  writeFileSync(manifest, JSON.stringify({ inputs, outputs }));

  // Nothing is deleted until every phase of this size ran: deleting (and the discards it sends
  // to the disk) would slow the phase after it.
  const floors = [];
  for (const [i, mode] of [[1, []], [2, ['--atomic']], [3, []]]) {
    settle();
    log(`batch ${n}: I/O floor${mode.length ? ' (atomic)' : ''}`);
    floors.push({ mode, run: expectSuccess('I/O floor', await runNode([FLOOR, manifest, path.join(tmp, `floor-${n}-${i}`), ...mode], { rss: true })) });
  }
  for (const dir of [outDir, inDir, ...[1, 2, 3].map((i) => path.join(tmp, `floor-${n}-${i}`))]) rmSync(dir, { recursive: true, force: true });
  const plain = floors.filter((f) => f.mode.length === 0).map((f) => f.run.ms);
  return {
    n: profiles,
    exported,
    files,
    bytes,
    ms: run.ms,
    rss: run.rssBytes,
    // The mean of two plain floor runs: file creation time on a shared disk varies between runs.
    floorMs: (plain[0] + plain[1]) / 2,
    floorSpread: plain,
    floorRss: floors[0].run.rssBytes,
    atomicMs: floors[1].run.ms,
  };
}

/** Runs the batch benchmark at `small` and `n` profiles and returns table rows. */
export async function benchBatch(tmp, { n, small, emm, log }) {
  const results = [];
  for (const size of [small, n]) results.push(await batchAt(tmp, size, { emm, log }));
  const rows = [];
  for (const r of results) {
    const secs = r.ms / 1000;
    rows.push({
      bench: `batch export, ${r.n} profiles`,
      figure: `${secs.toFixed(1)} s; ${(r.n / secs).toFixed(0)} profiles/s, ${(r.files / secs).toFixed(0)} files/s; ${r.files} files, ${mib(r.bytes)}`,
      baseline: `I/O floor ${(r.floorMs / 1000).toFixed(2)} s (runs ${r.floorSpread.map((x) => (x / 1000).toFixed(2)).join(', ')}; atomic ${(r.atomicMs / 1000).toFixed(2)} s)`,
      ratio: ratio(r.ms, r.floorMs),
      goal: '≤ 3×',
      met: r.ms / r.floorMs <= 3,
    });
    rows.push({
      bench: `batch peak RSS, ${r.n} profiles`,
      figure: mib(r.rss),
      baseline: `I/O floor ${mib(r.floorRss)}`,
      ratio: ratio(r.rss, r.floorRss),
      goal: '< 300 MiB',
      met: r.rss < 300 * 1024 * 1024,
    });
  }
  const [a, b] = results;
  rows.push({
    bench: `batch memory growth, ${a.n} → ${b.n} profiles`,
    figure: `${mib(a.rss)} → ${mib(b.rss)}`,
    baseline: `peak RSS at ${a.n}`,
    ratio: ratio(b.rss, a.rss),
    goal: '≤ 1.5×',
    met: b.rss / a.rss <= 1.5,
  });
  return rows;
}
