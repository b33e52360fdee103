import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { EmmConsole } from '../variables/consoles.js';
import { checkProfile, locate } from './check.js';
import { checkVariables } from './check-variables.js';
import { findProfileFiles } from './files.js';
import { ProfileCache, resolveProfile, type ResolveOptions } from './resolve.js';
import type { ProfileResult } from './types.js';

/** Options for validating profiles. */
export interface ValidateOptions extends ResolveOptions {
  /** Profiles validated at once by validateStream (default 16); results still come in input order. */
  concurrency?: number;
  /** Report a profile whose name an earlier profile of the stream already uses (`duplicate-name`). */
  duplicateNames?: boolean;
  /**
   * The consoles export will write tokens for (`validate --emm`). Given (even empty), per-user
   * variables are checked as export checks them: an error for each variable a console has no
   * token for, or, with no console, a warning that export will need `--emm`. Absent: not checked
   * here (export reports them while rendering).
   */
  emm?: readonly EmmConsole[];
}

/** Counts over a validation run. */
export interface ValidationSummary {
  /** Profiles validated. */
  profiles: number;
  /** Profiles without errors (warnings allowed). */
  ok: number;
  /** Profiles with at least one error. */
  failed: number;
  errors: number;
  warnings: number;
}

/** What validateFiles returns: a result per profile, the counts, and problems with the paths themselves. */
export interface ValidationReport {
  profiles: ProfileResult[];
  summary: ValidationSummary;
  /** `path-not-found` / `no-profiles` for paths that gave no profile. */
  diagnostics: Diagnostic[];
}

/**
 * Loads, resolves and checks one profile file. Everything wrong with it is in `diagnostics`;
 * it rejects only on a bug, never on bad input.
 */
export async function validateProfile(file: string, opts: ValidateOptions = {}): Promise<ProfileResult> {
  const { profile, diagnostics } = await resolveProfile(file, opts);
  if (profile) diagnostics.push(...checkProfile(profile));
  if (profile && opts.emm !== undefined) diagnostics.push(...checkVariables(profile, opts.emm));
  const sorted = sortDiagnostics(diagnostics, profile?.chain ?? [file]);
  const result: ProfileResult = { source: file, diagnostics: sorted, ok: !hasErrors(sorted) };
  if (profile) {
    result.profile = profile;
    if (profile.name !== '') result.name = profile.name;
  }
  return result;
}

/**
 * Validates files one after another and yields each result as soon as it (and every file before
 * it) is done, so tens of thousands of profiles stream through without being held. A few files
 * are read ahead; parents shared through `extends` are parsed once.
 */
export async function* validateStream(
  files: Iterable<string> | AsyncIterable<string>,
  opts: ValidateOptions = {},
): AsyncGenerator<ProfileResult> {
  const shared: ValidateOptions = { ...opts, cache: opts.cache ?? new ProfileCache() };
  const width = Math.max(1, opts.concurrency ?? 16);
  const names = opts.duplicateNames ? new Map<string, string>() : undefined;
  const window: Promise<ProfileResult>[] = [];
  const finish = (r: ProfileResult): ProfileResult => {
    if (names && r.name !== undefined && r.profile) {
      const first = names.get(r.name);
      if (first === undefined) names.set(r.name, r.source);
      else {
        r.diagnostics.push(
          diagnostic(
            'error',
            'duplicate-name',
            `Another profile (${first}) is also named "${r.name}"; both would write into the same output folder. Give each profile its own name.`,
            locate(r.profile, '/name', 'value'),
          ),
        );
        r.ok = false;
      }
    }
    return r;
  };
  for await (const file of files) {
    window.push(validateProfile(file, shared));
    if (window.length >= width) yield finish(await window.shift()!);
  }
  while (window.length > 0) yield finish(await window.shift()!);
}

/**
 * Validates every profile under `paths` (files or directories). `onProfile` sees each result as
 * it is ready, in order (the CLI prints from it).
 */
export async function validateFiles(
  paths: readonly string[],
  opts: ValidateOptions & {
    onProfile?: (result: ProfileResult) => void;
    /** Keep every result in `profiles` (default true); false keeps memory flat for huge runs. */
    keepProfiles?: boolean;
  } = {},
): Promise<ValidationReport> {
  const found = await findProfileFiles(paths);
  const report: ValidationReport = {
    profiles: [],
    summary: { profiles: 0, ok: 0, failed: 0, errors: 0, warnings: 0 },
    diagnostics: found.diagnostics,
  };
  for await (const result of validateStream(found.files, { duplicateNames: true, ...opts })) {
    if (opts.keepProfiles !== false) report.profiles.push(result);
    countInto(report.summary, result);
    opts.onProfile?.(result);
  }
  return report;
}

/** Adds one result to the counts. */
export function countInto(summary: ValidationSummary, result: ProfileResult): void {
  summary.profiles += 1;
  if (result.ok) summary.ok += 1;
  else summary.failed += 1;
  for (const d of result.diagnostics) {
    if (d.severity === 'error') summary.errors += 1;
    else summary.warnings += 1;
  }
}

/**
 * Orders diagnostics for reading: the profile's own file first, then its parents in chain order,
 * then by line and column; equal positions keep the order they were found in.
 */
function sortDiagnostics(diagnostics: Diagnostic[], chain: readonly string[]): Diagnostic[] {
  const rank = (file: string): number => {
    const i = chain.indexOf(file);
    return i === -1 ? chain.length : i;
  };
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d.file) - rank(b.d.file) || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}
