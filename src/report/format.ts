import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProfileResult } from '../profile/types.js';
import { palette, type Palette } from './colour.js';

/** How to format: with ANSI colour or not (see colourWanted). */
export interface FormatOptions {
  color: boolean;
  /** `--quiet`: list errors only (the counts still say how many warnings there were). */
  quiet?: boolean;
}

/** Counts a run reports in its last line. */
export interface SummaryCounts {
  profiles: number;
  ok: number;
  failed: number;
  errors: number;
  warnings: number;
}

/**
 * One diagnostic as a compiler prints it: `file:line:column: severity code: message`
 * (`file: severity code: message` when it concerns the whole file).
 */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions): string {
  const c = palette(opts.color);
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const severity = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
  const target = d.target ? ` [${d.target}]` : '';
  return `${c.bold(where)}: ${severity} ${c.dim(d.code)}${target}: ${d.message}`;
}

/** Diagnostics one per line, ending with a newline; '' for none. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], opts: FormatOptions): string {
  return diagnostics.map((d) => formatDiagnostic(d, opts) + '\n').join('');
}

/** "2 errors, 1 warning" (omitting zero counts); '' when there are none. */
export function countWords(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/**
 * One profile's block: a status line (`file: ok (name)` or `file: failed, 2 errors`), then its
 * diagnostics, then a blank line when there were any.
 */
export function formatProfileResult(result: ProfileResult, opts: FormatOptions): string {
  const c: Palette = palette(opts.color);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  const counts = countWords(errors, warnings);
  const status = result.ok ? c.green('ok') : c.red('failed');
  const name = result.name !== undefined ? ` (${result.name})` : '';
  const head = `${c.bold(result.source)}: ${status}${name}${counts ? `, ${counts}` : ''}\n`;
  const listed = opts.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  if (listed.length === 0) return head;
  return head + formatDiagnostics(listed, opts) + '\n';
}

/** The last line: `3 profiles: 2 ok, 1 failed (2 errors, 1 warning)`. */
export function formatSummary(summary: SummaryCounts, opts: FormatOptions): string {
  const c = palette(opts.color);
  const counts = countWords(summary.errors, summary.warnings);
  const failed = summary.failed > 0 ? c.red(`${summary.failed} failed`) : '0 failed';
  const ok = summary.ok > 0 ? c.green(`${summary.ok} ok`) : '0 ok';
  return `${summary.profiles} profile${summary.profiles === 1 ? '' : 's'}: ${ok}, ${failed}${counts ? ` (${counts})` : ''}\n`;
}
