/**
 * `abstract: true` (a profile that exists only to be extended) and `distribution: {title,
 * message}` (the end-user text of the page and e-mail): how they resolve, what validate checks on
 * an abstract parent, and that export, folder drift and doctor skip it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILE_SCHEMA_URL } from '../../src/catalog/profile-schema.js';
import { diffPaths } from '../../src/diff/diff.js';
import { doctorFiles } from '../../src/doctor/doctor.js';
import { exportProfiles } from '../../src/export/export-profiles.js';
import { profileLine, summaryLines } from '../../src/export/reporter.js';
import { resolveProfile } from '../../src/profile/resolve.js';
import { validateProfile } from '../../src/profile/validate.js';
import { schemaValidator } from '../../src/verify/json-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'jabber-emm-abstract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(body: string, name = `p${(n += 1)}`): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, body);
  return f;
}
async function resolve(body: string, env: Record<string, string> = {}) {
  const r = await resolveProfile(file(`name: t\nsettings:\n  ServicesDomain: acme.com\n${body}`), { env });
  return { profile: r.profile, diagnostics: r.diagnostics.map((d) => [d.code, d.line, d.column, d.message]) };
}
const codes = (r: { diagnostics: { code: string }[] }): string[] => r.diagnostics.map((d) => d.code);

describe('profile key abstract', () => {
  it('reads true and false; anything else is invalid-type', async () => {
    expect((await resolve('abstract: true\n')).profile?.abstract).toBe(true);
    expect((await resolve('abstract: false\n')).profile?.abstract).toBeUndefined();
    expect((await resolve('')).profile?.abstract).toBeUndefined();
    expect((await resolve('abstract: yes\n')).diagnostics).toEqual([
      ['invalid-type', 4, 11, 'abstract is true (the profile exists only to be extended: never exported or published) or false, not text.'],
    ]);
  });

  it('is not inherited through extends: the child of an abstract parent is a deployment', async () => {
    const parent = file('name: base\nabstract: true\nsettings:\n  IP_Mode: Two Stacks\n', 'parent-a');
    const child = file(`name: child\nextends: ./parent-a.yaml\nsettings:\n  ServicesDomain: acme.com\n`, 'child-a');
    const grandchild = file(`name: grand\nextends: ./child-a.yaml\nabstract: true\n`, 'grand-a');
    expect((await resolveProfile(parent)).profile?.abstract).toBe(true);
    const c = await resolveProfile(child);
    expect(c.profile?.abstract).toBeUndefined();
    expect(c.profile?.settings.get('IP_Mode')).toBe('Two Stacks');
    expect((await resolveProfile(grandchild)).profile?.abstract).toBe(true);
  });

  it('an abstract parent is validated as it stands, without the rules that need a whole deployment', async () => {
    // No ServicesDomain, half of AutoLogin, phone mode without TFTP: a child completes them.
    const body = 'settings:\n  AutoLoginUserName: ${user.email}\n  IP_Mode: Two Stacks\nwindows:\n  PRODUCT_MODE: phone_mode\n';
    expect(codes(await validateProfile(file(`name: base\nabstract: true\n${body}`)))).toEqual([]);
    expect(codes(await validateProfile(file(`name: base\n${body}`))).sort()).toEqual(['autologin-incomplete', 'missing-services-domain', 'needs-cti', 'needs-tftp']);
    // Its own keys and values are still checked.
    const bad = await validateProfile(file('name: base\nabstract: true\nsettings:\n  ServicesDomian: acme.com\n  IP_Mode: IPv6-Only\n  Telephony_Enabled: maybe\n'));
    expect(codes(bad).sort()).toEqual(['invalid-boolean', 'ip-mode-mobile', 'unknown-key']);
    expect(bad.ok).toBe(false);
  });

  it('is in the profile JSON Schema', () => {
    const check = schemaValidator(PROFILE_SCHEMA_URL);
    expect(check({ name: 't', abstract: true })).toEqual([]);
    expect(check({ name: 't', abstract: 'yes' }).map((e) => e.keyword)).toEqual(['type']);
  });
});

describe('profile key distribution', () => {
  it('reads title and message, ${env:...} filled, and inherits like other keys', async () => {
    expect((await resolve('distribution:\n  title: Jabber at Acme\n  message: "${env:MSG}"\n', { MSG: 'Hello' })).profile?.distribution).toEqual({
      title: 'Jabber at Acme',
      message: 'Hello',
    });
    const parent = file('name: base\nabstract: true\ndistribution:\n  title: Acme\n  message: Parent words\n', 'parent-d');
    const child = file('name: child\nextends: ./parent-d.yaml\ndistribution:\n  message: Child words\nsettings:\n  ServicesDomain: acme.com\n', 'child-d');
    expect((await resolveProfile(parent)).profile?.distribution).toEqual({ title: 'Acme', message: 'Parent words' });
    expect((await resolveProfile(child)).profile?.distribution).toEqual({ title: 'Acme', message: 'Child words' });
  });

  it('reports misspelt keys, wrong shapes and empty text with positions', async () => {
    expect((await resolve('distribution:\n  titel: x\n')).diagnostics).toEqual([
      ['unknown-key', 5, 3, 'Unknown key titel under distribution (did you mean title?): distribution has title (the heading users see) and message (the text under it).'],
    ]);
    expect((await resolve('distribution: Hello\n')).diagnostics.map((d) => d[0])).toEqual(['invalid-type']);
    expect((await resolve('distribution:\n  title: [a]\n')).diagnostics.map((d) => d[0])).toEqual(['invalid-type']);
    expect((await resolve('distribution:\n  message: "  "\n')).diagnostics.map((d) => d.slice(0, 3))).toEqual([['empty-value', 5, 12]]);
  });

  it('its text is checked like other text: characters XML forbids, Android-sized limits', async () => {
    const r = await validateProfile(file('name: t\nsettings:\n  ServicesDomain: acme.com\ndistribution:\n  title: "a\\u0001b"\n'));
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).toEqual([['forbidden-character', '/distribution/title']]);
  });

  it('is in the profile JSON Schema', () => {
    const check = schemaValidator(PROFILE_SCHEMA_URL);
    expect(check({ name: 't', distribution: { title: 'A', message: 'B' } })).toEqual([]);
    expect(check({ name: 't', distribution: { subtitle: 'A' } }).map((e) => e.keyword)).toEqual(['additionalProperties']);
    expect(check({ name: 't', distribution: { title: '' } }).map((e) => e.keyword)).toEqual(['minLength']);
  });
});

describe('an abstract profile is never exported', () => {
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeFileSync(join(tree, 'base.yaml'), 'name: acme-base\nabstract: true\nsettings:\n  ServicesDomain: acme.com\n  IP_Mode: Two Stacks\n');
  writeFileSync(join(tree, 'prod.yaml'), 'name: acme-prod\nextends: ./base.yaml\nsettings:\n  VoiceServicesDomain: voice.acme.com\n');
  const out = join(dir, 'out');

  it('export lists it as skipped (ok, no files), counts it in summary.skipped and writes no folder for it', async () => {
    const r = await exportProfiles({ paths: [tree], out, targets: ['url', 'ios-dict'], env: {} });
    expect(r.profiles.map((p) => [p.name, p.ok, p.skipped, p.files.length])).toEqual([
      ['acme-base', true, 'abstract', 0],
      ['acme-prod', true, undefined, 2],
    ]);
    expect(r.summary).toEqual({ profiles: 2, ok: 1, failed: 0, skipped: 1, files: 2, written: 2, unchanged: 0 });
    expect(readdirSync(out)).toEqual(['acme-prod']);
    expect(profileLine(r.profiles[0]!)).toBe(`skipped  acme-base  abstract: a base for other profiles, not exported  (${join(tree, 'base.yaml')})`);
    expect(summaryLines(r)).toEqual(['2 profiles: 1 exported, 1 skipped (abstract), 0 failed; 2 files (2 written, 0 unchanged).']);
  });

  it('an abstract profile with errors fails like any other (it is validated)', async () => {
    const broken = file('name: broken-base\nabstract: true\nsettings:\n  ServicesDomian: acme.com\n');
    const r = await exportProfiles({ paths: [broken], out: join(dir, 'out-broken'), targets: ['url'], env: {} });
    expect(r.profiles[0]).toMatchObject({ ok: false, files: [] });
    expect(r.profiles[0]!.skipped).toBeUndefined();
    expect(r.summary).toMatchObject({ failed: 1, skipped: 0 });
  });

  it('folder drift does not report it as a profile without an export; a folder left under its name is reported', async () => {
    await exportProfiles({ paths: [tree], out, targets: ['url', 'ios-dict'], env: {} });
    const d = await diffPaths(tree, out, { env: {} });
    if (d.mode !== 'exports') throw new Error(d.mode);
    expect(d.profiles.map((p) => [p.name, p.status])).toEqual([['acme-prod', 'identical']]);
    expect(d.identical).toBe(true);
    // An older run (before the profile was abstract) left acme-base/ behind: it should go.
    mkdirSync(join(out, 'acme-base'));
    writeFileSync(join(out, 'acme-base', 'jabber-config-url.txt'), 'ciscojabber://provision?ServicesDomain=acme.com\n');
    const stale = await diffPaths(tree, out, { env: {} });
    if (stale.mode !== 'exports') throw new Error(stale.mode);
    expect(stale.profiles.map((p) => [p.name, p.status])).toEqual([
      ['acme-base', 'added'],
      ['acme-prod', 'identical'],
    ]);
  });

  it('doctor skips it: only deployments are checked against DNS', async () => {
    // Nothing answers on this resolver: a lookup would time out, so none may be made.
    const r = await doctorFiles([join(tree, 'base.yaml')], { resolver: '127.0.0.1:9', timeouts: { budgetMs: 500 } });
    expect(r.profiles).toEqual([]);
    expect(r.summary.profiles).toBe(0);
  });
});
