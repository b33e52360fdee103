/**
 * The way back with files nobody on the team wrote (issue 9): configuration URLs as Cisco's guides
 * and pages print them, Intune/Jamf dicts, plists as plutil writes them, msiexec lines as admins
 * write them. Each file goes through import, validate and diff in process; each `it` names a defect
 * that failed before the fix. Fixtures: test/fixtures/foreign/ios-url/.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { rawText } from '../../src/artifact/normalize.js';
import { diffPaths, type SingleDiff } from '../../src/diff/diff.js';
import { DiffError } from '../../src/diff/sides.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { importArtifact } from '../../src/import/import-artifact.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { jsonOf, runCli } from '../helpers/cli.js';
import { exportExamples, ROOT } from '../helpers/exported-files.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'foreign', 'ios-url');
const fixture = (name: string): string => path.join(FIXTURES, name);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-foreign-ios-url-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const codesOf = (ds: readonly Diagnostic[]): string[] => ds.map((d) => d.code);
const errorsOf = (ds: readonly Diagnostic[]): Diagnostic[] => ds.filter((d) => d.severity === 'error');
const placed = (ds: readonly Diagnostic[]): [string, number, number][] => ds.map((d) => [d.code, d.line, d.column]);

/** The file's own import written as a profile (with --lenient when the file has errors). */
async function ownImport(file: string, lenient = false): Promise<string> {
  const r = await importArtifact(file, { lenient, name: 'foreign' });
  expect(r.ok, `import of ${path.basename(file)}`).toBe(true);
  const yaml = path.join(tmp, `${path.basename(file)}.yaml`);
  writeFileSync(yaml, r.yaml);
  return yaml;
}

/** The DiffError diffPaths throws, or undefined when it compares. */
async function diffError(a: string, b: string): Promise<DiffError | undefined> {
  try {
    await diffPaths(a, b, { env: {} });
    return undefined;
  } catch (err) {
    if (err instanceof DiffError) return err;
    throw err;
  }
}

