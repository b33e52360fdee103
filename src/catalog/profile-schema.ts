/**
 * The JSON Schema of the canonical deployment profile, generated from the parameter catalog so
 * the two can never disagree. `scripts/generate-profile-schema.ts` writes it to
 * `schemas/profile.schema.json`; a unit test fails when the committed file is stale.
 */
import { booleanWords, booleanWordsPattern } from './boolean-words.js';
import { readFileSync } from 'node:fs';
import type { CatalogIndex } from './index.js';
import type { Parameter, Platform, Section } from './types.js';
import { MAX_NAME_LENGTH } from '../profile/profile-name.js';

/** A JSON Schema (draft 2020-12) object, keys in the order they are written. */
export type JsonSchema = { [keyword: string]: unknown };

/** Path of the generated profile schema shipped in `schemas/` (works from `src/` and `dist/`). */
export const PROFILE_SCHEMA_URL = new URL('../../schemas/profile.schema.json', import.meta.url);

/**
 * Profile names become output folder names: lower-case letters, digits, `.`, `_`, `-`; not only
 * dots (`.` and `..` would escape the output directory), no trailing dot and no Windows device
 * name (the rules of src/profile/profile-name.ts, so editors flag what `validate` rejects).
 */
export const PROFILE_NAME_PATTERN =
  '^(?!\\.+$)(?!.*\\.$)(?!(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\\..*)?$)[a-z0-9._-]+$';

/** A `${env:NAME}` (resolved at load time) or `${user.x}`/`${device.x}` (translated per console) reference. */
export const REFERENCE_PATTERN = '\\$\\{(?:env:[A-Za-z_][A-Za-z0-9_]*|(?:user|device)\\.[A-Za-z]+)\\}';

// A DNS name: dot-separated labels of letters, digits and inner hyphens (RFC 1035 §2.3.1, RFC 1123 §2.1).
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const DNS_NAME = `${LABEL}(?:\\.${LABEL})*`;
// Loose IPv6 (hex groups with at least one colon); `validate` checks addresses exactly.
const IPV6 = '[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*';
// Any single line holding a reference: the value is only known after resolution.
const WITH_REFERENCE = `[^\\r\\n]*${REFERENCE_PATTERN}[^\\r\\n]*`;

/** Value shapes per string format; each also takes a value holding a reference. */
const FORMAT_PATTERNS: Record<NonNullable<Parameter['format']>, string> = {
  domain: `^(?:${DNS_NAME}|${WITH_REFERENCE})$`,
  host: `^(?:${DNS_NAME}|${IPV6}|${WITH_REFERENCE})$`,
  url: `^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+\\S*|${WITH_REFERENCE})$`,
  // Drive path, UNC path, or a path starting with an environment variable such as %USER_PROFILE%.
  path: `^(?:[A-Za-z]:[\\\\/][^\\r\\n]*|\\\\\\\\[^\\r\\n]+|%[A-Za-z_][A-Za-z0-9_]*%[^\\r\\n]*|${WITH_REFERENCE})$`,
  text: '^[^\\u0000-\\u001f\\u007f]+$',
};

/** What each format means, for descriptions. */
const FORMAT_WORDS: Record<NonNullable<Parameter['format']>, string> = {
  domain: 'a DNS domain name (no scheme, port or path)',
  host: 'a host name, FQDN or IP address',
  url: 'an absolute http(s) URL',
  path: 'an absolute Windows path',
  text: 'text on one line',
};

// Boolean spellings Cisco prints across its documents (reference §7); the parameter's own tokens are added.
const BOOLEAN_TOKENS = ['true', 'false', 'True', 'False', 'TRUE', 'FALSE', 'ON', 'OFF'];

const PLATFORM_NAMES: Record<Platform, string> = {
  mac: 'Mac',
  ios: 'iPhone and iPad',
  android: 'Android',
  windows: 'Windows',
};

