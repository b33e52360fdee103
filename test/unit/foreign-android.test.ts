/**
 * The way back over files nobody on the team wrote (issue 9): Intune "Enter JSON data" and Play
 * EMM managed configurations, AMAPI policies and other apps' app_restrictions.xml, read by
 * `import`, `validate` and `diff` with one verdict per file. And issue 9 item 3: import runs the
 * same vendor-schema check validate runs on a console file, for every format.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { diffPaths, type SingleDiff } from '../../src/diff/diff.js';
import { importArtifact, importSet } from '../../src/import/import-artifact.js';
import { recogniseInput } from '../../src/artifact/read.js';
import { validatePaths, type ValidatedResult } from '../../src/validate/validate-paths.js';
import { exportExamples, ROOT, TAMPERS, writeTampered } from '../helpers/exported-files.js';

const FOREIGN = path.join(ROOT, 'test', 'fixtures', 'foreign', 'android');

let tmp: string;
let out: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-foreign-android-'));
  out = await exportExamples(tmp);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const errorCodes = (ds: readonly Diagnostic[]): string[] => [...new Set(ds.filter((d) => d.severity === 'error').map((d) => d.code))].sort();
/** Each diagnostic as `line:column code`, for comparing what two commands say about one file. */
const placed = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`).sort();

async function validateOne(file: string): Promise<ValidatedResult> {
  const report = await validatePaths([file]);
  const r = report.results.find((x) => x.source === file);
  if (!r) throw new Error(`validate did not check ${file}: ${JSON.stringify(report.diagnostics)}`);
  return r;
}

/** A foreign fixture copied into its own folder (so `import` finds no stray companions). */
function copied(name: string, ...companions: string[]): string {
  const dir = mkdtempSync(path.join(tmp, 'f-'));
  for (const f of [name, ...companions]) copyFileSync(path.join(FOREIGN, f), path.join(dir, path.basename(f)));
  return path.join(dir, path.basename(name));
}

describe('issue 9 item 3: import runs the checks validate runs on a console file', () => {
  it('every tampered export fails import exactly as it fails validate, with the same error codes; --lenient imports it and names each', async () => {
    const files = writeTampered(out, path.join(tmp, 'tampered'));
    for (const [i, file] of files.entries()) {
      const tamper = TAMPERS[i]!;
      const v = await validateOne(file);
      expect(v.ok, tamper.what).toBe(false);
      const imported = await importArtifact(file).catch((e: unknown) => e as Error & { code: string });
      if (imported instanceof Error) {
        // The e-mail with its link twice is one the url-page reader cannot read at all: import stops, as diff does.
        expect([tamper.what, imported.code]).toEqual(['an e-mail text with the link twice', 'unreadable-artifact']);
        continue;
      }
      expect([tamper.what, imported.ok]).toEqual([tamper.what, false]);
      expect([tamper.what, errorCodes(imported.diagnostics)]).toEqual([tamper.what, errorCodes(v.diagnostics)]);
      expect(errorCodes(imported.diagnostics), tamper.what).toContain(tamper.code);
      const lenient = await importArtifact(file, { lenient: true });
      expect(lenient.ok, tamper.what).toBe(true);
      expect(lenient.diagnostics.some((d) => d.code === tamper.code && /--lenient|Dropped/.test(d.message)), tamper.what).toBe(true);
    }
  });

  const formats: [string, string, (t: string) => string, string][] = [
    ['a specfile without <version> (fails the AppConfig XSD)', 'ios-appconfig.xml', (t) => t.replace('<version>1</version>', ''), 'appconfig-schema'],
    ['a plist with an attribute Apple\'s DTD does not declare', 'ios-managed.plist', (t) => t.replace('<plist version="1.0">', '<plist version="1.0" foo="bar">'), 'plist-dtd'],
    ['a managed configuration with an integer past int32 (fails the Play EMM schema)', 'android-managed-config.json', (t) => t.replace('"managedProperty": [', '"managedProperty": [\n    { "key": "grid_size", "valueInteger": 99999999999 },'), 'vendor-schema'],
    ['an AMAPI policy with a field AMAPI does not define in its schema', 'android-amapi-policy.json', (t) => t.replace('"packageName"', '"installType": "SOMETIMES",\n  "packageName"'), 'vendor-schema'],
  ];
  for (const [what, from, change, code] of formats) {
    it(`${what}: validate and import both fail with ${code}`, async () => {
      const dir = mkdtempSync(path.join(tmp, 'fmt-'));
      const file = path.join(dir, from);
      const text = readFileSync(path.join(out, 'acme-prod', from), 'utf8');
      const changed = change(text);
      expect(changed).not.toBe(text);
      writeFileSync(file, changed);
      const v = await validateOne(file);
      expect(errorCodes(v.diagnostics)).toContain(code);
      const imported = await importArtifact(file);
      expect(imported.ok).toBe(false);
      expect(errorCodes(imported.diagnostics)).toEqual(errorCodes(v.diagnostics));
      expect(placed(imported.diagnostics.filter((d) => d.code === code))).toEqual(placed(v.diagnostics.filter((d) => d.code === code)));
    });
  }

  it("an installer command as Cisco's guides print it (CLEAR =1): validate holds it to the written form, import reads it with that finding as a warning", async () => {
    const dir = mkdtempSync(path.join(tmp, 'cmd-'));
    const file = path.join(dir, 'install.cmd');
    writeFileSync(file, 'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR =1 AUTHENTICATOR=CUP CUP_ADDRESS=1.2.3.4 SERVICES_DOMAIN=acme.com\r\n');
    const v = await validateOne(file);
    expect(errorCodes(v.diagnostics)).toEqual(['windows-spaced-equals']);
    const imported = await importArtifact(file);
    expect(imported.ok).toBe(true);
    expect(errorCodes(imported.diagnostics)).toEqual([]);
    expect(imported.diagnostics.filter((d) => d.code === 'windows-spaced-equals').map((d) => d.severity)).toEqual(['warning']);
    expect(imported.yaml).toMatch(/CLEAR: true/);
  });

  it('a fresh export still imports clean (its own checks pass), for every readable file', async () => {
    for (const f of ['android-managed-config.json', 'android-amapi-policy.json', 'app_restrictions.xml', 'ios-appconfig.xml', 'ios-managed.plist', 'ios-dict.xml']) {
      const r = await importArtifact(path.join(out, 'acme-prod', f));
      expect([f, r.ok, errorCodes(r.diagnostics)]).toEqual([f, true, []]);
    }
  });
});

describe('Intune "Enter JSON data" and Play EMM files from outside the project', () => {
  it('a valueStringArray for a comma-separated key: validate and import agree (an error, not a silent import)', async () => {
    const file = copied('intune-enter-json.json');
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    expect(errorCodes(v.diagnostics)).toEqual(['value-type']);
    expect(imported.ok).toBe(false);
    expect(errorCodes(imported.diagnostics)).toEqual(['value-type']);
    // Bundles and bundle arrays of other apps are named, never dropped silently.
    const named = imported.diagnostics.filter((d) => d.code === 'unknown-key').map((d) => d.message.split(' ')[0]);
    expect(named).toEqual(['applications', 'network', 'grid_size']);
    const lenient = await importArtifact(file, { lenient: true });
    expect(lenient.ok).toBe(true);
    expect(lenient.yaml).toContain('ServiceDiscoveryExcludedServices: [WEBEX, CUP]');
  });

  it('nulls, numbers as strings, a key written twice, a field written twice: each said once, at its place', async () => {
    const file = copied('odd-values.json');
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    expect(imported.ok).toBe(false);
    expect(placed(imported.diagnostics)).toEqual(placed(v.diagnostics));
    // One finding per place and code: the vendor schema's type error and the reader's are one diagnostic.
    const keys = v.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);
    expect(keys.length).toBe(new Set(keys).size);
    const types = v.diagnostics.filter((d) => d.line === 7);
    expect(types.map((d) => d.code)).toEqual(['empty-value', 'value-field-type']);
    expect(v.diagnostics.some((d) => / found a list/.test(d.message))).toBe(false);
    expect(v.diagnostics.filter((d) => d.code === 'duplicate-key').map((d) => d.line)).toEqual([6, 9]);
    for (const d of [...v.diagnostics, ...imported.diagnostics]) expect([d.code, d.line > 0, d.column > 0]).toEqual([d.code, true, true]);
  });

  it('a Play EMM file without kind and with productId lacking app:: one verdict, and --lenient reads the package', async () => {
    const file = copied('play-emm-no-kind.json');
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    expect(imported.ok).toBe(false);
    expect(errorCodes(imported.diagnostics)).toEqual(errorCodes(v.diagnostics));
    const lenient = await importArtifact(file, { lenient: true, name: 'play' });
    expect(lenient.diagnostics.map((d) => d.code)).toContain('productid-without-app');
    expect(lenient.diagnostics.map((d) => d.code)).toContain('field-not-carried');
  });
});

describe('Android Management API policies', () => {
  it('a whole Policy (applications[], device settings) is read for Jabber\'s application; the rest is named, by all three commands', async () => {
    const file = copied('amapi-policy.json');
    // Before: not recognised by import, checked as a *profile* by validate ("Unknown key applications at the top of the profile").
    const v = await validateOne(file);
    expect(v).toMatchObject({ kind: 'artifact', target: 'android-amapi', ok: true });
    const imported = await importArtifact(file);
    expect(imported.ok).toBe(true);
    expect(imported.yaml).toMatch(/settings:\n {2}ServicesDomain: acme\.com\n {2}Telephony_Enabled: true\n/);
    expect(placed(imported.diagnostics)).toEqual(placed(v.diagnostics));
    const said = imported.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message.split(' ')[0]}`);
    expect(said).toEqual([
      '2:3 field-not-carried "name"',
      '4:5 other-application applications[0]',
      '11:7 field-not-carried "installType"',
      '15:9 unknown-key vpn_configuration_list',
      '16:9 unknown-key connection',
      '20:3 field-not-carried "passwordRequirements"',
    ]);
    const profile = path.join(path.dirname(file), 'imported.yaml');
    writeFileSync(profile, imported.yaml);
    expect(((await diffPaths(profile, file, { env: {} })) as SingleDiff).identical).toBe(true);
  });

  it("a Policy with several applications and none of them Jabber's reads none, and says so for each", async () => {
    const dir = mkdtempSync(path.join(tmp, 'policy-'));
    const file = path.join(dir, 'policy.json');
    const app = (pkg: string) => ({ packageName: pkg, managedConfiguration: { ServicesDomain: 'acme.com' } });
    writeFileSync(file, JSON.stringify({ applications: [app('com.google.android.gm'), app('com.microsoft.emmx')] }, null, 2));
    const imported = await importArtifact(file, { lenient: true });
    expect(imported.diagnostics.filter((d) => d.code === 'other-application').map((d) => d.line)).toEqual([3, 9]);
    expect(imported.yaml).not.toContain('ServicesDomain');
  });

  it('a Policy whose Jabber application breaks the AMAPI schema fails validate and import alike, at the place in the Policy', async () => {
    const dir = mkdtempSync(path.join(tmp, 'policy-'));
    const file = path.join(dir, 'policy.json');
    const text = readFileSync(path.join(FOREIGN, 'amapi-policy.json'), 'utf8').replace('"installType": "FORCE_INSTALLED",\n      "managedConfiguration": {\n        "ServicesDomain"', '"installType": "SOMETIMES",\n      "managedConfiguration": {\n        "ServicesDomain"');
    writeFileSync(file, text);
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    expect(errorCodes(v.diagnostics)).toEqual(['vendor-schema']);
    expect(errorCodes(imported.diagnostics)).toEqual(['vendor-schema']);
    const d = v.diagnostics.find((x) => x.code === 'vendor-schema')!;
    expect([d.line, d.pointer]).toEqual([11, '/applications/1/installType']);
  });
});

