import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { encodeText } from '../../src/catalog/encode.js';
import { loadCatalog } from '../../src/catalog/index.js';
import { PARAMETERS_DOC_URL, renderParametersDoc } from '../../src/catalog/parameters-doc.js';
import {
  buildProfileSchema,
  PROFILE_SCHEMA_URL,
  readProfileSchemaText,
  serializeProfileSchema,
  type JsonSchema,
} from '../../src/catalog/profile-schema.js';
import type { Parameter } from '../../src/catalog/types.js';

const index = loadCatalog();
const committed = JSON.parse(readProfileSchemaText()) as JsonSchema;
const REGENERATE = 'run `npx tsx scripts/generate-profile-schema.ts` and commit the result';

/** Compiles with ajv's default (strict) options, collecting strict-mode warnings instead of printing them. */
function compile(schema: JsonSchema) {
  const warnings: string[] = [];
  const logger = { log: () => {}, warn: (...a: unknown[]) => warnings.push(a.join(' ')), error: (...a: unknown[]) => warnings.push(a.join(' ')) };
  const validate = new Ajv2020({ allErrors: true, logger }).compile(schema);
  return { validate, warnings };
}

const { validate } = compile(committed);

function errorsOf(profile: unknown): string[] {
  return validate(profile) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** A minimal valid profile with some settings and windows switches. */
function profile(settings: Record<string, unknown> = {}, windows: Record<string, unknown> = {}): unknown {
  return { name: 'acme-prod', settings, windows };
}

const ISSUE_EXAMPLE = `
name: acme-prod                 # required: lowercase letters, digits, '.', '_', '-'; names the output folder
extends: ./base.yaml            # optional: relative to this file; deep merge, this file wins, lists replace
description: Production, EMEA   # optional
apps:                           # optional: defaults are Cisco Jabber's public ids
  ios: com.cisco.jabberIM
  android: com.cisco.im
settings:                       # Cisco's documented URL/EMM key names
  ServicesDomain: acme.com
  VoiceServicesDomain: voice.acme.com
  ServiceDiscoveryExcludedServices: [WEBEX, CUP]
  ServicesDomainSsoEmailPrompt: true
  Telephony_Enabled: true
  AutoLoginUserPassword: \${env:JABBER_AUTOLOGIN_PASSWORD}
windows:                        # Jabber for Windows installer switches, by their MSI names
  AUTHENTICATOR: CUCM
  PRODUCT_MODE: phone_mode
  TFTP: tftp.acme.com
`;

describe('profile schema file', () => {
  it('is the one generated from the catalog', () => {
    const text = readFileSync(PROFILE_SCHEMA_URL, 'utf8');
    expect(text, REGENERATE).toBe(serializeProfileSchema(buildProfileSchema(index)));
  });

  it('has docs/parameters.md generated from the same catalog', () => {
    expect(readFileSync(PARAMETERS_DOC_URL, 'utf8'), REGENERATE).toBe(renderParametersDoc(index));
  });

  it('compiles with ajv (draft 2020-12) without strict-mode warnings', () => {
    expect(compile(committed).warnings).toEqual([]);
  });

  it('has one property per catalog key in each section, with the catalog title', () => {
    for (const section of ['settings', 'windows'] as const) {
      const props = (committed.properties as Record<string, JsonSchema>)[section]!.properties as Record<string, JsonSchema>;
      expect(Object.keys(props)).toEqual([...index.bySection[section].keys()]);
      for (const [key, p] of index.bySection[section]) {
        expect(props[key]!.title, key).toBe(p.title);
        expect(props[key]!.description, key).toContain(p.description);
        if (p.type === 'enum') expect(props[key]!.enum, key).toEqual(p.values);
      }
    }
  });

  it('writes no catalog source tags into the admin-facing descriptions', () => {
    expect(readProfileSchemaText()).not.toMatch(/\((?:[SW][0-9]+(?:, )?)+\)/);
  });
});

describe('profile schema: valid profiles', () => {
  it("accepts the issue's example profile", () => {
    expect(errorsOf(parse(ISSUE_EXAMPLE))).toEqual([]);
  });

  it('accepts a $schema key and a profile with only a name', () => {
    expect(errorsOf({ $schema: '../schemas/profile.schema.json', name: 'base' })).toEqual([]);
  });

  it('accepts typed booleans and the tokens Cisco prints', () => {
    for (const v of [true, false, 'ON', 'OFF', 'True', 'False', 'true', 'false', 'TRUE', 'FALSE']) {
      expect(errorsOf(profile({ Telephony_Enabled: v, ServicesDomainSsoEmailPrompt: v })), String(v)).toEqual([]);
    }
  });

  it('accepts CLEAR=1 copied as a number or a string', () => {
    for (const v of [1, '1', true]) expect(errorsOf(profile({}, { CLEAR: v, RESET_JABBER: v })), String(v)).toEqual([]);
  });

  it('accepts lists as arrays or as Cisco comma strings', () => {
    for (const v of [['WEBEX'], ['CUCM', 'CUP'], 'CUCM,CUP', 'WEBEX, CUCM, CUP', 'CUP']) {
      expect(errorsOf(profile({ ServiceDiscoveryExcludedServices: v }, { EXCLUDED_SERVICES: v })), JSON.stringify(v)).toEqual([]);
    }
  });

  it('accepts an LCID as a number or as text', () => {
    for (const v of [1033, '1036', 1053]) expect(errorsOf(profile({}, { LANGUAGE: v })), String(v)).toEqual([]);
  });

  it('accepts references in string values', () => {
    expect(
      errorsOf(
        profile(
          { ServicesDomain: '${env:DOMAIN}', AutoLoginUserName: '${user.email}', PRTCertificateUrl: '${env:CERT_URL}' },
          { TFTP: '${env:TFTP_HOST}', LOG_DIRECTORY: '${env:LOGS}' },
        ),
      ),
    ).toEqual([]);
  });

  it('accepts host names and IP addresses for hosts, and Windows paths', () => {
    for (const v of ['tftp.acme.com', 'cucm1', '10.0.0.1', '2001:db8::1']) {
      expect(errorsOf(profile({}, { TFTP: v, CTI: v, CCMCIP: v, CUP_ADDRESS: v })), v).toEqual([]);
    }
    for (const v of ['C:\\Logs\\Jabber', 'D:/logs', '\\\\server\\share\\logs', '%USER_PROFILE%\\AppData\\Local\\Jabber']) {
      expect(errorsOf(profile({}, { LOG_DIRECTORY: v })), v).toEqual([]);
    }
  });

  it('accepts both phone-mode spellings', () => {
    for (const v of ['Phone_Mode', 'phone_mode']) expect(errorsOf(profile({}, { PRODUCT_MODE: v })), v).toEqual([]);
  });

  it("accepts every catalog value in typed form and in the channel's text tokens", () => {
    const typed = (p: Parameter): fc.Arbitrary<unknown> => {
      switch (p.type) {
        case 'boolean':
          return fc.boolean();
        case 'enum':
          return fc.constantFrom(...p.values!);
        case 'list':
          return fc.uniqueArray(fc.constantFrom(...p.values!), { minLength: 1 });
        case 'integer':
          return p.knownValues ? fc.constantFrom(...p.knownValues.map((k) => k.value as number)) : fc.integer({ min: p.minimum, max: p.maximum });
        case 'string':
          return fc.constant(p.format === 'url' ? 'https://example.com/cert.pem' : p.format === 'path' ? 'C:\\Jabber' : 'example.com');
      }
    };
    for (const p of index.parameters) {
      fc.assert(
        fc.property(typed(p), (value) => {
          const section = { [p.key]: value };
          const asProfile = (s: Record<string, unknown>) => (p.section === 'settings' ? profile(s) : profile({}, s));
          expect(errorsOf(asProfile(section)), `${p.key}=${JSON.stringify(value)}`).toEqual([]);
          const text = encodeText(p, value as never);
          if (text !== null) expect(errorsOf(asProfile({ [p.key]: text })), `${p.key}=${text}`).toEqual([]);
        }),
        { numRuns: 20 },
      );
    }
  });
});

describe('profile schema: invalid profiles', () => {
  it('rejects a value outside an enum', () => {
    expect(errorsOf(profile({}, { AUTHENTICATOR: 'CUCMX' }))).not.toEqual([]);
    expect(errorsOf(profile({ InvalidCertificateBehavior: 'rejectandnotify' }))).not.toEqual([]);
    expect(errorsOf(profile({ IP_Mode: 'Dual_Stack' }))).not.toEqual([]);
  });

  it('rejects unknown keys in settings, windows and at the top level', () => {
    expect(errorsOf(profile({ VoiceServiceDomain: 'voice.acme.com' }))).toEqual([
      '/settings must NOT have additional properties',
    ]);
    expect(errorsOf(profile({}, { EXCLUDED_SERVICEs: 'CUP' }))).not.toEqual([]);
    expect(errorsOf({ name: 'acme', setting: {} })).not.toEqual([]);
  });

  it('rejects an installer switch written under settings', () => {
    expect(errorsOf(profile({ TFTP: 'tftp.acme.com' }))).not.toEqual([]);
  });

  it('rejects bad names and a missing name', () => {
    for (const name of ['Acme', 'acme prod', 'a/b', '', '.', '..', '...', 'é', 'prod.', 'con', 'lpt1.txt', 'a'.repeat(101)]) {
      expect(errorsOf({ name }), JSON.stringify(name)).not.toEqual([]);
    }
    expect(errorsOf({ settings: {} })).not.toEqual([]);
    for (const name of ['a', '.acme', 'acme.prod_1-x', '..a']) expect(errorsOf({ name }), name).toEqual([]);
  });

  it('rejects a boolean word the loader rejects; takes 0 for CLEAR as the loader does', () => {
    expect(errorsOf(profile({ Telephony_Enabled: 'yes please' }))).not.toEqual([]);
    expect(errorsOf(profile({}, { CLEAR: 0 }))).toEqual([]);
    expect(errorsOf(profile({}, { CLEAR: 2 }))).not.toEqual([]);
  });

  it('rejects list tokens outside the allowed set, duplicates and empty lists', () => {
    for (const v of ['CUCM,Webex', 'CUCM;CUP', ['WEBEX', 'WEBEX'], [], '', 'CUCM,']) {
      expect(errorsOf(profile({ ServiceDiscoveryExcludedServices: v })), JSON.stringify(v)).not.toEqual([]);
    }
  });

  it('rejects a domain carrying a smuggled URL parameter, and a URL without a scheme', () => {
    expect(errorsOf(profile({ ServicesDomain: 'acme.com&ServiceDiscoveryExcludedServices=WEBEX' }))).not.toEqual([]);
    expect(errorsOf(profile({ ServicesDomain: 'https://acme.com' }))).not.toEqual([]);
    expect(errorsOf(profile({}, { FORGOT_PASSWORD_URL: 'acme.com/reset' }))).not.toEqual([]);
  });

  it('rejects an LCID out of range or not a number', () => {
    for (const v of [0, 70000, 'English', 10.5]) expect(errorsOf(profile({}, { LANGUAGE: v })), String(v)).not.toEqual([]);
  });

  it('rejects a bad app id', () => {
    expect(errorsOf({ name: 'x', apps: { ios: 'jabber' } })).not.toEqual([]);
    expect(errorsOf({ name: 'x', apps: { android: '1com.cisco' } })).not.toEqual([]);
    expect(errorsOf({ name: 'x', apps: { windows: 'x' } })).not.toEqual([]);
  });

  it('rejects a multi-line text value', () => {
    expect(errorsOf(profile({ AutoLoginUserName: 'a\nb' }))).not.toEqual([]);
  });
});
