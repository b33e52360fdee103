/**
 * Exported files for the `validate` tests: the real export of examples/ (through the library's
 * exportProfiles), and tampered copies, one per kind of damage an admin's file can have.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportProfiles } from '../../src/export/export-profiles.js';

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The vendor's 2016 AppConfig schema when ../shared is beside the clone, else our copy of it. */
export function appConfig2016Xsd(): string {
  const vendor = path.resolve(ROOT, '..', 'shared', 'vendor', 'ios', 'appconfig.xsd');
  try {
    readFileSync(vendor);
    return vendor;
  } catch {
    return path.join(ROOT, 'schemas', 'ios', 'appconfig-2016.xsd');
  }
}

/** Exports examples/ (every target, DDM included) into `<dir>/out`; returns that folder. */
export async function exportExamples(dir: string): Promise<string> {
  const out = path.join(dir, 'out');
  const result = await exportProfiles({ paths: [path.join(ROOT, 'examples')], out, assetUrl: 'https://mdm.acme.com/jabber/', env: {} });
  if (result.summary.failed > 0) throw new Error(`the export of examples/ failed: ${JSON.stringify(result.profiles.flatMap((p) => p.diagnostics))}`);
  return out;
}

/** One damaged file: where it goes, from which exported file, how, and what validate must say. */
export interface Tamper {
  /** What is wrong, for test names. */
  what: string;
  /** Target the file is still recognised as. */
  target: string;
  /** The exported file (in a profile folder) it is made from. */
  from: string;
  /** Its name in the tampered folder (export names kept where the check depends on them). */
  file: string;
  change(text: string): string;
  /** The diagnostic code validate reports (as an error). */
  code: string;
}

function replaced(text: string, from: string | RegExp, to: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`tamper did not apply: ${String(from)}`);
  return out;
}

/** One tamper of each importable kind (and of the others), each failing its target's check. */
export const TAMPERS: readonly Tamper[] = [
  {
    what: 'a duplicate key in a plist',
    target: 'ios-plist',
    from: 'ios-managed.plist',
    file: 'duplicate-key.plist',
    change: (t) => replaced(t, '\t<key>IP_Mode</key>', '\t<key>ServicesDomain</key>\n\t<string>other.com</string>\n\t<key>IP_Mode</key>'),
    code: 'plist-duplicate-key',
  },
  {
    what: 'an enum value Jabber does not take in a dict',
    target: 'ios-dict',
    from: 'ios-dict.xml',
    file: 'intune-ios.xml',
    change: (t) => replaced(t, '<string>Two Stacks</string>', '<string>Dual</string>'),
    code: 'value-type',
  },
  {
    what: 'a specfile with a bad bundle id',
    target: 'ios-appconfig',
    from: 'ios-appconfig.xml',
    file: 'bad-bundle-specfile.xml',
    change: (t) => replaced(t, '<bundleId>com.cisco.jabberIM</bundleId>', '<bundleId>com.cisco jabber!</bundleId>'),
    code: 'appconfig-schema',
  },
  {
    what: 'an Android JSON with two value fields',
    target: 'android-managed-config',
    from: 'android-managed-config.json',
    file: 'two-value-fields.json',
    change: (t) => replaced(t, '"valueString": "acme.com"', '"valueString": "acme.com",\n      "valueBool": true'),
    code: 'value-field-count',
  },
  {
    what: 'an enum value Jabber does not take in an AMAPI policy',
    target: 'android-amapi',
    from: 'android-amapi-policy.json',
    file: 'amapi.json',
    change: (t) => replaced(t, '"Two Stacks"', '"Dual"'),
    code: 'value-type',
  },
  {
    what: 'a URL with a stray parameter',
    target: 'url',
    from: 'jabber-config-url.txt',
    file: 'stray-parameter.txt',
    change: (t) => t.trimEnd() + '&ServicesDomain=evil.example\n',
    code: 'url-duplicate-parameter',
  },
  {
    what: 'an installer switch value the MSI does not take',
    target: 'windows-installer',
    from: 'install-jabber.cmd',
    file: 'install.cmd',
    change: (t) => replaced(t, 'AUTHENTICATOR=CUCM', 'AUTHENTICATOR=XYZ'),
    code: 'windows-invalid-value',
  },
  {
    what: 'an unknown restrictionType',
    target: 'android-restrictions',
    from: 'app_restrictions.xml',
    file: 'app_restrictions.xml',
    change: (t) => replaced(t, 'android:restrictionType="string"', 'android:restrictionType="text"'),
    code: 'restriction-unknown-type',
  },
  {
    what: 'an e-mail text with the link twice',
    target: 'url-page',
    from: 'jabber-config-email.txt',
    file: 'mail.txt',
    change: (t) => replaced(t, /^(ciscojabber:\/\/\S+)$/m, '$1\n$1'),
    code: 'email-links',
  },
];

/** Writes each tamper made from `<out>/acme-prod/` into `dir`; returns the file paths, in TAMPERS order. */
export function writeTampered(out: string, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return TAMPERS.map((t) => {
    const file = path.join(dir, t.file);
    writeFileSync(file, t.change(readFileSync(path.join(out, 'acme-prod', t.from), 'utf8')));
    return file;
  });
}
