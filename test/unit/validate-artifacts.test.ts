import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TARGETS } from '../../src/targets/registry.js';
import type { Artifact } from '../../src/targets/types.js';
import { verifyArtifacts } from '../../src/validate/artifacts.js';
import { recogniseFile } from '../../src/artifact/detect.js';
import { classifyContents } from '../../src/validate/classify.js';
import { formatPathsSummary } from '../../src/validate/report.js';
import { validatePaths, ValidateUsageError, type ValidatedResult } from '../../src/validate/validate-paths.js';
import { appConfig2016Xsd, exportExamples, ROOT, TAMPERS, writeTampered } from '../helpers/exported-files.js';

let tmp: string;
let out: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-validate-artifacts-'));
  out = await exportExamples(tmp);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const codes = (r: ValidatedResult): string[] => r.diagnostics.map((d) => d.code);
const bySource = (results: readonly ValidatedResult[]) => new Map(results.map((r) => [r.source, r]));

/** What the profile rules say about an exported installer command of examples/ (nothing for other files). */
function installerWarnings(r: { source: string }): string[] {
  if (!r.source.endsWith('install-jabber.cmd')) return [];
  const text = readFileSync(r.source, 'utf8');
  return /SSO_EMAIL_PROMPT=ON/.test(text) && !/UPN_DISCOVERY_ENABLED=false/i.test(text) ? ['sso-email-prompt-incomplete'] : [];
}

describe('what a file is', () => {
  const plist = '<?xml version="1.0"?>\n<plist version="1.0"><dict><key>ServicesDomain</key><string>a.com</string></dict></plist>\n';
  const managed = '{"kind":"androidenterprise#managedConfiguration","productId":"app:com.cisco.im","managedProperty":[]}\n';

  it('.yaml and .yml are profiles whatever they hold', () => {
    expect(classifyContents('p.yaml', plist, true)).toEqual({ kind: 'profile' });
    expect(classifyContents('dir/p.YML', managed, false)).toEqual({ kind: 'profile' });
  });

  it('a .json is an export when a target recognises it, else a profile', () => {
    expect(classifyContents('x.json', managed, true)).toEqual({ kind: 'artifact', target: 'android-managed-config', member: 'android-managed-config.json' });
    expect(classifyContents('x.json', '{"name": "p", "settings": {}}', true)).toEqual({ kind: 'profile' });
    expect(classifyContents('x.json', '{"name": "p"}', false)).toEqual({ kind: 'profile' });
  });

  it('an export extension no target recognises: unrecognised when named, left alone in a folder walk', () => {
    for (const file of ['notes.txt', 'pom.xml', 'x.plist', 'run.cmd', 'index.html']) {
      expect(classifyContents(file, 'hello\n', true)).toEqual({ kind: 'unrecognised' });
      expect(classifyContents(file, 'hello\n', false)).toEqual({ kind: 'skip' });
    }
  });

  it('other extensions named explicitly stay profiles, as before; unreadable files go to the profile loader', () => {
    expect(classifyContents('profile', 'name: p\n', true)).toEqual({ kind: 'profile' });
    expect(classifyContents('profile.conf', 'name: p\n', true)).toEqual({ kind: 'profile' });
    expect(classifyContents('big.xml', undefined, true)).toEqual({ kind: 'profile' });
    expect(classifyContents('big.xml', undefined, false)).toEqual({ kind: 'skip' });
    expect(classifyContents('big.json', undefined, false)).toEqual({ kind: 'profile' });
  });

  it('by content, not by name; the DDM data asset belongs to ios-ddm; a <resources> file may be a values file', () => {
    expect(classifyContents('anything.xml', plist, true)).toEqual({ kind: 'artifact', target: 'ios-plist', member: 'ios-managed.plist' });
    expect(classifyContents('out/p/ios-ddm-config.plist', plist, false)).toEqual({ kind: 'artifact', target: 'ios-ddm', member: 'ios-ddm-config.plist' });
    expect(classifyContents('strings.xml', '<?xml version="1.0"?>\n<resources/>\n', false)).toMatchObject({
      kind: 'artifact',
      target: 'android-restrictions',
      member: 'app_restrictions_values.xml',
      onlyWith: expect.stringContaining('strings.xml is an Android resources file'),
    });
    expect(classifyContents('url.txt', 'ciscojabber://provision?ServicesDomain=a.com\n', true)).toEqual({ kind: 'artifact', target: 'url', member: 'jabber-config-url.txt' });
  });

  it('every target recognises its own exported files (url-page too)', () => {
    for (const target of TARGETS) {
      for (const fileName of target.fileNames) {
        const text = readFileSync(path.join(out, 'acme-prod', fileName), 'utf8');
        const found = recogniseFile(text, fileName);
        // Every file of every set, the DDM plist (also a plist) and the values file included.
        expect(found?.target.id, fileName).toBe(target.id);
        expect(found?.recognition.member, fileName).toBe(fileName);
      }
    }
  });
});

