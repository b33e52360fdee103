/**
 * The README's claims, kept true: the quick start is exactly two commands and its export works,
 * every target and file name is in the console table, every command has a reference section,
 * and the variables table is the code's table.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../../src/targets/registry.js';
import { CONSOLE_TOKENS, EMM_CONSOLES, VARIABLES } from '../../src/variables/consoles.js';
import { readTree, ROOT, runCli } from '../helpers/cli.js';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const rest = README.slice(start + heading.length + 2);
  const next = rest.search(/\n## /);
  return next === -1 ? rest : rest.slice(0, next);
}

describe('README', () => {
  it('has a quick start of exactly the two promised commands', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(section('## Quick start'))![1]!;
    expect(block.trimEnd().split('\n')).toEqual(['npm ci && ./bin/run.js export examples/ --out out', 'npm test']);
  });

  it('quick start export works on the bundled examples', async () => {
    // The README's command, with --out moved to a temporary folder.
    const out = path.join(tmp, 'out');
    const run = await runCli(['export', 'examples/', '--out', out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const files = [...readTree(out).keys()];
    expect(files).toContain(path.join('acme-prod', 'ios-dict.xml'));
    expect(files).toContain(path.join('acme-prod', 'android-managed-config.json'));
    // Less noise: no DDM warning for a format nobody asked for, no not-carried for formats not named.
    expect(run.stdout).not.toMatch(/warning/);
    expect(section('## Many profiles: batch export')).toContain('The bundled examples export with no warning.');
  });

  it('names every target and every file it writes in the console table', () => {
    const table = section('## Which file goes into which console');
    for (const t of TARGETS) {
      expect(table, t.id).toContain(`(\`${t.id}\``);
      for (const f of t.fileNames) expect(table, f).toContain(`\`${f}\``);
    }
  });

  it('has a reference section for every command', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };
    // oclif readme writes the reference between these markers, one `## ` heading per command.
    const commands = README.slice(README.indexOf('<!-- commands -->'), README.indexOf('<!-- commandsstop -->'));
    for (const id of Object.keys(manifest.commands)) expect(commands).toMatch(new RegExp(`^## \`jabber-emm ${id}\\b`, 'm'));
  });

  it('lists, per --emm console, exactly the formats the targets declare it takes', () => {
    const table = section('## Which file goes into which console');
    const rows = new Map(
      table
        .split('\n')
        .filter((l) => /^\| `[a-z][a-z0-9-]*` \|/.test(l))
        .map((l) => {
          const [emm, formats] = l.split('|').slice(1, 3).map((c) => c.trim());
          return [emm!.replace(/`/g, ''), formats!.split(', ').map((f) => f.replace(/`/g, ''))] as [string, string[]];
        }),
    );
    expect([...rows.keys()]).toEqual([...EMM_CONSOLES]);
    for (const c of EMM_CONSOLES) {
      expect(rows.get(c), c).toEqual(TARGETS.filter((t) => t.emmConsoles !== 'neutral' && t.emmConsoles.includes(c)).map((t) => t.id));
    }
    const neutral = TARGETS.filter((t) => t.emmConsoles === 'neutral').map((t) => `\`${t.id}\``);
    expect(table.replace(/\s+/g, ' ')).toContain(`${neutral.slice(0, -1).join(', ')} and ${neutral.at(-1)}`);
  });

  it('runs the multi-console recipe as written: the files it lists, no warning, nothing rewritten the second time', async () => {
    const recipe = section('## One profile → Intune, Jamf and Workspace ONE in one command');
    const command = /```sh\n(.*)\n```/.exec(recipe)![1]!;
    expect(command).toBe('./bin/run.js export examples/acme-prod.yaml --out consoles --emm intune --emm jamf --emm workspace-one');
    const args = command.split(' ').slice(1);
    const out = path.join(tmp, 'consoles');
    args[args.indexOf('--out') + 1] = out;
    const [listing, printed] = [...recipe.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const listed = listing!.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]!.replace(/^consoles\//, '').split('/').join(path.sep));

    const run = await runCli(args);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toBe(printed);
    expect(run.stdout).not.toContain('warning');
    expect([...readTree(out).keys()].sort()).toEqual([...listed].sort());
    // The files really are each console's: Intune's and Jamf's ios-dict.xml are both there, apart.
    expect(readTree(out).get(path.join('acme-prod', 'intune', 'ios-dict.xml'))).toBeDefined();
    expect(readTree(out).get(path.join('acme-prod', 'jamf', 'ios-dict.xml'))).toBeDefined();

    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('8 files (0 written, 8 unchanged)');
    expect(recipe).toContain('`8 files (0 written, 8 unchanged)`');
  });

  it('shows the variables table the code uses', () => {
    const table = section('### Per-user variables and `--emm`');
    const rows = table.split('\n').filter((l) => l.startsWith('| `${'));
    const header = table.split('\n').find((l) => l.startsWith('| Variable'))!;
    expect(header.split('|').slice(2, -1).map((c) => c.trim().replace(/`/g, ''))).toEqual([...EMM_CONSOLES]);
    expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual(VARIABLES.map((v) => `\`\${${v}}\``));
    rows.forEach((row, i) => {
      const cells = row.split('|').slice(2, -1).map((c) => c.trim());
      const expected = EMM_CONSOLES.map((c) => {
        const token = CONSOLE_TOKENS[c][VARIABLES[i]!];
        return token === null ? '—' : `\`${token}\``;
      });
      expect(cells, VARIABLES[i]).toEqual(expected);
    });
  });
});
