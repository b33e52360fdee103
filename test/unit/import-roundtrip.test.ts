import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importInput as importText } from '../../src/import/import-artifact.js';
import { HOSTILE_PIECES, hostileString } from '../helpers/arbitraries.js';
import { makeProfile } from '../helpers/profile.js';
import { importInput } from '../../src/import/import-artifact.js';
import { readableTargetIds } from '../../src/artifact/read.js';
import { validateProfile } from '../../src/profile/validate.js';
import type { ResolvedProfile } from '../../src/profile/types.js';
import { exportProfiles } from '../../src/export/export-profiles.js';
import { importArtifact } from '../../src/import/import-artifact.js';
import { getTarget, TARGETS } from '../../src/targets/registry.js';
import type { RenderOptions } from '../../src/targets/types.js';
import type { EmmConsole } from '../../src/variables/consoles.js';

/**
 * export → import → export gives back the target's file byte for byte, for every importable
 * target, from a profile that sets every URL/EMM key (and installer switches).
 */
const FIXTURE = path.resolve('test/fixtures/import/every-key.yaml');
const SECRET = 'Pa55-w0rd!&<secret>';
const ENV = { JABBER_AUTOLOGIN_PASSWORD: SECRET };

/** Targets import promises to read (issue 4), plus the installer command. */
const IMPORTABLE = ['ios-appconfig', 'ios-plist', 'ios-dict', 'android-managed-config', 'android-amapi', 'url', 'windows-installer'];

let tmp: string;
let profile: ResolvedProfile;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-import-rt-'));
  const result = await validateProfile(FIXTURE, { env: ENV });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  profile = result.profile!;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Renders one target's one file. */
function render(p: ResolvedProfile, targetId: string, options: RenderOptions): string {
  const out = getTarget(targetId)!.render(p, options);
  expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(out.artifacts.length).toBeGreaterThan(0);
  return out.artifacts[0]!.contents;
}

/** Imports a file's contents, writes the YAML and resolves it back (checked like `validate`). */
async function importAndResolve(contents: string, fileName: string, caseName: string): Promise<{ yaml: string; profile: ResolvedProfile }> {
  const imported = await importInput({ source: fileName, fileName, contents, fromArgument: false }, { name: 'every-key' });
  const file = path.join(tmp, `${caseName}.yaml`);
  writeFileSync(file, imported.yaml);
  const result = await validateProfile(file, { env: ENV });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { yaml: imported.yaml, profile: result.profile! };
}

describe('import round trip (export → import → export)', () => {
  it('every importable target can be read back', () => {
    for (const id of IMPORTABLE) expect(readableTargetIds()).toContain(id);
  });

  const cases: { target: string; options: RenderOptions; label: string }[] = [];
  for (const target of IMPORTABLE) {
    cases.push({ target, options: { emm: 'intune' }, label: 'intune tokens' });
    if (target.startsWith('ios-') || target.startsWith('android-')) {
      cases.push({ target, options: { emm: 'jamf', typedValues: true }, label: 'jamf tokens, typed values' });
      cases.push({ target, options: { emm: 'ivanti-core' as EmmConsole }, label: 'ivanti-core tokens' });
    }
  }

  it.each(cases)('$target ($label) comes back byte for byte', async ({ target, options, label }) => {
    const fileName = getTarget(target)!.fileNames[0]!;
    const first = render(profile, target, options);
    const back = await importAndResolve(first, fileName, `${target}-${label.replace(/\W+/g, '-')}`);
    expect(back.yaml).not.toContain(SECRET);
    expect(render(back.profile, target, options)).toBe(first);
  });

  it('brings back the values, not only the bytes: canonical types, variables, apps, secret reference', async () => {
    const first = render(profile, 'android-managed-config', { emm: 'intune' });
    const back = await importAndResolve(first, 'android-managed-config.json', 'values');
    expect(back.profile.apps.android).toBe('com.acme.im');
    expect(back.profile.settings.get('ServiceDiscoveryExcludedServices')).toEqual(['WEBEX', 'CUP']);
    expect(back.profile.settings.get('ServicesDomainSsoEmailPrompt')).toBe(false);
    expect(back.profile.settings.get('AutoLoginUserName')).toBe('${user.email}');
    expect(back.profile.settings.get('AutoLoginUserPassword')).toBe(SECRET); // through ${env:...}
    expect(back.yaml).toContain('AutoLoginUserPassword: ${env:JABBER_AUTOLOGIN_PASSWORD}');
  });
});

