/**
 * The catalog seen from an iOS managed app configuration: EMM key names back to parameters, and
 * the warnings and errors a key/value pair found in an iOS file gets (unknown key, key Jabber for
 * iOS does not read, value Jabber does not take). Shared by the verifiers of the four targets.
 */
import {
  catalogValueProblem,
  emmKeyVariantMessage,
  emmReads,
  parameterByEmmName,
  readValueVariants,
  valueVariantMessage,
  type EmmFileValue,
} from '../../catalog/emm-values.js';
import type { Parameter } from '../../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';

/**
 * The settings parameter whose EMM key name is `name` (preferring one Jabber for iOS reads), or
 * whose canonical key is `name` (a URL-only or Mac-only key someone put into an iOS file).
 */
export function parameterForIosKey(name: string): Parameter | undefined {
  return parameterByEmmName(name, 'ios');
}

/** True when Jabber for iPhone and iPad reads the parameter from its managed app configuration. */
export function iosReads(p: Parameter): boolean {
  return emmReads(p, 'ios');
}

/** A raw value read from an iOS file (plist or specfile), tagged like catalogValueProblem wants it. */
function tagged(raw: unknown): EmmFileValue {
  if (typeof raw === 'string') return { kind: 'string', value: raw };
  if (typeof raw === 'boolean') return { kind: 'boolean', value: raw };
  if (typeof raw === 'number' && Number.isInteger(raw)) return { kind: 'integer', value: raw };
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return { kind: 'string-array', value: raw as string[] };
  if (typeof raw === 'number') return { kind: 'other', type: 'real number' };
  if (raw instanceof Map) return { kind: 'other', type: 'dict' };
  if (raw instanceof Date) return { kind: 'other', type: 'date' };
  if (raw instanceof Uint8Array) return { kind: 'other', type: 'data' };
  return { kind: 'other', type: Array.isArray(raw) ? 'array' : typeof raw };
}

/**
 * Diagnostics for one key of an iOS file: a warning for a key the catalog does not know or Jabber
 * for iOS does not read, an error for a value Jabber does not take (never quoting a secret).
 */
export function iosKeyDiagnostics(
  key: string,
  raw: unknown,
  at: { file: string; line: number; column?: number; target: string },
  valueAt: { line: number; column?: number } = at,
): Diagnostic[] {
  const param = parameterForIosKey(key);
  // A key the catalog does not know is named (with a did-you-mean, at its position) by the rule
  // engine over what the file's reader read (src/artifact/rules.ts), for every format alike.
  if (!param) return [];
  const out: Diagnostic[] = [];
  const variant = emmKeyVariantMessage(key, param);
  if (variant) out.push(diagnostic('warning', 'key-variant', variant, at));
  if (typeof raw === 'string') {
    const read = readValueVariants(param, raw, 'emm');
    if (read) out.push(diagnostic('warning', 'value-variant', valueVariantMessage(param, read, param.key), at));
  }
  out.push(...iosValueDiagnostics(param, key, raw, at, valueAt));
  return out;
}

/**
 * What Jabber for iOS makes of a known key's value: a warning when it does not read the key, an
 * error when the value is not of the type Cisco documents for EMM (a list as an <array> where
 * Cisco documents a comma-separated string). The readers report these too (the key-variant and
 * value-variant warnings they report already), so import and diff judge a file as validate does.
 */
export function iosValueDiagnostics(
  param: Parameter,
  key: string,
  raw: unknown,
  at: { file: string; line: number; column?: number; target: string },
  valueAt: { line: number; column?: number } = at,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!iosReads(param)) {
    out.push(diagnostic('warning', 'not-for-ios', `${key} is not read by Jabber for iPhone and iPad (Cisco documents it for ${param.platforms.join(', ')}).`, at));
  }
  const problem = catalogValueProblem(param, tagged(raw));
  if (problem) {
    const where = valueAt.line === at.line && valueAt.column === at.column ? at : { file: at.file, line: valueAt.line, column: valueAt.column ?? 1, target: at.target };
    // The pointer names the profile key, so a reader of the diagnostics (diff) knows which value it judges.
    out.push(diagnostic('error', 'value-type', problem, { ...where, pointer: jsonPointer('settings', param.key) }));
  }
  return out;
}