describe('validatePaths over exported files', () => {
  it('every target of the real export of examples/ validates clean, named by its target', async () => {
    const report = await validatePaths([out]);
    expect(report.diagnostics).toEqual([]);
    // Two deployments (acme-base is abstract, so not exported) × 14 files.
    expect(report.results.length).toBe(2 * 14);
    for (const r of report.results) {
      expect(r.kind, r.source).toBe('artifact');
      // The profile's rules run over what the installer command holds: SSO_EMAIL_PROMPT=ON (from
      // settings.ServicesDomainSsoEmailPrompt) without UPN_DISCOVERY_ENABLED=false is Cisco's
      // incomplete recipe, as it would be in the profile import makes of the command.
      expect(r.diagnostics.map((d) => d.code), r.source).toEqual(installerWarnings(r));
      expect(r.ok).toBe(true);
    }
    const targets = new Set(report.results.map((r) => (r.kind === 'artifact' ? r.target : '')));
    expect([...targets].sort()).toEqual(TARGETS.map((t) => t.id).sort());
    const prod = report.results.find((r) => r.source === path.join(out, 'acme-prod', 'ios-dict.xml'))!;
    expect(prod).toMatchObject({ kind: 'artifact', target: 'ios-dict', name: 'acme-prod', ok: true });
    const warned = report.results.filter((r) => installerWarnings(r).length > 0).length;
    expect(report.summary).toEqual({ profiles: 28, ok: 28, failed: 0, errors: 0, warnings: warned, artifacts: 28 });
  });

  it.each(TAMPERS.map((t) => [t.what, t] as const))('%s fails with its code', async (_what, tamper) => {
    const dir = path.join(tmp, 'tampered-unit', tamper.target);
    const [file] = writeTampered(out, dir).filter((f) => path.basename(f) === tamper.file);
    const report = await validatePaths([file!]);
    expect(report.results).toHaveLength(1);
    const r = report.results[0]!;
    expect(r).toMatchObject({ kind: 'artifact', target: tamper.target, ok: false });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toContain(tamper.code);
    for (const d of r.diagnostics) expect(d.file).toBe(file);
    expect(report.summary).toMatchObject({ profiles: 1, ok: 0, failed: 1, artifacts: 1 });
  });

  it('a URL with an unknown parameter is reported (a warning: Cisco may add parameters)', async () => {
    const file = path.join(tmp, 'unknown-parameter.txt');
    writeFileSync(file, readFileSync(path.join(out, 'acme-prod', 'jabber-config-url.txt'), 'utf8').trimEnd() + '&Foo=1\n');
    const [r] = (await validatePaths([file])).results;
    expect(r).toMatchObject({ ok: true, target: 'url' });
    // verify and parse both find it; it is reported once.
    expect(codes(r!)).toEqual(['url-unknown-parameter']);
  });

  it('the parser runs too: a specfile key without a default is reported', async () => {
    const file = path.join(tmp, 'no-default.xml');
    const text = readFileSync(path.join(out, 'acme-prod', 'ios-appconfig.xml'), 'utf8');
    const changed = text.replace(/<defaultValue>\s*<value>acme\.com<\/value>\s*<\/defaultValue>\s*/, '');
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    const [r] = (await validatePaths([file])).results;
    // The reader's finding, and the profile's rule over what was read: no ServicesDomain is left.
    expect(codes(r!).sort()).toEqual(['missing-services-domain', 'no-default-value']);
  });

  it('a changed DDM plist no longer matches its asset declaration (the folder is verified together)', async () => {
    const dir = path.join(tmp, 'ddm');
    mkdirSync(dir);
    for (const f of ['ios-ddm-app-managed.json', 'ios-ddm-asset.json', 'ios-ddm-config.plist']) copyFileSync(path.join(out, 'acme-prod', f), path.join(dir, f));
    const plist = path.join(dir, 'ios-ddm-config.plist');
    writeFileSync(plist, readFileSync(plist, 'utf8').replace('acme.com', 'acme.org'));
    const results = bySource((await validatePaths([dir])).results);
    expect(results.get(path.join(dir, 'ios-ddm-asset.json'))).toMatchObject({ ok: false, target: 'ios-ddm' });
    expect(codes(results.get(path.join(dir, 'ios-ddm-asset.json'))!)).toEqual(['ddm-asset-mismatch']);
    expect(results.get(plist)).toMatchObject({ ok: true, target: 'ios-ddm' });
  });
});

