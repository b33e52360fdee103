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
import { DEFAULT_APPS } from '../../catalog/profile-schema.js';
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

/**
 * Checks ApplicationPolicy files, and whole Policy files (`applications[]`): the vendor schema over
 * each ApplicationPolicy, then catalog types and limits per key of Jabber's application.
 */
export async function verifyAmapi(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  const validate = schemaValidator(AMAPI_SCHEMA);
  return artifacts.map((a) => {
    const doc = readJsonDocument(a.contents, a.fileName, AMAPI_TARGET);
    if (doc.value === undefined) return doc.diagnostics;
    const ctx: JsonCheckContext = { file: a.fileName, target: AMAPI_TARGET, positions: doc.positions, schemaName: 'AMAPI ApplicationPolicy' };
    const out = [...duplicateMemberDiagnostics(ctx, doc.duplicates)];
    const policy = policyApplications(doc.value);
    const checked = policy ? policy.applications.map((app, i) => ({ app, prefix: jsonPointer('applications', i) })) : [{ app: doc.value, prefix: '' }];
    const untyped = new Set<string>();
    for (const { app, prefix } of checked) {
      const errors = validate(app).map((e) => ({ ...e, pointer: prefix + e.pointer }));
      for (const e of errors) {
        const value = e.keyword === 'anyOf' ? configurationValueAt(app, e.pointer.slice(prefix.length)) : undefined;
        if (value === undefined) {
          out.push(...schemaDiagnostics(ctx, [e]));
          continue;
        }
        // ajv's "must match a schema in anyOf" says nothing an admin can act on: say what AMAPI takes.
        untyped.add(e.pointer);
        out.push(at(ctx, 'error', 'vendor-schema', `${value.key} holds ${value.shown}, which is no managed configuration value: AMAPI takes ${AMAPI_VALUE_TYPES} (ApplicationPolicy.managedConfiguration).`, e.pointer));
      }
    }
    const jabber = policy ? (policy.jabber === undefined ? undefined : checked[policy.jabber]) : checked[0];
    const root = jabber?.app as Record<string, unknown> | undefined;
    const mc = root !== null && typeof root === 'object' ? root.managedConfiguration : undefined;
    if (jabber && mc !== null && typeof mc === 'object' && !Array.isArray(mc)) {
      // A key written twice is reported from the text (duplicateMemberDiagnostics above).
      for (const [key, value] of Object.entries(mc as Record<string, unknown>)) {
        const pointer = jabber.prefix + jsonPointer('managedConfiguration', key);
        // A value AMAPI cannot type at all is said once (above), not again against the catalog's type.
        if (untyped.has(pointer)) continue;
        out.push(...checkKeyValue(ctx, key, androidValue(value), pointer, pointer));
      }
    }
    return out;
  });
}

/** The JSON values ApplicationPolicy.managedConfiguration takes (its description's table), for messages. */
const AMAPI_VALUE_TYPES =
  'true or false, a string of up to 65535 characters, a whole number from -2147483648 to 2147483647 (an Android int), an array of strings, or an object or array of objects (bundles)';

/**
 * The managed configuration value at `pointer` of one ApplicationPolicy (`/managedConfiguration/<key>`):
 * its key and what kind of JSON value it is; undefined for any other pointer.
 */
function configurationValueAt(app: unknown, pointer: string): { key: string; shown: string } | undefined {
  const m = /^\/managedConfiguration\/([^/]+)$/.exec(pointer);
  if (!m || app === null || typeof app !== 'object') return undefined;
  const mc = (app as Record<string, unknown>).managedConfiguration;
  if (mc === null || typeof mc !== 'object' || Array.isArray(mc)) return undefined;
  const key = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
  if (!Object.prototype.hasOwnProperty.call(mc, key)) return undefined;
  const value = (mc as Record<string, unknown>)[key];
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array of mixed values' : typeof value === 'number' ? (Number.isInteger(value) ? 'a whole number outside an Android int' : 'a number with a fraction') : typeof value === 'string' ? 'a string' : `a ${typeof value}`;
  // The kind, not the value: a secret's text never shows, and JSON.parse has rounded a huge number.
  return { key, shown: kind };
}

/** Jabber for Android's package, the application a whole Policy is read for. */
const JABBER_PACKAGE = DEFAULT_APPS.android;

/**
 * A whole AMAPI Policy (`enterprises.policies`: `applications[]` and device settings) rather than
 * one ApplicationPolicy: its applications, and which of them is Jabber's (the one application, or
 * the one whose packageName is com.cisco.im; undefined when several and none is). Undefined for a
 * document that is not a Policy.
 */
