#!/usr/bin/env node
// Derives the JSON Schemas (draft 2020-12) that every request body `publish` sends to a console is
// checked against (and that the test emulator checks what it receives against), from the vendors'
// own API descriptions, and writes them to schemas/consoles/.
//
//   node scripts/derive-console-schemas.mjs [--vendor <dir>] [--out <dir>]
//
// --vendor defaults to ../shared/vendor (beside the repository; intune/ and jamf/ inside it);
// --out to schemas/consoles. The derived files are committed: CI and users have no network. A unit
// test re-derives them from the vendor copies (when present) and compares them byte for byte.
//
// Sources:
// - intune/graph-v1.0-Prod.csdl: Microsoft Graph v1.0 OData CSDL. iosMobileAppConfiguration and its
//   base types, appConfigurationSettingItem, mdmAppConfigKeyType, and the bound `assign` action's
//   parameter (managedDeviceMobileAppConfigurationAssignment and the assignment target types).
// - intune/graph-beta-appconfig-notes.json: androidManagedStoreAppConfiguration (beta only; the
//   beta CSDL is not available, the notes keep its verbatim 2021 elements and the newer types).
// - jamf/classic_api_resource_documentation.json: Jamf Pro Classic API OpenAPI, the
//   mobile_device_application record (the GET schema; write operations carry none).
//
// Rules the vendors state only in prose are added by overlays, each marked [added] in a $comment.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { XMLParser } = createRequire(import.meta.url)('fast-xml-parser');

const INT32 = { minimum: -2147483648, maximum: 2147483647 };
// Edm.Binary: the metadata's OpenAPI rendering says base64url, clients send standard base64
// (reference emm-console-apis.md §1): either alphabet, padding optional.
const BASE64_EITHER = '^(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$';
const BASE64_STANDARD = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';
const PACKAGE = '[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+';
// Properties the server sets (reference §1: "version (Int32, bumped by the server on every change)",
// createdDateTime, lastModifiedDateTime; the key `id` is assigned on create): never in a request.
const SERVER_MANAGED = ['id', 'createdDateTime', 'lastModifiedDateTime', 'version'];
const SERVER_MANAGED_NOTE =
  '[added] Server-managed properties (id, createdDateTime, lastModifiedDateTime, version) are left out: the server sets them, so a request never carries them.';
const UNKNOWN_NOTE = '[added] additionalProperties false: OData rejects a property its type does not declare.';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Reads the <Schema> elements of a CSDL document into name → element maps. */
function readCsdl(text) {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['Schema', 'EntityType', 'ComplexType', 'EnumType', 'Property', 'NavigationProperty', 'Member', 'Action', 'Parameter', 'Annotations', 'Annotation'].includes(name),
  });
  const doc = parser.parse(text);
  const schemas = doc['edmx:Edmx']?.['edmx:DataServices']?.Schema ?? doc.Schema ?? [];
  const types = new Map();
  const enums = new Map();
  const actions = [];
  const descriptions = new Map();
  for (const s of schemas) {
    for (const t of [...(s.EntityType ?? []), ...(s.ComplexType ?? [])]) types.set(t.Name, t);
    for (const e of s.EnumType ?? []) enums.set(e.Name, e);
    actions.push(...(s.Action ?? []));
    for (const a of s.Annotations ?? []) {
      const d = (a.Annotation ?? []).find((x) => x.Term === 'Org.OData.Core.V1.Description');
      if (d?.String) descriptions.set(a.Target, d.String);
    }
  }
  return { types, enums, actions, descriptions };
}

/** Properties of a type and its base types, base first (an OData derived type inherits them). */
function propertiesOf(csdl, name) {
  const chain = [];
  let t = csdl.types.get(name);
  if (!t) throw new Error(`CSDL has no type ${name}`);
  while (t) {
    chain.unshift(t);
    t = t.BaseType ? csdl.types.get(t.BaseType.replace(/^graph\./, '')) : undefined;
  }
  const props = [];
  for (const c of chain) for (const p of c.Property ?? []) props.push({ ...p, owner: c.Name });
  return props;
}

