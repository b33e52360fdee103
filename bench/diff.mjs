/**
 * Diff benchmark: `jabber-emm diff` of two directories of N profiles each (about one in ten
 * changed, a few on one side only), as a ratio to loading them: `jabber-emm validate` of each
 * directory, which reads, resolves and checks the same profiles.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateDiffPair } from './generate-profiles.mjs';
import { BIN, ratio, ROOT, runNode } from './lib/measure.mjs';

/** Runs the diff benchmark; returns table rows (a skip row while `diff` does not exist). */
export async function benchDiff(tmp, { n, log }) {
  if (!existsSync(path.join(ROOT, 'dist', 'commands', 'diff.js'))) {
    return [{ bench: `diff, 2 × ${n} profiles`, skipped: '`jabber-emm diff` does not exist yet (no dist/commands/diff.js; run npm run build once it lands)' }];
  }
  const a = path.join(tmp, 'diff-a');
  const b = path.join(tmp, 'diff-b');
  log(`diff: generating 2 × ${n} profiles`);
  const pair = generateDiffPair(a, b, n);
  // One validate per side: in one run the two sides' shared names would be duplicate names.
  log('diff: jabber-emm validate a; jabber-emm validate b (loading)');
  let loadMs = 0;
  for (const side of [a, b]) {
    const load = await runNode([BIN, 'validate', side]);
    if (load.code !== 0) throw new Error(`validate of the diff inputs failed (${load.code}):\n${load.stdout.slice(-1500)}`);
    loadMs += load.ms;
  }
  log('diff: jabber-emm diff a b');
  const diff = await runNode([BIN, 'diff', a, b, '--json']);
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
  // diff(1) convention: 1 means "different", which these sides are.
  if (diff.code !== 1) {
    return [{ bench: `diff, 2 × ${n} profiles`, skipped: `diff exited ${diff.code ?? diff.signal}, expected 1 (differences): ${diff.stderr.trim().split('\n').slice(-2).join(' ')}` }];
  }
  return [
    {
      bench: `diff, ${pair.filesA.length} vs ${pair.filesB.length} profiles (${pair.changed} changed)`,
      figure: `${diff.ms.toFixed(0)} ms`,
      baseline: `validate a + validate b ${loadMs.toFixed(0)} ms`,
      ratio: ratio(diff.ms, loadMs),
      goal: 'report',
    },
  ];
}