function policyApplications(root: unknown): { applications: unknown[]; jabber: number | undefined } | undefined {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const r = root as Record<string, unknown>;
  if (r.packageName !== undefined || !Array.isArray(r.applications)) return undefined;
  const applications = r.applications as unknown[];
  const named = applications.findIndex((a) => a !== null && typeof a === 'object' && (a as Record<string, unknown>).packageName === JABBER_PACKAGE);
  return { applications, jabber: named >= 0 ? named : applications.length === 1 ? 0 : undefined };
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
  const policy = policyApplications(root);
  if (!policy) {
    readApplicationPolicy(parsed, root, '', ctx);
    return parsed;
  }
  // A whole Policy: Jabber's application is read; the device settings and other apps are named.
  for (const field of Object.keys(root)) {
    if (field === 'applications') continue;
    report('warning', 'field-not-carried', `"${field}" is a Policy field, not Jabber's application policy; a profile does not carry it, so it is not read.`, jsonPointer(field));
  }
  policy.applications.forEach((app, i) => {
    if (i === policy.jabber) return;
    const pkg = app !== null && typeof app === 'object' ? (app as Record<string, unknown>).packageName : undefined;
    const why = policy.jabber === undefined ? `; none of the ${policy.applications.length} applications is Jabber's (${JABBER_PACKAGE}), so none is read` : '';
    report('warning', 'other-application', `applications[${i}] is the policy of ${typeof pkg === 'string' ? pkg : 'an app without a packageName'}, not Jabber's (${JABBER_PACKAGE}); it is not read${why}.`, jsonPointer('applications', i));
  });
  const jabber = policy.jabber === undefined ? undefined : policy.applications[policy.jabber];
  if (jabber === null || typeof jabber !== 'object' || Array.isArray(jabber)) return parsed;
  readApplicationPolicy(parsed, jabber as Record<string, unknown>, jsonPointer('applications', policy.jabber!), ctx);
  return parsed;
}

/** Reads one ApplicationPolicy object found at `prefix` (`''`, or `/applications/N` inside a Policy). */
function readApplicationPolicy(parsed: ParsedArtifact, root: Record<string, unknown>, prefix: string, ctx: JsonCheckContext): void {
  const fileName = ctx.file;
  const report = (severity: 'error' | 'warning', code: string, message: string, pointer: string) => parsed.diagnostics.push(at(ctx, severity, code, message, prefix + pointer));
  const fields = applicationPolicyFields();
  for (const field of Object.keys(root)) {
    if (field === 'packageName' || field === 'managedConfiguration') continue;
    if (field === 'managedConfigurationTemplate') {
      // AMAPI: the template "is ignored if managed_configuration is set"; it names a configuration Google keeps.
      const ignored = root.managedConfiguration !== undefined ? ' AMAPI ignores it here, since managedConfiguration is set.' : '';
      report(
        'warning',
        'field-not-carried',
        `"managedConfigurationTemplate" holds only the id of a managed configuration kept by Google (made in the managed configurations iframe) and its variables; the settings are not in this file, so none is read from it.${ignored}`,
        jsonPointer(field),
      );
    } else if (fields.has(field)) {
      report('warning', 'field-not-carried', `"${field}" is an ApplicationPolicy field a profile does not carry (it sets the rollout, not Jabber's settings); it is not read.`, jsonPointer(field));
    } else {
      report('warning', 'unknown-field', `"${field}" is not a field of an AMAPI ApplicationPolicy; it is not read.`, jsonPointer(field));
    }
  }
  if (typeof root.packageName === 'string') {
    parsed.app = root.packageName;
    const pos = ctx.positions.get(prefix + '/packageName');
    if (pos) parsed.positions.set('/apps/android', { file: fileName, ...pos });
  }
  const mc = root.managedConfiguration;
  if (mc === undefined) return;
  if (mc === null || typeof mc !== 'object' || Array.isArray(mc)) {
    report('error', 'vendor-schema', 'managedConfiguration must be a JSON object of key: value; nothing in it was read.', '/managedConfiguration');
    return;
  }
  for (const [key, value] of Object.entries(mc as Record<string, unknown>)) {
    const pointer = prefix + jsonPointer('managedConfiguration', key);
    const pos = ctx.positions.get(pointer);
    readEmmKeyInto(parsed, key, value, 'android', { file: fileName, line: pos?.line ?? 1, column: pos?.column ?? 1, target: AMAPI_TARGET, pointer }, pos !== undefined);
  }
}

/** True for an ApplicationPolicy object: packageName plus a configuration or its template. */
function isApplicationPolicy(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r.packageName === 'string' && (typeof r.managedConfiguration === 'object' || typeof r.managedConfigurationTemplate === 'object');
}

/**
 * True for JSON that looks like an AMAPI ApplicationPolicy, or a whole Policy whose applications[]
 * holds one (what `enterprises.policies.get` returns and Google's guides print).
 */
export function detectAmapi(contents: string): boolean {
  const text = contents.trimStart();
  if (!text.startsWith('{')) return false;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (isApplicationPolicy(v)) return true;
    return v !== null && typeof v === 'object' && v.packageName === undefined && Array.isArray(v.applications) && v.applications.some(isApplicationPolicy);
  } catch {
    // Not valid JSON, but written as an application policy: its reader says where the syntax breaks.
    return /"packageName"\s*:/.test(text) && /"managedConfiguration(Template)?"\s*:\s*\{/.test(text);
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