describe('android-restrictions pairs', () => {
  const prod = () => path.join(out, 'acme-prod');

  it('alone in its folder, the restrictions file cannot have its references checked (warnings); with its values file it can', async () => {
    const lone = path.join(tmp, 'restrictions-alone');
    mkdirSync(lone);
    copyFileSync(path.join(prod(), 'app_restrictions.xml'), path.join(lone, 'app_restrictions.xml'));
    const alone = (await validatePaths([path.join(lone, 'app_restrictions.xml')])).results[0]!;
    expect(alone.ok).toBe(true);
    expect(codes(alone)).toContain('resource-not-checked');
    expect(codes(alone)).toContain('resource-unresolved'); // from the parser: defaults not read
    const both = await validatePaths([path.join(prod(), 'app_restrictions.xml'), path.join(prod(), 'app_restrictions_values.xml')]);
    expect(both.results.map((r) => [path.basename(r.source), r.ok, codes(r)])).toEqual([
      ['app_restrictions.xml', true, []],
      ['app_restrictions_values.xml', true, []],
    ]);
    // Named alone, it brings its values file from its folder, as import reads it: the same verdict.
    const named = await validatePaths([path.join(prod(), 'app_restrictions.xml')]);
    expect(named.results.map((r) => [path.basename(r.source), r.ok, codes(r)])).toEqual([
      ['app_restrictions.xml', true, []],
      ['app_restrictions_values.xml', true, []],
    ]);
  });

  it('a values file missing a resource the restrictions file needs fails the pair', async () => {
    const dir = path.join(tmp, 'pair-broken');
    mkdirSync(dir);
    copyFileSync(path.join(prod(), 'app_restrictions.xml'), path.join(dir, 'app_restrictions.xml'));
    const values = readFileSync(path.join(prod(), 'app_restrictions_values.xml'), 'utf8');
    const broken = values.replace(/\s*<string name="jabber_ServicesDomain_title">[^<]*<\/string>/, '');
    expect(broken).not.toBe(values);
    writeFileSync(path.join(dir, 'app_restrictions_values.xml'), broken);
    const [restrictions, valuesResult] = (await validatePaths([dir])).results;
    expect(restrictions).toMatchObject({ ok: false, target: 'android-restrictions' });
    expect(restrictions!.diagnostics.some((d) => d.severity === 'error' && /jabber_ServicesDomain_title/.test(d.message))).toBe(true);
    expect(valuesResult).toMatchObject({ ok: true, target: 'android-restrictions' });
  });

  it('renamed pairs (<name>.xml and <name>_values.xml) are paired; other resources files are left alone in a walk', async () => {
    const dir = path.join(tmp, 'pair-renamed');
    mkdirSync(dir);
    copyFileSync(path.join(prod(), 'app_restrictions.xml'), path.join(dir, 'jabber.xml'));
    copyFileSync(path.join(prod(), 'app_restrictions_values.xml'), path.join(dir, 'jabber_values.xml'));
    writeFileSync(path.join(dir, 'strings.xml'), '<?xml version="1.0" encoding="utf-8"?>\n<resources><string name="app_name">App</string></resources>\n');
    const report = await validatePaths([dir]);
    expect(report.diagnostics).toEqual([]);
    expect(report.results.map((r) => [path.basename(r.source), r.ok, codes(r)])).toEqual([
      ['jabber.xml', true, []],
      ['jabber_values.xml', true, []],
    ]);
    const named = await validatePaths([path.join(dir, 'strings.xml')]);
    expect(named.results).toEqual([]);
    expect(named.diagnostics.map((d) => d.code)).toEqual(['unrecognised-file']);
  });
});

