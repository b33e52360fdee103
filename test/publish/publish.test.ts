import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportProfiles } from '../../src/export/export-profiles.js';
import { formatPlan, formatPublishSummary } from '../../src/publish/format.js';
import { OWNERSHIP_MARKER } from '../../src/publish/intune.js';
import { publishExitCode, publishProfiles, type PublishInput } from '../../src/publish/publish.js';
import { pullProfile } from '../../src/publish/pull.js';
import type { PublishJson } from '../../src/publish/types.js';
import { EMULATOR_CREDENTIALS, startConsoleEmulator, type ConsoleEmulator } from '../emulator/console-emulator.js';

const SECRET = 'Pa55-w0rd<&>"secret"';

let emu: ConsoleEmulator;
let dir: string;
beforeEach(async () => {
  emu = await startConsoleEmulator();
  dir = mkdtempSync(join(tmpdir(), 'publish-'));
});
afterEach(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

function profile(name: string, body: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\n${body}`);
  return file;
}

const PROD = `description: Production, EMEA
settings:
  ServicesDomain: acme.com
  VoiceServicesDomain: voice.acme.com
  ServiceDiscoveryExcludedServices: [WEBEX, CUP]
  Telephony_Enabled: true
  IP_Mode: Two Stacks
  AutoLoginUserName: \${user.email}
  AutoLoginUserPassword: \${env:JABBER_AUTOLOGIN_PASSWORD}
publish:
  intune:
    assign: [Jabber Users EMEA]
`;

const env = (console: 'intune' | 'jamf'): Record<string, string | undefined> => ({ ...emu.env(console), JABBER_AUTOLOGIN_PASSWORD: SECRET, PATH: process.env.PATH });
const run = (console: 'intune' | 'jamf', paths: string[], extra: Partial<PublishInput> = {}): Promise<PublishJson> =>
  publishProfiles({ paths, console, env: env(console), ...extra }, {}, { http: { sleep: async () => {} } });
const decoded = (b64: string | null | undefined): string => Buffer.from(b64 ?? '', 'base64').toString('utf8');

/** The export's own ios-dict for a profile, as `export --emm <console> --target ios-dict` writes it. */
async function exportedDict(file: string, console: 'intune' | 'jamf', target = 'ios-dict', fileName = 'ios-dict.xml'): Promise<string> {
  const out = join(dir, `out-${console}-${target}`);
  const r = await exportProfiles({ paths: [file], out, targets: [target], emm: console, env: env(console) });
  expect(r.summary.failed).toBe(0);
  return readFileSync(join(out, r.profiles[0]!.name!, fileName), 'utf8');
}

describe('publish to Intune (emulator)', () => {
  it('plans without writing: create, with every key, the app ids and the assignment', async () => {
    const file = profile('acme-prod', PROD);
    const result = await run('intune', [file]);
    expect(emu.writes()).toEqual([]);
    expect(result.summary).toEqual({ profiles: 1, create: 1, update: 0, inStep: 0, refused: 0, failed: 0, skipped: 0 });
    const plan = result.plans[0]!;
    expect(plan).toMatchObject({ console: 'intune', profile: 'acme-prod', platform: 'ios', action: 'create', id: null, applied: false });
    expect(plan.changes.map((c) => c.key)).toEqual([
      'settings.ServicesDomain',
      'settings.VoiceServicesDomain',
      'settings.ServiceDiscoveryExcludedServices',
      'settings.Telephony_Enabled',
      'settings.IP_Mode',
      'settings.AutoLoginUserName',
      'settings.AutoLoginUserPassword',
      'description',
      'targetedMobileApps',
      'publish.intune.assign',
    ]);
    expect(plan.changes.find((c) => c.key === 'targetedMobileApps')!.after).toEqual(['app-ios-jabber', 'app-ios-jabber-vpp']);
    expect(plan.changes.find((c) => c.key === 'publish.intune.assign')).toEqual({ key: 'publish.intune.assign', kind: 'added', before: null, after: 'Jabber Users EMEA' });
    expect(plan.changes.find((c) => c.key === 'settings.AutoLoginUserPassword')!.after).toBe('***');
    expect(publishExitCode(result, false)).toBe(0);
    expect(publishExitCode(result, true)).toBe(1); // --check: drift
    expect(result.diagnostics.map((d) => d.code)).toEqual(['android-needs-beta']);
  });

  it('applies: the policy holds the ios-dict export byte for byte, assigned; a second apply writes nothing', async () => {
    const file = profile('acme-prod', PROD);
    const first = await run('intune', [file], { apply: true });
    expect(first.plans[0]).toMatchObject({ action: 'create', applied: true });
    expect(emu.rejected).toEqual([]);
    const [policy] = emu.state.policies;
    expect(policy!.id).toBe(first.plans[0]!.id);
    expect(decoded(policy!.encodedSettingXml)).toBe(await exportedDict(file, 'intune'));
    expect(decoded(policy!.encodedSettingXml)).toContain('<string>{{mail}}</string>');
    expect(policy).toMatchObject({ '@odata.type': '#microsoft.graph.iosMobileAppConfiguration', displayName: 'acme-prod', targetedMobileApps: ['app-ios-jabber', 'app-ios-jabber-vpp'] });
    expect(policy!.description).toContain(OWNERSHIP_MARKER);
    expect(policy!.assignments.map((a) => a.target)).toEqual([{ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'group-emea' }]);
    expect(emu.writes().map((w) => `${w.method} ${w.path.replace(policy!.id, '{id}')}`)).toEqual([
      'POST /v1.0/deviceAppManagement/mobileAppConfigurations',
      'POST /v1.0/deviceAppManagement/mobileAppConfigurations/{id}/assign',
    ]);

    const writes = emu.writes().length;
    const second = await run('intune', [file], { apply: true });
    expect(second.summary).toMatchObject({ inStep: 1, create: 0, update: 0 });
    expect(emu.writes().length).toBe(writes);
    expect(publishExitCode(second, true)).toBe(0);
  });

  it('a changed profile gives one update with exactly the changed keys', async () => {
    const file = profile('acme-prod', PROD);
    await run('intune', [file], { apply: true });
    const before = emu.writes().length;
    profile('acme-prod', PROD.replace('ServicesDomain: acme.com', 'ServicesDomain: acme.net').replace('  IP_Mode: Two Stacks\n', '  IP_Mode: Two Stacks\n  ForceLaunchBrowser: true\n'));
    const plan = await run('intune', [file]);
    expect(plan.summary).toMatchObject({ update: 1, create: 0 });
    expect(plan.plans[0]!.changes).toEqual([
      { key: 'settings.ServicesDomain', kind: 'changed', before: 'acme.com', after: 'acme.net' },
      { key: 'settings.ForceLaunchBrowser', kind: 'added', before: null, after: true },
    ]);
    const applied = await run('intune', [file], { apply: true });
    expect(applied.plans[0]).toMatchObject({ action: 'update', applied: true });
    expect(emu.writes().slice(before).map((w) => w.method)).toEqual(['PATCH']); // assignments unchanged: no assign call
    expect(emu.state.policies[0]!.version).toBe(3);
  });

  it('an edit made in the console is drift in the plan and comes back through pull; reformatting is not drift', async () => {
    const file = profile('acme-prod', PROD);
    await run('intune', [file], { apply: true });
    const policy = emu.state.policies[0]!;
    // Same values, other whitespace and key order, base64url: not drift.
    const text = decoded(policy.encodedSettingXml);
    const entries = [...text.matchAll(/<key>(.*?)<\/key>\s*<string>(.*?)<\/string>/g)].reverse();
    const reformatted = `<dict>${entries.map(([, k, v]) => `<key>${k}</key>  <string>${v}</string>`).join('')}</dict>`;
    emu.editPolicy(policy.id, { encodedSettingXml: Buffer.from(reformatted).toString('base64url') });
    expect((await run('intune', [file])).plans[0]!.action).toBe('in-step');

    emu.editPolicy(policy.id, { encodedSettingXml: Buffer.from(text.replace('<string>acme.com</string>', '<string>hand-edited.acme.com</string>')).toString('base64') });
    const drift = await run('intune', [file]);
    expect(drift.plans[0]!.action).toBe('update');
    expect(drift.plans[0]!.changes).toEqual([{ key: 'settings.ServicesDomain', kind: 'changed', before: 'hand-edited.acme.com', after: 'acme.com' }]);
    expect(publishExitCode(drift, true)).toBe(1);

    const pulled = await pullProfile({ console: 'intune', app: 'com.cisco.jabberIM', env: env('intune') });
    expect(pulled.policy).toEqual({ id: policy.id, name: 'acme-prod' });
    expect(pulled.profile).toContain('ServicesDomain: hand-edited.acme.com');
    expect(pulled.profile).toContain('AutoLoginUserPassword: ${env:JABBER_AUTOLOGIN_PASSWORD}');
    expect(pulled.profile).toContain('AutoLoginUserName: ${user.email}');
    expect(pulled.profile).toMatch(/publish:\n {2}intune:\n {4}assign: \[Jabber Users EMEA\]\n/);
    expect(pulled.env).toEqual(['JABBER_AUTOLOGIN_PASSWORD']);
  });

  it('plans many profiles in one run, reading the tenant once, and reports progress per profile', async () => {
    const files = ['a', 'b', 'c'].map((n) => profile(`acme-${n}`, PROD.replace('acme.com', `${n}.acme.com`)));
    const progress: string[] = [];
    const result = await publishProfiles(
      { paths: [dir], console: 'intune', env: env('intune') },
      { onStart: (total) => progress.push(`start ${total}`), onPlan: (p, done, total) => progress.push(`${p.profile} ${done}/${total}`) },
    );
    expect(files).toHaveLength(3);
    expect(progress).toEqual(['start 3', 'acme-a 1/3', 'acme-b 2/3', 'acme-c 3/3']);
    expect(result.summary).toEqual({ profiles: 3, create: 3, update: 0, inStep: 0, refused: 0, failed: 0, skipped: 0 });
    // One listing of the apps (all its pages) and of the policies for the whole run.
    expect(emu.requests.filter((r) => r.path === '/v1.0/deviceAppManagement/mobileApps').length).toBe(Math.ceil(emu.state.apps.length / emu.pageSize));
    expect(emu.requests.filter((r) => r.path === '/v1.0/deviceAppManagement/mobileAppConfigurations').length).toBe(1);
  });

  it('skips an abstract profile (listed as skipped, counted in summary.skipped) and publishes its child', async () => {
    profile('acme-base', `abstract: true\nsettings:\n  IP_Mode: Two Stacks\n`);
    profile('acme-child', `extends: ./acme-base.yaml\nsettings:\n  ServicesDomain: acme.com\n`);
    const result = await run('intune', [dir], { apply: true });
    expect(result.plans.map((p) => [p.profile, p.action, p.skipped])).toEqual([
      ['acme-base', 'skipped', 'abstract'],
      ['acme-child', 'create', undefined],
    ]);
    expect(result.summary).toEqual({ profiles: 2, create: 1, update: 0, inStep: 0, refused: 0, failed: 0, skipped: 1 });
    // Only the child reached the console.
    expect(emu.state.policies.map((p: { displayName: string }) => p.displayName)).toEqual(['acme-child']);
    expect(formatPlan(result.plans[0]!, true)).toBe('acme-base: Intune iOS: skipped (abstract: a base for other profiles, never published)\n');
    expect(formatPublishSummary(result, { apply: true })).toContain('1 create, 0 update, 0 in step, 0 refused, 0 failed, 1 skipped.');
    expect(publishExitCode(result, false)).toBe(0);
  });

  it('retries a 429 after Retry-After and still plans', async () => {
    const file = profile('acme-prod', PROD);
    emu.faults.push({ path: '/mobileAppConfigurations', status: 429, retryAfter: '2', times: 1 });
    const waits: number[] = [];
    const result = await publishProfiles({ paths: [file], console: 'intune', env: env('intune') }, {}, { http: { sleep: async (ms) => void waits.push(ms) } });
    expect(waits).toEqual([2000]);
    expect(result.summary.create).toBe(1);
  });

  it('refuses a policy with the same name it did not create, unless --adopt', async () => {
    const file = profile('acme-prod', PROD);
    emu.state.policies.push({
      id: 'hand-made',
      '@odata.type': '#microsoft.graph.iosMobileAppConfiguration',
      displayName: 'acme-prod',
      description: 'Made by hand in the portal',
      version: 7,
      targetedMobileApps: ['app-ios-jabber'],
      encodedSettingXml: Buffer.from('<dict><key>ServicesDomain</key><string>old.acme.com</string></dict>').toString('base64'),
      createdDateTime: '2026-01-01T00:00:00Z',
      lastModifiedDateTime: '2026-01-01T00:00:00Z',
      betaOnly: false,
      assignments: [],
    });
    const refused = await run('intune', [file], { apply: true });
    expect(refused.plans[0]).toMatchObject({ action: 'refused', id: 'hand-made', applied: false });
    expect(refused.plans[0]!.diagnostics.map((d) => d.code)).toEqual(['not-owned']);
    expect(refused.plans[0]!.changes.find((c) => c.key === 'settings.ServicesDomain')).toEqual({ key: 'settings.ServicesDomain', kind: 'changed', before: 'old.acme.com', after: 'acme.com' });
    expect(emu.writes()).toEqual([]);
    expect(publishExitCode(refused, false)).toBe(1);

    const adopted = await run('intune', [file], { apply: true, adopt: true });
    expect(adopted.plans[0]).toMatchObject({ action: 'update', applied: true });
    expect(emu.state.policies[0]!.description).toContain(OWNERSHIP_MARKER);
    expect((await run('intune', [file])).plans[0]!.action).toBe('in-step');
  });

  it("reads a policy kept as the configuration designer's rows by the same parser, and refuses two policies of one name", async () => {
    const file = profile('rows', 'settings:\n  ServicesDomain: acme.com\n  Telephony_Enabled: true\n');
    const base = {
      '@odata.type': '#microsoft.graph.iosMobileAppConfiguration',
      displayName: 'rows',
      description: `${OWNERSHIP_MARKER} (profile rows): changes made here are replaced by the next publish.`,
      version: 1,
      targetedMobileApps: ['app-ios-jabber', 'app-ios-jabber-vpp'],
      createdDateTime: '2026-01-01T00:00:00Z',
      lastModifiedDateTime: '2026-01-01T00:00:00Z',
      betaOnly: false,
      assignments: [],
    };
    emu.state.policies.push({
      ...base,
      id: 'rows-1',
      settings: [
        { appConfigKey: 'ServicesDomain', appConfigKeyType: 'stringType', appConfigKeyValue: 'acme.com' },
        { appConfigKey: 'Telephony_Enabled', appConfigKeyType: 'booleanType', appConfigKeyValue: 'true' },
      ],
    });
    const rows = await run('intune', [file]);
    expect(rows.plans[0]).toMatchObject({ action: 'in-step', id: 'rows-1' });
    emu.state.policies[0]!.settings = [{ appConfigKey: 'ServicesDomain', appConfigKeyType: 'stringType', appConfigKeyValue: 'old.acme.com' }];
    const update = await run('intune', [file]);
    expect(update.plans[0]!.changes.map((c) => [c.key, c.kind])).toEqual([
      ['settings.ServicesDomain', 'changed'],
      ['settings.Telephony_Enabled', 'added'],
    ]);
    expect(update.plans[0]!.diagnostics.map((d) => d.code)).toEqual(['designer-rows']);

    emu.state.policies.push({ ...base, id: 'rows-2', encodedSettingXml: null });
    const two = await run('intune', [file], { apply: true });
    expect(two.plans[0]).toMatchObject({ action: 'refused' });
    expect(two.plans[0]!.diagnostics[0]).toMatchObject({ code: 'ambiguous-policy', message: expect.stringContaining('rows-1, rows-2') });
    expect(emu.writes()).toEqual([]);
  });

  it('refuses to write when the version moved between the plan and the write', async () => {
    const file = profile('acme-prod', PROD);
    await run('intune', [file], { apply: true });
    profile('acme-prod', PROD.replace('acme.com', 'acme.net'));
    const id = emu.state.policies[0]!.id;
    // Someone saves the policy in the portal while publish runs: right before the re-read.
    emu.onRequest = (method, path) => {
      if (method === 'GET' && path.endsWith(`/mobileAppConfigurations/${id}`)) {
        emu.onRequest = undefined;
        emu.editPolicy(id, { description: `${OWNERSHIP_MARKER}, touched` });
      }
    };
    const writes = emu.writes().length;
    const result = await run('intune', [file], { apply: true });
    expect(result.plans[0]).toMatchObject({ action: 'refused', applied: false });
    expect(result.plans[0]!.diagnostics.at(-1)).toMatchObject({ code: 'changed-since-plan', message: expect.stringContaining('version 2 → 3') });
    expect(emu.writes().length).toBe(writes);
  });

  it('a profile with errors, or whose export fails, is failed and nothing of it reaches the console', async () => {
    const bad = profile('bad', 'settings:\n  ServicesDomain: acme.com\n  Telephony_Enabled: maybe\n');
    const result = await run('intune', [bad], { apply: true });
    expect(result.plans[0]).toMatchObject({ profile: 'bad', action: 'failed', applied: false });
    expect(result.plans[0]!.diagnostics.map((d) => d.code)).toContain('invalid-boolean');
    expect(emu.writes()).toEqual([]);
    expect(emu.requests.filter((r) => r.path.includes('mobileAppConfigurations'))).toEqual([]);
  });

  it('names an unknown group and an app the tenant does not have', async () => {
    const file = profile('acme-prod', PROD.replace('[Jabber Users EMEA]', '[Jabber Users EMEA, Nobody Here]'));
    const other = profile('other-app', 'apps:\n  ios: com.example.notthere\nsettings:\n  ServicesDomain: acme.com\n');
    const result = await run('intune', [file, other]);
    expect(result.plans.map((p) => [p.profile, p.action, p.diagnostics.map((d) => d.code)])).toEqual([
      ['acme-prod', 'failed', ['group-not-found']],
      ['other-app', 'failed', ['app-not-found']],
    ]);
    expect(result.plans[0]!.diagnostics[0]!.message).toContain('"Nobody Here"');
    expect(result.plans[1]!.diagnostics[0]!.message).toContain('com.example.notthere');
    expect(result.summary.failed).toBe(2);
  });

  it('publishes Android through beta with --beta: payloadJson is the android-managed-config export', async () => {
    const file = profile('acme-prod', PROD);
    const result = await run('intune', [file], { apply: true, beta: true });
    expect(result.plans.map((p) => [p.platform, p.action, p.applied])).toEqual([
      ['ios', 'create', true],
      ['android', 'create', true],
    ]);
    const android = emu.state.policies.find((p) => p['@odata.type'] === '#microsoft.graph.androidManagedStoreAppConfiguration')!;
    expect(android.packageId).toBe('app:com.cisco.im');
    expect(android.targetedMobileApps).toEqual(['app-android-jabber']);
    expect(decoded(android.payloadJson)).toBe(await exportedDict(file, 'intune', 'android-managed-config', 'android-managed-config.json'));
    expect(emu.requests.some((r) => r.method === 'POST' && r.path === '/beta/deviceAppManagement/mobileAppConfigurations')).toBe(true);
    expect((await run('intune', [file], { beta: true })).summary).toMatchObject({ inStep: 2 });
    const pulled = await pullProfile({ console: 'intune', app: 'com.cisco.im', env: env('intune') });
    expect(pulled.platform).toBe('android');
    expect(pulled.profile).toContain('ServicesDomain: acme.com');
  });

  it('never shows a secret: plan, apply, text output, pull, errors', async () => {
    const file = profile('acme-prod', PROD);
    const plan = await run('intune', [file]);
    profile('acme-prod', PROD.replace('Two Stacks', 'Two Stacks\n  ForceLaunchBrowser: false'));
    const applied = await run('intune', [file], { apply: true });
    emu.faults.push({ path: '/mobileAppConfigurations', status: 500, times: 1 });
    const failed = await run('intune', [file]);
    const pulled = await pullProfile({ console: 'intune', app: 'com.cisco.jabberIM', env: env('intune') });
    const texts = [plan, applied, failed].flatMap((r) => [JSON.stringify(r), ...r.plans.map((p) => formatPlan(p, true)), formatPublishSummary(r, { apply: true })]);
    texts.push(JSON.stringify(pulled));
    expect(failed.plans[0]!.action).toBe('failed');
    for (const t of texts) {
      expect(t).not.toContain('Pa55-w0rd');
      expect(t).not.toContain(EMULATOR_CREDENTIALS.intuneClientSecret);
    }
    // The secret did reach the console (that is its job), escaped once in the dict.
    expect(decoded(emu.state.policies[0]!.encodedSettingXml)).toContain('Pa55-w0rd&lt;&amp;&gt;"secret"');
  });
});

describe('publish to Jamf Pro (emulator)', () => {
  it('plans, applies the dict escaped exactly once, and a second apply writes nothing', async () => {
    const file = profile('acme-prod', PROD.replace('voice.acme.com', 'voice.acme.com\n  PRTCertificateUrl: https://pki.acme.com/prt.pem?a=1&b=2\n  EnablePRTEncryption: true'));
    const plan = await run('jamf', [file]);
    expect(plan.plans[0]).toMatchObject({ console: 'jamf', platform: 'ios', action: 'create', id: '42' });
    expect(emu.writes()).toEqual([]);
    const applied = await run('jamf', [file], { apply: true });
    expect(applied.plans[0]).toMatchObject({ action: 'create', applied: true });
    const put = emu.writes();
    expect(put.map((w) => `${w.method} ${w.path}`)).toEqual(['PUT /JSSResource/mobiledeviceapplications/id/42']);
    // Only app_configuration is sent; the dict's own &amp; is escaped once more, nothing twice.
    expect(put[0]!.body).toMatch(/^<\?xml[^>]*>\n<mobile_device_application>\n\t<app_configuration>\n\t\t<preferences>&lt;dict&gt;/);
    expect(put[0]!.body).toContain('a=1&amp;amp;b=2');
    expect(put[0]!.body).not.toContain('&amp;lt;dict');
    expect(put[0]!.body).toContain('Pa55-w0rd&amp;lt;&amp;amp;&amp;gt;'); // the dict's own &lt; (in the secret), escaped once more
    const exported = await exportedDict(file, 'jamf');
    expect(emu.state.jamfApps[0]!.preferences).toBe(exported.replace(/\n$/, '')); // Jamf strips the trailing newline
    expect(exported).toContain('<string>$EMAIL</string>');
    const again = await run('jamf', [file], { apply: true });
    expect(again.plans[0]!.action).toBe('in-step');
    expect(emu.writes()).toHaveLength(1);
  });

  it('refuses to replace preferences holding keys jabber-emm would not write, unless --adopt', async () => {
    emu.state.jamfApps[0]!.preferences = '<dict><key>ServicesDomain</key><string>old.acme.com</string><key>com.vendor.TrackingId</key><string>x</string></dict>';
    const file = profile('acme-prod', PROD);
    const refused = await run('jamf', [file], { apply: true });
    expect(refused.plans[0]).toMatchObject({ action: 'refused', applied: false });
    expect(refused.plans[0]!.diagnostics.at(-1)).toMatchObject({ code: 'foreign-keys', message: expect.stringContaining('com.vendor.TrackingId') });
    expect(refused.plans[0]!.changes).toContainEqual({ key: 'unknown.com.vendor.TrackingId', kind: 'removed', before: 'x', after: null });
    expect(emu.writes()).toEqual([]);
    const adopted = await run('jamf', [file], { apply: true, adopt: true });
    expect(adopted.plans[0]).toMatchObject({ action: 'update', applied: true });
    expect(emu.state.jamfApps[0]!.preferences).not.toContain('TrackingId');
  });

  it('refuses to write when the preferences changed since the plan', async () => {
    const file = profile('acme-prod', PROD);
    emu.onRequest = (method, path) => {
      if (method === 'GET' && path === '/JSSResource/mobiledeviceapplications/id/42') emu.state.jamfApps[0]!.preferences = '<dict><key>ServicesDomain</key><string>x.acme.com</string></dict>';
    };
    const result = await run('jamf', [file], { apply: true });
    expect(result.plans[0]).toMatchObject({ action: 'refused', applied: false });
    expect(result.plans[0]!.diagnostics.at(-1)!.code).toBe('changed-since-plan');
    expect(emu.writes()).toEqual([]);
  });

  it('pulls the App Configuration back as a profile; publish → pull → publish is in step', async () => {
    const file = profile('acme-prod', PROD.replace(/publish:[\s\S]*$/, ''));
    await run('jamf', [file], { apply: true });
    const out = join(dir, 'pulled', 'acme-prod.yaml');
    const pulled = await pullProfile({ console: 'jamf', app: 'com.cisco.jabberIM', name: 'acme-prod', out, env: env('jamf') });
    expect(pulled.file).toBe(out);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('AutoLoginUserName: ${user.email}');
    expect(text).not.toContain('Pa55');
    const again = await run('jamf', [out]);
    expect(again.plans[0]!.action).toBe('in-step');
    const withPolicy = await pullProfile({ console: 'jamf', app: 'com.cisco.jabberIM', policy: 'x', env: env('jamf') });
    expect(withPolicy.diagnostics.map((d) => d.code)).toContain('policy-ignored');
  });
});

describe('pull (emulator)', () => {
  it("does not write what the profile's rules reject, unless --lenient", async () => {
    emu.state.jamfApps[0]!.preferences = '<dict><key>ServicesDomain</key><string>acme.com</string><key>Telephony_Enabled</key><string>maybe</string></dict>';
    const out = join(dir, 'p.yaml');
    const strict = await pullProfile({ console: 'jamf', app: 'com.cisco.jabberIM', out, env: env('jamf') });
    expect(strict).toMatchObject({ ok: false, file: null });
    expect(strict.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const lenient = await pullProfile({ console: 'jamf', app: 'com.cisco.jabberIM', out, lenient: true, env: env('jamf') });
    expect(lenient).toMatchObject({ ok: true, file: out });
    expect(readFileSync(out, 'utf8')).toContain('ServicesDomain: acme.com');
  });

  it('exits 1 naming the app when it has no policy, and lists several unless --policy picks one', async () => {
    await expect(pullProfile({ console: 'intune', app: 'com.cisco.jabberIM', env: env('intune') })).rejects.toMatchObject({
      code: 'no-policy',
      exitCode: 1,
      message: 'Intune has no app configuration policy for com.cisco.jabberIM.',
    });
    await expect(pullProfile({ console: 'intune', app: 'com.example.none', env: env('intune') })).rejects.toMatchObject({ code: 'app-not-found', exitCode: 1 });
    await run('intune', [profile('acme-prod', PROD), profile('acme-stage', PROD.replace('acme.com', 'stage.acme.com'))], { apply: true });
    await expect(pullProfile({ console: 'intune', app: 'com.cisco.jabberIM', env: env('intune') })).rejects.toMatchObject({
      code: 'several-policies',
      message: expect.stringMatching(/2 app configuration policies for com.cisco.jabberIM: acme-prod \(.+\), acme-stage \(.+\)\. Pick one with --policy/),
    });
    const picked = await pullProfile({ console: 'intune', app: 'com.cisco.jabberIM', policy: 'acme-stage', env: env('intune') });
    expect(picked.name).toBe('acme-stage');
    expect(picked.profile).toContain('ServicesDomain: stage.acme.com');
  });
});