/** One CSDL property type as JSON Schema; named types go to $defs through `refs`. */
function edmType(csdl, type, nullable, refs) {
  const m = /^Collection\((.+)\)$/.exec(type);
  if (m) return { type: 'array', items: edmType(csdl, m[1], false, refs) };
  const withNull = (s) => (nullable ? { anyOf: [s, { type: 'null' }] } : s);
  switch (type) {
    case 'Edm.String':
      return withNull({ type: 'string' });
    case 'Edm.Boolean':
      return withNull({ type: 'boolean' });
    case 'Edm.Int32':
      return withNull({ type: 'integer', ...INT32 });
    case 'Edm.DateTimeOffset':
      return withNull({ type: 'string', format: 'date-time' });
    case 'Edm.Binary':
      return withNull({ type: 'string', pattern: BASE64_EITHER, $comment: '[added] Edm.Binary: base64 or base64url (the metadata\'s OpenAPI says base64url; clients send base64).' });
    default: {
      const name = type.replace(/^graph\./, '');
      if (!csdl.types.has(name) && !csdl.enums.has(name)) throw new Error(`unhandled CSDL type ${type}`);
      refs.add(name);
      return withNull({ $ref: `#/$defs/${name}` });
    }
  }
}

/** A CSDL enum as a JSON Schema string enum. */
function enumSchema(csdl, name) {
  const e = csdl.enums.get(name);
  const out = { type: 'string', enum: e.Member.map((m) => m.Name) };
  const d = csdl.descriptions.get(`microsoft.graph.${name}`);
  if (d) out.description = d;
  return out;
}

/**
 * An entity or complex type as a request-body object schema: its declared properties (base types
 * included), `@odata.type` fixed to the type, server-managed properties left out.
 */
function objectSchema(csdl, name, refs, { odataType = true, omit = SERVER_MANAGED, requireNonNullable = false } = {}) {
  const properties = {};
  if (odataType) properties['@odata.type'] = { const: `#microsoft.graph.${name}` };
  const required = odataType ? ['@odata.type'] : [];
  for (const p of propertiesOf(csdl, name)) {
    if (omit.includes(p.Name)) continue;
    const nullable = p.Nullable !== 'false';
    const s = edmType(csdl, p.Type, nullable, refs);
    const d = csdl.descriptions.get(`microsoft.graph.${p.owner}/${p.Name}`);
    properties[p.Name] = d ? { description: d, ...s } : s;
    if (requireNonNullable && !nullable) required.push(p.Name);
  }
  const out = { type: 'object', properties, required, additionalProperties: false };
  const d = csdl.descriptions.get(`microsoft.graph.${name}`);
  if (d) out.description = d;
  return out;
}

/** Fills $defs with every named type reached from `refs` (complex types and enums). */
function closeDefs(csdl, refs, defs, complexAsTyped = new Set()) {
  const queue = [...refs].sort();
  while (queue.length > 0) {
    const name = queue.shift();
    if (defs[name]) continue;
    if (csdl.enums.has(name)) {
      defs[name] = enumSchema(csdl, name);
      continue;
    }
    const more = new Set();
    // A complex type's Nullable="false" members must be present (appConfigurationSettingItem: all three).
    defs[name] = objectSchema(csdl, name, more, { odataType: complexAsTyped.has(name), omit: [], requireNonNullable: true });
    for (const r of [...more].sort()) if (!defs[r]) queue.push(r);
  }
}

/** Ordered keywords so the output reads top-down and stays stable. */
function ordered(schema) {
  if (Array.isArray(schema)) return schema.map(ordered);
  if (schema === null || typeof schema !== 'object') return schema;
  const first = ['$schema', '$id', '$comment', 'title', 'description', '$ref', 'type', 'const', 'enum'];
  const keys = Object.keys(schema);
  const out = {};
  for (const k of [...first.filter((k) => keys.includes(k)), ...keys.filter((k) => !first.includes(k))]) {
    if (k === 'properties' || k === '$defs') {
      out[k] = {};
      for (const [name, sub] of Object.entries(schema[k])) out[k][name] = ordered(sub);
    } else out[k] = ordered(schema[k]);
  }
  return out;
}