describe('a folder of profiles and exports', () => {
  it('validates both kinds in input order, leaves unrelated files alone, and still checks profile names across both', async () => {
    const dir = path.join(tmp, 'mixed');
    mkdirSync(path.join(dir, 'profiles'), { recursive: true });
    for (const f of ['acme-prod.yaml', 'acme-staging.yaml', 'base.yaml']) copyFileSync(path.join(ROOT, 'examples', f), path.join(dir, 'profiles', f));
    writeFileSync(path.join(dir, 'profiles', 'copy.json'), JSON.stringify({ name: 'acme-prod', settings: { ServicesDomain: 'acme.com' } }));
    mkdirSync(path.join(dir, 'exports'));
    for (const f of ['ios-dict.xml', 'android-managed-config.json', 'jabber-config-url.txt']) copyFileSync(path.join(out, 'acme-prod', f), path.join(dir, 'exports', f));
    writeFileSync(path.join(dir, 'exports', 'notes.txt'), 'Uploaded to Intune on Monday.\n');
    writeFileSync(path.join(dir, 'exports', 'pom.xml'), '<project/>\n');
    writeFileSync(path.join(dir, 'README.html'), '<html><body>Hello</body></html>\n');
    const seen: string[] = [];
    const report = await validatePaths([dir], { env: {}, onResult: (r) => seen.push(r.source) });
    expect(report.diagnostics).toEqual([]);
    expect(report.results.map((r) => [path.relative(dir, r.source), r.kind, r.ok])).toEqual([
      ['exports/android-managed-config.json', 'artifact', true],
      ['exports/ios-dict.xml', 'artifact', true],
      ['exports/jabber-config-url.txt', 'artifact', true],
      ['profiles/acme-prod.yaml', 'profile', true],
      ['profiles/acme-staging.yaml', 'profile', true],
      ['profiles/base.yaml', 'profile', true],
      ['profiles/copy.json', 'profile', false],
    ]);
    expect(seen).toEqual(report.results.map((r) => r.source));
    expect(codes(report.results[6]!)).toContain('duplicate-name');
    expect(report.summary).toEqual({ profiles: 7, ok: 6, failed: 1, errors: 1, warnings: 0, artifacts: 3 });
    expect(formatPathsSummary(report.summary, { color: false })).toBe('4 profiles and 3 exported files: 6 ok, 1 failed (1 error)\n');
  });

  it('a folder with nothing to check is no-profiles; files named twice are checked once', async () => {
    const dir = path.join(tmp, 'unrelated');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'nothing here\n');
    const none = await validatePaths([dir]);
    expect(none.diagnostics.map((d) => [d.code, d.file])).toEqual([['no-profiles', dir]]);
    const file = path.join(out, 'acme-prod', 'ios-dict.xml');
    const twice = await validatePaths([file, path.join(out, 'acme-prod'), file]);
    expect(twice.results.filter((r) => r.source === file)).toHaveLength(1);
    expect(twice.results).toHaveLength(14);
    expect(twice.diagnostics).toEqual([]);
  });

  it('a file named explicitly that nothing recognises is unrecognised-file, listing what it could be', async () => {
    const file = path.join(tmp, 'mystery.xml');
    writeFileSync(file, '<?xml version="1.0"?>\n<project/>\n');
    const report = await validatePaths([file, path.join(tmp, 'missing.yaml')]);
    expect(report.results).toEqual([]);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['unrecognised-file', 'path-not-found']);
    const message = report.diagnostics[0]!.message;
    for (const t of TARGETS) expect(message).toContain(t.id);
    expect(message).toContain('profile (.yaml, .yml, .json)');
  });
});