describe('configuration URLs as pages and guides print them', () => {
  it("Cisco's own example reads the same through import, validate and diff (the baseline)", async () => {
    const file = fixture('url-cisco-guide.txt');
    const v = await validatePaths([file]);
    expect(v.results[0]).toMatchObject({ target: 'url', ok: true, diagnostics: [] });
    const r = await importArtifact(file, { name: 'foreign' });
    expect(parseYaml(r.yaml).settings).toEqual({
      ServicesDomain: 'cisco.com',
      VoiceServicesDomain: 'alphauk.cisco.com',
      ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'],
      ServicesDomainSsoEmailPrompt: false,
    });
    expect(((await diffPaths(await ownImport(file), file, { env: {} })) as SingleDiff).changes).toEqual([]);
  });

  it('ciscojabber://provision/?... (a slash before the query) is a URL for all three, read with a warning', async () => {
    const file = fixture('url-slash-before-query.txt');
    const v = await validatePaths([file, 'ciscojabber://provision/?ServicesDomain=acme.com']);
    expect(v.diagnostics).toEqual([]);
    for (const result of v.results) {
      expect(result).toMatchObject({ kind: 'artifact', target: 'url', ok: true });
      expect(placed(result.diagnostics)).toEqual([['url-path-slash', 1, 1]]);
    }
    const r = await importArtifact(file, { name: 'foreign' });
    expect(r.ok).toBe(true);
    expect(codesOf(r.diagnostics)).toEqual(['url-path-slash']);
    expect(parseYaml(r.yaml).settings).toEqual({ ServicesDomain: 'cisco.com', VoiceServicesDomain: 'alphauk.cisco.com' });
    const d = (await diffPaths(await ownImport(file), file, { env: {} })) as SingleDiff;
    expect(d.changes).toEqual([]);
    expect(codesOf(d.diagnostics)).toEqual(['url-path-slash']);
  });

  it('broken %-encoding (%ZZ, a lone %) is one verdict: import and validate fail it, diff cannot compare it', async () => {
    for (const [name, column] of [
      ['url-bad-percent.txt', 73],
      ['url-lone-percent.txt', 72],
    ] as const) {
      const file = fixture(name);
      const [v] = (await validatePaths([file])).results;
      expect(v!.ok, name).toBe(false);
      // At the "%" itself, not at the parameter's name.
      expect(placed(errorsOf(v!.diagnostics)), name).toEqual([['url-bad-encoding', 1, column]]);
      expect(v!.diagnostics[0]!.message).toContain('a literal "%" is written %25');
      const strict = await importArtifact(file);
      expect(strict.ok, name).toBe(false);
      expect(placed(errorsOf(strict.diagnostics))).toEqual(placed(errorsOf(v!.diagnostics)));
      // The lenient import lacks PRTCertificateName: diff used to call that "No differences" (exit 0).
      const err = await diffError(await ownImport(file, true), file);
      expect(err?.code, name).toBe('invalid-artifact');
      expect(placed(errorsOf(err!.diagnostics))).toEqual(placed(errorsOf(v!.diagnostics)));
    }
  });

  it('folder drift stops at an exported URL edited to %ZZ (was "2 match their exports")', async () => {
    const out = await exportExamples(path.join(tmp, 'folder'));
    const url = path.join(out, 'acme-prod', 'jabber-config-url.txt');
    expect(await diffError(path.join(ROOT, 'examples'), out)).toBeUndefined();
    writeFileSync(url, readFileSync(url, 'utf8').replace('ServicesDomain=acme.com', 'ServicesDomain=acme.com%ZZ'));
    const err = await diffError(path.join(ROOT, 'examples'), out);
    expect(err?.code).toBe('invalid-artifact');
    expect(err!.diagnostics.map((d) => [d.code, d.file])).toEqual([['url-bad-encoding', url]]);
  }, 120_000);

  it('a wrapped URL with %ZZ on its second line: validate names it once, where it is (was also at 1:73, past the end of line 1)', async () => {
    const file = fixture('url-wrapped-bad-percent.txt');
    const [v] = (await validatePaths([file])).results;
    expect(placed(v!.diagnostics)).toEqual([
      ['url-wrapped', 1, 1],
      ['url-bad-encoding', 2, 24],
    ]);
    expect(placed((await importArtifact(file)).diagnostics)).toEqual(placed(v!.diagnostics));
  });

  it('two URLs in one file are not joined into one value (was ServicesDomain "cisco.comciscojabber://...")', async () => {
    const file = fixture('url-two-urls.txt');
    const [v] = (await validatePaths([file])).results;
    expect(placed(v!.diagnostics)).toEqual([['url-not-one-line', 3, 1]]);
    const r = await importArtifact(file, { lenient: true, name: 'foreign' });
    expect(parseYaml(r.yaml).settings).toEqual({ ServicesDomain: 'cisco.com' });
    expect(codesOf(r.diagnostics)).toEqual(['url-not-one-line']);
  });

  it('url-not-canonical stands at its parameter (was line 0, column 0)', async () => {
    const [v] = (await validatePaths([fixture('url-question-mark-in-value.txt')])).results;
    expect(placed(v!.diagnostics)).toEqual([['url-not-canonical', 1, 50]]);
  });

  it('the CLI: import and validate exit 1 and diff exits 2 (invalid-artifact) for the same URL argument', async () => {
    // The exit codes are the verdict a script sees, so this one crosses the process boundary.
    const url = 'ciscojabber://provision?ServicesDomain=cisco.com&PRTCertificateName=Acme%ZZ';
    const profile = path.join(tmp, 'cli-profile.yaml');
    writeFileSync(profile, 'name: cli-profile\nsettings:\n  ServicesDomain: cisco.com\n');
    const [imp, val, dif] = await Promise.all([runCli(['import', url]), runCli(['validate', url]), runCli(['diff', profile, url, '--json'])]);
    expect([imp.code, val.code, dif.code]).toEqual([1, 1, 2]);
    expect(jsonOf<{ identical: null; error: { code: string } }>(dif)).toMatchObject({ identical: null, error: { code: 'invalid-artifact' } });
  });

  it('a key given twice is not compared as if the second one were not there', async () => {
    const file = fixture('url-duplicate-key.txt');
    expect((await validatePaths([file])).results[0]!.ok).toBe(false);
    expect((await importArtifact(file)).ok).toBe(false);
    const err = await diffError(await ownImport(file, true), file);
    expect(err?.code).toBe('invalid-artifact');
    expect(codesOf(errorsOf(err!.diagnostics))).toEqual(['url-duplicate-parameter']);
    // The configuration URL argument is judged the same way.
    const arg = await diffError('ciscojabber://provision?ServicesDomain=a.com&ServicesDomain=b.com', 'ciscojabber://provision?ServicesDomain=a.com');
    expect(arg?.code).toBe('invalid-artifact');
  });

  it('empty parameters (&& and a trailing &) are named once each, on the line, the same by validate and import', async () => {
    const file = fixture('url-empty-parameters.txt');
    const [v] = (await validatePaths([file])).results;
    const r = await importArtifact(file);
    // validate said 3 errors (one past the end of the URL) where import said 2, both `"" has no "=value" part`.
    expect(placed(v!.diagnostics)).toEqual([
      ['url-malformed-parameter', 1, 49],
      ['url-malformed-parameter', 1, 86],
    ]);
    expect(placed(errorsOf(r.diagnostics))).toEqual(placed(v!.diagnostics));
    expect(v!.diagnostics[0]!.message).toBe('The URL has an empty parameter: two "&" in a row, or an "&" at the end; remove the extra "&".');
    const text = 'ciscojabber://provision?ServicesDomain=cisco.com&&VoiceServicesDomain=voice.cisco.com&';
    expect(text[48]).toBe('&');
    expect(text[85]).toBe('&');
  });

  it('&amp; (a link copied from a page source) says what happened instead of suggesting a retype', async () => {
    const r = await importArtifact(fixture('url-html-escaped.txt'), { name: 'foreign' });
    const named = r.diagnostics.filter((d) => d.code === 'url-unknown-parameter');
    expect(named.map((d) => d.column)).toEqual([58, 100]);
    expect(named[0]!.message).toContain('The URL holds "&amp;", HTML\'s escape of "&"');
    expect(named[0]!.message).toContain('Jabber reads a parameter named "amp;VoiceServicesDomain", not VoiceServicesDomain');
  });

  it("an e-mail's configuration URL findings are on the URL's own line, not line 1", async () => {
    const file = fixture('email-url-bad-percent.txt');
    const [v] = (await validatePaths([file])).results;
    expect(v).toMatchObject({ kind: 'artifact', target: 'url-page' });
    expect(placed(errorsOf(v!.diagnostics))).toEqual([['url-bad-encoding', 5, 73]]);
    const r = await importArtifact(file);
    expect(placed(errorsOf(r.diagnostics))).toEqual([['url-bad-encoding', 5, 73]]);
  });

  it("an e-mail whose link a mail program wrapped is read joined, not cut at the line break (VoiceServicesDomain was dropped with exit 0)", async () => {
    for (const [name, settings] of [
      ['email-wrapped-at-amp.txt', { ServicesDomain: 'cisco.com', VoiceServicesDomain: 'voice.cisco.com' }],
      ['email-wrapped-url.txt', { ServicesDomain: 'cisco.com', VoiceServicesDomain: 'voice.cisco.com', ServiceDiscoveryExcludedServices: ['CUCM'] }],
    ] as const) {
      const file = fixture(name);
      const r = await importArtifact(file, { name: 'foreign' });
      expect(r.ok, name).toBe(true);
      expect(parseYaml(r.yaml).settings, name).toEqual(settings);
      expect(placed(r.diagnostics), name).toEqual([['url-wrapped', 5, 1]]);
      const [v] = (await validatePaths([file])).results;
      expect(placed(v!.diagnostics), name).toEqual([['url-wrapped', 5, 1]]);
      expect(((await diffPaths(await ownImport(file), file, { env: {} })) as SingleDiff).changes, name).toEqual([]);
    }
  });
});

