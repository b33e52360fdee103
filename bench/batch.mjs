/**
 * Batch benchmark: N generated profiles exported to every target, with verification, by the real
 * CLI, against the I/O floor measured in the same run (a plain Node script reading the same inputs
 * and writing the same number of files of the same sizes). Run at two sizes to see whether memory
 * grows with N, once more on tmpfs (the CPU cost without the disk), and `jabber-emm validate` of
 * the largest export folder (every file checked, no internal error, bounded memory).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateProfiles } from './generate-profiles.mjs';
import { BIN, expectSuccess, mib, ratio, ROOT, runNode } from './lib/measure.mjs';

const FLOOR = path.join(ROOT, 'bench', 'lib', 'io-floor.mjs');
/** Where the ios-ddm asset would be served; .invalid never resolves (RFC 2606), nothing is fetched. */
const ASSET_URL = 'https://example.invalid/jabber/';
const SUMMARY = /(\d+) profiles?: (\d+) exported, (\d+) failed; (\d+) files? \((\d+) written, (\d+) unchanged\)/;
const VALIDATE_SUMMARY = /(\d+) profiles? and (\d+) exported files?: (\d+) ok, (\d+) failed/;
/** statfs type of tmpfs (linux/magic.h TMPFS_MAGIC). */
const TMPFS_MAGIC = 0x01021994;

/** True when `dir` is on tmpfs (memory, no disk). */
export function onTmpfs(dir) {
  try {
    return statfsSync(dir).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
}

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

/** One size: generate, export (and validate the output), then the floor: plain, atomic, plain again. */
async function batchAt(tmp, n, { emm, log, validate = false }) {
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
  let checked;
  if (validate) {
    settle();
    log(`batch ${n}: jabber-emm validate ${outDir}`);
    const v = await runNode([BIN, 'validate', outDir], { rss: true, countLines: /\binternal-error\b/ });
    const vm = VALIDATE_SUMMARY.exec(v.stdout);
    if (!vm) throw new Error(`no summary line in the validate output (exit ${v.code}):\n${v.stdout.slice(-1000)}${v.stderr.slice(-1000)}`);
    checked = { ms: v.ms, rss: v.rssBytes, files: Number(vm[2]), ok: Number(vm[3]), failed: Number(vm[4]), internal: v.counted, code: v.code };
  }
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
    cpuMs: run.cpuMs,
    rss: run.rssBytes,
    checked,
    // The mean of two plain floor runs: file creation time on a shared disk varies between runs.
    floorMs: (plain[0] + plain[1]) / 2,
    floorSpread: plain,
    floorRss: floors[0].run.rssBytes,
    atomicMs: floors[1].run.ms,
  };
}

/**
 * Runs the batch benchmark at `small` and `n` profiles in `tmp`, validates the larger export, and
 * runs `small` again on tmpfs (/dev/shm) unless `tmp` is on tmpfs already; returns table rows
 * with the goals of issue 12.
 */
export async function benchBatch(tmp, { n, small, emm, log }) {
  const tmpfs = onTmpfs(tmp);
  const place = tmpfs ? 'tmpfs' : 'disk';
  const results = [];
  for (const size of [small, n]) results.push({ place, ...(await batchAt(tmp, size, { emm, log, validate: size === n })) });
  if (!tmpfs && existsSync('/dev/shm') && onTmpfs('/dev/shm')) {
    const shm = mkdtempSync(path.join('/dev/shm', 'jabber-emm-bench-'));
    try {
      results.push({ place: 'tmpfs', ...(await batchAt(shm, small, { emm, log })) });
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  }
  const rows = [];
  for (const r of results) {
    const secs = r.ms / 1000;
    const onDisk = r.place === 'disk';
    const goal = onDisk ? (r.n <= 1000 ? 2.5 : undefined) : 10;
    rows.push({
      bench: `batch export, ${r.n} profiles (${r.place})`,
      figure: `${secs.toFixed(1)} s; ${(r.n / secs).toFixed(0)} profiles/s, ${(r.files / secs).toFixed(0)} files/s; ${r.files} files, ${mib(r.bytes)}`,
      baseline: `I/O floor ${(r.floorMs / 1000).toFixed(2)} s (runs ${r.floorSpread.map((x) => (x / 1000).toFixed(2)).join(', ')}; atomic ${(r.atomicMs / 1000).toFixed(2)} s)`,
      ratio: ratio(r.ms, r.floorMs),
      goal: goal === undefined ? 'report' : `≤ ${goal}×`,
      ...(goal === undefined ? {} : { met: r.ms / r.floorMs <= goal }),
    });
    if (!onDisk && r.cpuMs !== undefined) {
      const perProfile = r.cpuMs / r.n;
      rows.push({
        bench: `batch CPU per profile, ${r.n} profiles (${r.place})`,
        figure: `${perProfile.toFixed(2)} ms (${(r.cpuMs / 1000).toFixed(1)} s CPU in ${secs.toFixed(1)} s)`,
        baseline: `I/O floor ${(r.floorMs / r.n).toFixed(2)} ms per profile (wall)`,
        ratio: ratio(perProfile, r.floorMs / r.n),
        goal: '≤ 4 ms',
        met: perProfile <= 4,
      });
    }
    if (r.place === place) {
      rows.push({
        bench: `batch peak RSS, ${r.n} profiles`,
        figure: mib(r.rss),
        baseline: `I/O floor ${mib(r.floorRss)}`,
        ratio: ratio(r.rss, r.floorRss),
        goal: r.n >= 10000 ? '≤ 260 MiB' : 'report',
        ...(r.n >= 10000 ? { met: r.rss <= 260 * 1024 * 1024 } : {}),
      });
    }
  }
  const [a, b] = results;
  rows.push({
    bench: `batch memory growth, ${a.n} → ${b.n} profiles`,
    figure: `${mib(a.rss)} → ${mib(b.rss)}`,
    baseline: `peak RSS at ${a.n}`,
    ratio: ratio(b.rss, a.rss),
    goal: '≤ 1.2×',
    met: b.rss / a.rss <= 1.2,
  });
  const v = b.checked;
  const complete = v.files === b.files && v.internal === 0 && v.failed === 0;
  rows.push({
    bench: `validate of the ${b.n}-profile export folder, every target`,
    figure: `${(v.ms / 1000).toFixed(1)} s; ${v.files} files checked (${v.ok} ok, ${v.failed} failed, ${v.internal} internal errors); peak RSS ${mib(v.rss)}`,
    baseline: `${b.files} files exported`,
    ratio: '',
    goal: 'all checked, < 300 MiB',
    met: complete && v.rss < 300 * 1024 * 1024,
  });
  return rows;
}
