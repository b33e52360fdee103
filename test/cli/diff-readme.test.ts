/**
 * The README's worked example of batch, diff, drift and import, kept true: each command of the
 * "Diff, drift and import" section is run as written (in a folder where `examples/` is the
 * bundled one and `out/` is fresh) and prints what the README shows.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliRun } from '../helpers/cli.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The section's text, up to the next `## ` heading. */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const rest = README.slice(start + heading.length + 2);
  const next = rest.search(/\n## /);
  return next === -1 ? rest : rest.slice(0, next);
}

/** Each `sh` block (one command) with the `text` block that follows it, if any. */
function examples(): { command: string; output?: string }[] {
  const text = section('## Diff, drift and import');
  const blocks = [...text.matchAll(/```(sh|text)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, body: m[2]! }));
  const out: { command: string; output?: string }[] = [];
  blocks.forEach((b, i) => {
    if (b.kind !== 'sh') return;
    const next = blocks[i + 1];
    out.push({ command: b.body.trim(), ...(next?.kind === 'text' ? { output: next.body } : {}) });
  });
  return out;
}

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'jabber-emm-readme-diff-'));
  symlinkSync(path.join(ROOT, 'examples'), path.join(cwd, 'examples'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Runs a README command (`./bin/run.js ...`) with the built CLI in the example folder. */
function run(command: string): Promise<CliRun> {
  // Words split on spaces; a single-quoted word (a URL) is one argument, quotes removed as sh does.
  const args = command
    .replace(/^\.\/bin\/run\.js /, '')
    .split(' ')
    .map((w) => w.replace(/^'(.*)'$/, '$1'));
  return runCli(args, { cwd });
}

describe('README: diff, drift and import worked example', () => {
  it('runs every command as shown, in order', async () => {
    const steps = examples();
    expect(steps.map((s) => s.command.split(' ').slice(1, 2)[0])).toEqual(['export', 'diff', 'diff', 'import', 'validate', 'diff']);

    const [batch, diff, drift, imported, validated, folders] = steps as Required<(typeof steps)[0]>[] as [
      Required<(typeof steps)[0]>,
      Required<(typeof steps)[0]>,
      Required<(typeof steps)[0]>,
      Required<(typeof steps)[0]>,
      Required<(typeof steps)[0]>,
      Required<(typeof steps)[0]>,
    ];
    const exported = await run(batch.command);
    expect(exported.code).toBe(0);
    expect(exported.stdout.trimEnd().split('\n').at(-1)).toBe(batch.output.trimEnd());
    const again = await run(batch.command);
    expect(again.stdout).toContain('22 files (0 written, 22 unchanged)');
    expect(section('## Diff, drift and import')).toContain('`22 files (0 written, 22 unchanged)`');

    // The diff output is shortened in the README: every line it shows appears, in order.
    const d = await run(diff.command);
    expect(d.code).toBe(1);
    let from = 0;
    for (const line of diff.output.trimEnd().split('\n')) {
      const at = d.stdout.indexOf(`${line}\n`, from);
      expect(at, line).toBeGreaterThanOrEqual(from);
      from = at + line.length;
    }

    const r = await run(drift.command);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(drift.output);
    const none = await run(drift.command.replace('acme-staging', 'acme-prod'));
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No differences.');

    const i = await run(imported.command);
    expect(i.code).toBe(0);
    expect(i.stdout).toBe(imported.output);

    const v = await run(validated.command);
    expect(v.code).toBe(1);
    expect(v.stdout).toBe(validated.output);

    const f = await run(folders.command);
    expect(f.code).toBe(0);
    expect(f.stdout).toBe(folders.output);
  });
});
