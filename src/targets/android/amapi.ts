/**
 * Target `android-amapi`: an Android Management API `ApplicationPolicy` (one element of
 * `Policy.applications[]`) with `packageName` and `managedConfiguration`, the current Google path
 * for managed configurations (reference android-managed-config.md §2.3).
 *
 * `installType` is left out on purpose: whether Jabber is AVAILABLE, FORCE_INSTALLED or
 * PREINSTALLED is the admin's rollout decision, not something the profile says; AMAPI defaults
 * to AVAILABLE when it is absent (discovery: "Unspecified. Defaults to AVAILABLE").
 */
import { readFileSync } from 'node:fs';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { hasVariables } from '../../variables/consoles.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { readJsonDocument, schemaValidator } from '../../verify/json-schema.js';
import { emmEntries, secretMark } from '../emm-entries.js';
import { type Artifact, type ParsedArtifact, type RenderOptions, type RenderResult, type Target } from '../types.js';
import { parseOneFile, recogniseOneFile } from '../codec.js';
import type { AndroidValue } from './android-keys.js';
import { at, checkKeyValue, duplicateMemberDiagnostics, jsonText, schemaDiagnostics, type JsonCheckContext } from './json-checks.js';
import { readEmmKeyInto } from '../emm-reading.js';

/** Target id (part of the CLI interface). */
export const AMAPI_TARGET = 'android-amapi';
/** File the target writes. */
export const AMAPI_FILE = 'android-amapi-policy.json';

/** JSON Schema derived from the AMAPI discovery document (scripts/derive-android-schemas.mjs). */
export const AMAPI_SCHEMA = new URL('../../../schemas/android/amapi-application-policy.schema.json', import.meta.url);

/** Renders the ApplicationPolicy JSON: key → string, boolean or number per AMAPI's type table. */
export function renderAmapi(profile: ResolvedProfile, options: RenderOptions): RenderResult {
  const { entries, diagnostics } = emmEntries(profile, 'android', AMAPI_TARGET, options, 'translate');
  const managedConfiguration: Record<string, string | boolean | number> = {};
  for (const e of entries) managedConfiguration[e.name] = e.value.value;
  const policy = { packageName: profile.apps.android, managedConfiguration };
  // Like the DDM asset: an AMAPI policy is sent to Google as it is, and no console stands between
  // it and the device to replace per-user tokens.
  if (entries.some((e) => typeof e.canonical === 'string' && hasVariables(e.canonical))) {
    diagnostics.push(
      diagnostic(
        'warning',
        'amapi-static-variables',
        `${AMAPI_FILE} holds ${options.emm ?? 'console'} variable tokens, but the Android Management API applies the policy as it is: the tokens are replaced only if your console fills them in before it sends the policy.`,
        { pointer: '/settings', target: AMAPI_TARGET },
      ),
    );
  }
  return { artifacts: [{ target: AMAPI_TARGET, fileName: AMAPI_FILE, contents: jsonText(policy), ...secretMark(entries) }], diagnostics };
}

function androidValue(v: unknown): AndroidValue {
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (typeof v === 'number') return { kind: 'integer', value: v };
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return { kind: 'string-array', value: v as string[] };
  return { kind: 'other', type: Array.isArray(v) ? 'array' : v === null ? 'null' : 'object' };
}

/** Checks ApplicationPolicy files: vendor schema, then catalog types and limits per key. */
export async function verifyAmapi(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  const validate = schemaValidator(AMAPI_SCHEMA);
  return artifacts.map((a) => {
    const doc = readJsonDocument(a.contents, a.fileName, AMAPI_TARGET);
    if (doc.value === undefined) return doc.diagnostics;
    const ctx: JsonCheckContext = { file: a.fileName, target: AMAPI_TARGET, positions: doc.positions, schemaName: 'AMAPI ApplicationPolicy' };
    const out = [...duplicateMemberDiagnostics(ctx, doc.duplicates), ...schemaDiagnostics(ctx, validate(doc.value))];
    const root = doc.value as Record<string, unknown>;
    const mc = root !== null && typeof root === 'object' ? root.managedConfiguration : undefined;
    if (mc !== null && typeof mc === 'object' && !Array.isArray(mc)) {
      // A key written twice is reported from the text (duplicateMemberDiagnostics above).
      for (const [key, value] of Object.entries(mc as Record<string, unknown>)) {
        const pointer = jsonPointer('managedConfiguration', key);
        out.push(...checkKeyValue(ctx, key, androidValue(value), pointer, pointer));
      }
    }
    return out;
  });
}

