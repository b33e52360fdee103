import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CATALOG_URL, loadCatalog } from '../../src/catalog/index.js';
import type { Parameter } from '../../src/catalog/types.js';

const index = loadCatalog();
const { catalog, parameters } = index;
const settings = parameters.filter((p) => p.section === 'settings');
const windows = parameters.filter((p) => p.section === 'windows');
const catalogSchema = JSON.parse(readFileSync(new URL('../../schemas/parameters.schema.json', import.meta.url), 'utf8'));

function compileCatalogSchema() {
  return new Ajv2020({ allErrors: true }).compile(catalogSchema);
}

/** The catalog with one parameter replaced, for negative schema tests. */
function withParameter(key: string, change: (p: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(catalog) as unknown as { parameters: Record<string, unknown>[] };
  const p = copy.parameters.find((x) => x.key === key)!;
  change(p);
  return copy;
}

// Reference §6 (jabber-parameters.md): every Jabber for Windows installer switch Cisco documents.
const SECTION_6_SWITCHES = [
  'CLEAR', 'PRODUCT_MODE', 'AUTHENTICATOR', 'CUP_ADDRESS', 'TFTP', 'CTI', 'CCMCIP', 'SERVICES_DOMAIN',
  'VOICE_SERVICES_DOMAIN', 'EXCLUDED_SERVICES', 'UPN_DISCOVERY_ENABLED', 'AUTOMATIC_SIGN_IN', 'CC_MODE', 'CLICK2X',
  'DIAGNOSTICSTOOLENABLED', 'ENABLE_DPI_AWARE', 'ENABLE_PRT', 'ENABLE_PRT_ENCRYPTION', 'PRT_CERTIFICATE_NAME',
  'FIPS_MODE', 'FORGOT_PASSWORD_URL', 'FORWARD_VOICEMAIL', 'INVALID_CERTIFICATE_BEHAVIOR', 'IP_Mode', 'LANGUAGE',
  'LOCATION_MODE', 'LOG_DIRECTORY', 'LOGIN_RESOURCE', 'RESET_JABBER', 'SSO_EMAIL_PROMPT', 'Telemetry_Enabled',
  'TFTP_FILE_NAME', 'SSO_ORG_DOMAIN', 'SSO_ENABLED', 'ContactsDiagnosticsToolEnabled',
];

// Reference §5 and issue 2: the URL/EMM keys.
const SECTION_5_KEYS = [
  'ServicesDomain', 'VoiceServicesDomain', 'ServiceDiscoveryExcludedServices', 'ServicesDomainSsoEmailPrompt',
  'EnablePRTEncryption', 'PRTCertificateName', 'PRTCertificateUrl', 'InvalidCertificateBehavior', 'Telephony_Enabled',
  'ForceLaunchBrowser', 'DiagnosticsToolEnabled', 'IP_Mode', 'AllowUrlProvisioning', 'FIPS_MODE', 'CC_MODE',
  'AutoLoginUserName', 'AutoLoginUserPassword', 'STARTUP_AUTHENTICATION_REQUIRED', 'CachePasswordMobile',
];

describe('catalog file', () => {
  it('validates against schemas/parameters.schema.json', () => {
    const validate = compileCatalogSchema();
    expect(validate(catalog), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('is rejected by the schema when a boolean has no booleanTokens', () => {
    const validate = compileCatalogSchema();
    expect(validate(withParameter('CLEAR', (p) => delete p.booleanTokens))).toBe(false);
  });

  it('is rejected by the schema when an enum has no values, or a windows switch has a URL channel', () => {
    const validate = compileCatalogSchema();
    expect(validate(withParameter('AUTHENTICATOR', (p) => delete p.values))).toBe(false);
    expect(
      validate(withParameter('TFTP', (p) => ((p.channels as Record<string, unknown>).url = { name: 'TFTP', platforms: ['mac'] }))),
    ).toBe(false);
  });

  it('is written as two-space JSON with a trailing newline (stable diffs)', () => {
    const text = readFileSync(CATALOG_URL, 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('holds every URL/EMM key and every installer switch of the reference', () => {
    expect(settings.map((p) => p.key).sort()).toEqual([...SECTION_5_KEYS].sort());
    expect(windows.map((p) => p.key).sort()).toEqual([...SECTION_6_SWITCHES].sort());
  });
});

describe('catalog invariants', () => {
  it('has unique keys per section', () => {
    for (const list of [settings, windows]) {
      const keys = list.map((p) => p.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('gives every enum and list its allowed values, and every list a separator', () => {
    for (const p of parameters.filter((x) => x.type === 'enum' || x.type === 'list')) {
      expect(p.values?.length, p.key).toBeGreaterThan(0);
      expect(new Set(p.values).size, p.key).toBe(p.values!.length);
      if (p.type === 'list') expect(p.separator, p.key).toBe(',');
    }
  });

  it('gives every boolean its Cisco tokens, distinct for true and false', () => {
    for (const p of parameters.filter((x) => x.type === 'boolean')) {
      expect(p.booleanTokens, p.key).toBeDefined();
      expect(p.booleanTokens!.true, p.key).not.toBe(p.booleanTokens!.false);
    }
  });

  it('writes CLEAR and RESET_JABBER as 1, and nothing when false', () => {
    for (const key of ['CLEAR', 'RESET_JABBER']) {
      expect(index.bySection.windows.get(key)?.booleanTokens).toEqual({ true: '1', false: null });
    }
  });

  it('keeps every default a valid value of its parameter', () => {
    for (const p of parameters) {
      if (p.default === undefined || p.default === null) continue;
      switch (p.type) {
        case 'boolean':
          expect(typeof p.default, p.key).toBe('boolean');
          break;
        case 'enum':
          expect(p.values, p.key).toContain(p.default);
          break;
        case 'list':
          for (const v of p.default as string[]) expect(p.values, p.key).toContain(v);
          break;
        case 'integer':
          expect(Number.isInteger(p.default), p.key).toBe(true);
          break;
        case 'string':
          expect(typeof p.default, p.key).toBe('string');
          break;
      }
    }
  });

  it('keeps integer known values inside the bounds', () => {
    for (const p of parameters.filter((x) => x.knownValues)) {
      for (const k of p.knownValues!) {
        expect(typeof k.value, p.key).toBe('number');
        expect(k.value as number, p.key).toBeGreaterThanOrEqual(p.minimum ?? -Infinity);
        expect(k.value as number, p.key).toBeLessThanOrEqual(p.maximum ?? Infinity);
      }
    }
  });

  it('resolves every settings windowsSwitch to a compatible windows entry', () => {
    const linked = settings.filter((p) => p.windowsSwitch);
    expect(linked.length).toBeGreaterThan(0);
    for (const p of linked) {
      const w = index.bySection.windows.get(p.windowsSwitch!);
      expect(w, `${p.key} → ${p.windowsSwitch}`).toBeDefined();
      expect(compatible(p, w!), `${p.key} → ${w!.key}`).toBe(true);
    }
  });

  it('gives every windows switch the msi channel under its own name, Windows only', () => {
    for (const p of windows) {
      expect(p.platforms, p.key).toEqual(['windows']);
      expect(p.channels, p.key).toEqual({ msi: { name: p.key, platforms: ['windows'] } });
    }
  });

  it('cites only sources listed in `sources`', () => {
    const used = new Set<string>();
    for (const p of parameters) {
      p.sources.forEach((t) => used.add(t));
      for (const v of [...(p.keyVariants ?? []), ...(p.valueVariants ?? [])]) v.sources.forEach((t) => used.add(t));
      for (const note of p.notes ?? []) for (const m of note.matchAll(/\b([SW][0-9]+)\b/g)) used.add(m[1]!);
    }
    for (const tag of used) expect(catalog.sources, tag).toHaveProperty(tag);
  });

  it('lists in urlOrder exactly the keys that have a URL channel', () => {
    for (const key of catalog.urlOrder) expect(index.bySection.settings.get(key)?.channels.url, key).toBeDefined();
    const withUrl = settings.filter((p) => p.channels.url).map((p) => p.key);
    expect([...catalog.urlOrder].sort()).toEqual(withUrl.sort());
    expect(new Set(catalog.urlOrder).size).toBe(catalog.urlOrder.length);
  });

  it('keeps every key variant unique across the catalog and distinct from every canonical key', () => {
    const canonical = new Set(parameters.map((p) => p.key));
    const seen = new Map<string, string>();
    for (const p of parameters) {
      for (const v of p.keyVariants ?? []) {
        expect(canonical.has(v.spelling), `${v.spelling} (variant of ${p.key}) is a canonical key`).toBe(false);
        expect(seen.get(v.spelling), `${v.spelling} is a variant of two keys`).toBeUndefined();
        seen.set(v.spelling, p.key);
      }
    }
  });

  it('maps every value variant to an allowed value and never to itself', () => {
    for (const p of parameters) {
      const spellings = (p.valueVariants ?? []).map((v) => v.spelling);
      expect(new Set(spellings).size, p.key).toBe(spellings.length);
      for (const v of p.valueVariants ?? []) {
        expect(p.values, `${p.key}: ${v.spelling}`).toContain(v.canonical);
        expect(p.values, `${p.key}: ${v.spelling}`).not.toContain(v.spelling);
      }
    }
  });

  it('marks exactly AutoLoginUserPassword as secret', () => {
    expect(parameters.filter((p) => p.secret).map((p) => `${p.section}.${p.key}`)).toEqual(['settings.AutoLoginUserPassword']);
  });

  it('accepts both spellings Cisco prints for phone mode', () => {
    expect(index.bySection.windows.get('PRODUCT_MODE')?.values).toEqual(['Phone_Mode', 'phone_mode']);
  });
});

/** Same type and format, and every settings value is one the switch accepts. */
function compatible(setting: Parameter, sw: Parameter): boolean {
  if (setting.type !== sw.type || setting.format !== sw.format) return false;
  if (setting.type === 'enum' || setting.type === 'list') return (setting.values ?? []).every((v) => sw.values?.includes(v));
  return true;
}
