/**
 * The terminal report of a diff: a header naming both sides, one aligned line per change (kind,
 * key, values) with the targets it affects beneath, and a closing count. Coloured only when asked
 * (see colourWanted); identical profiles of a directory diff are counted, not listed.
 */
import { palette, type Palette } from '../report/colour.js';
import type { DiffChange, DiffResult, DirectoryDiff, ExportsDiff, SideInfo, SingleDiff } from './diff.js';
import { showValue } from './show-value.js';

/** How to format: with ANSI colour or not. */
export interface DiffFormatOptions {
  color: boolean;
}

/** `console holds X, profile says Y` for drift, `X → Y` otherwise. */
export function changeValues(c: DiffChange, console?: 'a' | 'b'): string {
  if (console) {
    const held = console === 'a' ? c.before : c.after;
    const said = console === 'a' ? c.after : c.before;
    return `console holds ${showValue(held)}, profile says ${showValue(said)}`;
  }
  if (c.kind === 'added') return showValue(c.after);
  if (c.kind === 'removed') return showValue(c.before);
  return `${showValue(c.before)} → ${showValue(c.after)}`;
}

/**
 * The change kind as a word. For drift, from the console's point of view: `missing` (the profile
 * sets it, the console does not hold it), `extra` (the other way round), `differs`.
 */
export function kindWord(kind: DiffChange['kind'], console?: 'a' | 'b'): string {
  if (!console || kind === 'changed') return console ? 'differs' : kind;
  const consoleHasIt = (kind === 'added') === (console === 'b');
  return consoleHasIt ? 'extra' : 'missing';
}

function kindColumn(kind: DiffChange['kind'], c: Palette, console?: 'a' | 'b'): string {
  const padded = kindWord(kind, console).padEnd(7);
  return kind === 'added' ? c.green(padded) : kind === 'removed' ? c.red(padded) : c.yellow(padded);
}

/** The change lines of one comparison, keys aligned. */
function changeLines(changes: readonly DiffChange[], indent: string, c: Palette, console?: 'a' | 'b'): string {
  const width = Math.max(0, ...changes.map((x) => x.key.length));
  return changes
    .map((x) => {
      const line = `${indent}${kindColumn(x.kind, c, console)}  ${c.bold(x.key.padEnd(width))}  ${changeValues(x, console)}\n`;
      const affects = x.targets.length > 0 ? x.targets.join(', ') : 'no export target';
      return line + c.dim(`${indent}${' '.repeat(9)}affects: ${affects}`) + '\n';
    })
    .join('');
}

function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function header(result: DiffResult, c: Palette): string {
  if (result.mode === 'single' && result.console) {
    const consoleSide = result.console === 'a' ? result.a : result.b;
    const profileSide = result.console === 'a' ? result.b : result.a;
    return `${c.bold('Drift')}: ${profileSide.label} against ${consoleSide.label} (what the console holds)\n`;
  }
  return `${c.red('---')} ${identity(result.a)}\n${c.green('+++')} ${identity(result.b)}\n`;
}

/** A side as the header names it: its label, and a profile's description (identity, not a difference). */
export function identity(side: SideInfo): string {
  return side.description !== undefined ? `${side.label}: ${JSON.stringify(side.description)}` : side.label;
}

function formatSingle(result: SingleDiff, c: Palette): string {
  if (result.identical) return header(result, c) + c.green('No differences.') + '\n';
  // Counted in the words the lines use (changed/added/removed, or for drift differs/missing/extra).
  const kinds = new Map<string, number>();
  for (const k of ['changed', 'added', 'removed'] as const) kinds.set(kindWord(k, result.console), 0);
  for (const x of result.changes) {
    const word = kindWord(x.kind, result.console);
    kinds.set(word, kinds.get(word)! + 1);
  }
  const parts = [...kinds].filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k === 'differs' && n > 1 ? 'differ' : k}`);
  return (
    header(result, c) +
    changeLines(result.changes, '', c, result.console) +
    `${counted(result.changes.length, 'difference')} (${parts.join(', ')}).\n`
  );
}

function formatDirectories(result: DirectoryDiff, c: Palette): string {
  let out = header(result, c);
  const listed = result.profiles.filter((p) => p.status !== 'identical');
  const width = Math.max(0, ...listed.map((p) => p.name.length));
  for (const p of listed) {
    const from = p.status === 'changed' ? `${p.a} → ${p.b}` : (p.a ?? p.b ?? '');
    out += `${kindColumn(p.status as DiffChange['kind'], c)}  ${c.bold(p.name.padEnd(width))}  ${c.dim(from)}\n`;
    if (p.changes.length > 0) out += changeLines(p.changes, '    ', c);
  }
  const s = result.summary;
  const total = result.profiles.length;
  out += `${counted(total, 'profile')}: ${s.identical} identical, ${s.changed} changed, ${s.added} added, ${s.removed} removed.\n`;
  return out;
}

/** Each profile that drifted, each of its files that drifted, and the keys. */
function formatExports(result: ExportsDiff, c: Palette): string {
  const profilesSide = result.console === 'a' ? result.b : result.a;
  const consoleSide = result.console === 'a' ? result.a : result.b;
  let out = `${c.bold('Drift')}: ${profilesSide.label} against ${consoleSide.label} (what the consoles hold)\n`;
  const gone = result.console === 'b' ? 'removed' : 'added';
  for (const p of result.profiles.filter((x) => x.status !== 'identical')) {
    if (p.status === 'changed') {
      out += `${c.yellow('drifted')}  ${c.bold(p.name)}  ${c.dim(p.source ?? '')}\n`;
      for (const f of p.files) out += `    ${f.file} ${c.dim(`(${f.target})`)}\n` + changeLines(f.changes, '      ', c, result.console);
    } else if (p.status === gone) {
      out += `${c.red('missing')}  ${c.bold(p.name)}  ${c.dim(`no exported files for ${p.source ?? 'it'}`)}\n`;
    } else {
      out += `${c.green('extra  ')}  ${c.bold(p.name)}  ${c.dim('exported files, but no profile of this name')}\n`;
    }
  }
  const s = result.summary;
  const drifted = result.profiles.reduce((n, p) => n + p.files.length, 0);
  out += `${counted(result.profiles.length, 'profile')}: ${s.identical} match their exports, ${s.changed} drifted (${counted(drifted, 'file')}), ${s[gone]} not exported, ${s[gone === 'removed' ? 'added' : 'removed']} without a profile.\n`;
  return out;
}

/** The whole report, ending with a newline. */
export function formatDiffText(result: DiffResult, opts: DiffFormatOptions): string {
  const c = palette(opts.color);
  if (result.mode === 'exports') return formatExports(result, c);
  return result.mode === 'single' ? formatSingle(result, c) : formatDirectories(result, c);
}