/** ApplicationPolicy fields (AMAPI discovery), read once from the derived schema. */
let policyFields: Set<string> | undefined;
function applicationPolicyFields(): Set<string> {
  if (!policyFields) {
    const schema = JSON.parse(readFileSync(AMAPI_SCHEMA, 'utf8')) as { $defs: { ApplicationPolicy: { properties: Record<string, unknown> } } };
    policyFields = new Set(Object.keys(schema.$defs.ApplicationPolicy.properties));
  }
  return policyFields;
}

/**
 * Reads an ApplicationPolicy back: EMM keys to catalog keys, raw values as the file holds them,
 * each key's position. ApplicationPolicy fields a profile does not carry (installType, ...) and
 * fields AMAPI does not define are named.
 */
export function parseAmapi(contents: string, fileName: string): ParsedArtifact {
  const doc = readJsonDocument(contents, fileName, AMAPI_TARGET);
  const parsed: ParsedArtifact = { target: AMAPI_TARGET, settings: new Map(), windows: new Map(), unknown: new Map(), positions: new Map(), diagnostics: doc.diagnostics };
  if (doc.value === undefined) return parsed;
  const ctx: JsonCheckContext = { file: fileName, target: AMAPI_TARGET, positions: doc.positions, schemaName: 'AMAPI ApplicationPolicy' };
  const report = (severity: 'error' | 'warning', code: string, message: string, pointer: string) => parsed.diagnostics.push(at(ctx, severity, code, message, pointer));
  const root = doc.value as Record<string, unknown>;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    report('error', 'json-root', 'An ApplicationPolicy is a JSON object; nothing was read.', '');
    return parsed;
  }
  parsed.diagnostics.push(...duplicateMemberDiagnostics(ctx, doc.duplicates));
  const fields = applicationPolicyFields();
  for (const field of Object.keys(root)) {
    if (field === 'packageName' || field === 'managedConfiguration') continue;
    if (fields.has(field)) {
      report('warning', 'field-not-carried', `"${field}" is an ApplicationPolicy field a profile does not carry (it sets the rollout, not Jabber's settings); it is not read.`, jsonPointer(field));
    } else {
      report('warning', 'unknown-field', `"${field}" is not a field of an AMAPI ApplicationPolicy; it is not read.`, jsonPointer(field));
    }
  }
  if (typeof root.packageName === 'string') {
    parsed.app = root.packageName;
    const pos = doc.positions.get('/packageName');
    if (pos) parsed.positions.set('/apps/android', { file: fileName, ...pos });
  }
  const mc = root.managedConfiguration;
  if (mc === undefined) return parsed;
  if (mc === null || typeof mc !== 'object' || Array.isArray(mc)) {
    report('error', 'vendor-schema', 'managedConfiguration must be a JSON object of key: value; nothing in it was read.', '/managedConfiguration');
    return parsed;
  }
  for (const [key, value] of Object.entries(mc as Record<string, unknown>)) {
    const pointer = jsonPointer('managedConfiguration', key);
    const pos = doc.positions.get(pointer);
    readEmmKeyInto(parsed, key, value, 'android', { file: fileName, line: pos?.line ?? 1, column: pos?.column ?? 1, target: AMAPI_TARGET, pointer }, pos !== undefined);
  }
  return parsed;
}

/** True for JSON that looks like an AMAPI ApplicationPolicy (packageName plus a configuration). */
export function detectAmapi(contents: string): boolean {
  const text = contents.trimStart();
  if (!text.startsWith('{')) return false;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    return (
      v !== null &&
      typeof v === 'object' &&
      typeof v.packageName === 'string' &&
      (typeof v.managedConfiguration === 'object' || typeof v.managedConfigurationTemplate === 'object')
    );
  } catch {
    return false;
  }
}

/** The android-amapi target. */
export const androidAmapiTarget: Target = {
  id: AMAPI_TARGET,
  summary: 'Android Management API ApplicationPolicy JSON (packageName, managedConfiguration) for AMAPI consoles and scripts',
  fileNames: [AMAPI_FILE],
  consoles: ['Android Management API consoles and scripts (Policy.applications[])'],
  // Your own AMAPI enterprise or scripts, none of the --emm consoles (reference android-managed-config.md §2.3).
  emmConsoles: [],
  carries: { channel: 'emm', platform: 'android' },
  checkedAgainst: 'JSON Schema derived from the Android Management API discovery document (androidmanagement v1 ApplicationPolicy), plus catalog value types',
  render: renderAmapi,
  verify: verifyAmapi,
  recognise: recogniseOneFile(AMAPI_FILE, detectAmapi),
  parse: parseOneFile(parseAmapi),
};
