#!/usr/bin/env node
// Derives the JSON Schemas (draft 2020-12) the Android export targets are checked against from
// Google's API discovery documents, and writes them to schemas/android/.
//
//   node scripts/derive-android-schemas.mjs [--vendor <dir>] [--out <dir>]
//
// --vendor defaults to ../shared/vendor/android (beside the repository); --out to schemas/android.
// The derived files are committed: CI and users have no network. A unit test re-derives them
// from the vendor copies (when present) and compares them byte for byte with the committed ones.
//
// Discovery documents are not JSON Schema, but `schemas.<Name>` uses JSON-Schema-like keywords
// (reference android-managed-config.md §0). The conversion is mechanical; rules that Google
// states only in prose ("Exactly one of the value fields must be populated", int32, 65535
// characters, package names) are added by the overlays below, each with a `$comment` naming
// the prose it states.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Longest string Android keeps in a managed configuration (AMAPI managedConfiguration; PolicySizeVerifier). */
const MAX_STRING = 65535;
const INT32 = { minimum: -2147483648, maximum: 2147483647 };
// Android <manifest package>: letters, digits and underscores, each part starting with a letter,
// at least two parts (developer.android.com/guide/topics/manifest/manifest-element#package).
const PACKAGE = '[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+';
const UNKNOWN_FIELDS =
  "[added] additionalProperties false on objects with declared fields: Google's JSON API mapping rejects unknown field names (\"Invalid JSON payload received. Unknown name\"), so a misspelt field fails here rather than in the console.";

/** The schemas to derive: one output file per vendor root schema. */
const TARGETS = [
  {
    file: 'play-emm-managed-configuration.schema.json',
    id: 'urn:jabber-emm:schemas:android:play-emm-managed-configuration',
    vendor: 'androidenterprise.v1.discovery.json',
    upstream: 'google/googleapis.dart discovery/googleapis/androidenterprise__v1.json',
    title: 'Play EMM API (androidenterprise v1) ManagedConfiguration',
    root: 'ManagedConfiguration',
    overlay: {
      ManagedConfiguration(s) {
        s.required = ['productId'];
        s.properties.productId.pattern = `^app:${PACKAGE}$`;
        s.properties.productId.$comment =
          '[added] The description\'s example "app:com.google.android.gm": "app:" followed by an Android package name.';
      },
      ManagedProperty(s) {
        const values = Object.keys(s.properties).filter((k) => k.startsWith('value'));
        s.required = ['key'];
        s.properties.key.minLength = 1;
        s.properties.key.maxLength = MAX_STRING;
        s.properties.valueString.maxLength = MAX_STRING;
        s.properties.valueStringArray.items.maxLength = MAX_STRING;
        s.oneOf = values.map((v) => ({ required: [v] }));
        s.$comment =
          '[added] oneOf: "Exactly one of the value fields must be populated" (this schema\'s description). ' +
          'maxLength 65535: Android keeps no longer key or string (AMAPI managedConfiguration; PolicySizeVerifier). ' +
          'valueInteger: int32 per its vendor format.';
      },
      VariableSet(s) {
        s.properties.placeholder.pattern = '^\\$[A-Za-z0-9]+$';
        s.properties.placeholder.$comment =
          '[added] "Placeholders should start with a \'$\' sign and should be alphanumeric only" (this schema\'s description).';
      },
    },
  },
  {
    file: 'amapi-application-policy.schema.json',
    id: 'urn:jabber-emm:schemas:android:amapi-application-policy',
    vendor: 'androidmanagement.v1.discovery.json',
    upstream: 'google/googleapis.dart discovery/googleapis/androidmanagement__v1.json',
    title: 'Android Management API (androidmanagement v1) ApplicationPolicy',
    root: 'ApplicationPolicy',
    overlay: {
      ApplicationPolicy(s, defs) {
        s.required = ['packageName'];
        s.properties.packageName.pattern = `^${PACKAGE}$`;
        s.properties.packageName.$comment =
          '[added] An Android package name, without the Play EMM "app:" prefix (example in the description: com.google.android.youtube).';
        s.properties.installPriority.minimum = 0;
        s.properties.installPriority.maximum = 10000;
        s.properties.installConstraint.maxItems = 1;
        const mc = s.properties.managedConfiguration;
        mc.propertyNames = { minLength: 1, maxLength: MAX_STRING };
        mc.additionalProperties = { $ref: '#/$defs/ManagedConfigurationValue' };
        mc.$comment =
          '[added] Values typed per this description\'s table (BOOL true or false, STRING/CHOICE/HIDDEN string, INTEGER number, ' +
          'MULTISELECT array of strings, BUNDLE_ARRAY array of objects; BUNDLE an object) and "string values cannot be longer than 65535 characters".';
        defs.ManagedConfigurationValue = {
          description: 'One value of a managed configuration: its JSON type follows the ManagedProperty type of its key.',
          anyOf: [
            { type: 'boolean' },
            { type: 'string', maxLength: MAX_STRING },
            { type: 'integer', ...INT32 },
            { type: 'array', items: { type: 'string', maxLength: MAX_STRING } },
            { type: 'array', items: { $ref: '#/$defs/ManagedConfigurationBundle' } },
            { $ref: '#/$defs/ManagedConfigurationBundle' },
          ],
          $comment: '[added] From ApplicationPolicy.managedConfiguration\'s description; INTEGER is an Android int (32-bit).',
        };
        defs.ManagedConfigurationBundle = {
          description: 'The fields of a BUNDLE, or of one element of a BUNDLE_ARRAY: key → value.',
          type: 'object',
          propertyNames: { minLength: 1, maxLength: MAX_STRING },
          additionalProperties: { $ref: '#/$defs/ManagedConfigurationValue' },
          $comment: '[added] Nested values follow the same typing as top-level ones.',
        };
        s.$comment =
          '[added] installPriority 0..10000 and at most one installConstraint, as their descriptions state.';
      },
    },
  },
];

