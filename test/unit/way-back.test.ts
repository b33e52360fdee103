/**
 * The way back (issue 9, structure): one verdict per file across validate, import and diff; sets
 * read whole; the profile's rules over what a file holds; drift across channels and formats.
 * Each `it` here names a defect that failed before the codec/detector/rule-engine change.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { diffPaths, type SingleDiff } from '../../src/diff/diff.js';
import { diffJson, type ExportsDiffJson } from '../../src/diff/json.js';
import { importArtifact } from '../../src/import/import-artifact.js';
import { getTarget } from '../../src/targets/registry.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { exportExamples, ROOT } from '../helpers/exported-files.js';
import { makeProfile } from '../helpers/profile.js';

let tmp: string;
let out: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-way-back-'));
  out = await exportExamples(tmp);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const codesOf = (ds: readonly { code: string }[]): string[] => ds.map((d) => d.code);

/** A configuration URL as Cisco's guides print it: wrapped over lines inside the query. */
const WRAPPED = 'ciscojabber://provision?ServicesDomain=acme.com&VoiceServices\nDomain=voice.acme.com&Telephony_Enabled=\ntrue\n';

describe('one file, one verdict', () => {
  it('a wrapped configuration URL is a url for validate, import and diff alike, joined and warned about', async () => {
    const file = path.join(tmp, 'wrapped-url.txt');
    writeFileSync(file, WRAPPED);
    const v = await validatePaths([file]);
    expect(v.diagnostics).toEqual([]);
    expect(v.results[0]).toMatchObject({ kind: 'artifact', target: 'url', ok: true });
    expect(codesOf(v.results[0]!.diagnostics)).toEqual(['url-wrapped']);

    const imported = await importArtifact(file);
    expect(imported).toMatchObject({ target: 'url', ok: true });
    expect(codesOf(imported.diagnostics)).toContain('url-wrapped');
    expect(parseYaml(imported.yaml).settings).toEqual({ ServicesDomain: 'acme.com', VoiceServicesDomain: 'voice.acme.com', Telephony_Enabled: true });

    const profile = path.join(tmp, 'wrapped.yaml');
    writeFileSync(profile, imported.yaml);
    const d = (await diffPaths(profile, file, { env: {} })) as SingleDiff;
    expect(d.b.target).toBe('url');
    expect(d.changes).toEqual([]);
    expect(codesOf(d.diagnostics)).toContain('url-wrapped');
  });

  it('validate takes a ciscojabber:// URL argument, wrapped or not, like import and diff', async () => {
    const v = await validatePaths(['ciscojabber://provision?ServicesDomain=acme.com', WRAPPED]);
    expect(v.diagnostics).toEqual([]);
    expect(v.results.map((r) => [r.source, r.kind, r.ok, codesOf(r.diagnostics)])).toEqual([
      ['configuration URL', 'artifact', true, []],
      ['configuration URL 2', 'artifact', true, ['url-wrapped']],
    ]);
    const bad = await validatePaths(['ciscojabber://nothing']);
    expect(codesOf(bad.diagnostics)).toEqual(['unrecognised-file']);
  });
});

describe("the profile's rules over what a console file holds", () => {
  it('values a profile rejects are rejected in a URL too, same codes, at their place in the line', async () => {
    const url = 'ciscojabber://provision?ServicesDomain=service_domain&PRTCertificateUrl=AcmePRTCert&IP_Mode=IPv6-Only';
    const v = await validatePaths([url]);
    const errors = v.results[0]!.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line, d.column])).toEqual([
      ['invalid-domain', 1, 25],
      ['invalid-url', 1, 55],
      ['ip-mode-mobile', 1, 85],
    ]);
    // import says the same and writes nothing; --lenient imports what passes and names the rest.
    const strict = await importArtifact(url, { out: path.join(tmp, 'never.yaml') });
    expect(strict.ok).toBe(false);
    expect(codesOf(strict.diagnostics.filter((d) => d.severity === 'error'))).toEqual(codesOf(errors));
    expect(strict.file).toBeUndefined();
    const lenient = await importArtifact(url, { lenient: true });
    expect(lenient.ok).toBe(true);
    expect(lenient.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a hand-made typo in a plist gets a did-you-mean, positioned from line and column 1', async () => {
    const file = path.join(tmp, 'typo.plist');
    const text = readFileSync(path.join(out, 'acme-prod', 'ios-managed.plist'), 'utf8').replace('<key>VoiceServicesDomain</key>', '<key>VoiceServiceDomain</key>');
    writeFileSync(file, text);
    const [r] = (await validatePaths([file])).results;
    const typo = r!.diagnostics.find((d) => d.code === 'unknown-key')!;
    expect(typo.message).toContain('Did you mean VoiceServicesDomain?');
    expect(typo.line).toBeGreaterThanOrEqual(1);
    expect(typo.column).toBeGreaterThanOrEqual(1);
  });
});

