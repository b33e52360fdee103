/**
 * The one set of fast-check generators the property tests share: hostile strings (what breaks
 * XML, plists, JSON, URLs, YAML and command lines), and profiles drawn from the whole catalog.
 */
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/index.js';
import type { Parameter } from '../../src/catalog/types.js';
import { checkProfile } from '../../src/profile/check.js';
import { substituteText } from '../../src/profile/substitute.js';
import type { ResolvedProfile, SettingValue } from '../../src/profile/types.js';
import { VARIABLES } from '../../src/variables/consoles.js';

/** The pieces hostile strings are made of: markup, entities, CDATA ends, quotes, CR/LF/tab, emoji, bidi controls, console token syntax. */
export const HOSTILE_PIECES = [
  '<', '&', '"', "'", ']]>', '%', '#', ' ', '\\', '@', '?', '=', ':', 'a', 'Z', '7', '.', '-', 'é', '😀', 'שלום', '\u202E', '\u200F',
  '\r', '\n', '\r\n', '\t', '&amp;', '<!--', '$', '{{', '}}', 'true', '[x]',
] as const;

/**
 * Hostile strings from `pieces` (default: all of HOSTILE_PIECES). A test narrows the pieces to
 * what its channel can carry and says why, rather than keeping its own generator.
 */
export function hostileString(opts: { pieces?: readonly string[]; minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...(opts.pieces ?? HOSTILE_PIECES)), { minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? 12 })
    .map((parts) => parts.join(''));
}

/** A whole value that is one per-user or per-device variable (`${user.email}`). */
export const variableValue = fc.constantFrom(...VARIABLES).map((v) => `\${${v}}`);

/** Printable one-line text without what a Windows command line cannot carry (a double quote, control characters). */
const ONE_LINE_PIECES = HOSTILE_PIECES.filter((p) => !/[\r\n\t"\u200F\u202E]/.test(p) && p !== '%');

/** A valid value of a catalog parameter; free text is hostile, formatted strings are well-formed. */
export function catalogValue(p: Parameter): fc.Arbitrary<SettingValue> {
  switch (p.type) {
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...p.values!);
    case 'list':
      return fc.uniqueArray(fc.constantFrom(...p.values!), { minLength: 1, maxLength: p.values!.length });
    case 'integer':
      return fc.integer({ min: p.minimum ?? 0, max: p.maximum ?? 100_000 });
    default:
      switch (p.format) {
        case 'domain':
        case 'host':
          return fc.constantFrom('acme.com', 'voice.acme.com', 'cucm-01.emea.acme.com');
        case 'url':
          return fc.constantFrom('https://acme.com/forgot', 'https://pki.acme.com/prt?x=1&y=2');
        case 'path':
          return fc.constantFrom('C:\\Program Files\\Cisco', '%APPDATA%\\Cisco\\Jabber');
        default:
          return fc.oneof(
            { weight: 4, arbitrary: hostileString({ pieces: ONE_LINE_PIECES, minLength: 1 }).map((s) => s.trim()).filter((s) => s !== '' && resolvable(s)) },
            { weight: 1, arbitrary: variableValue },
          );
      }
  }
}

/**
 * True when a profile file could hold this text: its `${...}` references pass the resolve stage
 * (`$` next to `{{` makes `${{}`, which the loader rejects as an unknown variable).
 */
function resolvable(text: string): boolean {
  return !substituteText(text, {}, { pos: { file: 'prop.yaml', line: 1, column: 1 }, pointer: '' }, []).failed;
}

/**
 * Profiles drawn from the whole catalog: any subset of settings and windows parameters with valid
 * values, ServicesDomain always set, kept only when the profile's own rules find no error.
 */
export function catalogProfile(): fc.Arbitrary<ResolvedProfile> {
  const params = loadCatalog().parameters;
  const record = (section: 'settings' | 'windows') =>
    fc.record(Object.fromEntries(params.filter((p) => p.section === section).map((p) => [p.key, catalogValue(p)])), { requiredKeys: [] }) as fc.Arbitrary<
      Record<string, SettingValue>
    >;
  return fc
    .record({ settings: record('settings'), windows: record('windows'), description: fc.option(hostileString({ pieces: ONE_LINE_PIECES }), { nil: undefined }) })
    .map(({ settings, windows, description }) => {
      const profile: ResolvedProfile = {
        name: 'prop',
        source: 'prop.yaml',
        apps: { ios: 'com.cisco.jabberIM', android: 'com.cisco.im' },
        settings: new Map(Object.entries({ ServicesDomain: 'acme.com', ...settings })),
        windows: new Map(Object.entries(windows)),
        positions: new Map(),
        ...(description !== undefined ? { description } : {}),
      };
      return withoutRuleErrors(profile);
    })
    .filter((p) => !checkProfile(p).some((d) => d.severity === 'error'));
}

/** Drops the keys the profile's cross-field rules name in errors until none is left (random subsets often break one). */
function withoutRuleErrors(profile: ResolvedProfile): ResolvedProfile {
  for (let round = 0; round < 8; round += 1) {
    const errors = checkProfile(profile).filter((d) => d.severity === 'error');
    if (errors.length === 0) break;
    for (const d of errors) {
      const [, section, key] = d.pointer.split('/');
      if ((section === 'settings' || section === 'windows') && key !== undefined && !(section === 'settings' && key === 'ServicesDomain')) {
        profile[section].delete(key.replace(/~1/g, '/').replace(/~0/g, '~'));
      }
    }
  }
  return profile;
}