// A parenthesised list of catalog source tags, with the space before it: " (S4, S5)".
const SOURCE_TAGS = / \((?:[SW][0-9]+(?:, )?)+\)/g;

/** The default app ids: Cisco Jabber's public ids (reference §1). */
export const DEFAULT_APPS = { ios: 'com.cisco.jabberIM', android: 'com.cisco.im' } as const;

/** Builds the profile JSON Schema from the catalog: one property per catalog key in each section. */
export function buildProfileSchema(index: CatalogIndex): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $comment: 'Generated from schemas/parameters.json by scripts/generate-profile-schema.ts. Do not edit.',
    title: 'jabber-emm deployment profile',
    description:
      'One Cisco Jabber deployment: the settings pushed to mobile and Mac clients (configuration URL, EMM app configuration) and the Jabber for Windows installer switches.',
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      $schema: {
        description: 'Path or URL of this JSON Schema, so your editor completes and checks keys.',
        type: 'string',
      },
      name: {
        title: 'Profile name',
        description:
          `Names the output folder: lower-case letters, digits, ".", "_" and "-" (not only dots, no trailing dot, not a Windows device name such as con), at most ${MAX_NAME_LENGTH} characters, e.g. acme-prod.`,
        type: 'string',
        pattern: PROFILE_NAME_PATTERN,
        maxLength: MAX_NAME_LENGTH,
      },
      extends: {
        title: 'Base profile',
        description:
          'Path of a profile this one builds on, relative to this file. Values here win; lists replace the base list.',
        type: 'string',
        minLength: 1,
      },
      abstract: {
        title: 'Abstract',
        description:
          'true: this profile exists only to be extended (a shared base). It is validated, but never exported or published. Not inherited: a profile that extends it is a deployment unless it says abstract: true itself.',
        type: 'boolean',
      },
      description: {
        title: 'Description',
        description: 'Free text for people reading the profile, e.g. "Production, EMEA". Never shown to end users (see distribution).',
        type: 'string',
      },
      distribution: {
        title: 'Distribution text',
        description: 'What end users read on the setup page and in the e-mail (url-page). Leave a field out for the neutral default.',
        type: 'object',
        additionalProperties: false,
        properties: {
          title: {
            title: 'Title',
            description: 'The page heading and the first line of the e-mail. Default "Set up Cisco Jabber".',
            type: 'string',
            minLength: 1,
          },
          message: {
            title: 'Message',
            description: 'The paragraph under the heading, and in the e-mail before the instructions. Default: a neutral sentence saying to open the link on the device where Cisco Jabber is installed.',
            type: 'string',
            minLength: 1,
          },
        },
      },
      apps: {
        title: 'Apps',
        description: "The apps the configuration is for. Leave it out to use Cisco Jabber's public ids.",
        type: 'object',
        additionalProperties: false,
        properties: {
          ios: {
            title: 'iOS bundle ID',
            description: `Bundle ID of the iPhone and iPad app. Default ${DEFAULT_APPS.ios} (Cisco Jabber); Cisco Jabber for Intune is com.cisco.jabberIMintune.`,
            type: 'string',
            // appconfigschema.xsd: bundleId pattern ([a-zA-Z0-9]+[\.+\-])+([a-zA-Z0-9])+
            pattern: '^(?:[a-zA-Z0-9]+[.+\\-])+[a-zA-Z0-9]+$',
            default: DEFAULT_APPS.ios,
          },
          android: {
            title: 'Android package name',
            description: `Package name of the Android app. Default ${DEFAULT_APPS.android} (Cisco Jabber); Cisco Jabber for Intune is com.cisco.im.intune.`,
            type: 'string',
            // Android application ID rules: two or more segments, each starting with a letter.
            pattern: '^[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)+$',
            default: DEFAULT_APPS.android,
          },
        },
      },
      settings: sectionSchema(index, 'settings'),
      windows: sectionSchema(index, 'windows'),
      publish: {
        title: 'Publish',
        description: 'What `jabber-emm publish` does beyond the settings, per console.',
        type: 'object',
        additionalProperties: false,
        properties: {
          intune: {
            title: 'Intune',
            description: 'Options of the Intune app configuration policy.',
            type: 'object',
            additionalProperties: false,
            properties: {
              assign: {
                title: 'Assigned groups',
                description:
                  'Display names of the Entra ID groups the policy is assigned to (resolved by name in each tenant; an unknown name is an error). Leave it out to keep the assignments the policy has; an empty list removes them all.',
                type: 'array',
                items: { type: 'string', minLength: 1 },
                uniqueItems: true,
              },
            },
          },
        },
      },
    },
  };
}

