import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/catalog/encode.js';
import { emmCarries, loadCatalog } from '../../src/catalog/index.js';
import type { Parameter } from '../../src/catalog/types.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import type { SettingValue } from '../../src/profile/types.js';
import { iosAppConfigTarget } from '../../src/targets/ios/appconfig.js';
import { iosDdmTarget } from '../../src/targets/ios/ddm.js';
import { iosDictTarget } from '../../src/targets/ios/dict.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';
import type { Artifact, ParsedArtifact, Target } from '../../src/targets/types.js';
import { translateVariables, VARIABLES } from '../../src/variables/consoles.js';
import { hostileString } from '../helpers/arbitraries.js';
import { makeProfile } from '../helpers/profile.js';
import { expectPlistReadBack, isPlistText } from '../helpers/plist-readback.js';

/** Strings made of what breaks XML and plists: markup, entities, CDATA ends, CR/LF/tab, emoji, bidi overrides. */
const nasty = hostileString();
/** A whole value that is one per-user or per-device variable. */
const variable = fc.constantFrom(...VARIABLES).map((v) => `\${${v}}`);

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
      return fc.oneof({ weight: 4, arbitrary: nasty }, { weight: 1, arbitrary: variable });
  }
}

const iosParams = loadCatalog().parameters.filter((p) => p.section === 'settings' && emmCarries(p, 'ios'));
const settingsArbitrary = fc.record(Object.fromEntries(iosParams.map((p) => [p.key, valueArbitrary(p)])), { requiredKeys: [] }) as fc.Arbitrary<
  Record<string, SettingValue>
>;

/** The canonical value a raw value read back stands for (Cisco text tokens decoded by the catalog). */
function canonical(p: Parameter, raw: unknown): unknown {
  if (typeof raw === 'boolean' || typeof raw === 'number') return raw;
  return p.type === 'string' ? raw : decodeText(p, String(raw));
}

function expectSameValues(parsed: ParsedArtifact, expected: Record<string, SettingValue>): void {
  expect(parsed.diagnostics).toEqual([]);
  expect(parsed.unknown.size).toBe(0);
  const back = Object.fromEntries([...parsed.settings].map(([k, v]) => [k, canonical(loadCatalog().bySection.settings.get(k)!, v)]));
  expect(back).toEqual(expected);
}

describe('iOS targets: any valid settings render, verify and parse back', () => {
  it('round-trips through the specfile, the plist, the dict and the DDM plist; every file verified, one batch per target', async () => {
    const produced = new Map<Target, Artifact[]>([
      [iosAppConfigTarget, []],
      [iosPlistTarget, []],
      [iosDictTarget, []],
      [iosDdmTarget, []],
    ]);
    fc.assert(
      fc.property(settingsArbitrary, fc.boolean(), fc.constantFrom('workspace-one' as const, 'ivanti-neurons' as const), (settings, typedValues, emm) => {
        fc.pre(Object.keys(settings).length > 0);
        const profile = makeProfile({ settings });
        // The specfile keeps variables as <userVariable>/<deviceVariable>; plists carry the console's tokens.
        const translated = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, typeof v === 'string' ? translateVariables(v, emm).value : v]));
        for (const [target, all] of produced) {
          // allowSecretInAsset: the DDM plist carries AutoLoginUserPassword here so its value round-trips too (secret-in-asset has its own tests).
          const out = target.render(profile, { typedValues, emm, assetUrl: 'https://mdm.example.com/jabber/ios-ddm-config.plist', allowSecretInAsset: true });
          // Workspace ONE and Ivanti Neurons lack a token for some variables: an error naming them, nothing written
          // (the specfile too: with --emm the console fills its <userVariable>s in).
          if (hasErrors(out.diagnostics)) {
            expect(out.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(
              expect.arrayContaining(['variable-unsupported']),
            );
            continue;
          }
          all.push(...out.artifacts);
          // Every plist export read back by the plist package too (test/helpers/plist-readback.ts).
          for (const a of out.artifacts) if (isPlistText(a.contents)) expectPlistReadBack(a.contents, `${target.id} ${a.fileName}`);
          if (target === iosDdmTarget) {
            expect(out.artifacts[2]!.contents).toBe(iosPlistTarget.render(profile, { typedValues, emm }).artifacts[0]!.contents);
            continue;
          }
          const a = out.artifacts[0]!;
          expectSameValues(target.parse!([{ contents: a.contents, fileName: a.fileName }]), target === iosAppConfigTarget ? settings : translated);
          expect(target.recognise?.(a.contents, a.fileName) !== undefined).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
    for (const [target, artifacts] of produced) {
      expect(artifacts.length).toBeGreaterThan(0);
      const results = await target.verify(artifacts);
      expect(results).toHaveLength(artifacts.length);
      results.forEach((found, i) => expect(found, `${target.id} ${artifacts[i]!.fileName}:\n${artifacts[i]!.contents}`).toEqual([]));
    }
  });
});