/** Converts one discovery schema node to JSON Schema 2020-12; collects referenced names. */
function convert(node, refs) {
  const out = {};
  if (node.description !== undefined) out.description = node.description;
  if (node.deprecated === true) out.deprecated = true;
  if (node.$ref !== undefined) {
    refs.add(node.$ref);
    out.$ref = `#/$defs/${node.$ref}`;
    return out;
  }
  switch (node.type) {
    case undefined:
    case 'any':
      break;
    case 'string':
      out.type = 'string';
      if (node.format === 'byte') out.contentEncoding = 'base64';
      else if (node.format === 'int64' || node.format === 'uint64') out.pattern = '^-?[0-9]+$';
      else if (node.format === 'google-datetime' || node.format === 'google-duration' || node.format === 'google-fieldmask' || node.format === undefined) {
        // Textual formats are annotations only; the converter keeps the string type.
      } else throw new Error(`unhandled string format ${node.format}`);
      if (node.enum) out.enum = [...node.enum];
      break;
    case 'integer':
      out.type = 'integer';
      if (node.format === 'int32') Object.assign(out, INT32);
      else if (node.format === 'uint32') Object.assign(out, { minimum: 0, maximum: 4294967295 });
      else if (node.format !== undefined) throw new Error(`unhandled integer format ${node.format}`);
      break;
    case 'number':
    case 'boolean':
      out.type = node.type;
      break;
    case 'array':
      out.type = 'array';
      out.items = convert(node.items, refs);
      break;
    case 'object':
      out.type = 'object';
      if (node.properties) {
        out.properties = {};
        for (const [name, prop] of Object.entries(node.properties)) out.properties[name] = convert(prop, refs);
      }
      if (node.additionalProperties !== undefined) {
        const ap = node.additionalProperties;
        out.additionalProperties = ap.type === 'any' ? true : convert(ap, refs);
      } else if (node.properties) {
        out.additionalProperties = false;
      }
      break;
    default:
      throw new Error(`unhandled discovery type ${node.type}`);
  }
  return out;
}

/** Orders a schema object's keywords so the output reads top-down and stays stable. */
function ordered(schema) {
  if (Array.isArray(schema)) return schema.map(ordered);
  if (schema === null || typeof schema !== 'object') return schema;
  const first = ['$schema', '$id', '$comment', 'title', 'description', 'deprecated', '$ref', 'type', 'enum'];
  const keys = Object.keys(schema);
  const sortedKeys = [...first.filter((k) => keys.includes(k)), ...keys.filter((k) => !first.includes(k))];
  const out = {};
  for (const k of sortedKeys) {
    // properties/$defs are maps of names: keep their order, order what is inside each.
    if (k === 'properties' || k === '$defs') {
      out[k] = {};
      for (const [name, sub] of Object.entries(schema[k])) out[k][name] = ordered(sub);
    } else out[k] = ordered(schema[k]);
  }
  return out;
}