describe('iOS dicts and plists from consoles and plutil', () => {
  it("Intune's bare <dict> with a {{userprincipalname}} token imports, validates and diffs clean (baseline)", async () => {
    const file = fixture('intune-dict.xml');
    const [v] = (await validatePaths([file])).results;
    expect(v).toMatchObject({ target: 'ios-dict', ok: true });
    const r = await importArtifact(file, { name: 'foreign' });
    expect(r.ok).toBe(true);
    expect(r.yaml).toContain('#   userprincipalname: {{userprincipalname}}');
    expect(((await diffPaths(await ownImport(file), file, { env: {} })) as SingleDiff).changes).toEqual([]);
  });

  it('a key twice in a dict is an error for import and diff as for validate (the first value vanished silently)', async () => {
    const file = fixture('dict-duplicate-key.xml');
    const [v] = (await validatePaths([file])).results;
    expect(placed(v!.diagnostics)).toEqual([['plist-duplicate-key', 4, 3]]);
    const r = await importArtifact(file);
    expect(r.ok).toBe(false);
    expect(placed(errorsOf(r.diagnostics))).toEqual([['plist-duplicate-key', 4, 3]]);
    expect(r.diagnostics[0]!.message).toBe(v!.diagnostics[0]!.message);
    const err = await diffError(await ownImport(file, true), file);
    expect(err?.code).toBe('invalid-artifact');
  });

  it('unknown keys holding a dict, <data> or a huge <integer> are kept whole in the import and compared by diff', async () => {
    const r = await importArtifact(fixture('plutil-binary.plist'), { name: 'foreign' });
    expect(r.ok).toBe(true);
    expect(r.yaml).toContain('#   Nested: {"a":"b"}'); // was {}
    expect(r.yaml).toContain('#   Unknown1: <data>YWJj</data>'); // was {"0":97,"1":98,"2":99}
    expect(r.yaml).toContain('#   When: "2024-01-01T00:00:00.000Z"');
    // An <integer> past 2^53 under an unknown key made import fail with internal-error (BigInt).
    // Past 2^63 it is also outside a plist's 64-bit integers: import fails it as validate does,
    // and --lenient keeps it whole.
    const strict = await importArtifact(fixture('plist-nested-a.plist'), { name: 'foreign' });
    expect(placed(errorsOf(strict.diagnostics))).toEqual([['plist-integer', 8, 2]]);
    const huge = await importArtifact(fixture('plist-nested-a.plist'), { name: 'foreign', lenient: true });
    expect(huge.ok).toBe(true);
    expect(huge.yaml).toContain('#   Huge: 123456789012345678901');
    // A plist and a dict whose unknown dicts differ were "No differences".
    const d = (await diffPaths(fixture('plist-nested-a.plist'), fixture('dict-nested-b.xml'), { env: {} })) as SingleDiff;
    expect(d.changes.map((c) => [c.key, c.before, c.after])).toEqual([
      ['unknown.Huge', '123456789012345678901', '123456789012345678902'],
      ['unknown.Nested', '{"a":"b"}', '{"a":"c"}'],
    ]);
  });

  it('rawText writes what JSON has no form for', () => {
    expect(rawText(new Map<string, unknown>([['__proto__', 1], ['b', [new Uint8Array([1, 2])]]]))).toBe('{"__proto__":1,"b":["<data>AQI=</data>"]}');
    expect(rawText(2n ** 70n)).toBe('1180591620717411303424');
    expect(rawText({ n: 2n ** 70n })).toBe('{"n":"1180591620717411303424"}');
  });

  it('a <data> value for a text key is called data, not "a mapping"', async () => {
    const r = await importArtifact(fixture('plist-comments-data-date.plist'));
    const bad = errorsOf(r.diagnostics).find((d) => d.code === 'invalid-type')!;
    expect([bad.line, bad.column]).toEqual([12, 5]);
    expect(bad.message).toBe('PRTCertificateName is given as binary data (<data>), which Jabber does not read for it; write the value as text (<string>).');
    const [v] = (await validatePaths([fixture('plist-comments-data-date.plist')])).results;
    expect(v!.diagnostics.map((d) => d.message).join('\n')).not.toContain('not a mapping');
  });
});

