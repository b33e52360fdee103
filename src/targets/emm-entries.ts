import { inCatalogOrder, loadCatalog } from '../catalog/index.js';
import { encodeText } from '../catalog/encode.js';
import type { Parameter, Platform } from '../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ResolvedProfile, SettingValue } from '../profile/types.js';
import { EMM_CONSOLES, hasVariables, translateVariables, VARIABLE_PATTERN, variableNeedsEmmMessage, variableUnsupportedMessage } from '../variables/consoles.js';
import type { RenderOptions } from './types.js';

/** A value as an EMM file carries it. */
export type EmmValue =
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'integer'; value: number };

/** One key of a managed app configuration, ready for a renderer. */
export interface EmmEntry {
  param: Parameter;
  /** Key name in the EMM channel (exact spelling the client reads). */
  name: string;
  value: EmmValue;
  /** The canonical value from the profile (variables untranslated). */
  canonical: SettingValue;
}

/** How per-user variables are treated: translated to `options.emm` tokens, or kept canonical. */
export type VariableMode = 'translate' | 'keep';

/**
 * Picks the profile's settings that the EMM channel carries to `platform`, in catalog order, and
 * encodes them: Cisco's text tokens by default, typed booleans/integers with `typedValues`.
 * Keys the channel does not carry become `not-carried` warnings (never silently dropped);
 * variables the console cannot express become errors.
 */
export function emmEntries(
  profile: ResolvedProfile,
  platform: Platform,
  target: string,
  options: RenderOptions,
  variables: VariableMode = 'translate',
): { entries: EmmEntry[]; diagnostics: Diagnostic[] } {
  const { bySection } = loadCatalog();
  const diagnostics: Diagnostic[] = [];
  const picked: [Parameter, SettingValue][] = [];
  for (const [key, value] of profile.settings) {
    const param = bySection.settings.get(key);
    if (!param) continue;
    if (!param.channels.emm?.platforms.includes(platform)) {
      const pointer = jsonPointer('settings', key);
      const at = { ...profile.positions.get(pointer), pointer, target };
      diagnostics.push(diagnostic('warning', 'not-carried', notCarriedMessage(param, target, platform), at));
      continue;
    }
    picked.push([param, value]);
  }
  const entries: EmmEntry[] = [];
  for (const [param, canonical] of inCatalogOrder(picked)) {
    let value: EmmValue;
    if (options.typedValues && param.type === 'boolean') value = { kind: 'boolean', value: canonical as boolean };
    else if (options.typedValues && param.type === 'integer') value = { kind: 'integer', value: canonical as number };
    else value = { kind: 'string', value: encodeText(param, canonical) ?? '' };
    if (value.kind === 'string' && variables === 'translate' && hasVariables(value.value)) {
      // Where a diagnostic would point: built only for a value with variables.
      const pointer = jsonPointer('settings', param.key);
      const d = translateFor(value.value, param, target, options, { ...profile.positions.get(pointer), pointer, target });
      if (d.diagnostic) {
        diagnostics.push(d.diagnostic);
        continue;
      }
      value = { kind: 'string', value: d.value };
    }
    entries.push({ param, name: param.channels.emm!.name, value, canonical });
  }
  return { entries, diagnostics };
}

/**
 * True when an entry writes a secret parameter (catalog `secret: true`) with text of its own, not
 * only per-user variables the console fills in: the file then holds the secret itself.
 */
export function holdsSecret(entries: readonly EmmEntry[]): boolean {
  return entries.some((e) => e.param.secret === true && typeof e.canonical === 'string' && e.canonical.replace(VARIABLE_PATTERN, '') !== '');
}

/** `{secret: true}` for the artifact of `entries` when they hold a secret, else nothing (spread it into the artifact). */
export function secretMark(entries: readonly EmmEntry[]): { secret?: true } {
  return holdsSecret(entries) ? { secret: true } : {};
}

/**
 * Translates variables in a string for the console named by `options.emm`. Without a console,
 * or when the console has no token for a variable, returns an error diagnostic naming them.
 */
export function translateFor(
  value: string,
  param: Parameter,
  target: string,
  options: RenderOptions,
  at: Partial<Diagnostic>,
): { value: string; diagnostic?: Diagnostic } {
  if (!options.emm) {
    return { value, diagnostic: diagnostic('error', 'variable-needs-emm', variableNeedsEmmMessage(param.key, target), at) };
  }
  const t = translateVariables(value, options.emm);
  if (t.missing.length > 0) {
    return { value, diagnostic: diagnostic('error', 'variable-unsupported', variableUnsupportedMessage(param.key, t.missing, options.emm), at) };
  }
  return { value: t.value };
}

/** Why a set key does not reach a target, in words an admin can act on. */
export function notCarriedMessage(param: Parameter, target: string, platform: Platform | 'url' | 'windows'): string {
  const where = param.platforms.join(', ');
  if (platform === 'url') {
    return `${param.key} is not written to ${target}: Cisco documents it for EMM only, not for the configuration URL.`;
  }
  if (platform === 'windows') {
    return `${param.key} is not written to ${target}: the Windows installer has no switch for it.`;
  }
  if (!param.platforms.includes(platform)) {
    return `${param.key} is not written to ${target}: it applies to ${where} only, not ${platform}.`;
  }
  return `${param.key} is not written to ${target}: Cisco documents it for the configuration URL only, not for EMM.`;
}