/** Derives every schema (and the README) from the discovery documents in `vendorDir`: file name → text. */
export function deriveAndroidSchemas(vendorDir) {
  const files = new Map();
  for (const t of TARGETS) {
    const raw = readFileSync(join(vendorDir, t.vendor));
    const doc = JSON.parse(raw.toString('utf8'));
    const sha256 = createHash('sha256').update(raw).digest('hex');
    const defs = {};
    const queue = [t.root];
    while (queue.length > 0) {
      const name = queue.shift();
      if (defs[name] || !doc.schemas[name]) {
        if (!doc.schemas[name]) throw new Error(`${t.vendor}: no schema ${name}`);
        continue;
      }
      const refs = new Set();
      defs[name] = convert(doc.schemas[name], refs);
      for (const r of [...refs].sort()) if (!defs[r]) queue.push(r);
    }
    for (const [name, apply] of Object.entries(t.overlay)) apply(defs[name], defs);
    const sortedDefs = {};
    for (const name of Object.keys(defs).sort()) sortedDefs[name] = defs[name];
    const schema = ordered({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: t.id,
      $comment:
        `Derived by scripts/derive-android-schemas.mjs from ${t.vendor} (Google API discovery document ${doc.id}, ` +
        `revision ${doc.revision}, sha256 ${sha256}; upstream ${t.upstream}). Do not edit by hand: re-run the script. ` +
        `Rules marked [added] state what the vendor says in prose. ${UNKNOWN_FIELDS}`,
      title: t.title,
      description: doc.schemas[t.root].description.trim(),
      $ref: `#/$defs/${t.root}`,
      $defs: sortedDefs,
    });
    files.set(t.file, JSON.stringify(schema, null, 2) + '\n');
  }
  files.set('README.md', readme(vendorDir));
  return files;
}

/** schemas/android/README.md: what each derived file is and where it came from. */
function readme(vendorDir) {
  const rows = TARGETS.map((t) => {
    const raw = readFileSync(join(vendorDir, t.vendor));
    const doc = JSON.parse(raw.toString('utf8'));
    const sha256 = createHash('sha256').update(raw).digest('hex');
    return `| \`${t.file}\` | \`${t.root}\` | \`${t.vendor}\` (\`${doc.id}\`, revision ${doc.revision}) | \`${sha256}\` | ${t.upstream} |`;
  });
  return [
    '# Android vendor schemas (derived)',
    '',
    'JSON Schemas (draft 2020-12) that the `android-managed-config` and `android-amapi` exports are',
    "checked against. They are derived from Google's API discovery documents by",
    '`node scripts/derive-android-schemas.mjs` (reads `../shared/vendor/android/`), and committed because',
    'CI and users have no network. Do not edit them by hand: re-run the script; a unit test re-derives',
    'them and compares.',
    '',
    '| file | root | vendor document | sha256 of the vendor file | upstream |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'The conversion keeps the vendor\'s field names, types, enums and descriptions. `int32` becomes',
    '`minimum`/`maximum`, `byte` becomes `contentEncoding: base64`, and objects with declared fields get',
    '`additionalProperties: false` (Google\'s JSON API mapping rejects unknown field names). Rules Google',
    'states only in prose are added and marked `[added]` in a `$comment`:',
    '',
    '- `ManagedProperty`: exactly one of the value fields (`oneOf`), `key` required, strings at most 65535',
    '  characters, `valueInteger` int32.',
    '- `ManagedConfiguration.productId`: required, `app:` followed by an Android package name.',
    '- `VariableSet.placeholder`: `$` followed by letters and digits.',
    '- `ApplicationPolicy.packageName`: required, an Android package name (no `app:` prefix);',
    '  `managedConfiguration` values typed per its description (boolean, string ≤ 65535, int32, array of',
    '  strings, object, array of objects); `installPriority` 0..10000; at most one `installConstraint`.',
    '',
  ].join('\n');
}

function main(argv) {
  const arg = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : fallback;
  };
  const vendorDir = arg('--vendor', resolve(REPO, '..', 'shared', 'vendor', 'android'));
  const outDir = arg('--out', join(REPO, 'schemas', 'android'));
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of deriveAndroidSchemas(vendorDir)) {
    writeFileSync(join(outDir, file), text);
    console.log(`wrote ${join(outDir, file)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
