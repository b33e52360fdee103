/**
 * Target `android-managed-config`: the Play EMM API `ManagedConfiguration` JSON, which is what
 * Intune's "Enter JSON data" takes for Android Enterprise apps (reference
 * android-managed-config.md §2.2, §2.4): `kind`, `productId: "app:<package>"` and one
 * `managedProperty` per key with exactly one value field of the key's type.
 */
import { jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { readJsonDocument, schemaValidator } from '../../verify/json-schema.js';
import { emmEntries, type EmmValue, secretMark } from '../emm-entries.js';
import { type Artifact, type ParsedArtifact, type RenderOptions, type RenderResult, type Target } from '../types.js';
import { parseOneFile, recogniseOneFile } from '../codec.js';
import { parameterByEmmName, type AndroidValue } from './android-keys.js';
import { at, checkKeyValue, duplicateKeyDiagnostics, duplicateMemberDiagnostics, jsonText, schemaDiagnostics, type JsonCheckContext } from './json-checks.js';
import { ANDROID_PACKAGE, packageOfProductId, productIdOf } from './package-name.js';
import { readEmmKeyInto } from '../emm-reading.js';

/** Target id (part of the CLI interface). */
export const MANAGED_CONFIG_TARGET = 'android-managed-config';
/** File the target writes. */
export const MANAGED_CONFIG_FILE = 'android-managed-config.json';
/** The resource kind Intune's JSON template and the Play EMM API write. */
export const MANAGED_CONFIG_KIND = 'androidenterprise#managedConfiguration';

/** JSON Schema derived from the Play EMM discovery document (scripts/derive-android-schemas.mjs). */
export const MANAGED_CONFIG_SCHEMA = new URL('../../../schemas/android/play-emm-managed-configuration.schema.json', import.meta.url);

/** Value fields of a ManagedProperty (discovery: "Exactly one of the value fields must be populated"). */
const VALUE_FIELDS = ['valueBool', 'valueBundle', 'valueBundleArray', 'valueInteger', 'valueString', 'valueStringArray'] as const;

/** One managed property as written: the key first, then its one value field. */
type ManagedProperty = { key: string } & ({ valueString: string } | { valueBool: boolean } | { valueInteger: number });

function managedProperty(key: string, value: EmmValue): ManagedProperty {
  switch (value.kind) {
    case 'boolean':
      return { key, valueBool: value.value };
    case 'integer':
      return { key, valueInteger: value.value };
    default:
      return { key, valueString: value.value };
  }
}

/** Renders the ManagedConfiguration JSON for the profile's Android app. */
export function renderManagedConfig(profile: ResolvedProfile, options: RenderOptions): RenderResult {
  const { entries, diagnostics } = emmEntries(profile, 'android', MANAGED_CONFIG_TARGET, options, 'translate');
  const document = {
    kind: MANAGED_CONFIG_KIND,
    productId: productIdOf(profile.apps.android),
    managedProperty: entries.map((e) => managedProperty(e.name, e.value)),
  };
  return {
    artifacts: [{ target: MANAGED_CONFIG_TARGET, fileName: MANAGED_CONFIG_FILE, contents: jsonText(document), ...secretMark(entries) }],
    diagnostics,
  };
}

/** The value a ManagedProperty holds, tagged with its type; undefined when it has no value field. */
function propertyValue(p: Record<string, unknown>): AndroidValue | undefined {
  const present = VALUE_FIELDS.filter((f) => p[f] !== undefined);
  if (present.length !== 1) return undefined;
  const v = p[present[0]!];
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (typeof v === 'number') return { kind: 'integer', value: v };
  if (Array.isArray(v) && present[0] === 'valueStringArray' && v.every((s) => typeof s === 'string')) {
    return { kind: 'string-array', value: v as string[] };
  }
  return { kind: 'other', type: present[0] === 'valueBundleArray' ? 'bundle array' : present[0] === 'valueBundle' ? 'bundle' : 'list' };
}

/** Checks ManagedConfiguration files: vendor schema, then catalog types, duplicates and limits. */
export async function verifyManagedConfig(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  const validate = schemaValidator(MANAGED_CONFIG_SCHEMA);
  return artifacts.map((a) => {
    const doc = readJsonDocument(a.contents, a.fileName, MANAGED_CONFIG_TARGET);
    if (doc.value === undefined) return doc.diagnostics;
    const ctx: JsonCheckContext = { file: a.fileName, target: MANAGED_CONFIG_TARGET, positions: doc.positions, schemaName: 'Play EMM ManagedConfiguration' };
    // The oneOf over value fields gets its own, clearer diagnostic below (value-field-count), and
    // so does a value field of the wrong JSON type (value-field-type, as the reader says it).
    const schemaErrors = validate(doc.value).filter(
      (e) => !(e.keyword === 'oneOf' && /^\/managedProperty\/\d+$/.test(e.pointer)) && !(e.keyword === 'type' && VALUE_FIELD_POINTER.test(e.pointer)),
    );
    const out = [...duplicateMemberDiagnostics(ctx, doc.duplicates), ...schemaDiagnostics(ctx, schemaErrors)];
    const root = doc.value as Record<string, unknown>;
    const props = root !== null && typeof root === 'object' && Array.isArray(root.managedProperty) ? (root.managedProperty as unknown[]) : [];
    const keys: { key: string; pointer: string }[] = [];
    props.forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
      const p = item as Record<string, unknown>;
      const pointer = jsonPointer('managedProperty', i);
      const present = VALUE_FIELDS.filter((f) => p[f] !== undefined);
      const key = typeof p.key === 'string' ? p.key : undefined;
      if (present.length !== 1) {
        const message =
          `${pointer}${key !== undefined ? ` (${key})` : ''} must have exactly one of ${VALUE_FIELDS.join(', ')}; ` +
          (present.length === 0 ? 'it has none' : `it has ${present.join(' and ')}`) +
          ' (Play EMM ManagedProperty: "Exactly one of the value fields must be populated").';
        out.push(at(ctx, 'error', 'value-field-count', message, pointer));
      }
      if (key === undefined) return;
      keys.push({ key, pointer: jsonPointer('managedProperty', i, 'key') });
      const field = present[0];
      if (field !== undefined && !FIELD_TYPES[field].test(p[field])) {
        // The type the catalog wants is beside the point until the field holds its own JSON type.
        out.push(valueFieldTypeDiagnostic(ctx, key, field, p[field], i));
        return;
      }
      const value = propertyValue(p);
      if (value) out.push(...checkKeyValue(ctx, key, value, jsonPointer('managedProperty', i, present[0]!), jsonPointer('managedProperty', i, 'key')));
    });
    out.push(...duplicateKeyDiagnostics(ctx, keys));
    return out;
  });
}

