/** Severity of a diagnostic: errors stop a profile from being exported, warnings do not. */
export type Severity = 'error' | 'warning';

/**
 * One problem found in a profile or an artifact. Problems in user input are data, never
 * exceptions: every stage collects them and keeps going.
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable identifier, e.g. `unknown-key`; scripts may match on it. */
  code: string;
  /** What is wrong and what to do, in a mobile admin's words. Never contains a secret value. */
  message: string;
  /** File the problem is in (as given by the user, or the artifact path). */
  file: string;
  /** 1-based line, or 0 when the problem has no position (a whole-file problem). */
  line: number;
  /** 1-based column, or 0 when the problem has no position. */
  column: number;
  /** RFC 6901 JSON pointer to the offending node in the profile ('' for the document). */
  pointer: string;
  /** Export target the diagnostic concerns, when it comes from rendering or verification. */
  target?: string;
}

/** Where a node sits in its source file. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Builds a diagnostic; keeps call sites short and the field order uniform. */
export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  at: Partial<SourcePosition> & { pointer?: string; target?: string } = {},
): Diagnostic {
  const d: Diagnostic = {
    severity,
    code,
    message,
    file: at.file ?? '',
    line: at.line ?? 0,
    column: at.column ?? 0,
    pointer: at.pointer ?? '',
  };
  if (at.target !== undefined) d.target = at.target;
  return d;
}

/** True when any diagnostic in the list is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Escapes one JSON-pointer reference token (RFC 6901). */
export function pointerToken(token: string | number): string {
  const text = String(token);
  // Most tokens (catalog keys, indexes) have neither character: nothing to escape.
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins reference tokens into a JSON pointer. */
export function jsonPointer(...tokens: (string | number)[]): string {
  let out = '';
  for (const t of tokens) out += '/' + pointerToken(t);
  return out;
}