function sortedDefs(defs) {
  const out = {};
  for (const k of Object.keys(defs).sort()) out[k] = defs[k];
  return out;
}

const text = (schema) => JSON.stringify(ordered(schema), null, 2) + '\n';

/** iosMobileAppConfiguration (v1.0): the body of POST and PATCH …/mobileAppConfigurations. */
function intuneIos(csdl, provenance) {
  const refs = new Set();
  const root = objectSchema(csdl, 'iosMobileAppConfiguration', refs);
  root.required.push('displayName');
  // Reference §1: "Send one of the two, not both" (the XML text, or the designer's rows).
  root.not = { required: ['encodedSettingXml', 'settings'] };
  root.$comment =
    `${SERVER_MANAGED_NOTE} ${UNKNOWN_NOTE} [added] displayName required (Nullable=false, and the console requires a name). ` +
    '[added] not both encodedSettingXml and settings: the policy holds the XML or the designer\'s rows, never both.';
  const defs = {};
  closeDefs(csdl, refs, defs);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:jabber-emm:schemas:consoles:intune-ios-app-configuration',
    title: 'Microsoft Graph v1.0 iosMobileAppConfiguration (request body of create and update)',
    ...root,
    $comment: `Derived by scripts/derive-console-schemas.mjs from ${provenance}. Do not edit by hand: re-run the script. ${root.$comment}`,
    $defs: sortedDefs(defs),
  };
}

/** The body of POST …/mobileAppConfigurations/{id}/assign (v1.0 bound action `assign`). */
function intuneAssign(csdl, provenance) {
  const action = csdl.actions.find((a) => a.Name === 'assign' && (a.Parameter ?? []).some((p) => p.Type === 'graph.managedDeviceMobileAppConfiguration'));
  if (!action) throw new Error('CSDL has no assign action bound to managedDeviceMobileAppConfiguration');
  const param = action.Parameter.find((p) => p.Name === 'assignments');
  const refs = new Set();
  const defs = {};
  const assignment = objectSchema(csdl, 'managedDeviceMobileAppConfigurationAssignment', refs, { odataType: false });
  delete assignment.properties.target;
  // The target is abstract: one of its concrete derived types, named by @odata.type.
  const targets = [...csdl.types.values()]
    .filter((t) => t.BaseType === 'graph.deviceAndAppManagementAssignmentTarget' || t.BaseType === 'graph.groupAssignmentTarget')
    .map((t) => t.Name)
    .sort();
  for (const t of targets) {
    const more = new Set();
    defs[t] = objectSchema(csdl, t, more, { omit: [] });
    closeDefs(csdl, more, defs);
  }
  assignment.properties.target = { oneOf: targets.map((t) => ({ $ref: `#/$defs/${t}` })) };
  assignment.required = ['target'];
  assignment.$comment = '[added] target required, and one of the concrete assignment target types (deviceAndAppManagementAssignmentTarget is abstract).';
  defs.managedDeviceMobileAppConfigurationAssignment = assignment;
  if (param.Type !== 'Collection(graph.managedDeviceMobileAppConfigurationAssignment)') throw new Error(`assign.assignments is ${param.Type}`);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:jabber-emm:schemas:consoles:intune-assign',
    $comment: `Derived by scripts/derive-console-schemas.mjs from ${provenance}. Do not edit by hand: re-run the script. ${UNKNOWN_NOTE}`,
    title: 'Microsoft Graph v1.0 managedDeviceMobileAppConfiguration assign (request body)',
    description: 'Sets the whole list of assignments of an app configuration policy.',
    type: 'object',
    properties: { assignments: { type: 'array', items: { $ref: '#/$defs/managedDeviceMobileAppConfigurationAssignment' } } },
    required: ['assignments'],
    additionalProperties: false,
    $defs: sortedDefs(defs),
  };
}