/** The schema text as committed: two-space JSON with a trailing newline. */
export function serializeProfileSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Reads the committed profile schema (`schemas/profile.schema.json`) as text. */
export function readProfileSchemaText(): string {
  return readFileSync(PROFILE_SCHEMA_URL, 'utf8');
}

function sectionSchema(index: CatalogIndex, section: Section): JsonSchema {
  const properties: JsonSchema = {};
  for (const p of index.parameters) if (p.section === section) properties[p.key] = parameterSchema(p, index);
  return {
    title: section === 'settings' ? 'Settings' : 'Windows installer switches',
    description:
      section === 'settings'
        ? "Cisco's configuration URL and EMM keys for Jabber on Mac, iPhone and iPad, and Android, spelled exactly as Cisco documents them."
        : 'Jabber for Windows installer switches (msiexec properties), by their MSI names.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** The schema of one catalog parameter's value in a profile: typed form or Cisco's text tokens. */
export function parameterSchema(p: Parameter, index: CatalogIndex): JsonSchema {
  const schema: JsonSchema = { title: p.title, description: describeParameter(p, index) };
  switch (p.type) {
    case 'boolean':
      // The enum is what an editor offers; the pattern is the loader's rule (boolean-words.ts) in full.
      schema.anyOf = [{ enum: booleanEnum(p) }, { type: 'string', pattern: booleanWordsPattern(booleanWords(p, { yesNo: true })) }];
      break;
    case 'enum':
      schema.type = 'string';
      schema.enum = [...(p.values ?? [])];
      break;
    case 'list': {
      const token = `(?:${(p.values ?? []).map(escapeRegExp).join('|')})`;
      const sep = escapeRegExp(p.separator ?? ',');
      schema.anyOf = [
        { type: 'array', items: { enum: [...(p.values ?? [])] }, minItems: 1, uniqueItems: true },
        { type: 'string', pattern: `^\\s*${token}\\s*(?:${sep}\\s*${token}\\s*)*$` },
      ];
      break;
    }
    case 'integer': {
      const bounds: JsonSchema = {};
      if (p.minimum !== undefined) bounds.minimum = p.minimum;
      if (p.maximum !== undefined) bounds.maximum = p.maximum;
      schema.anyOf = [{ type: 'integer', ...bounds }, { type: 'string', pattern: '^[0-9]+$' }];
      if (p.knownValues) schema.examples = p.knownValues.map((k) => k.value);
      break;
    }
    case 'string':
      schema.type = 'string';
      schema.minLength = 1;
      schema.pattern = FORMAT_PATTERNS[p.format ?? 'text'];
      break;
  }
  if (p.default !== undefined && p.default !== null) schema.default = p.default;
  return schema;
}

/** Typed booleans plus every text token an admin may copy from Cisco's documents (offered by editors). */
function booleanEnum(p: Parameter): unknown[] {
  const tokens = p.booleanTokens ?? { true: 'true', false: 'false' };
  const strings = [tokens.true, ...(tokens.false === null ? [] : [tokens.false]), ...BOOLEAN_TOKENS];
  const out: unknown[] = [true, false, ...new Set(strings)];
  // CLEAR=1 copied into YAML reads as the number 1; the loader takes 0 as its "no" (boolean-words.ts).
  if (tokens.true === '1') out.push(1, 0);
  return out;
}

/** The admin-facing description of a parameter: what it does, its values, default and channels. */
export function describeParameter(p: Parameter, index: CatalogIndex): string {
  const parts = [p.description];
  const values = valueWords(p);
  if (values) parts.push(values);
  if (p.default !== undefined && p.default !== null) parts.push(`Default: ${formatDefault(p)}.`);
  if (p.section === 'settings') {
    const carried: string[] = [];
    if (p.channels.url) carried.push(`the configuration URL (${platformWords(p.channels.url.platforms)})`);
    if (p.channels.emm) carried.push(`EMM app configuration (${platformWords(p.channels.emm.platforms)})`);
    parts.push(`Sent through ${carried.join(' and ')}.`);
    if (p.windowsSwitch && index.bySection.windows.has(p.windowsSwitch)) {
      parts.push(`On Windows, set ${p.windowsSwitch} under windows.`);
    }
  } else {
    parts.push(`Written to the Jabber for Windows installer as ${p.channels.msi?.name ?? p.key}=${exampleToken(p)}.`);
  }
  if (p.secret && !p.description.includes('${env:')) {
    parts.push('Secret: write it as ${env:NAME} so the value stays out of the file.');
  }
  if (p.since) parts.push(`Documented since Jabber ${p.since}.`);
  // Source tags such as "(S1)" cite the catalog's documents; docs/parameters.md links them, an editor tooltip drops them.
  for (const note of p.notes ?? []) parts.push(`Note: ${note.replace(SOURCE_TAGS, '')}`);
  return parts.join(' ');
}

function valueWords(p: Parameter): string {
  switch (p.type) {
    case 'boolean': {
      const t = p.booleanTokens ?? { true: 'true', false: 'false' };
      return t.false === null
        ? `Write true (Cisco's token ${t.true}); false leaves it out.`
        : `Write true or false (Cisco's tokens ${t.true}/${t.false}).`;
    }
    case 'enum':
      return namesAllValues(p) ? '' : `One of: ${(p.values ?? []).join(', ')}.`;
    case 'list': {
      const of = namesAllValues(p) ? '' : ` of ${(p.values ?? []).join(', ')}`;
      return `Write a list${of} or one string joined by "${p.separator ?? ','}".`;
    }
    case 'integer': {
      const range = p.minimum !== undefined && p.maximum !== undefined ? ` from ${p.minimum} to ${p.maximum}` : '';
      const known = p.knownValues ? ` Known values: ${p.knownValues.map((k) => `${k.value} ${k.label}`).join(', ')}.` : '';
      return `A whole number${range}.${known}`;
    }
    case 'string':
      return `Value: ${FORMAT_WORDS[p.format ?? 'text']}; may hold \${env:NAME} or \${user.email}-style variables.`;
  }
}

// The catalog description often names every allowed value already; do not repeat them.
function namesAllValues(p: Parameter): boolean {
  return (p.values ?? []).every((v) => new RegExp(`(?<![\\w-])${escapeRegExp(v)}(?![\\w-])`).test(p.description));
}

function formatDefault(p: Parameter): string {
  const d = p.default;
  if (Array.isArray(d)) return d.join(',');
  return String(d);
}

function exampleToken(p: Parameter): string {
  switch (p.type) {
    case 'boolean':
      return p.booleanTokens?.true ?? 'true';
    case 'enum':
    case 'list':
      return p.values?.[0] ?? '…';
    case 'integer':
      return '<number>';
    case 'string':
      return `<${p.format ?? 'text'}>`;
  }
}

function platformWords(platforms: Platform[]): string {
  return platforms.map((x) => PLATFORM_NAMES[x]).join(', ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}