describe('a target reads its whole file set', () => {
  it('import of app_restrictions.xml reads the values its values file holds', async () => {
    const r = await importArtifact(path.join(out, 'acme-prod', 'app_restrictions.xml'));
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => path.basename(f))).toEqual(['app_restrictions.xml', 'app_restrictions_values.xml']);
    expect(codesOf(r.diagnostics)).not.toContain('resource-unresolved');
    const settings = parseYaml(r.yaml).settings as Record<string, unknown>;
    // Telephony_Enabled's default is written as @string/... in the values file (aapt2 would retype "True").
    expect(settings).toMatchObject({ ServicesDomain: 'acme.com', Telephony_Enabled: true });
  });

  it('a profile against its restrictions export reports no drift (values file included)', async () => {
    const d = (await diffPaths(path.join(ROOT, 'examples', 'acme-prod.yaml'), path.join(out, 'acme-prod', 'app_restrictions.xml'), { env: {} })) as SingleDiff;
    expect(d.changes).toEqual([]);
  });

  it('ios-ddm and url-page are importable, from any file of their set', async () => {
    for (const file of ['ios-ddm-app-managed.json', 'ios-ddm-asset.json', 'ios-ddm-config.plist', 'jabber-config-page.html', 'jabber-config-email.txt']) {
      const r = await importArtifact(path.join(out, 'acme-prod', file));
      expect(r.ok, file).toBe(true);
      expect(parseYaml(r.yaml).settings.ServicesDomain, file).toBe('acme.com');
      const d = (await diffPaths(path.join(ROOT, 'examples', 'acme-prod.yaml'), path.join(out, 'acme-prod', file), { env: {} })) as SingleDiff;
      expect(d.changes, file).toEqual([]);
    }
  });
});

describe('drift across kinds', () => {
  it('a URL and an installer command with the same VoiceServicesDomain are the same on it', async () => {
    const dir = path.join(tmp, 'channels');
    mkdirSync(dir);
    const url = path.join(dir, 'url.txt');
    const cmd = path.join(dir, 'install.cmd');
    writeFileSync(url, 'ciscojabber://provision?ServicesDomain=acme.com&VoiceServicesDomain=voice.acme.com\n');
    writeFileSync(cmd, 'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 SERVICES_DOMAIN=acme.com VOICE_SERVICES_DOMAIN=voice.acme.com\r\n');
    const same = (await diffPaths(url, cmd, { env: {} })) as SingleDiff;
    expect(same.changes).toEqual([]);
    writeFileSync(cmd, 'msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 SERVICES_DOMAIN=acme.com VOICE_SERVICES_DOMAIN=voice2.acme.com\r\n');
    const changed = (await diffPaths(url, cmd, { env: {} })) as SingleDiff;
    expect(changed.changes.map((c) => [c.key, c.kind, c.before, c.after])).toEqual([['settings.VoiceServicesDomain', 'changed', 'voice.acme.com', 'voice2.acme.com']]);
  });

  it('unknown keys compare across every pair of iOS formats (a plist against a dict)', async () => {
    const p = makeProfile({ settings: { ServicesDomain: 'acme.com' } });
    const plist = getTarget('ios-plist')!.render(p, {}).artifacts[0]!.contents.replace('<dict>', '<dict>\n\t<key>AcmeExtra</key>\n\t<string>one</string>');
    const dict = getTarget('ios-dict')!.render(p, {}).artifacts[0]!.contents.replace('<dict>', '<dict>\n\t<key>AcmeExtra</key>\n\t<string>two</string>');
    const a = path.join(tmp, 'extra.plist');
    const b = path.join(tmp, 'extra-dict.xml');
    writeFileSync(a, plist);
    writeFileSync(b, dict);
    const d = (await diffPaths(a, b, { env: {} })) as SingleDiff;
    expect(d.changes.map((c) => [c.key, c.before, c.after])).toEqual([['unknown.AcmeExtra', 'one', 'two']]);
  });
});

