import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProfileResult } from '../profile/types.js';

/** One profile in `validate --json`. */
export interface ProfileJson {
  source: string;
  /** The profile name, or null when it could not be read. */
  name: string | null;
  ok: boolean;
  diagnostics: Diagnostic[];
}

/** The document `jabber-emm validate --json` prints. */
export interface ValidateJson {
  profiles: ProfileJson[];
  summary: { profiles: number; ok: number; failed: number; errors: number; warnings: number };
  /** Problems with the paths themselves (`path-not-found`, `no-profiles`). */
  diagnostics: Diagnostic[];
}

/** The JSON form of one result: the resolved profile stays out (it may hold secrets). */
export function profileJson(result: ProfileResult): ProfileJson {
  return { source: result.source, name: result.name ?? null, ok: result.ok, diagnostics: result.diagnostics };
}

/** The `validate --json` document for a validation report, keys in a fixed order. */
export function validateJson(report: {
  profiles: readonly ProfileResult[];
  summary: ValidateJson['summary'];
  diagnostics: readonly Diagnostic[];
}): ValidateJson {
  const { profiles, ok, failed, errors, warnings } = report.summary;
  return {
    profiles: report.profiles.map(profileJson),
    summary: { profiles, ok, failed, errors, warnings },
    diagnostics: [...report.diagnostics],
  };
}
