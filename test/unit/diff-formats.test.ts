/**
 * What `diff` prints, in process: the --json document (diffJson, which the command returns for
 * oclif to print), the text report and the Markdown table. The exit codes and the process
 * boundary are test/cli/diff.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { diffPaths } from '../../src/diff/diff.js';
import { formatDiffMarkdown } from '../../src/diff/format-markdown.js';
import { formatDiffText } from '../../src/diff/format-text.js';
import { diffJson } from '../../src/diff/json.js';

const FIX = 'test/fixtures/diff';
const PASSWORD = 'Pr0d-Pa55word%x';
const env = { JABBER_DIFF_SECRET_A: 'Horse-Battery-A!42', JABBER_DIFF_SECRET_B: 'Staple-Correct-B?17', JABBER_DIFF_TEST_PASSWORD: PASSWORD };

/** What the CLI would print and exit with, without the process: `--json` and `--format` as flags. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [a, b] = args.filter((x) => !x.startsWith('--') && x !== 'markdown') as [string, string];
  const result = await diffPaths(a, b, { env });
  const code = result.identical ? 0 : 1;
  if (args.includes('--json')) return { code, stdout: JSON.stringify(diffJson(result)), stderr: '' };
  const stdout = args.includes('markdown') ? formatDiffMarkdown(result) : formatDiffText(result, { color: false });
  return { code, stdout, stderr: '' };
}

function expectNoSecret(run: { stdout: string; stderr: string }, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(run.stdout).not.toContain(s);
    expect(run.stderr).not.toContain(s);
  }
}

describe('diff: formats', () => {
  it('--json prints {identical, changes: [{key, kind, before, after, targets}]}', async () => {
    const run = await inProcess([`${FIX}/written/inherits.yaml`, `${FIX}/written/changed.yaml`, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['identical', 'changes', 'diagnostics']);
    expect(doc.identical).toBe(false);
    expect(doc.changes).toHaveLength(6);
    for (const c of doc.changes) expect(Object.keys(c)).toEqual(['key', 'kind', 'before', 'after', 'targets', 'consoles']);
    expect(doc.changes[0]).toMatchObject({ key: 'settings.ServicesDomain', kind: 'changed', before: 'acme.com', after: 'acme.eu' });
    expect(doc.changes.find((c: { key: string }) => c.key === 'settings.AutoLoginUserPassword')).toMatchObject({ kind: 'added', before: null, after: '***' });
    expectNoSecret(run, PASSWORD);
    const same = JSON.parse((await inProcess([`${FIX}/written/inherits.yaml`, `${FIX}/written/repeats.yaml`, '--json'])).stdout);
    expect(same).toEqual({ identical: true, changes: [], diagnostics: [] });
  });

  it('--json for directories prints {identical, profiles: [{name, status, changes}]}', async () => {
    const run = await inProcess([`${FIX}/staging`, `${FIX}/prod`, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['identical', 'profiles', 'diagnostics']);
    for (const p of doc.profiles) expect(Object.keys(p)).toEqual(['name', 'status', 'changes']);
    expect(doc.profiles.map((p: { name: string; status: string }) => `${p.name}:${p.status}`)).toEqual([
      'amer:added',
      'apac:identical',
      'emea:changed',
      'legacy:removed',
      'staging-base:identical',
    ]);
    const same = await inProcess([`${FIX}/prod`, `${FIX}/prod`, '--json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).identical).toBe(true);
  });

  it('directories in text: only what differs is listed, then the counts', async () => {
    const run = await inProcess([`${FIX}/staging`, `${FIX}/prod`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`added    amer    ${FIX}/prod/americas/amer.yaml\n`);
    expect(run.stdout).toContain(`removed  legacy  ${FIX}/staging/legacy.yaml\n`);
    expect(run.stdout).toContain('    changed  settings.ServicesDomain  staging.acme.com → acme.com\n');
    expect(run.stdout).not.toContain('apac');
    expect(run.stdout).toMatch(/5 profiles: 2 identical, 1 changed, 1 added, 1 removed\.\n$/);
  });

  it('--format markdown prints a table for a change request', async () => {
    const run = await inProcess([`${FIX}/written/inherits.yaml`, `${FIX}/written/changed.yaml`, '--format', 'markdown']);
    expect(run.code).toBe(1);
    expect(run.stdout.startsWith('## Profile changes\n')).toBe(true);
    expect(run.stdout).toContain('| Key | Change | Before | After | Targets |\n| --- | --- | --- | --- | --- |\n');
    expect(run.stdout).toContain('| `settings.Telephony_Enabled` | changed | `true` | `false` |');
    expectNoSecret(run, PASSWORD);
  });

});