/** Top-level fields of a ManagedConfiguration (discovery document); configurationVariables is not carried by a profile. */
const CONFIG_FIELDS = new Set(['kind', 'productId', 'managedProperty', 'configurationVariables']);

/** The JSON type each value field must hold (discovery: valueBool boolean, valueInteger int32, ...). */
const FIELD_TYPES: Record<(typeof VALUE_FIELDS)[number], { test: (v: unknown) => boolean; name: string }> = {
  valueBool: { test: (v) => typeof v === 'boolean', name: 'a JSON boolean (true or false, no quotes)' },
  valueInteger: { test: (v) => typeof v === 'number' && Number.isInteger(v), name: 'a JSON whole number (no quotes)' },
  valueString: { test: (v) => typeof v === 'string', name: 'a JSON string' },
  valueStringArray: { test: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), name: 'a JSON array of strings' },
  valueBundle: { test: (v) => v !== null && typeof v === 'object' && !Array.isArray(v), name: 'a JSON object' },
  valueBundleArray: { test: (v) => Array.isArray(v), name: 'a JSON array of objects' },
};

/**
 * Reads a ManagedConfiguration back: EMM keys to catalog keys, raw values as the file holds them,
 * each key's position. Nothing is dropped silently: a productId without `app:`, a value field
 * whose JSON type is not the field's, fields the vendor does not define, properties without a
 * key or with other than one value field, and keys written twice are each named.
 */
