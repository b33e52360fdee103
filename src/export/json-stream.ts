import type { ExportedProfile, ExportJson, ExportJsonProfile, ExportSummary } from './types.js';

/** The `--json` record of one profile: exactly the promised fields, in the promised order. */
export function toJsonProfile(p: ExportedProfile): ExportJsonProfile {
  return {
    source: p.source,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ok: p.ok,
    ...(p.skipped !== undefined ? { skipped: p.skipped } : {}),
    files: p.files.map((f) => ({ target: f.target, path: f.path, ...(f.console !== undefined ? { console: f.console } : {}), ...(f.secret ? { secret: true as const } : {}) })),
    diagnostics: p.diagnostics,
  };
}

/** The `--json` summary: exactly the promised fields. */
export function toJsonSummary(s: ExportSummary): ExportJson['summary'] {
  return { profiles: s.profiles, ok: s.ok, failed: s.failed, skipped: s.skipped, files: s.files };
}

/**
 * Prints the `--json` document one profile at a time, byte for byte what
 * `JSON.stringify(document, null, 2)` would print, so a run over tens of thousands of profiles
 * never holds the whole document in memory.
 */
export class JsonResultStream {
  private count = 0;

  constructor(private readonly write: (text: string) => void) {}

  /** Opens the document. */
  begin(): void {
    this.write('{\n  "profiles": [');
  }

  /** Appends one profile record. */
  profile(p: ExportedProfile): void {
    this.write((this.count === 0 ? '\n' : ',\n') + indent(JSON.stringify(toJsonProfile(p), null, 2), '    '));
    this.count += 1;
  }

  /** Closes the list, writes the summary and ends the document with a newline. */
  end(summary: ExportSummary): void {
    const summaryText = indent(JSON.stringify(toJsonSummary(summary), null, 2), '  ').trimStart();
    this.write(`${this.count === 0 ? ']' : '\n  ]'},\n  "summary": ${summaryText}\n}\n`);
  }
}

function indent(text: string, pad: string): string {
  return text.replace(/^/gm, pad);
}
