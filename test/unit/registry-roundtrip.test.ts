/**
 * THE round-trip property over the registry (svgo's "apply twice"): for profiles drawn from the
 * whole catalog, every --emm console, --typed-values and hostile strings, every target that can
 * read its files back must
 *   1. parse(render(p)) give back the part of p its files carry (the drift machinery finds no change), and
 *   2. render(parse(files)) give the same bytes (for url-page: its link and the settings in it;
 *      the page's free text is not carried).
 * A new target is in this test by being in the registry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactProfile } from '../../src/artifact/rules.js';
import { normalizeArtifact } from '../../src/artifact/normalize.js';
import { diffSides, type SingleDiff } from '../../src/diff/diff.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../src/profile/types.js';
import { TARGETS } from '../../src/targets/registry.js';
import type { Artifact, RenderOptions, Target } from '../../src/targets/types.js';
import { pageLink } from '../../src/targets/url-page/page.js';
import { EMM_CONSOLES } from '../../src/variables/consoles.js';
import { catalogProfile } from '../helpers/arbitraries.js';

const ASSET_URL = 'https://mdm.acme.com/jabber/prop/ios-ddm-config.plist';

const options: fc.Arbitrary<RenderOptions> = fc.record({
  emm: fc.constantFrom(...EMM_CONSOLES),
  typedValues: fc.boolean(),
});

/** What a set's bytes are compared on: the whole files, or for a page its link. */
function comparable(target: Target, artifacts: readonly Artifact[]): string[] {
  if (target.shows?.includes('distribution')) return artifacts.map((a) => (a.fileName.endsWith('.html') ? (pageLink(a.contents)?.href ?? '') : (a.contents.match(/^ciscojabber:.*$/m)?.[0] ?? '')));
  return artifacts.map((a) => `${a.fileName}\n${a.contents}`);
}

/** The profile parse gives back: the values (typed by the profile rules), its app id, and what the files say about how they were written. */
function profileFromFiles(target: Target, artifacts: readonly Artifact[], original: ResolvedProfile): { profile: ResolvedProfile; options: RenderOptions } {
  const parsed = target.parse!(artifacts.map((a) => ({ fileName: a.fileName, contents: a.contents })));
  const back = artifactProfile(parsed, artifacts[0]!.fileName).profile;
  // The name and the page's free text are not values: a file that names its profile says so in `written`.
  back.name = parsed.written?.name ?? original.name;
  if (original.description !== undefined) back.description = original.description;
  if (original.distribution !== undefined) back.distribution = original.distribution;
  return { profile: back, options: parsed.written?.options ?? {} };
}

/**
 * The profile without the keys render says it did not write: errors (a variable the console has no
 * token for) and not-carried warnings.
 */
function withoutKeysNamedIn(p: ResolvedProfile, diagnostics: readonly Diagnostic[]): ResolvedProfile {
  const out: ResolvedProfile = { ...p, settings: new Map(p.settings), windows: new Map(p.windows) };
  for (const d of diagnostics) {
    if (d.severity !== 'error' && d.code !== 'not-carried') continue;
    const [, section, key] = d.pointer.split('/');
    if ((section === 'settings' || section === 'windows') && key !== undefined) out[section].delete(key);
  }
  return out;
}

describe('every readable target is a codec over its file set (property over the registry)', () => {
  const readable = TARGETS.filter((t) => t.parse && t.recognise);

  it('covers every target of the registry', () => {
    expect(readable.map((t) => t.id)).toEqual(TARGETS.map((t) => t.id));
  });

  it('parse(render(p)) is the carried part of p, and render(parse(files)) the same bytes', () => {
    fc.assert(
      fc.property(catalogProfile(), options, (p, opts) => {
        for (const target of readable) {
          const renderOptions: RenderOptions = { ...opts, ...(target.needs?.includes('assetUrl') ? { assetUrl: ASSET_URL } : {}) };
          const first = target.render(p, renderOptions);
          if (first.artifacts.length === 0) continue; // nothing of p reaches this target (a warning says so)
          for (const a of first.artifacts) expect(target.recognise!(a.contents, a.fileName)?.member, `${target.id} ${a.fileName}`).toBe(a.fileName);

          // 1. What the files hold is what the profile says, on the keys they carry (a value render
          // said it could not write, such as a variable the console has no token for, is not carried).
          const carried = withoutKeysNamedIn(p, first.diagnostics);
          const parsed = target.parse!(first.artifacts.map((a) => ({ fileName: a.fileName, contents: a.contents })));
          expect(parsed.diagnostics.filter((d) => d.severity === 'error'), target.id).toEqual([]);
          const drift = diffSides(
            { kind: 'profile', arg: 'p', profile: carried },
            { kind: 'artifact', arg: target.id, artifact: normalizeArtifact(parsed, first.artifacts[0]!.fileName) },
            { showSecrets: true },
          ) as SingleDiff;
          expect(drift.changes, target.id).toEqual([]);

          // 2. Written again from what was read, the files are the same bytes.
          const back = profileFromFiles(target, first.artifacts, p);
          const again = target.render(back.profile, { ...renderOptions, ...back.options });
          expect(comparable(target, again.artifacts), target.id).toEqual(comparable(target, first.artifacts));
        }
      }),
      { numRuns: 40 },
    );
  });
});