export function parseManagedConfig(contents: string, fileName: string): ParsedArtifact {
  const doc = readJsonDocument(contents, fileName, MANAGED_CONFIG_TARGET);
  const parsed: ParsedArtifact = {
    target: MANAGED_CONFIG_TARGET,
    settings: new Map(),
    windows: new Map(),
    unknown: new Map(),
    positions: new Map(),
    diagnostics: doc.diagnostics,
  };
  const root = doc.value as Record<string, unknown> | undefined;
  if (doc.value === undefined) return parsed;
  const ctx: JsonCheckContext = { file: fileName, target: MANAGED_CONFIG_TARGET, positions: doc.positions, schemaName: 'Play EMM ManagedConfiguration' };
  const report = (severity: 'error' | 'warning', code: string, message: string, pointer: string) => parsed.diagnostics.push(at(ctx, severity, code, message, pointer));
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    report('error', 'json-root', 'A ManagedConfiguration is a JSON object; nothing was read.', '');
    return parsed;
  }
  parsed.diagnostics.push(...duplicateMemberDiagnostics(ctx, doc.duplicates));
  for (const field of Object.keys(root)) {
    if (!CONFIG_FIELDS.has(field)) {
      report('warning', 'unknown-field', `"${field}" is not a field of a Play EMM ManagedConfiguration; it is not read.`, jsonPointer(field));
    } else if (field === 'configurationVariables') {
      report('warning', 'field-not-carried', '"configurationVariables" (a managed configurations settings id and its variables) is not part of a profile; it is not read.', jsonPointer(field));
    }
  }
  const productPos = doc.positions.get('/productId');
  if (productPos) parsed.positions.set('/apps/android', { file: fileName, ...productPos });
  if (typeof root.productId === 'string') {
    const pkg = packageOfProductId(root.productId);
    if (pkg !== undefined) parsed.app = pkg;
    else if (ANDROID_PACKAGE.test(root.productId)) {
      parsed.app = root.productId;
      report(
        'warning',
        'productid-without-app',
        `productId is "${root.productId}", without Play's "app:" prefix; it is read as the package ${root.productId}, and an export writes "app:${root.productId}".`,
        '/productId',
      );
    } else {
      report('warning', 'productid-invalid', `productId "${root.productId}" is neither "app:<package>" nor a package name; it is not read.`, '/productId');
    }
  } else if (root.productId !== undefined) {
    report('warning', 'productid-invalid', 'productId is not a string; it is not read.', '/productId');
  }
  const props = Array.isArray(root.managedProperty) ? (root.managedProperty as unknown[]) : [];
  if (root.managedProperty !== undefined && !Array.isArray(root.managedProperty)) {
    report('error', 'vendor-schema', 'managedProperty must be an array of {key, value field} objects; nothing in it was read.', '/managedProperty');
  }
  const firstAt = new Map<string, string>();
  props.forEach((item, i) => {
    const pointer = jsonPointer('managedProperty', i);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      report('warning', 'property-not-object', `${pointer} is not a {key, value} object; it is not read.`, pointer);
      return;
    }
    const p = item as Record<string, unknown>;
    for (const field of Object.keys(p)) {
      if (field !== 'key' && !(VALUE_FIELDS as readonly string[]).includes(field)) {
        report('warning', 'unknown-field', `"${field}" is not a field of a ManagedProperty (key, ${VALUE_FIELDS.join(', ')}); it is not read.`, jsonPointer('managedProperty', i, field));
      }
    }
    const present = Object.keys(p).filter((f): f is (typeof VALUE_FIELDS)[number] => (VALUE_FIELDS as readonly string[]).includes(f));
    if (typeof p.key !== 'string') {
      report('warning', 'property-without-key', `${pointer} has no "key" string, so its value belongs to no setting; it is not read.`, pointer);
      return;
    }
    const key = p.key;
    if (present.length !== 1) {
      report(
        'error',
        'value-field-count',
        `${key} must have exactly one of ${VALUE_FIELDS.join(', ')}; ` +
          (present.length === 0 ? 'it has none, so it carries no value.' : `it has ${present.join(' and ')}; ${present[0]} is read.`) +
          ' (Play EMM ManagedProperty: "Exactly one of the value fields must be populated").',
        pointer,
      );
      if (present.length === 0) return;
    }
    const field = present[0]!;
    const value = p[field];
    if (!FIELD_TYPES[field].test(value)) parsed.diagnostics.push(valueFieldTypeDiagnostic(ctx, key, field, value, i));
    const keyPointer = jsonPointer('managedProperty', i, 'key');
    const first = firstAt.get(key);
    if (first !== undefined) parsed.diagnostics.push(...duplicateKeyDiagnostics(ctx, [{ key, pointer: first }, { key, pointer: keyPointer }]));
    firstAt.set(key, first ?? keyPointer);
    const pos = doc.positions.get(keyPointer);
    readEmmKeyInto(parsed, key, value, 'android', { file: fileName, line: pos?.line ?? 1, column: pos?.column ?? 1, target: MANAGED_CONFIG_TARGET, pointer: keyPointer }, pos !== undefined);
  });
  return parsed;
}

