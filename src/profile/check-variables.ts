import { getParameter } from '../catalog/index.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../diagnostics/diagnostic.js';
import {
  consolesWithTokens,
  isVariableName,
  translateVariables,
  variablesIn,
  variableUnsupportedMessage,
  type EmmConsole,
} from '../variables/consoles.js';
import { locate } from './check.js';
import type { ResolvedProfile } from './types.js';

/** A settings value that an EMM file carries and that holds per-user/per-device variables. */
interface VariableUse {
  key: string;
  pointer: string;
  value: string;
  variables: string[];
}

/** Settings an EMM channel carries whose value holds known variables, in profile order. */
function variableUses(profile: ResolvedProfile): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const [key, value] of profile.settings) {
    if (typeof value !== 'string' || !getParameter('settings', key)?.channels.emm) continue;
    // Unknown variables were reported by the resolver (unknown-variable).
    const variables = [...new Set(variablesIn(value).filter(isVariableName))];
    if (variables.length > 0) uses.push({ key, pointer: jsonPointer('settings', key), value, variables });
  }
  return uses;
}

/**
 * What export will say about the profile's per-user variables, said before exporting. With the
 * consoles export will use (`--emm`), an error (`variable-unsupported`, export's own code and
 * message) for each variable a console has no token for; with none, one warning
 * (`variables-need-emm`) that export needs `--emm`, naming the consoles that have a token for
 * every variable used.
 */
export function checkVariables(profile: ResolvedProfile, consoles: readonly EmmConsole[]): Diagnostic[] {
  const uses = variableUses(profile);
  if (uses.length === 0) return [];
  if (consoles.length === 0) {
    const keys = uses.map((u) => u.key);
    const names = [...new Set(uses.flatMap((u) => u.variables))];
    const fit = consolesWithTokens(names);
    const which =
      fit.length > 0
        ? `Consoles with a token for every variable used: ${fit.join(', ')}.`
        : 'No console has a token for all of them; use fewer variables or literal values.';
    const message =
      `${keys.join(', ')} ${keys.length === 1 ? 'uses' : 'use'} ${names.map((n) => `\${${n}}`).join(', ')}: ` +
      `export will need --emm <console> to write the console's tokens into the EMM files. ${which}`;
    return [diagnostic('warning', 'variables-need-emm', message, locate(profile, uses[0]!.pointer, 'value'))];
  }
  const out: Diagnostic[] = [];
  for (const emm of consoles) {
    for (const use of uses) {
      const { missing } = translateVariables(use.value, emm);
      if (missing.length > 0) {
        out.push(diagnostic('error', 'variable-unsupported', variableUnsupportedMessage(use.key, missing, emm), locate(profile, use.pointer, 'value')));
      }
    }
  }
  return out;
}
