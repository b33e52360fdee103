/**
 * Target `android-managed-config`: the Play EMM API `ManagedConfiguration` JSON, which is what
 * Intune's "Enter JSON data" takes for Android Enterprise apps (reference
 * android-managed-config.md §2.2, §2.4): `kind`, `productId: "app:<package>"` and one
 * `managedProperty` per key with exactly one value field of the key's type.
 */
import { jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { readJsonDocument, schemaValidator } from '../../verify/json-schema.js';
import { emmEntries, type EmmValue } from '../emm-entries.js';
import type { Artifact, ParsedArtifact, RenderOptions, RenderResult, Target } from '../types.js';
import { parseOneFile, recogniseOneFile } from '../codec.js';
import { parameterByEmmName, type AndroidValue } from './android-keys.js';
import { at, checkKeyValue, duplicateKeyDiagnostics, duplicateMemberDiagnostics, jsonText, schemaDiagnostics, type JsonCheckContext } from './json-checks.js';
import { packageOfProductId, productIdOf } from './package-name.js';

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
    artifacts: [{ target: MANAGED_CONFIG_TARGET, fileName: MANAGED_CONFIG_FILE, contents: jsonText(document) }],
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
    // The oneOf over value fields gets its own, clearer diagnostic below (value-field-count).
    const schemaErrors = validate(doc.value).filter((e) => !(e.keyword === 'oneOf' && /^\/managedProperty\/\d+$/.test(e.pointer)));
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
      const value = propertyValue(p);
      if (value) out.push(...checkKeyValue(ctx, key, value, jsonPointer('managedProperty', i, present[0]!), jsonPointer('managedProperty', i, 'key')));
    });
    out.push(...duplicateKeyDiagnostics(ctx, keys));
    return out;
  });
}

/** Reads a ManagedConfiguration back: EMM keys to catalog keys, raw values as the file holds them. */
export function parseManagedConfig(contents: string, fileName: string): ParsedArtifact {
  const doc = readJsonDocument(contents, fileName, MANAGED_CONFIG_TARGET);
  const parsed: ParsedArtifact = { target: MANAGED_CONFIG_TARGET, settings: new Map(), windows: new Map(), unknown: new Map(), positions: new Map(), diagnostics: doc.diagnostics };
  const root = doc.value as Record<string, unknown> | undefined;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return parsed;
  if (typeof root.productId === 'string') {
    const pkg = packageOfProductId(root.productId);
    if (pkg !== undefined) parsed.app = pkg;
  }
  const props = Array.isArray(root.managedProperty) ? (root.managedProperty as unknown[]) : [];
  for (const item of props) {
    if (item === null || typeof item !== 'object') continue;
    const p = item as Record<string, unknown>;
    if (typeof p.key !== 'string') continue;
    const field = VALUE_FIELDS.find((f) => p[f] !== undefined);
    const value = field === undefined ? undefined : p[field];
    const param = parameterByEmmName(p.key);
    if (param) parsed.settings.set(param.key, value);
    else parsed.unknown.set(p.key, value);
  }
  return parsed;
}

/** True for JSON that looks like a Play EMM ManagedConfiguration. */
export function detectManagedConfig(contents: string): boolean {
  const text = contents.trimStart();
  if (!text.startsWith('{')) return false;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    return v !== null && typeof v === 'object' && (v.kind === MANAGED_CONFIG_KIND || Array.isArray(v.managedProperty));
  } catch {
    return false;
  }
}

/** The android-managed-config target. */
export const androidManagedConfigTarget: Target = {
  id: MANAGED_CONFIG_TARGET,
  summary: 'Play EMM ManagedConfiguration JSON (kind, productId "app:<package>", managedProperty[]) for Intune "Enter JSON data"',
  fileNames: [MANAGED_CONFIG_FILE],
  consoles: ['Intune (Android Enterprise, Enter JSON data)', 'Play EMM API'],
  carries: { channel: 'emm', platform: 'android' },
  checkedAgainst: 'JSON Schema derived from the Play EMM API discovery document (androidenterprise v1 ManagedConfiguration), plus catalog value types',
  render: renderManagedConfig,
  verify: verifyManagedConfig,
  recognise: recogniseOneFile(MANAGED_CONFIG_FILE, detectManagedConfig),
  parse: parseOneFile(parseManagedConfig),
};