describe('import round trip with hostile strings (property)', () => {
  // Characters XML, JSON, URLs and YAML treat specially, emoji and right-to-left text. `$`, `{`
  // and `%` are left out: a literal "$EMAIL" cannot be told from Jamf's token, by design.
  const text = hostileString({ pieces: HOSTILE_PIECES.filter((x) => !/[\r\n\t\u200F$%{}]/.test(x)), minLength: 1, maxLength: 10 }).filter((t) => t.trim() === t && t !== '');

  it('AutoLoginUserName and PRTCertificateName come back exactly through every readable format', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(...IMPORTABLE.filter((t) => t !== 'windows-installer')), async (value, target) => {
        // PRTCertificateName also reaches the Windows installer (PRT_CERTIFICATE_NAME), whose command
        // line cannot carry a double quote: validate rejects that (installer-character), so the URL
        // case, the one that reads PRTCertificateName back, draws values without one.
        fc.pre(target !== 'url' || !value.includes('"'));
        const certificateName = target === 'url' ? value : 'Acme PRT';
        const p = makeProfile({ name: 'prop', settings: { ServicesDomain: 'acme.com', AutoLoginUserName: value, AutoLoginUserPassword: SECRET, PRTCertificateName: certificateName } });
        const first = getTarget(target)!.render(p, {});
        expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const artifact = first.artifacts[0]!;
        const imported = await importText({ source: artifact.fileName, fileName: artifact.fileName, contents: artifact.contents, fromArgument: false }, { name: 'prop' });
        const file = path.join(tmp, `prop-${(n += 1)}.yaml`);
        writeFileSync(file, imported.yaml);
        const back = await validateProfile(file, { env: ENV });
        expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const key = target === 'url' ? 'PRTCertificateName' : 'AutoLoginUserName';
        expect(back.profile!.settings.get(key)).toBe(value);
        expect(getTarget(target)!.render(back.profile!, {}).artifacts[0]!.contents).toBe(artifact.contents);
      }),
      { numRuns: 60 },
    );
  });
});

describe('export → import → export through files (library API, every target)', () => {
  it('each file of an export folder imports (with its set) to a profile that exports the same files', async () => {
    const out = path.join(tmp, 'files-out');
    // Every target with Intune's tokens (--emm alone writes only the formats Intune takes).
    const first = await exportProfiles({ paths: [FIXTURE], out, targets: TARGETS.map((t) => t.id), emm: 'intune', assetUrl: 'https://mdm.acme.com/jabber/', allowSecretInAsset: true, env: ENV });
    expect(first.summary.failed).toBe(0);
    for (const target of TARGETS) {
      const file = path.join(out, 'every-key', target.fileNames[0]!);
      const profile = path.join(tmp, 'files-rt', `${target.id}.yaml`);
      const imported = await importArtifact(file, { out: profile });
      expect(imported.ok, `${target.id}: ${JSON.stringify(imported.diagnostics.filter((d) => d.severity === 'error'))}`).toBe(true);
      expect(imported.target).toBe(target.id);
      const again = path.join(tmp, 'files-rt-out', target.id);
      const second = await exportProfiles({ paths: [profile], out: again, targets: [target.id], emm: 'intune', assetUrl: 'https://mdm.acme.com/jabber/', allowSecretInAsset: true, env: ENV });
      expect(second.summary.failed, target.id).toBe(0);
      for (const name of target.fileNames) {
        const before = readFileSync(path.join(out, 'every-key', name), 'utf8');
        const after = readFileSync(path.join(again, 'every-key', name), 'utf8');
        // The page and e-mail carry the link; their free text (the distribution text) is not read back.
        if (target.shows?.includes('distribution')) expect(after.match(/ciscojabber:[^"<\s]*/)?.[0], name).toBe(before.match(/ciscojabber:[^"<\s]*/)?.[0]);
        else expect(after, name).toBe(before);
      }
    }
  });
});