/** androidManagedStoreAppConfiguration (beta) from the notes' verbatim 2021 CSDL and newer types. */
function intuneAndroidBeta(notes, v1, provenance) {
  const snippets = Object.values(notes.csdl_2021_verbatim).join('\n');
  const beta = readCsdl(`<Schema Namespace="microsoft.graph" Alias="graph">${snippets}</Schema>`);
  // The base type's `entity` (the key `id`) is v1.0's, unchanged in beta.
  beta.types.set('entity', v1.types.get('entity'));
  const refs = new Set();
  const root = objectSchema(beta, 'androidManagedStoreAppConfiguration', refs);
  // Read-only per the beta docs ("appSupportsOemConfig ... This property is read-only").
  delete root.properties.appSupportsOemConfig;
  // Typed since 2021 (notes.typed_since_2021): connectedAppsEnabled Edm.Boolean; credentialProviderRoleState enum.
  root.properties.connectedAppsEnabled = { type: 'boolean' };
  root.properties.credentialProviderRoleState = { $ref: '#/$defs/androidAppCredentialProviderRoleState' };
  const current = notes.current_beta_property_names;
  for (const name of [...current.managedDeviceMobileAppConfiguration.properties, ...current.androidManagedStoreAppConfiguration.properties]) {
    if (!SERVER_MANAGED.includes(name) && name !== 'appSupportsOemConfig' && !root.properties[name]) throw new Error(`beta property ${name} has no type`);
  }
  root.properties.packageId = {
    ...root.properties.packageId,
    anyOf: undefined,
    type: 'string',
    pattern: `^app:${PACKAGE}$`,
    $comment: '[added] "app:" followed by the Android package name (notes.observed_wire_format.packageId).',
  };
  delete root.properties.packageId.anyOf;
  root.properties.payloadJson = {
    type: 'string',
    contentEncoding: 'base64',
    contentMediaType: 'application/json',
    pattern: BASE64_STANDARD,
    $comment: '[added] Standard base64 of the Play EMM ManagedConfiguration JSON (notes.observed_wire_format.payloadJson).',
  };
  root.required.push('displayName', 'packageId');
  root.$comment =
    `${SERVER_MANAGED_NOTE} ${UNKNOWN_NOTE} [added] appSupportsOemConfig left out (read-only). ` +
    '[added] displayName and packageId required (the console requires both).';
  const defs = {};
  closeDefs(beta, refs, defs);
  defs.androidAppCredentialProviderRoleState = { type: 'string', enum: [...notes.current_beta_enums.androidAppCredentialProviderRoleState].sort() };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:jabber-emm:schemas:consoles:intune-android-managed-store-app-configuration-beta',
    title: 'Microsoft Graph beta androidManagedStoreAppConfiguration (request body of create and update)',
    ...root,
    $comment: `Derived by scripts/derive-console-schemas.mjs from ${provenance}. Do not edit by hand: re-run the script. Beta: Microsoft may change it without notice. ${root.$comment}`,
    $defs: sortedDefs(defs),
  };
}

/** Copies an OpenAPI schema node into JSON Schema, components refs into $defs. */
function openApiNode(node, components, defs, opts) {
  if (Array.isArray(node)) return node.map((n) => openApiNode(n, components, defs, opts));
  if (node === null || typeof node !== 'object') return node;
  if (node.$ref) {
    const name = node.$ref.replace('#/components/schemas/', '');
    if (!defs[name]) {
      defs[name] = {};
      defs[name] = openApiNode(components[name], components, defs, opts);
    }
    return { $ref: `#/$defs/${name}` };
  }
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'xml') continue;
    if (k === 'required' && opts.partial) continue;
    if (k === 'properties') {
      out.properties = {};
      for (const [pk, pv] of Object.entries(v)) out.properties[pk] = openApiNode(pv, components, defs, opts);
    } else out[k] = openApiNode(v, components, defs, opts);
  }
  return out;
}

