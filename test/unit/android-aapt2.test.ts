import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { androidRestrictionsTarget as target, RESTRICTIONS_FILE, RESTRICTIONS_VALUES_FILE } from '../../src/targets/android/restrictions.js';
import type { Artifact } from '../../src/targets/types.js';
import { makeProfile } from '../helpers/profile.js';

// Debian 12 ships aapt2 in the package `aapt`; `android-framework-res` adds framework-res.apk,
// which `aapt2 link` needs to resolve the android: attributes.
const HAS_AAPT2 = spawnSync('aapt2', ['version'], { encoding: 'utf8' }).error === undefined;
const FRAMEWORK = '/usr/share/android-framework-res/framework-res.apk';
const HAS_FRAMEWORK = HAS_AAPT2 && existsSync(FRAMEWORK);
if (!HAS_AAPT2) console.warn('aapt2 not found: the aapt2 tests are skipped. Install it with `apt-get install -y aapt` (Debian package aapt).');
else if (!HAS_FRAMEWORK) console.warn(`${FRAMEWORK} not found: the aapt2 link test is skipped. Install Debian package android-framework-res.`);

// CI installs aapt and android-framework-res (.ci/run): there these checks must run.
it.runIf(process.env.CI)('CI has aapt2 and framework-res.apk', () => {
  expect({ HAS_AAPT2, HAS_FRAMEWORK }).toEqual({ HAS_AAPT2: true, HAS_FRAMEWORK: true });
});

const NASTY = `  it's <b> & "q" ]]> 100% %s #1 \\ 😀 \u202Eabc @x ?y  `;
const PROFILES = {
  strings: makeProfile({ settings: { ServicesDomain: 'example.com', Telephony_Enabled: false, IP_Mode: 'Two Stacks', ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'], AutoLoginUserName: '007' } }),
  nasty: makeProfile({ settings: { AutoLoginUserName: NASTY, AutoLoginUserPassword: 'True', PRTCertificateUrl: '@null' } }),
  empty: makeProfile({ settings: {} }),
};

const work = mkdtempSync(join(tmpdir(), 'aapt2-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Lays the two files out as an app's res/ tree, the way aapt2 expects them. */
function layout(name: string, artifacts: readonly Artifact[]): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'res', 'xml'), { recursive: true });
  mkdirSync(join(dir, 'res', 'values'), { recursive: true });
  for (const a of artifacts) {
    const sub = a.fileName === RESTRICTIONS_FILE ? 'xml' : a.fileName === RESTRICTIONS_VALUES_FILE ? 'values' : undefined;
    if (sub) writeFileSync(join(dir, 'res', sub, a.fileName), a.contents);
  }
  writeFileSync(
    join(dir, 'AndroidManifest.xml'),
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.restrictions"><uses-sdk android:minSdkVersion="23"/><application/></manifest>\n',
  );
  return dir;
}

function run(args: string[], cwd: string): { status: number | null; output: string } {
  const r = spawnSync('aapt2', args, { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('aapt2 (Debian package aapt) accepts what android-restrictions writes', () => {
  for (const [name, profile] of Object.entries(PROFILES)) {
    for (const typedValues of [false, true]) {
      it.skipIf(!HAS_AAPT2)(`aapt2 compile: ${name}${typedValues ? ', typed' : ''}`, () => {
        const dir = layout(`${name}-${typedValues}`, target.render(profile, { typedValues }).artifacts);
        const compiled = run(['compile', '--dir', 'res', '-o', 'compiled.zip'], dir);
        expect(compiled.output).toBe('');
        expect(compiled.status).toBe(0);
      });
    }
  }

  it.skipIf(!HAS_FRAMEWORK)('aapt2 link resolves every reference, and the defaults come out exactly', () => {
    const dir = layout('link', target.render(PROFILES.nasty, {}).artifacts);
    expect(run(['compile', '--dir', 'res', '-o', 'compiled.zip'], dir).status).toBe(0);
    const linked = run(['link', '-I', FRAMEWORK, '--manifest', 'AndroidManifest.xml', '-o', 'out.apk', 'compiled.zip'], dir);
    expect(linked.output).toBe('');
    expect(linked.status).toBe(0);
    const dump = run(['dump', 'resources', 'out.apk'], dir).output;
    // aapt2 prints a compiled string resource between double quotes, unescaped.
    expect(dump).toContain(`"${NASTY}"`);
    expect(dump).toContain('"True"');
    expect(dump).toContain('"@null"');
    const tree = run(['dump', 'xmltree', '--file', 'res/xml/app_restrictions.xml', 'out.apk'], dir).output;
    expect(tree).toContain('restrictionType(0x01010493)=6');
  });

  it.skipIf(!HAS_AAPT2)('aapt2 compile rejects what the lint also rejects (a control: the test can fail)', () => {
    const dir = layout('broken', [
      { target: target.id, fileName: RESTRICTIONS_FILE, contents: '<restrictions/>\n' },
      { target: target.id, fileName: RESTRICTIONS_VALUES_FILE, contents: "<resources><string name=\"a\">it's</string></resources>\n" },
    ]);
    const compiled = run(['compile', '--dir', 'res', '-o', 'compiled.zip'], dir);
    expect(compiled.status).not.toBe(0);
    expect(compiled.output).toContain('unescaped apostrophe');
  });
});
