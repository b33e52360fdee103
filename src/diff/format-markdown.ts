/**
 * The diff as GitHub-flavoured Markdown for a change request: the two sides, a table of changes
 * (for drift: what the profile says against what the console holds), and the consoles to update.
 */
import type { DiffChange, DiffResult, DirectoryDiff, ExportsDiff, SingleDiff } from './diff.js';
import { identity, kindWord } from './format-text.js';
import { mergeConsoles } from '../artifact/carriage.js';
import { showValue } from './show-value.js';

/** Text inside a table cell: pipes escaped (GFM splits cells on them even inside code spans). */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** A code span that survives backticks in the value (CommonMark: a longer fence). */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function valueCell(v: DiffChange['before']): string {
  return v === null ? '—' : cell(code(showValue(v)));
}

function changeTable(changes: readonly DiffChange[], console?: 'a' | 'b'): string {
  const rows: string[] = [];
  if (console) {
    rows.push('| Key | Change | Profile says | Console holds | Targets |', '| --- | --- | --- | --- | --- |');
  } else {
    rows.push('| Key | Change | Before | After | Targets |', '| --- | --- | --- | --- | --- |');
  }
  for (const c of changes) {
    const [first, second] = console === 'a' ? [c.after, c.before] : [c.before, c.after];
    rows.push(`| ${cell(code(c.key))} | ${kindWord(c.kind, console)} | ${valueCell(first)} | ${valueCell(second)} | ${cell(c.targets.join(', ') || '—')} |`);
  }
  return rows.join('\n') + '\n';
}

function consolesList(changes: readonly DiffChange[]): string {
  const consoles = mergeConsoles(changes.flatMap((c) => c.consoles));
  if (consoles.length === 0) return '';
  return '\nConsoles to update:\n\n' + consoles.map((c) => `- ${cell(c)}`).join('\n') + '\n';
}

function sides(result: DiffResult): string {
  if ((result.mode === 'single' || result.mode === 'exports') && result.console) {
    const profile = result.console === 'a' ? result.b : result.a;
    const consoleSide = result.console === 'a' ? result.a : result.b;
    return `- Profile: ${cell(identity(profile))}\n- Console: ${cell(consoleSide.label)}\n`;
  }
  return `- Before (a): ${cell(identity(result.a))}\n- After (b): ${cell(identity(result.b))}\n`;
}

function single(result: SingleDiff): string {
  const title = result.console ? '## Drift: profile against console' : '## Profile changes';
  let out = `${title}\n\n${sides(result)}\n`;
  if (result.identical) return out + 'No differences.\n';
  out += changeTable(result.changes, result.console);
  out += consolesList(result.changes);
  return out;
}

function directories(result: DirectoryDiff): string {
  let out = `## Profile changes\n\n${sides(result)}\n`;
  const s = result.summary;
  out += `${result.profiles.length} profiles: ${s.identical} identical, ${s.changed} changed, ${s.added} added, ${s.removed} removed.\n`;
  const listed = result.profiles.filter((p) => p.status !== 'identical');
  if (listed.length === 0) return out;
  out += '\n| Profile | Status | Changes |\n| --- | --- | --- |\n';
  for (const p of listed) out += `| ${cell(code(p.name))} | ${p.status} | ${p.status === 'changed' ? p.changes.length : '—'} |\n`;
  for (const p of listed.filter((x) => x.status === 'changed')) {
    out += `\n### ${p.name}\n\n` + changeTable(p.changes);
  }
  out += consolesList(listed.flatMap((p) => p.changes));
  return out;
}

function exportsReport(result: ExportsDiff): string {
  let out = `## Drift: profiles against their exported files\n\n${sides(result)}\n`;
  const s = result.summary;
  out += `${result.profiles.length} profiles: ${s.identical} match, ${s.changed} drifted, ${s.added} added, ${s.removed} removed.\n`;
  for (const p of result.profiles.filter((x) => x.status === 'changed')) {
    out += `\n### ${p.name}\n`;
    for (const f of p.files) out += `\n${cell(code(f.file))} (${f.target})\n\n` + changeTable(f.changes, result.console);
  }
  out += consolesList(result.profiles.flatMap((p) => p.files.flatMap((f) => f.changes)));
  return out;
}

/** The Markdown report, ending with a newline. */
export function formatDiffMarkdown(result: DiffResult): string {
  if (result.mode === 'exports') return exportsReport(result);
  return result.mode === 'single' ? single(result) : directories(result);
}
