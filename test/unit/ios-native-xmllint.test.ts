import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { iosAppConfigTarget } from '../../src/targets/ios/appconfig.js';
import { iosDdmTarget } from '../../src/targets/ios/ddm.js';
import { iosDictTarget } from '../../src/targets/ios/dict.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';
import { wrapFragment } from '../../src/targets/ios/plist-verify.js';
import type { Artifact } from '../../src/targets/types.js';
import { makeProfile } from '../helpers/profile.js';

/**
 * Cross-checks iOS exports with Debian's native xmllint (libxml2-utils) against the vendors' own
 * schema copies in ../shared/vendor/ios, independently of the in-process libxml2 and of our schema copies.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VENDOR = path.resolve(ROOT, '..', 'shared', 'vendor', 'ios');
const hasVendor = existsSync(path.join(VENDOR, 'appconfigschema.xsd'));
const hasNativeXmllint = spawnSync('xmllint', ['--version']).status === 0;
const skip = !hasVendor || !hasNativeXmllint;
if (!hasNativeXmllint) console.warn('ios-native-xmllint: skipped, native xmllint not found (install Debian package libxml2-utils).');
else if (!hasVendor) console.warn(`ios-native-xmllint: skipped, ${VENDOR} not found.`);

// CI installs libxml2-utils and lays ../shared beside the clone: there the cross-check must run.
it.runIf(process.env.CI)('CI has native xmllint and ../shared/vendor for the cross-check', () => {
  expect({ hasNativeXmllint, hasVendor }).toEqual({ hasNativeXmllint: true, hasVendor: true });
});

const tmp = mkdtempSync(path.join(tmpdir(), 'ios-native-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs native xmllint once over all files; returns the names of files it did not pass. */
function failing(args: string[], files: { name: string; contents: string }[]): string[] {
  const paths = files.map((f, i) => {
    const p = path.join(tmp, `${args[0]!.replace(/\W/g, '')}-${i}.xml`);
    writeFileSync(p, f.contents);
    return p;
  });
  const r = spawnSync('xmllint', ['--noout', '--nonet', ...args, ...paths], { encoding: 'utf8' });
  const lines = r.stderr.split('\n');
  return files
    .filter((_, i) =>
      args[0] === '--schema'
        ? !lines.includes(`${paths[i]} validates`)
        : lines.some((l) => l.startsWith(`Document ${paths[i]} does not validate`) || (l.startsWith(`${paths[i]}:`) && l.includes('error'))),
    )
    .map((f) => f.name);
}

/** Exports of a few profiles: the golden cases' files when present, plus fresh renders. */
function exports(): Artifact[] {
  const out: Artifact[] = [];
  const golden = path.join(ROOT, 'test', 'golden');
  const profiles = [
    makeProfile({ name: 'a', settings: { ServicesDomain: 'a.example', IP_Mode: 'Two Stacks', ServicesDomainSsoEmailPrompt: false, AutoLoginUserName: '${user.email}' } }),
    makeProfile({ name: 'b', settings: { ServicesDomain: 'x<&>]]>"\'😀\u202E\r\n', Telephony_Enabled: true, AllowUrlProvisioning: false }, apps: { ios: 'com.cisco.jabberIMintune' } }),
  ];
  for (const typedValues of [false, true]) {
    for (const p of profiles) {
      for (const t of [iosAppConfigTarget, iosPlistTarget, iosDictTarget, iosDdmTarget]) {
        out.push(...t.render(p, { typedValues, emm: 'jamf', assetUrl: 'https://mdm.example.com/c.plist' }).artifacts.map((a) => ({ ...a, fileName: `${p.name}/${a.fileName}` })));
      }
    }
  }
  if (existsSync(golden)) {
    for (const dir of readdirSync(golden).filter((d) => d.startsWith('ios-'))) {
      for (const f of readdirSync(path.join(golden, dir))) {
        const contents = () => readFileSync(path.join(golden, dir, f), 'utf8');
        if (f === 'ios-appconfig.xml') out.push({ target: 'ios-appconfig', fileName: `${dir}/${f}`, contents: contents() });
        if (f.endsWith('.plist')) out.push({ target: 'ios-plist', fileName: `${dir}/${f}`, contents: contents() });
        if (f === 'ios-dict.xml') out.push({ target: 'ios-dict', fileName: `${dir}/${f}`, contents: contents() });
      }
    }
  }
  return out;
}

describe.skipIf(skip)('iOS exports under native xmllint and the vendor schema copies', () => {
  const all = exports();
  const of = (target: string) => all.filter((a) => a.target === target).map((a) => ({ name: a.fileName, contents: a.contents }));

  it('specfiles pass the 2018 AppConfig schema (appconfigschema.xsd), and the 2016 one unless the bundle id has a hyphen', () => {
    const specs = of('ios-appconfig');
    expect(specs.length).toBeGreaterThan(3);
    expect(failing(['--schema', path.join(VENDOR, 'appconfigschema.xsd')], specs)).toEqual([]);
    expect(failing(['--schema', path.join(VENDOR, 'appconfig.xsd')], specs)).toEqual(specs.filter((s) => /<bundleId>[^<]*-/.test(s.contents)).map((s) => s.name));
  });

  it('plist documents and wrapped dict fragments pass Apple\'s DTD (PropertyList-1.0.dtd) with --dtdvalid', () => {
    const plists = [...of('ios-plist'), ...all.filter((a) => a.fileName.endsWith('.plist') && a.target === 'ios-ddm').map((a) => ({ name: a.fileName, contents: a.contents }))];
    const dicts = of('ios-dict').map((d) => ({ name: d.name, contents: wrapFragment(d.contents) }));
    expect(plists.length).toBeGreaterThan(3);
    expect(dicts.length).toBeGreaterThan(3);
    expect(failing(['--dtdvalid', path.join(VENDOR, 'PropertyList-1.0.dtd')], [...plists, ...dicts])).toEqual([]);
  });

  it('catches a broken specfile and a broken plist the same way our check does (the test can fail)', () => {
    const spec = of('ios-appconfig')[0]!;
    const plist = of('ios-plist')[0]!;
    expect(failing(['--schema', path.join(VENDOR, 'appconfigschema.xsd')], [{ name: 'bad', contents: spec.contents.replace(/<bundleId>[^<]*</, '<bundleId>com.my_company.app<') }])).toEqual(['bad']);
    expect(failing(['--dtdvalid', path.join(VENDOR, 'PropertyList-1.0.dtd')], [{ name: 'bad', contents: plist.contents.replace(/<string>[^<]*<\/string>/, '<null/>') }])).toEqual(['bad']);
  });
});
