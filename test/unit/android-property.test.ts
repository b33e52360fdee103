import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/catalog/encode.js';
import { emmCarries, loadCatalog } from '../../src/catalog/index.js';
import type { Parameter } from '../../src/catalog/types.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import type { SettingValue } from '../../src/profile/types.js';
import { androidAmapiTarget } from '../../src/targets/android/amapi.js';
import { androidManagedConfigTarget } from '../../src/targets/android/managed-config.js';
import { escapeResourceString, unescapeResourceString } from '../../src/targets/android/resource-strings.js';
import { androidRestrictionsTarget, parseRestrictionFiles } from '../../src/targets/android/restrictions.js';
import type { Artifact, ParsedArtifact, Target } from '../../src/targets/types.js';
import { HOSTILE_PIECES, hostileString } from '../helpers/arbitraries.js';
import { makeProfile } from '../helpers/profile.js';

/** Strings made of the characters that break XML, JSON, Android resources and URLs. */
const nasty = hostileString({ pieces: HOSTILE_PIECES.filter((x) => !/[\r\n\t\u200F]/.test(x)) });

function valueArbitrary(p: Parameter): fc.Arbitrary<SettingValue> {
  switch (p.type) {
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...p.values!);
    case 'list':
      return fc.subarray(p.values!);
    case 'integer':
      return fc.integer({ min: p.minimum ?? -2147483648, max: p.maximum ?? 2147483647 });
    default:
      return nasty;
  }
}

const androidParams = loadCatalog().parameters.filter((p) => p.section === 'settings' && emmCarries(p, 'android'));
const settingsArbitrary = fc.record(Object.fromEntries(androidParams.map((p) => [p.key, valueArbitrary(p)])), { requiredKeys: [] }) as fc.Arbitrary<
  Record<string, SettingValue>
>;

/** The canonical value a raw value read back from a file stands for. */
function canonical(p: Parameter, raw: unknown): unknown {
  if (typeof raw === 'boolean' || typeof raw === 'number') return raw;
  return p.type === 'string' ? raw : decodeText(p, String(raw));
}

function expectSameValues(parsed: ParsedArtifact, settings: Record<string, SettingValue>): void {
  expect(parsed.diagnostics).toEqual([]);
  expect(parsed.unknown.size).toBe(0);
  const back = Object.fromEntries([...parsed.settings].map(([k, v]) => [k, canonical(loadCatalog().bySection.settings.get(k)!, v)]));
  expect(back).toEqual(settings);
}

describe('Android targets: any valid settings render, verify and parse back', () => {
  it('round-trips through all three targets, string and typed values, verified in one batch per target', async () => {
    const produced = new Map<Target, Artifact[]>([
      [androidManagedConfigTarget, []],
      [androidAmapiTarget, []],
      [androidRestrictionsTarget, []],
    ]);
    fc.assert(
      fc.property(settingsArbitrary, fc.boolean(), (settings, typedValues) => {
        const profile = makeProfile({ settings });
        for (const [target, all] of produced) {
          const out = target.render(profile, { typedValues });
          expect(hasErrors(out.diagnostics)).toBe(false);
          all.push(...out.artifacts);
          const parsed =
            target === androidRestrictionsTarget
              ? parseRestrictionFiles(out.artifacts[0]!.contents, out.artifacts[0]!.fileName, out.artifacts[1]!.contents)
              : target.parse!([{ contents: out.artifacts[0]!.contents, fileName: out.artifacts[0]!.fileName }]);
          expectSameValues(parsed, settings);
        }
      }),
      { numRuns: 60 },
    );
    for (const [target, artifacts] of produced) {
      const results = await target.verify(artifacts);
      expect(results).toHaveLength(artifacts.length);
      results.forEach((found, i) => expect(found, `${target.id} ${artifacts[i]!.fileName}:\n${artifacts[i]!.contents}`).toEqual([]));
    }
  });

  it('escapes any string for a string resource so that aapt2 reads it back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(nasty, fc.string({ unit: 'binary' })), (s) => {
        expect(unescapeResourceString(escapeResourceString(s))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});