describe("other apps' app_restrictions.xml", () => {
  it('named alone, the restrictions file brings its values file for validate as for import: one verdict, every value read', async () => {
    const file = copied('sample-pair/app_restrictions.xml', 'sample-pair/app_restrictions_values.xml');
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    // Before, validate read the file without its values file: missing-services-domain, and every default unresolved.
    expect(v.diagnostics.map((d) => d.code)).not.toContain('resource-unresolved');
    expect(errorCodes(v.diagnostics)).toEqual(['autologin-incomplete']);
    expect(errorCodes(imported.diagnostics)).toEqual(['autologin-incomplete']);
    // In the same order as validate lists them (reading order), import's own secret note aside.
    const inOrder = (ds: readonly Diagnostic[]) => ds.filter((d) => d.code !== 'secret-as-env').map((d) => `${d.line}:${d.column} ${d.code}`);
    expect(inOrder(imported.diagnostics)).toEqual(inOrder(v.diagnostics));
    const lenient = await importArtifact(file, { lenient: true });
    expect(lenient.yaml).toMatch(/ServicesDomain: acme\.com/);
    expect(lenient.yaml).toMatch(/ServiceDiscoveryExcludedServices: \[WEBEX\]/);
    expect(lenient.yaml).toMatch(/IP_Mode: Two Stacks/);
    expect(lenient.yaml).toMatch(/Telephony_Enabled: true/);
    // The hidden password becomes a variable, named at the key's own line, not at line 0.
    const secret = lenient.diagnostics.find((d) => d.code === 'secret-as-env')!;
    expect([secret.line, secret.column]).toEqual([40, 9]);
    // Nested bundles and bundle arrays are named.
    expect(lenient.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['nested-restriction', 'no-default-value', 'unknown-key']));
  });

  it('a BOM, CRLF line ends, comments and another namespace prefix (a:) read like our own export; import, validate and diff agree', async () => {
    const file = copied('chromium-style/app_restrictions.xml');
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    expect(v.ok).toBe(true);
    expect(imported.ok).toBe(true);
    expect(imported.yaml).toMatch(/ServicesDomain: acme\.com\n {2}ForceLaunchBrowser: false\n/);
    const typo = imported.diagnostics.find((d) => d.code === 'unknown-key')!;
    expect(typo.message).toMatch(/Did you mean VoiceServicesDomain\?/);
    expect([typo.line, typo.column]).toEqual([7, 16]);
    const profile = path.join(path.dirname(file), 'imported.yaml');
    writeFileSync(profile, imported.yaml);
    const d = (await diffPaths(profile, file, { env: {} })) as SingleDiff;
    expect(d.identical).toBe(true);
  });

  it('android:defaultValue="@null" (Bitwarden\'s file) is "no value", not a resource missing from the values file', async () => {
    const file = copied('bitwarden-style/app_restrictions.xml');
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    for (const r of [v, imported]) {
      const d = r.diagnostics.find((x) => x.message.includes('PRTCertificateUrl'))!;
      expect([d.code, d.line, d.column]).toEqual(['no-default-value', 9, 9]);
      expect(d.message).toMatch(/@null.*no value/);
      expect(r.diagnostics.map((x) => x.code)).not.toContain('resource-unresolved');
    }
    expect(imported.ok).toBe(true);
  });

  it('a restrictions file that is not well-formed: an error for all three commands, never "No differences"', async () => {
    const file = copied('broken/app_restrictions.xml');
    const v = await validateOne(file);
    expect(v.ok).toBe(false);
    expect(errorCodes(v.diagnostics)).toEqual(['xml-not-well-formed']);
    for (const d of v.diagnostics) expect([d.line > 0, d.column > 0]).toEqual([true, true]);
    // Before, the reader took the broken file as one holding nothing: diff said "No differences" and exited 0.
    await expect(diffPaths(path.join(ROOT, 'examples', 'acme-prod.yaml'), file, { env: {} })).rejects.toMatchObject({ code: 'unreadable-artifact' });
    const err = (await importArtifact(file, { lenient: true }).catch((e: unknown) => e)) as { code: string; diagnostics: Diagnostic[] };
    expect(err.code).toBe('unreadable-artifact');
    expect(err.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['xml-not-well-formed', 4, 1]]);
  });

  it('--lenient turns an error into a warning whose note is a sentence of its own', () => {
    const file = path.join(FOREIGN, 'bitwarden-style/app_restrictions.xml');
    const set = recogniseInput({ source: file, fileName: 'app_restrictions.xml', contents: readFileSync(file, 'utf8'), fromArgument: false });
    // libxml2's messages, say, end without a full stop.
    const finding: Diagnostic = { severity: 'error', code: 'xml-not-well-formed', message: 'Not well-formed XML: error parsing attribute name', file, line: 3, column: 5, pointer: '' };
    const r = importSet(set, { lenient: true }, [finding]);
    expect(r.diagnostics.find((d) => d.code === 'xml-not-well-formed')!.message).toBe('Not well-formed XML: error parsing attribute name. Imported as read (--lenient).');
  });
});

