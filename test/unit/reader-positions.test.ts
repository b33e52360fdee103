/**
 * Every key a reader returns carries its line and column (from 1) inside the artifact, and the
 * position is where the key's name stands (issue 9: "positions print column 0"). Run over the
 * registry with a profile that sets every key, so a new reader is covered without a new test.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profile/validate.js';
import type { ResolvedProfile } from '../../src/profile/types.js';
import { getParameter } from '../../src/catalog/index.js';
import { TARGETS } from '../../src/targets/registry.js';

const FIXTURE = path.resolve('test/fixtures/import/every-key.yaml');
let profile: ResolvedProfile;
beforeAll(async () => {
  const result = await validateProfile(FIXTURE, { env: { JABBER_AUTOLOGIN_PASSWORD: 'secret' } });
  profile = result.profile!;
});

/** The names a key may stand under in a file: its canonical key and its channel names. */
function spellings(section: 'settings' | 'windows' | 'unknown', key: string): string[] {
  if (section === 'unknown') return [key];
  const p = getParameter(section, key)!;
  return [p.key, p.channels.url?.name, p.channels.emm?.name, p.channels.msi?.name].filter((s): s is string => s !== undefined);
}

describe('every reader gives each key its position', () => {
  for (const target of TARGETS.filter((t) => t.parse)) {
    for (const typedValues of [false, true]) {
      it(`${target.id}${typedValues ? ' --typed-values' : ''}`, () => {
        const rendered = target.render(profile, { typedValues, emm: 'intune', assetUrl: 'https://mdm.example.com/a.plist', allowSecretInAsset: true });
        const readable = rendered.artifacts.filter((a) => target.recognise?.(a.contents, a.fileName) !== undefined);
        expect(readable.length).toBeGreaterThan(0);
        // The whole set at once: a target reads its files together (restrictions with values, the DDM trio).
        const parsed = target.parse!(readable.map((a) => ({ contents: a.contents, fileName: a.fileName })));
        let count = 0;
        for (const section of ['settings', 'windows', 'unknown'] as const) {
          for (const key of parsed[section].keys()) {
            count++;
            const pos = parsed.positions.get(`/${section}/${key}`);
            expect(pos, `${section}.${key}`).toBeDefined();
            expect(pos!.line).toBeGreaterThanOrEqual(1);
            expect(pos!.column).toBeGreaterThanOrEqual(1);
            const file = readable.find((a) => a.fileName === pos!.file);
            expect(file, `${section}.${key} names the file it is in (${pos!.file})`).toBeDefined();
            const lines = file!.contents.split(/\r?\n/);
            const rest = lines[pos!.line - 1]!.slice(pos!.column - 1);
            const lineBelow = lines[pos!.line] ?? '';
            // The key's name stands at the position (an XML element may put it on the next line).
            const names = spellings(section, key);
            expect(names.some((n) => rest.includes(n) || lineBelow.includes(n)), `${pos!.file}: ${section}.${key} at ${pos!.line}:${pos!.column} "${rest}"`).toBe(true);
          }
        }
        expect(count).toBeGreaterThan(0);
        // The app id, when the set names one, is positioned too.
        if (parsed.app !== undefined && target.carries.channel === 'emm') {
          const pos = parsed.positions.get(`/apps/${target.carries.platform}`);
          expect(pos, 'app id position').toBeDefined();
          const file = readable.find((a) => a.fileName === pos!.file)!;
          expect(file.contents.split(/\r?\n/)[pos!.line - 1]!.slice(pos!.column - 1)).toMatch(/bundleId|productId|packageName|BundleID/);
        }
        for (const d of parsed.diagnostics) if (d.line > 0) expect(d.column, `${d.code} at line ${d.line}`).toBeGreaterThan(0);
      });
    }
  }
});
