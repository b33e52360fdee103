/** What `diff --json` prints: the result's changes (secrets already masked), in a fixed key order. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiffChange, DiffResult, ProfileDiff } from './diff.js';

/** `diff --json` for two single sides. */
export interface SingleDiffJson {
  identical: boolean;
  changes: DiffChange[];
  /** Warnings about the sides (unknown keys, values that do not decode). */
  diagnostics: Diagnostic[];
}

/** `diff --json` for two directories. */
export interface DirectoryDiffJson {
  identical: boolean;
  profiles: Pick<ProfileDiff, 'name' | 'status' | 'changes'>[];
  diagnostics: Diagnostic[];
}

/** `diff --json` when the comparison could not be made (exit 2). */
export interface DiffErrorJson {
  identical: null;
  error: { code: string; message: string };
  diagnostics: Diagnostic[];
}

/** One key of one exported file that drifted from its profile (`diff profiles/ out/ --json`). */
export interface DriftEntryJson {
  profile: string;
  file: string;
  target: string;
  key: string;
  kind: DiffChange['kind'];
  before: DiffChange['before'];
  after: DiffChange['after'];
  targets: string[];
  consoles: string[];
}

/** `diff --json` for a folder of profiles against an export folder. */
export interface ExportsDiffJson {
  identical: boolean;
  /** Each profile: identical (matches its exports), changed (drifted), added, removed. */
  profiles: { name: string; status: ProfileDiff['status'] }[];
  /** Every key that drifted, with its profile and file. */
  drift: DriftEntryJson[];
  diagnostics: Diagnostic[];
}

/** Everything `diff --json` may print. */
export type DiffJson = SingleDiffJson | DirectoryDiffJson | ExportsDiffJson | DiffErrorJson;

function change(c: DiffChange): DiffChange {
  return { key: c.key, kind: c.kind, before: c.before, after: c.after, targets: c.targets, consoles: c.consoles };
}

/** The JSON document of a diff result, keys in a fixed order. Secrets are already masked in `result`. */
export function diffJson(result: DiffResult): SingleDiffJson | DirectoryDiffJson | ExportsDiffJson {
  if (result.mode === 'exports') {
    return {
      identical: result.identical,
      profiles: result.profiles.map((p) => ({ name: p.name, status: p.status })),
      drift: result.profiles.flatMap((p) =>
        p.files.flatMap((f) =>
          f.changes.map((c) => ({ profile: p.name, file: f.file, target: f.target, key: c.key, kind: c.kind, before: c.before, after: c.after, targets: c.targets, consoles: c.consoles })),
        ),
      ),
      diagnostics: result.diagnostics,
    };
  }
  if (result.mode === 'single') {
    return { identical: result.identical, changes: result.changes.map(change), diagnostics: result.diagnostics };
  }
  return {
    identical: result.identical,
    profiles: result.profiles.map((p) => ({ name: p.name, status: p.status, changes: p.changes.map(change) })),
    diagnostics: result.diagnostics,
  };
}

/** The JSON document for a diff that could not be made. */
export function diffErrorJson(code: string, message: string, diagnostics: readonly Diagnostic[]): DiffErrorJson {
  return { identical: null, error: { code, message }, diagnostics: [...diagnostics] };
}