describe('AMAPI values AMAPI cannot type', () => {
  it('null and a number past an Android int: one clear vendor-schema error each, the same for validate and import', async () => {
    const dir = mkdtempSync(path.join(tmp, 'amapi-'));
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, '{\n  "packageName": "com.cisco.im",\n  "managedConfiguration": {\n    "ServicesDomain": null,\n    "Huge": 123456789012345678901234567890\n  }\n}\n');
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    expect(placed(imported.diagnostics)).toEqual(placed(v.diagnostics));
    const schema = v.diagnostics.filter((d) => d.code === 'vendor-schema');
    expect(schema.map((d) => [d.line, d.column])).toEqual([
      [4, 5],
      [5, 5],
    ]);
    // Before: "must match a schema in anyOf", and a second error (value-type) saying the same of ServicesDomain.
    expect(schema[0]!.message).toMatch(/^ServicesDomain holds null, which is no managed configuration value: AMAPI takes true or false, a string/);
    expect(schema[1]!.message).toMatch(/^Huge holds a whole number outside an Android int/);
    expect(v.diagnostics.map((d) => d.code)).not.toContain('value-type');
    expect(v.diagnostics.some((d) => /anyOf/.test(d.message))).toBe(false);
  });
});

describe('JSON that is not valid, as Intune\'s own sample is', () => {
  const cases: [string, string, [number, number]][] = [
    ['broken-json/trailing-comma.json', 'android-managed-config', [5, 59]],
    ['broken-json/missing-comma.json', 'android-managed-config', [6, 5]],
    ['broken-json/amapi-trailing-comma.json', 'android-amapi', [5, 3]],
  ];
  for (const [name, target, [line, column]] of cases) {
    it(`${name}: recognised as ${target} and failed at ${line}:${column} by validate, import and diff alike`, async () => {
      const file = copied(name);
      // Before: checked as a profile (parse-error at the end of the file), "not recognised" by import.
      const v = await validateOne(file);
      expect(v).toMatchObject({ kind: 'artifact', target, ok: false });
      expect(v.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['json-syntax', line, column]]);
      const err = (await importArtifact(file).catch((e: unknown) => e)) as { code: string; diagnostics: Diagnostic[] };
      expect(err.code).toBe('unreadable-artifact');
      expect(err.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['json-syntax', line, column]]);
      await expect(diffPaths(path.join(ROOT, 'examples', 'acme-prod.yaml'), file, { env: {} })).rejects.toMatchObject({ code: 'unreadable-artifact' });
    });
  }

  it('a trailing comma is named as such', async () => {
    const v = await validateOne(copied('broken-json/trailing-comma.json'));
    expect(v.diagnostics[0]!.message).toMatch(/a comma before the closing \]: JSON allows none/);
  });
});