describe('drift of a folder of profiles against an export folder', () => {
  it('a folder of profiles against its own fresh export has no drift (every target, restrictions values files included)', async () => {
    const d = await diffPaths(path.join(ROOT, 'examples'), out, { env: {} });
    expect(d.mode).toBe('exports');
    if (d.mode !== 'exports') return;
    // acme-base is abstract: never exported, so not a profile without its export either.
    expect(d.profiles.map((p) => [p.name, p.status])).toEqual([
      ['acme-prod', 'identical'],
      ['acme-staging', 'identical'],
    ]);
    expect(d.identical).toBe(true);
  });

  it('names each profile, file and key that drifted; console subfolders belong to their profile', async () => {
    const copy = path.join(tmp, 'drifted-out');
    mkdirSync(path.join(copy, 'acme-prod', 'intune'), { recursive: true });
    const prod = path.join(out, 'acme-prod');
    for (const f of ['ios-dict.xml', 'app_restrictions.xml', 'app_restrictions_values.xml']) {
      writeFileSync(path.join(copy, 'acme-prod', f), readFileSync(path.join(prod, f)));
    }
    // The values file holds Telephony_Enabled's default: change it there only.
    const values = path.join(copy, 'acme-prod', 'app_restrictions_values.xml');
    const valuesText = readFileSync(values, 'utf8');
    expect(valuesText).toMatch(/jabber_Telephony_Enabled_default">True</);
    writeFileSync(values, valuesText.replace(/jabber_Telephony_Enabled_default">True</, 'jabber_Telephony_Enabled_default">False<'));
    // An --emm console subfolder: Intune tokens read back as the profile's variables.
    const intune = getTarget('ios-dict')!.render(makeProfile({ name: 'acme-prod', settings: { ServicesDomain: 'acme.com' } }), { emm: 'intune' });
    writeFileSync(path.join(copy, 'acme-prod', 'intune', 'ios-dict.xml'), intune.artifacts[0]!.contents);
    mkdirSync(path.join(copy, 'acme-staging'));
    writeFileSync(path.join(copy, 'acme-staging', 'jabber-config-url.txt'), readFileSync(path.join(out, 'acme-staging', 'jabber-config-url.txt')));

    const d = await diffPaths(path.join(ROOT, 'examples'), copy, { env: {} });
    if (d.mode !== 'exports') throw new Error(d.mode);
    expect(d.identical).toBe(false);
    expect(d.profiles.map((p) => [p.name, p.status])).toEqual([
      ['acme-prod', 'changed'],
      ['acme-staging', 'identical'],
    ]);
    const prodDrift = d.profiles[0]!.files.map((f) => [path.relative(copy, f.file), f.changes.map((c) => [c.key, c.before, c.after])]);
    expect(prodDrift).toEqual([
      ['acme-prod/app_restrictions.xml', [['settings.Telephony_Enabled', true, false]]],
      ['acme-prod/intune/ios-dict.xml', expect.arrayContaining([['settings.VoiceServicesDomain', 'voice.acme.com', null]])],
    ]);
    const json = diffJson(d) as ExportsDiffJson;
    expect(json.drift[0]).toEqual({
      profile: 'acme-prod',
      file: path.join(copy, 'acme-prod', 'app_restrictions.xml'),
      target: 'android-restrictions',
      key: 'settings.Telephony_Enabled',
      kind: 'changed',
      before: true,
      after: false,
      targets: ['android-restrictions'],
      consoles: getTarget('android-restrictions')!.consoles,
    });
  });
});

describe('validate and import give one verdict (property)', () => {
  // Values a console might hold for a few URL keys: valid ones, Cisco's printed variants, typos.
  const pool: Record<string, string[]> = {
    ServicesDomain: ['acme.com', 'service_domain', 'voice.acme.com', ''],
    VoiceServicesDomain: ['voice.acme.com', 'http://voice.acme.com', 'acme'],
    Telephony_Enabled: ['true', 'True', 'ON', 'maybe'],
    IP_Mode: ['Two Stacks', 'IPv4-Only', 'IPv6-Only', 'Dual_Stack'],
    PRTCertificateUrl: ['https://pki.acme.com/prt.pem', 'AcmePRTCert', 'javascript:alert(1)'],
    ServiceDiscoveryExcludedServices: ['WEBEX', 'WEBEX,CUP', 'WEBEX,CUCM,CUP', 'Webex', 'FOO'],
    VoiceServiceDomain: ['voice.acme.com'],
  };
  const url = fc
    .subarray(Object.keys(pool), { minLength: 1 })
    .chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(...pool[k]!).map((v) => `${k}=${encodeURIComponent(v)}`))))
    .map((pairs) => `ciscojabber://provision?${pairs.join('&')}`);

  it('a configuration URL passes validate exactly when the profile import makes from it passes', async () => {
    await fc.assert(
      fc.asyncProperty(url, async (u) => {
        const v = await validatePaths([u]);
        const i = await importArtifact(u);
        const errors = (ds: readonly { severity: string; code: string }[]) => ds.filter((d) => d.severity === 'error').map((d) => d.code).sort();
        // Apart from the URL format's own rules (its verify: canonical encoding and alike).
        const own = (c: string) => c.startsWith('url-');
        expect(errors(v.results[0]!.diagnostics).filter((c) => !own(c)), u).toEqual(errors(i.diagnostics).filter((c) => !own(c)));
        expect(v.results[0]!.ok || errors(v.results[0]!.diagnostics).every(own), u).toBe(i.ok || errors(i.diagnostics).every(own));
      }),
      { numRuns: 60 },
    );
  });
});