/** mobile_device_application: the record as GET returns it, and the partial record a PUT sends. */
function jamfSchemas(openapi, provenance) {
  const components = openapi.components.schemas;
  const record = components.mobile_device_application;
  if (!record?.properties?.app_configuration?.properties?.preferences) throw new Error('Jamf OpenAPI: no mobile_device_application.app_configuration.preferences');
  const wrap = (id, title, description, partial) => {
    const defs = {};
    const body = openApiNode(record, components, defs, { partial });
    if (partial) {
      body.additionalProperties = false;
      body.properties.app_configuration.additionalProperties = false;
      body.properties.app_configuration.required = ['preferences'];
      // A <dict> as text: escaped exactly once, it reads back as "<dict>..."; escaped twice it reads
      // "&lt;dict&gt;..." (reference §2). An empty field clears the configuration.
      body.properties.app_configuration.properties.preferences = {
        type: 'string',
        pattern: '^(?:\\s*<dict(?:\\s*/>|>[\\s\\S]*</dict>)\\s*)?$',
        description: 'The app configuration: the <dict>…</dict> text, as Jamf Pro\'s App Configuration field holds it.',
        $comment: '[added] The ios-dict text, escaped exactly once in the XML body (reference emm-console-apis.md §2): after one XML decoding it starts with <dict.',
      };
    }
    return {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: id,
      $comment:
        `Derived by scripts/derive-console-schemas.mjs from ${provenance}. Do not edit by hand: re-run the script. ` +
        'The XML document is read element by element into this shape (root element mobile_device_application).' +
        (partial
          ? ' [added] Partial record: the vendor\'s required lists are dropped (a PUT may send part of the record, reference §2); unknown elements are refused at the record and app_configuration level.'
          : ''),
      title,
      description,
      type: 'object',
      properties: { mobile_device_application: body },
      required: ['mobile_device_application'],
      additionalProperties: false,
      $defs: sortedDefs(defs),
    };
  };
  return {
    record: wrap(
      'urn:jabber-emm:schemas:consoles:jamf-mobile-device-application',
      'Jamf Pro Classic API mobile_device_application (GET)',
      'A mobile device app record of Jamf Pro\'s Classic API, as GET /JSSResource/mobiledeviceapplications returns it.',
      false,
    ),
    update: wrap(
      'urn:jabber-emm:schemas:consoles:jamf-mobile-device-application-update',
      'Jamf Pro Classic API mobile_device_application (PUT, partial record)',
      'The part of a mobile device app record a PUT /JSSResource/mobiledeviceapplications/id/{id} sends: the GET schema with every property optional.',
      true,
    ),
  };
}

