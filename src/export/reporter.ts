import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { palette, type Palette } from '../report/colour.js';
import { JsonResultStream } from './json-stream.js';
import { mergeAcrossTargets } from './merge-not-carried.js';
import type { ProgressBar } from './progress.js';
import type { ExportedProfile, ExportHooks, ExportResult } from './types.js';

/** Where and how the export command reports. */
export interface ExportReporterOptions {
  /** `--json`: print the JSON document (streamed), nothing else. */
  json: boolean;
  /** Writes to standard output. */
  write(text: string): void;
  /** The progress bar on a terminal's stderr; absent when not wanted. */
  progress?: ProgressBar;
  /** Formats a profile's diagnostics the way `validate` prints them (ends with a newline, or ''). */
  formatDiagnostics(diagnostics: readonly Diagnostic[]): string;
  /** Colour the status words (a terminal, NO_COLOR unset). */
  color: boolean;
  /** `--quiet`: print errors only, no warnings or notes (the `--json` document keeps everything). */
  quiet?: boolean;
  /** Standard output is the terminal the progress bar is drawn on (lines must erase the bar first). */
  stdoutIsTerminal?: boolean;
}

/** Hooks that print each profile as it finishes, and `finish` for the summary. */
export interface ExportReporter {
  hooks: ExportHooks;
  finish(result: ExportResult): void;
}

/**
 * Prints an export as it runs: per profile one line (ok / failed, file count) followed by its
 * diagnostics, then a summary line; or, under `--json`, the JSON document one profile at a time.
 */
export function createExportReporter(o: ExportReporterOptions): ExportReporter {
  const json = o.json ? new JsonResultStream(o.write) : undefined;
  let hiddenBatchStops = 0;
  // Collected as profiles stream by: the result keeps no per-profile records in the CLI.
  const secretFiles: string[] = [];
  const c = palette(o.color);

  const hooks: ExportHooks = {
    onStart(total) {
      json?.begin();
      o.progress?.start(total);
    },
    onProfile(p, done) {
      for (const f of p.files) if (f.secret) secretFiles.push(f.path);
      if (json) {
        json.profile(p);
        return;
      }
      // One `not-exported` note per profile after a name collision says nothing new; count them.
      if (p.diagnostics.length === 1 && p.diagnostics[0]!.code === 'not-exported') {
        hiddenBatchStops += 1;
        o.progress?.update(done);
        return;
      }
      // The bar shares the screen with these lines only when stdout is the terminal too.
      if (o.stdoutIsTerminal) o.progress?.clear();
      // One line for what several targets (or consoles) report alike.
      const shown = mergeAcrossTargets(o.quiet ? p.diagnostics.filter((d) => d.severity === 'error') : p.diagnostics);
      const details = o.formatDiagnostics(shown);
      // A blank line after a profile's diagnostics keeps one profile's block apart from the next.
      o.write(profileLine(p, c) + '\n' + (details ? details + '\n' : ''));
      o.progress?.update(done);
    },
  };

  return {
    hooks,
    finish(result) {
      if (json) {
        json.end(result.summary);
        return;
      }
      o.progress?.clear();
      o.write(summaryLines(result, hiddenBatchStops, secretFiles).join('\n') + '\n');
    },
  };
}

/** `ok      acme-prod  10 files  (profiles/acme-prod.yaml)`, `failed  ...`, or `skipped  acme-base  abstract ...`. */
export function profileLine(p: ExportedProfile, c: Palette = palette(false)): string {
  if (p.skipped === 'abstract') {
    return `skipped  ${p.name ?? '(no name)'}  abstract: a base for other profiles, not exported  (${p.source})`;
  }
  const status = p.ok ? c.green('ok    ') : c.red('failed');
  const name = p.name ?? '(no name)';
  const count = p.ok ? `  ${p.files.length} ${p.files.length === 1 ? 'file' : 'files'}` : '';
  return `${status}  ${name}${count}  (${p.source})`;
}

/**
 * The closing lines: what happened to the profiles and the files, and which files hold a secret
 * (`secretFiles`: their paths, in the order written).
 */
export function summaryLines(result: ExportResult, hiddenBatchStops = 0, secretFiles: readonly string[] = secretPathsOf(result)): string[] {
  const s = result.summary;
  const lines: string[] = [];
  if (result.duplicateNames && result.duplicateNames.length > 0) {
    for (const d of result.duplicateNames) lines.push(`Profiles share the name "${d.name}": ${d.sources.join(', ')}.`);
    lines.push(
      `Nothing was written: each profile needs its own name, because the name is its output folder` +
        (hiddenBatchStops > 0 ? ` (${hiddenBatchStops} other ${plural(hiddenBatchStops, 'profile')} not exported).` : '.'),
    );
  }
  const skipped = s.skipped > 0 ? `, ${s.skipped} skipped (abstract)` : '';
  const profiles = `${s.profiles} ${plural(s.profiles, 'profile')}: ${s.ok} exported${skipped}, ${s.failed} failed`;
  const files = `${s.files} ${plural(s.files, 'file')} (${s.written} written, ${s.unchanged} unchanged)`;
  lines.push(`${profiles}; ${files}.`);
  if (secretFiles.length > 0) {
    const n = secretFiles.length;
    lines.push(
      `${n} ${plural(n, 'file')} ${n === 1 ? 'holds' : 'hold'} a secret (written 0600, readable by you only): ${secretFiles.join(', ')}. ` +
        `Give ${n === 1 ? 'it' : 'them'} to the EMM console only; do not publish ${n === 1 ? 'it' : 'them'} or commit ${n === 1 ? 'it' : 'them'}.`,
    );
  }
  return lines;
}

function secretPathsOf(result: ExportResult): string[] {
  return result.profiles.flatMap((p) => p.files.filter((f) => f.secret).map((f) => f.path));
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