describe('batching: one verify call per target per chunk, never per file', () => {
  it('a folder of many exported files: each target verified exactly once', async () => {
    const spies = TARGETS.map((t) => vi.spyOn(t, 'verify'));
    const report = await validatePaths([out]);
    expect(report.results).toHaveLength(28);
    for (const [i, spy] of spies.entries()) {
      expect(spy, TARGETS[i]!.id).toHaveBeenCalledTimes(1);
      const files = (spy.mock.calls[0]![0] as readonly Artifact[]).length;
      expect(files, TARGETS[i]!.id).toBe(2 * TARGETS[i]!.fileNames.length);
    }
  });

  it('small chunks: one call per target per chunk; a restrictions pair and a DDM folder are never split', async () => {
    const spies = new Map(TARGETS.map((t) => [t.id, vi.spyOn(t, 'verify')]));
    const report = await validatePaths([out], { chunkSize: 5 });
    expect(report.results.every((r) => r.ok)).toBe(true);
    const calls = (id: string) => spies.get(id)!.mock.calls.map((c) => (c[0] as readonly Artifact[]).map((a) => path.basename(a.fileName)));
    for (const call of calls('android-restrictions')) expect(call).toEqual(['app_restrictions.xml', 'app_restrictions_values.xml']);
    for (const call of calls('ios-ddm')) expect(call).toEqual(['ios-ddm-app-managed.json', 'ios-ddm-asset.json', 'ios-ddm-config.plist']);
    // 28 files in chunks of at most 5 (a unit of 3 may start a chunk): far fewer calls than files.
    const total = [...spies.values()].reduce((n, s) => n + s.mock.calls.length, 0);
    expect(total).toBeLessThan(28);
    for (const s of spies.values()) expect(s.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('verifyArtifacts reports a verifier that throws as internal-error on its files, not a crash', async () => {
    const dict = TARGETS.find((t) => t.id === 'ios-dict')!;
    vi.spyOn(dict, 'verify').mockRejectedValue(new Error('boom'));
    const [r] = await verifyArtifacts([{ source: path.join(out, 'acme-prod', 'ios-dict.xml'), target: 'ios-dict', member: 'ios-dict.xml' }]);
    expect(r).toMatchObject({ ok: false, target: 'ios-dict' });
    expect(codes(r!)).toEqual(['internal-error']);
  });
});

describe('--xsd: AppConfig specfiles against a schema the user supplies', () => {
  const hyphenated = () => {
    const file = path.join(tmp, 'hyphen-specfile.xml');
    writeFileSync(file, readFileSync(path.join(out, 'acme-prod', 'ios-appconfig.xml'), 'utf8').replace('<bundleId>com.cisco.jabberIM</bundleId>', '<bundleId>com.acme-corp.jabber</bundleId>'));
    return file;
  };

  it('the 2016 schema rejects a hyphenated bundle id that our 2018 check only warns about', async () => {
    const file = hyphenated();
    const plain = (await validatePaths([file])).results[0]!;
    expect(plain.ok).toBe(true);
    expect(codes(plain)).toEqual(['appconfig-2016-schema']);
    const xsd = appConfig2016Xsd();
    const checked = (await validatePaths([file], { xsd })).results[0]!;
    expect(checked.ok).toBe(false);
    const error = checked.diagnostics.find((d) => d.code === 'xsd')!;
    expect(error).toMatchObject({ severity: 'error', file, target: 'ios-appconfig', line: 4 });
    expect(error.message).toContain(xsd);
    expect(error.message).toContain('com.acme-corp.jabber');
  });

  it('the exported specfiles pass the 2016 schema; other files are not checked against it', async () => {
    const report = await validatePaths([out], { xsd: appConfig2016Xsd() });
    expect(report.results.every((r) => r.ok && r.diagnostics.every((d) => installerWarnings(r).includes(d.code)))).toBe(true);
    expect(report.diagnostics).toEqual([]);
  });

  it('a schema that does not compile, or is missing, is a usage error before anything is checked', async () => {
    const bad = path.join(tmp, 'broken.xsd');
    writeFileSync(bad, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="nope"/></xs:schema>\n');
    const seen: string[] = [];
    const err = await validatePaths([out], { xsd: bad, onResult: (r) => seen.push(r.source) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidateUsageError);
    expect(err).toMatchObject({ code: 'xsd-unusable', exitCode: 2 });
    expect((err as Error).message).toMatch(/broken\.xsd is not a usable XML Schema: .*'nope' does not resolve/);
    expect(seen).toEqual([]);
    await expect(validatePaths([out], { xsd: path.join(tmp, 'none.xsd') })).rejects.toMatchObject({ code: 'xsd-not-found' });
  });

  it('--xsd with no specfile among the inputs is a warning', async () => {
    const report = await validatePaths([path.join(ROOT, 'examples')], { env: {}, xsd: appConfig2016Xsd() });
    expect(report.summary.failed).toBe(0);
    expect(report.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'xsd-unused']]);
  });
});