describe("values of a type Jabber for iOS does not read (Cisco documents EMM values as strings)", () => {
  it('a specfile <stringArray> for ServiceDiscoveryExcludedServices: one verdict, at the value (was import 0, validate 1 at column 0, diff 0)', async () => {
    const file = fixture('specfile-stringarray.xml');
    const [v] = (await validatePaths([file])).results;
    expect(placed(errorsOf(v!.diagnostics))).toEqual([['value-type', 13, 17]]);
    const r = await importArtifact(file);
    expect(r.ok).toBe(false);
    expect(placed(errorsOf(r.diagnostics))).toEqual([['value-type', 13, 17]]);
    // diff compares the value as the text it is, like any value Jabber would not take.
    const d = (await diffPaths(await ownImport(file, true), file, { env: {} })) as SingleDiff;
    expect(d.changes.map((c) => [c.key, c.kind, c.after])).toEqual([['settings.ServiceDiscoveryExcludedServices', 'changed', '["WEBEX","CUP"]']]);
  });

  it('a binary plist with an <array> for a list key, and a Mac-only key: import says what validate says', async () => {
    const file = fixture('plutil-binary-array.plist');
    const [v] = (await validatePaths([file])).results;
    const r = await importArtifact(file);
    expect(r.ok).toBe(false);
    expect(placed(r.diagnostics)).toEqual(placed(v!.diagnostics));
    expect(codesOf(r.diagnostics)).toEqual(['not-for-ios', 'value-type']);
  });
});

