/**
 * Why an export cannot start at all. Problems in profiles are diagnostics; these are the few
 * conditions that stop the whole run, each with the exit code the CLI uses.
 */
export class ExportError extends Error {
  /** 2 for a usage error (bad flag value), 1 for an unusable `--out`. */
  readonly exitCode: 1 | 2;
  /** Stable identifier, e.g. `unknown-target`, `out-not-directory`. */
  readonly code: string;

  constructor(code: string, message: string, exitCode: 1 | 2) {
    super(message);
    this.name = 'ExportError';
    this.code = code;
    this.exitCode = exitCode;
  }
}
