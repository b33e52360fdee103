/**
 * How `validate` shows files of both kinds: the terminal report (a profile's block exactly as
 * before; an exported file's names its target) and the `--json` document.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { palette } from '../report/colour.js';
import { countWords, formatProfileResult, formatSummary, type FormatOptions } from '../report/format.js';
import type { PathsSummary, ValidatedResult } from './validate-paths.js';

/** One entry of `validate --json` `profiles[]`: a profile or an exported file. */
export interface ValidatedJson {
  source: string;
  /** Profile name; for an exported file, the profile it belongs to as `import` would name it (its folder, for an export's own file name). */
  name: string | null;
  ok: boolean;
  diagnostics: Diagnostic[];
  kind: 'profile' | 'artifact';
  /** Target id, for an exported file. */
  target?: string;
}

/** The document `jabber-emm validate --json` prints. */
export interface ValidatePathsJson {
  profiles: ValidatedJson[];
  /** `profiles`, `ok`, `failed` count every entry (profiles and exported files); `artifacts` how many were exported files. */
  summary: PathsSummary;
  /** Problems with the paths themselves (`path-not-found`, `no-profiles`, `unrecognised-file`, `xsd-unused`). */
  diagnostics: Diagnostic[];
}

/** The JSON form of one result (a resolved profile stays out: it may hold secrets). */
export function validatedJson(result: ValidatedResult): ValidatedJson {
  const json: ValidatedJson = { source: result.source, name: result.name ?? null, ok: result.ok, diagnostics: result.diagnostics, kind: result.kind };
  if (result.kind === 'artifact') json.target = result.target;
  return json;
}

/** The summary in a fixed key order. */
export function summaryJson(s: PathsSummary): PathsSummary {
  return { profiles: s.profiles, ok: s.ok, failed: s.failed, errors: s.errors, warnings: s.warnings, artifacts: s.artifacts };
}

/** One result's block: a profile's as `formatProfileResult` prints it; an exported file's with its target in place of the name. */
export function formatValidated(result: ValidatedResult, opts: FormatOptions): string {
  if (result.kind === 'profile') return formatProfileResult(result, opts);
  return formatProfileResult({ ...result, name: result.target }, opts);
}

/**
 * The last line. Without exported files exactly as before (`3 profiles: 3 ok, 0 failed`); with
 * them, `2 profiles and 14 exported files: 15 ok, 1 failed (1 error)`.
 */
export function formatPathsSummary(summary: PathsSummary, opts: FormatOptions): string {
  if (summary.artifacts === 0) return formatSummary(summary, opts);
  const c = palette(opts.color);
  const profiles = summary.profiles - summary.artifacts;
  const counts = countWords(summary.errors, summary.warnings);
  const what = `${profiles} profile${profiles === 1 ? '' : 's'} and ${summary.artifacts} exported file${summary.artifacts === 1 ? '' : 's'}`;
  const ok = summary.ok > 0 ? c.green(`${summary.ok} ok`) : '0 ok';
  const failed = summary.failed > 0 ? c.red(`${summary.failed} failed`) : '0 failed';
  return `${what}: ${ok}, ${failed}${counts ? ` (${counts})` : ''}\n`;
}