describe('plists that cannot be read at all', () => {
  it('an external entity in the DOCTYPE is named at the entity (was line 0, column 0), by import and validate', async () => {
    const file = fixture('plist-external-entity.plist');
    const [v] = (await validatePaths([file])).results;
    expect(placed(v!.diagnostics)).toEqual([['plist-xml', 4, 3]]);
    const err = await importArtifact(file).then(
      () => undefined,
      (e: unknown) => e as { code: string; diagnostics: Diagnostic[] },
    );
    expect(err?.code).toBe('unreadable-artifact');
    expect(placed(err!.diagnostics)).toEqual([['plist-xml', 4, 3]]);
  });

  it('an entity the DOCTYPE declares is not called "undefined"; the message says what to write', async () => {
    const [v] = (await validatePaths([fixture('plist-internal-entity.plist')])).results;
    const xml = v!.diagnostics.find((d) => d.code === 'plist-xml')!;
    expect([xml.line, xml.column]).toEqual([5, 1]);
    expect(xml.message).toBe(
      'The property list is not valid XML: &dom; is not one of XML\'s predefined entities (&amp; &lt; &gt; &quot; &apos;) and is not expanded (an entity a DOCTYPE declares included); write the text itself.',
    );
  });

  it('a truncated binary plist fails with its reader error alone, not also "settings needs ServicesDomain"', async () => {
    const [v] = (await validatePaths([fixture('plutil-binary-truncated.plist')])).results;
    expect(v!.ok).toBe(false);
    expect(codesOf(v!.diagnostics)).toEqual(['plist-binary']);
  });
});

