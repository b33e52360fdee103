import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js';
import { isVariableName, VARIABLES } from '../variables/consoles.js';

/** Environment the profile's `${env:NAME}` references are read from. */
export type ProfileEnv = Readonly<Record<string, string | undefined>>;

/** A string after `${env:NAME}` references were filled in. */
export interface Substituted {
  text: string;
  /** Names of the environment variables used; non-empty means the value must never be printed. */
  envNames: string[];
  /** True when a reference was wrong or a variable missing: the text is not a usable value. */
  failed: boolean;
}

// Any `${...}`; what is inside decides whether it is env, a per-user variable or a mistake.
const REFERENCE = /\$\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The list of what may appear inside `${...}`, for error messages. */
export function knownReferences(): string {
  return ['${env:NAME}', ...VARIABLES.map((v) => `\${${v}}`)].join(', ');
}

/**
 * Fills `${env:NAME}` from `env` and checks every other `${...}`: known per-user variables
 * (`${user.email}` ...) stay as written for the exporters to translate; anything else is an
 * error listing the known ones. Values taken from the environment are not scanned again.
 */
export function substituteText(
  text: string,
  env: ProfileEnv,
  at: { pos: SourcePosition; textColumn?: number; pointer: string; secret?: boolean },
  diagnostics: Diagnostic[],
): Substituted {
  const envNames: string[] = [];
  let failed = false;
  const where = (index: number): SourcePosition =>
    at.textColumn !== undefined ? { ...at.pos, column: at.textColumn + index } : at.pos;
  const out = text.replace(REFERENCE, (whole, inner: string, index: number) => {
    if (inner.startsWith('env:')) {
      const name = inner.slice(4);
      if (!ENV_NAME.test(name)) {
        failed = true;
        diagnostics.push(
          diagnostic('error', 'invalid-variable', `${at.secret ? 'An ${env:...} reference in this secret value' : whole} is not a valid environment reference: a variable name is letters, digits and _ (for example \${env:JABBER_AUTOLOGIN_PASSWORD}).`, {
            ...where(index),
            pointer: at.pointer,
          }),
        );
        return whole;
      }
      const value = env[name];
      if (value === undefined) {
        failed = true;
        // Only the name is printed: the value is exactly what must never appear.
        diagnostics.push(
          diagnostic('error', 'env-missing', `The environment variable ${name} is not set (the profile reads it through \${env:${name}}); set it before running jabber-emm.`, {
            ...where(index),
            pointer: at.pointer,
          }),
        );
        envNames.push(name);
        return '';
      }
      envNames.push(name);
      return value;
    }
    if (isVariableName(inner)) return whole;
    failed = true;
    // In a secret, even the unknown reference may be part of the password: do not echo it.
    const shown = at.secret ? 'A ${...} reference in this secret value' : whole;
    diagnostics.push(
      diagnostic('error', 'unknown-variable', `${shown} is not a known variable. Known: ${knownReferences()}.`, {
        ...where(index),
        pointer: at.pointer,
      }),
    );
    return whole;
  });
  return { text: out, envNames, failed };
}
