import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishJson } from '../../src/publish/types.js';
import type { PullJson } from '../../src/publish/pull.js';
import { EMULATOR_CREDENTIALS, startConsoleEmulator, type ConsoleEmulator } from '../emulator/console-emulator.js';
import { runCli } from '../helpers/cli.js';

let emu: ConsoleEmulator;
let dir: string;
let file: string;
beforeEach(async () => {
  emu = await startConsoleEmulator();
  dir = mkdtempSync(join(tmpdir(), 'publish-cli-'));
  file = join(dir, 'acme-prod.yaml');
  writeFileSync(
    file,
    'name: acme-prod\ndescription: "Production: R&D <lab>"\nsettings:\n  ServicesDomain: acme.com\n  Telephony_Enabled: true\n  AutoLoginUserName: ${user.email}\n  AutoLoginUserPassword: ${env:JABBER_AUTOLOGIN_PASSWORD}\npublish:\n  intune:\n    assign: [Jabber Pilot]\n',
  );
});
afterEach(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'cli-secret-Pa55';
const folded = (text: string): string => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');
const env = (console: 'intune' | 'jamf'): Record<string, string> => ({ ...emu.env(console), JABBER_AUTOLOGIN_PASSWORD: SECRET });

describe('jabber-emm publish and pull (built CLI against the emulator)', () => {
  it('plans (exit 0, no write), applies, is in step after, and --check turns drift into exit 1', async () => {
    const plan = await runCli(['publish', file, '--console', 'intune', '--json'], { env: env('intune') });
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as PublishJson;
    expect(json.summary).toEqual({ profiles: 1, create: 1, update: 0, inStep: 0, refused: 0, failed: 0, skipped: 0 });
    expect(json.plans[0]).toMatchObject({ console: 'intune', profile: 'acme-prod', platform: 'ios', action: 'create', id: null });
    expect(emu.writes()).toEqual([]);

    const check = await runCli(['publish', file, '--console', 'intune', '--check'], { env: env('intune') });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('acme-prod: Intune iOS: create\n');
    expect(check.stdout).toMatch(/ {2}added {4}settings\.AutoLoginUserPassword +\*\*\*\n/);
    expect(check.stdout).toContain('Plan only: nothing was changed; run again with --apply');

    const apply = await runCli(['publish', file, '--console', 'intune', '--apply'], { env: env('intune') });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/acme-prod: Intune iOS \(policy [0-9a-f-]+\): created/);
    expect(emu.state.policies).toHaveLength(1);

    const again = await runCli(['publish', file, '--console', 'intune', '--apply', '--check'], { env: env('intune') });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(': in step\n');
    for (const out of [plan, check, apply, again]) {
      expect(out.stdout + out.stderr).not.toContain(SECRET);
      expect(out.stdout + out.stderr).not.toContain(EMULATOR_CREDENTIALS.intuneClientSecret);
    }

    const p = emu.state.policies[0]!;
    emu.editPolicy(p.id, { encodedSettingXml: Buffer.from(Buffer.from(p.encodedSettingXml!, 'base64').toString().replace('acme.com', 'portal.acme.com')).toString('base64') });
    const drift = await runCli(['publish', file, '--console', 'intune', '--check'], { env: env('intune') });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/changed +settings\.ServicesDomain +portal\.acme\.com → acme\.com/);
  });

  it('publish → pull → diff round-trips', async () => {
    expect((await runCli(['publish', file, '--console', 'intune', '--apply'], { env: env('intune') })).code).toBe(0);
    const pulledFile = join(dir, 'pulled.yaml');
    const pull = await runCli(['pull', '--console', 'intune', '--app', 'com.cisco.jabberIM', '--out', pulledFile, '--json'], { env: env('intune') });
    expect(pull.code).toBe(0);
    const json = JSON.parse(pull.stdout) as PullJson;
    expect(json).toMatchObject({ console: 'intune', app: 'com.cisco.jabberIM', platform: 'ios', name: 'acme-prod', file: pulledFile, env: ['JABBER_AUTOLOGIN_PASSWORD'] });
    const text = readFileSync(pulledFile, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).toContain('assign: [Jabber Pilot]');
    expect(text).toContain('description: "Production: R&D <lab>"\n');
    const diff = await runCli(['diff', file, pulledFile], { env: env('intune') });
    expect(diff.stdout).toMatch(/\nNo differences\.\n$/);
    expect(diff.code).toBe(0);
  });

  it('pull with no policy exits 1 naming the app', async () => {
    const pull = await runCli(['pull', '--console', 'intune', '--app', 'com.cisco.jabberIM'], { env: env('intune') });
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain('Intune has no app configuration policy for com.cisco.jabberIM.');
  });

  it('Jamf Pro: apply, then pull prints the profile', async () => {
    const apply = await runCli(['publish', file, '--console', 'jamf', '--apply', '--json'], { env: env('jamf') });
    expect(apply.code).toBe(0);
    expect((JSON.parse(apply.stdout) as PublishJson).plans[0]).toMatchObject({ console: 'jamf', action: 'create', applied: true, id: '42' });
    const pull = await runCli(['pull', '--console', 'jamf', '--app', 'com.cisco.jabberIM', '--name', 'acme-prod'], { env: env('jamf') });
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain('name: acme-prod\nsettings:\n  ServicesDomain: acme.com\n');
    expect(pull.stdout + pull.stderr).not.toContain(SECRET);
  });

  it('exits 1 when refused, and 2 when the connection settings are missing, insecure or refused', async () => {
    emu.state.policies.push({
      id: 'manual',
      '@odata.type': '#microsoft.graph.iosMobileAppConfiguration',
      displayName: 'acme-prod',
      description: null,
      version: 1,
      targetedMobileApps: [],
      createdDateTime: '2026-01-01T00:00:00Z',
      lastModifiedDateTime: '2026-01-01T00:00:00Z',
      betaOnly: false,
      assignments: [],
    });
    const refused = await runCli(['publish', file, '--console', 'intune', '--apply'], { env: env('intune') });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error not-owned');
    expect(refused.stdout).toContain(': REFUSED\n');

    const missing = await runCli(['publish', file, '--console', 'jamf'], { env: { JABBER_EMM_JAMF_URL: '', JABBER_EMM_JAMF_CLIENT_ID: '', JABBER_EMM_JAMF_CLIENT_SECRET: '' } });
    expect(missing.code).toBe(2);
    // oclif wraps the message to the terminal: compared with the line breaks folded.
    expect(folded(missing.stderr)).toContain('set JABBER_EMM_JAMF_URL, JABBER_EMM_JAMF_CLIENT_ID, JABBER_EMM_JAMF_CLIENT_SECRET in the environment');

    const missingJson = await runCli(['pull', '--console', 'jamf', '--app', 'com.cisco.jabberIM', '--json'], { env: { JABBER_EMM_JAMF_URL: '', JABBER_EMM_JAMF_CLIENT_ID: '', JABBER_EMM_JAMF_CLIENT_SECRET: '' } });
    expect(missingJson.code).toBe(2);
    expect(JSON.parse(missingJson.stdout)).toMatchObject({ error: { code: 'missing-setting' } });

    const insecure = await runCli(['publish', file, '--console', 'jamf'], { env: { ...env('jamf'), JABBER_EMM_JAMF_URL: 'http://jamf.example.com' } });
    expect(insecure.code).toBe(2);
    expect(folded(insecure.stderr)).toContain('must be an https:// URL');

    const wrong = await runCli(['publish', file, '--console', 'jamf'], { env: { ...env('jamf'), JABBER_EMM_JAMF_CLIENT_SECRET: 'not-the-secret' } });
    expect(wrong.code).toBe(2);
    expect(folded(wrong.stderr)).toContain('Jamf Pro refused the API client credentials');
    expect(wrong.stderr).not.toContain('not-the-secret');
  });
});