describe('msiexec lines as admins write them', () => {
  it('/i "path with spaces\\CiscoJabberSetup.msi" /qn /l*v log.txt is recognised, by all three', async () => {
    const file = fixture('msiexec-quoted-path.cmd');
    const r = await importArtifact(file, { name: 'foreign' });
    expect(r).toMatchObject({ ok: true, target: 'windows-installer' });
    expect(parseYaml(r.yaml).windows).toEqual({ CLEAR: true, SERVICES_DOMAIN: 'acme.com' });
    // The exported form's rule is a warning here (validate fails it, below): the values are read.
    expect(placed(r.diagnostics)).toEqual([
      ['windows-msiexec-switches', 1, 1],
      ['windows-msiexec-option', 1, 60],
      ['windows-msiexec-option', 1, 64],
    ]);
    const [v] = (await validatePaths([file])).results;
    expect(v).toMatchObject({ kind: 'artifact', target: 'windows-installer' });
    // The file's own format (the exported command) is stricter, and says where and what it found.
    const switches = v!.diagnostics.find((d) => d.code === 'windows-msiexec-switches')!;
    expect([switches.line, switches.column]).toEqual([1, 1]); // was 0:0
    expect(switches.message).toContain('it has "msiexec.exe /i C:\\Temp\\Cisco Jabber\\CiscoJabberSetup.msi /qn /l*v log.txt"');
    expect(((await diffPaths(await ownImport(file), file, { env: {} })) as SingleDiff).changes).toEqual([]);
  });

  it('start "" /wait msiexec ... (as deployment scripts run it) is recognised and read, with a warning', async () => {
    const file = fixture('msiexec-start-wait.cmd');
    const r = await importArtifact(file, { name: 'foreign' });
    expect(r).toMatchObject({ ok: true, target: 'windows-installer' });
    expect(parseYaml(r.yaml).windows).toEqual({ CLEAR: true, TFTP: '1.2.3.4' });
    expect(placed(r.diagnostics)).toEqual([['windows-start-prefix', 1, 1]]);
    const [v] = (await validatePaths([file])).results;
    expect(v).toMatchObject({ kind: 'artifact', target: 'windows-installer', ok: true });
    expect(((await diffPaths(await ownImport(file), file, { env: {} })) as SingleDiff).changes).toEqual([]);
  });

  it('properties in lower case: diff names authenticator=cup at the switch (undecodable-value was at line 0, column 0)', async () => {
    const file = fixture('msiexec-lower-case.cmd');
    const r = await importArtifact(file, { lenient: true, name: 'foreign' });
    expect(parseYaml(r.yaml).windows).toEqual({ CLEAR: true, CUP_ADDRESS: '1.2.3.4' });
    const d = (await diffPaths(await ownImport(file, true), file, { env: {} })) as SingleDiff;
    expect(d.changes.map((c) => [c.key, c.kind, c.after])).toEqual([['windows.AUTHENTICATOR', 'added', 'cup']]);
    const undecodable = d.diagnostics.find((x) => x.code === 'undecodable-value')!;
    expect([undecodable.file, undecodable.line, undecodable.column]).toEqual([file, 1, 52]);
  });

  it('an uninstall line before the install line: the install is the one read, the other is named where it stands', async () => {
    const file = fixture('msiexec-uninstall-then-install.cmd');
    const r = await importArtifact(file, { lenient: true, name: 'foreign' });
    expect(parseYaml(r.yaml).windows).toEqual({ CLEAR: true, TFTP: '1.2.3.4' });
    expect(placed(r.diagnostics)).toEqual([['windows-msiexec-lines', 1, 1]]);
    expect(r.diagnostics[0]!.message).toMatch(/^The file must hold exactly one msiexec command; it holds 2. The one on line 2 is read, this one is not./);
    const [v] = (await validatePaths([file])).results;
    expect(v!.diagnostics.every((d) => d.line >= 1 && d.column >= 1)).toBe(true);
  });
});