describe('very large integers', () => {
  it('an integer restriction default past an Android int says so (lint says only "Invalid number"), for validate and import', async () => {
    const dir = mkdtempSync(path.join(tmp, 'big-'));
    const file = path.join(dir, 'app_restrictions.xml');
    const restriction = (key: string, value: string) => `  <restriction android:key="${key}" android:title="T" android:restrictionType="integer" android:defaultValue="${value}"/>\n`;
    writeFileSync(
      file,
      '<?xml version="1.0" encoding="utf-8"?>\n<restrictions xmlns:android="http://schemas.android.com/apk/res/android">\n' +
        '  <restriction android:key="ServicesDomain" android:title="D" android:restrictionType="string" android:defaultValue="acme.com"/>\n' +
        restriction('max_wait', '99999999999') +
        restriction('retries', '08') +
        '</restrictions>\n',
    );
    const v = await validateOne(file);
    const imported = await importArtifact(file);
    for (const r of [v, imported]) {
      const found = r.diagnostics.filter((d) => d.code === 'restriction-invalid-integer');
      expect(found.map((d) => [d.line, d.message])).toEqual([
        [4, 'Invalid number: 99999999999 is past an Android int (-2147483648 to 2147483647) (Android lint ValidRestrictions).'],
        [5, 'Invalid number: "08" is not a whole number Java\'s Integer.decode reads (decimal, 0x hex, # hex or 0 octal) (Android lint ValidRestrictions).'],
      ]);
    }
  });
});