/** Derives every schema (and the README) from the vendor copies in `vendorDir`: file name → text. */
export function deriveConsoleSchemas(vendorDir) {
  const csdlRaw = readFileSync(join(vendorDir, 'intune', 'graph-v1.0-Prod.csdl'));
  const notesRaw = readFileSync(join(vendorDir, 'intune', 'graph-beta-appconfig-notes.json'));
  const jamfRaw = readFileSync(join(vendorDir, 'jamf', 'classic_api_resource_documentation.json'));
  const csdl = readCsdl(csdlRaw.toString('utf8'));
  const notes = JSON.parse(notesRaw.toString('utf8'));
  const openapi = JSON.parse(jamfRaw.toString('utf8'));
  const v1 = `intune/graph-v1.0-Prod.csdl (Microsoft Graph v1.0 CSDL, sha256 ${sha256(csdlRaw)}; upstream microsoftgraph/msgraph-metadata schemas/v1.0-Prod.csdl @ 0564689)`;
  const betaSrc = `intune/graph-beta-appconfig-notes.json (sha256 ${sha256(notesRaw)}; beta CSDL 2021 elements and current beta type mappings, msgraph-metadata) and, for the base type's key, ${v1}`;
  const jamfSrc = `jamf/classic_api_resource_documentation.json (Jamf Pro Classic API OpenAPI ${openapi.info?.version ?? ''}, sha256 ${sha256(jamfRaw)}; upstream Jamf-Concepts/jamfplatform-go-sdk api/classic_api_resource_documentation.json @ cd8fd1e)`;
  const jamf = jamfSchemas(openapi, jamfSrc);
  const files = new Map([
    ['intune-ios-app-configuration.schema.json', text(intuneIos(csdl, v1))],
    ['intune-assign.schema.json', text(intuneAssign(csdl, v1))],
    ['intune-android-managed-store-app-configuration.beta.schema.json', text(intuneAndroidBeta(notes, csdl, betaSrc))],
    ['jamf-mobile-device-application.schema.json', text(jamf.record)],
    ['jamf-mobile-device-application-update.schema.json', text(jamf.update)],
  ]);
  files.set(
    'README.md',
    [
      '# Console API schemas (derived)',
      '',
      'JSON Schemas (draft 2020-12) that every request body `jabber-emm publish` sends is checked against',
      'before it is sent (and that the test emulator checks what it receives against). Derived by',
      '`node scripts/derive-console-schemas.mjs` from the vendor copies in `../shared/vendor/`; committed',
      'because CI and users have no network. Do not edit them by hand: re-run the script; a unit test',
      're-derives them and compares.',
      '',
      '| file | what | source (sha256) |',
      '| --- | --- | --- |',
      `| \`intune-ios-app-configuration.schema.json\` | POST/PATCH body of \`#microsoft.graph.iosMobileAppConfiguration\` (v1.0) | \`intune/graph-v1.0-Prod.csdl\` (\`${sha256(csdlRaw)}\`) |`,
      `| \`intune-assign.schema.json\` | body of the bound \`assign\` action (v1.0) | \`intune/graph-v1.0-Prod.csdl\` |`,
      `| \`intune-android-managed-store-app-configuration.beta.schema.json\` | POST/PATCH body of \`#microsoft.graph.androidManagedStoreAppConfiguration\` (beta only) | \`intune/graph-beta-appconfig-notes.json\` (\`${sha256(notesRaw)}\`) |`,
      `| \`jamf-mobile-device-application.schema.json\` | a \`mobile_device_application\` record as GET returns it | \`jamf/classic_api_resource_documentation.json\` (\`${sha256(jamfRaw)}\`) |`,
      '| `jamf-mobile-device-application-update.schema.json` | the partial record a PUT sends | the same |',
      '',
      'The conversion keeps the vendors\' property names, types, enums and descriptions. OData: `Edm.Int32`',
      'becomes an int32 range, `Edm.Binary` a string of base64 or base64url (the metadata\'s OpenAPI says',
      'base64url, clients send base64), properties without `Nullable="false"` also take `null`, derived',
      'types inherit their base types\' properties, `@odata.type` is required and fixed, and unknown',
      'properties are refused. Added rules, each marked `[added]` in a `$comment`: server-managed',
      'properties (`id`, `version`, dates) are not sent; `displayName` is required; an iOS policy carries',
      '`encodedSettingXml` or `settings`, not both; Android\'s `packageId` is `app:<package>` and',
      '`payloadJson` standard base64; Jamf\'s PUT is a partial record whose `preferences` text, read once',
      'from the XML, is a `<dict>` (so text escaped twice is refused).',
      '',
    ].join('\n'),
  );
  return files;
}

function main(argv) {
  const arg = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? resolve(argv[i + 1]) : fallback;
  };
  const vendorDir = arg('--vendor', resolve(REPO, '..', 'shared', 'vendor'));
  const outDir = arg('--out', join(REPO, 'schemas', 'consoles'));
  mkdirSync(outDir, { recursive: true });
  for (const [file, contents] of deriveConsoleSchemas(vendorDir)) {
    writeFileSync(join(outDir, file), contents);
    console.log(`wrote ${join(outDir, file)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