/** A value field's schema pointer (`/managedProperty/N/valueString`, or an item of a string array). */
const VALUE_FIELD_POINTER = /^\/managedProperty\/\d+\/value(Bool|Integer|String|StringArray(\/\d+)?)$/;

/**
 * The one `value-field-type` error (reader and verify alike, so validate and import list it once):
 * property `i`'s value field holds another JSON type than the field takes.
 */
function valueFieldTypeDiagnostic(ctx: JsonCheckContext, key: string, field: (typeof VALUE_FIELDS)[number], value: unknown, i: number): Diagnostic {
  const shown = parameterByEmmName(key)?.secret ? 'a value' : JSON.stringify(value);
  return at(
    ctx,
    'error',
    'value-field-type',
    `${key}: ${field} holds ${shown} (${jsonTypeName(value)}), but ${field} takes ${FIELD_TYPES[field].name}; Play and Intune reject it. It is read as the value it is, not converted.`,
    jsonPointer('managedProperty', i, field),
  );
}

/** The JSON type of a value, for messages. */
function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number with a fraction';
  if (typeof v === 'boolean') return 'a boolean';
  return 'an object';
}

/**
 * A ManagedConfiguration that is not valid JSON, told by its members as written (Intune's own
 * "Enter JSON data" sample has a missing and a trailing comma): recognised, so that its reader
 * says where the syntax breaks, instead of the file being taken for a profile.
 */
const BROKEN_MANAGED_CONFIG = /"kind"\s*:\s*"androidenterprise#managedConfiguration"|"managedProperty"\s*:\s*\[/;

/** True for JSON that looks like a Play EMM ManagedConfiguration (or one whose JSON is broken). */
export function detectManagedConfig(contents: string): boolean {
  const text = contents.trimStart();
  if (!text.startsWith('{')) return false;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    return v !== null && typeof v === 'object' && (v.kind === MANAGED_CONFIG_KIND || Array.isArray(v.managedProperty));
  } catch {
    return BROKEN_MANAGED_CONFIG.test(text);
  }
}

/** The android-managed-config target. */
export const androidManagedConfigTarget: Target = {
  id: MANAGED_CONFIG_TARGET,
  summary: 'Play EMM ManagedConfiguration JSON (kind, productId "app:<package>", managedProperty[]) for Intune "Enter JSON data"',
  fileNames: [MANAGED_CONFIG_FILE],
  consoles: ['Intune (Android Enterprise, Enter JSON data)', 'Play EMM API'],
  // Intune Android Enterprise "Enter JSON data" (reference android-managed-config.md §2.4).
  emmConsoles: ['intune'],
  carries: { channel: 'emm', platform: 'android' },
  checkedAgainst: 'JSON Schema derived from the Play EMM API discovery document (androidenterprise v1 ManagedConfiguration), plus catalog value types',
  render: renderManagedConfig,
  verify: verifyManagedConfig,
  recognise: recogniseOneFile(MANAGED_CONFIG_FILE, detectManagedConfig),
  parse: parseOneFile(parseManagedConfig),
};