describe('integers past 2^53 in JSON', () => {
  it('are named where they stand, for validate and import alike (JSON.parse rounds them)', async () => {
    const file = copied('odd-values.json');
    const v = await validateOne(file);
    const lenient = await importArtifact(file, { lenient: true });
    for (const r of [v, lenient]) {
      expect(r.diagnostics.filter((d) => d.code === 'number-rounded').map((d) => [d.severity, d.line, d.column, d.pointer])).toEqual([
        ['warning', 11, 43, '/managedProperty/6/valueInteger'],
      ]);
    }
  });
});

describe('AMAPI managedConfigurationTemplate', () => {
  it('says the settings are kept by Google, not in the file (was: "it sets the rollout")', async () => {
    const file = copied('amapi-template.json');
    const v = await validateOne(file);
    const imported = await importArtifact(file, { lenient: true });
    for (const r of [v, imported]) {
      const d = r.diagnostics.find((x) => x.code === 'field-not-carried')!;
      expect([d.line, d.column]).toEqual([3, 3]);
      expect(d.message).toMatch(/^"managedConfigurationTemplate" holds only the id of a managed configuration kept by Google/);
    }
    // Nothing to read: missing-services-domain is the profile's verdict, for both commands.
    expect(errorCodes(v.diagnostics)).toEqual(['missing-services-domain']);
    expect((await importArtifact(file)).ok).toBe(false);
  });
});

describe('keys an admin cannot see', () => {
  it('an empty key and one with a trailing space are quoted in the warning', async () => {
    const dir = mkdtempSync(path.join(tmp, 'keys-'));
    const file = path.join(dir, 'config.json');
    const property = (key: string) => `    { "key": ${JSON.stringify(key)}, "valueString": "acme.com" }`;
    writeFileSync(file, `{\n  "kind": "androidenterprise#managedConfiguration",\n  "productId": "app:com.cisco.im",\n  "managedProperty": [\n${[property('ServicesDomain'), property('ServicesDomain '), property('')].join(',\n')}\n  ]\n}\n`);
    const v = await validateOne(file);
    const unknown = v.diagnostics.filter((d) => d.code === 'unknown-key').map((d) => [d.line, d.message.split(' is not')[0], / \(note the space in the key\)/.test(d.message)]);
    expect(unknown).toEqual([
      [6, '"ServicesDomain "', true],
      [7, '""', false],
    ]);
    const imported = await importArtifact(file, { lenient: true });
    expect(imported.diagnostics.filter((d) => d.code === 'unknown-key')).toHaveLength(2);
  });
});
