import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleHttp } from '../../src/consoles/http.js';
import { intuneSettings, intuneTokenSource, INTUNE_NEEDS, jamfSettings, jamfTokenSource, JAMF_NEEDS } from '../../src/consoles/auth.js';
import { IntuneClient } from '../../src/consoles/intune.js';
import { preferencesBody } from '../../src/consoles/jamf.js';
import { requestBodyErrors } from '../../src/consoles/request-schemas.js';
import { startConsoleEmulator, type ConsoleEmulator } from './console-emulator.js';

let emu: ConsoleEmulator;
beforeEach(async () => {
  emu = await startConsoleEmulator();
});
afterEach(async () => {
  await emu.close();
});

/** A Graph client on the emulator whose waits are recorded, not slept. */
function graph(waits: number[] = []): ConsoleHttp {
  const s = intuneSettings(emu.env('intune'));
  return new ConsoleHttp(s.graphUrl, intuneTokenSource(s), { console: 'Intune (Microsoft Graph)', needs: INTUNE_NEEDS }, { sleep: async (ms) => void waits.push(ms) });
}

async function raw(method: string, path: string, body: string, contentType = 'application/json'): Promise<Response> {
  const token = await intuneTokenSource(intuneSettings(emu.env('intune')))(false);
  return fetch(`${emu.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
}

const IOS = { '@odata.type': '#microsoft.graph.iosMobileAppConfiguration', displayName: 'p', targetedMobileApps: ['app-ios-jabber'], encodedSettingXml: Buffer.from('<dict/>').toString('base64') };

describe('console emulator', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(emu.url).hostname).toBe('127.0.0.1');
  });

  it('rejects a policy without @odata.type', async () => {
    const { '@odata.type': _t, ...body } = IOS;
    const res = await raw('POST', '/v1.0/deviceAppManagement/mobileAppConfigurations', JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(emu.state.policies).toHaveLength(0);
  });

  it('rejects settings and encodedSettingXml together, by the derived schema', async () => {
    const body = { ...IOS, settings: [{ appConfigKey: 'k', appConfigKeyType: 'stringType', appConfigKeyValue: 'v' }] };
    const res = await raw('POST', '/v1.0/deviceAppManagement/mobileAppConfigurations', JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(emu.rejected[0]!.errors.join(' ')).toMatch(/must NOT be valid/);
  });

  it('rejects an Android policy on v1.0 (beta only) and takes it on beta', async () => {
    const body = { '@odata.type': '#microsoft.graph.androidManagedStoreAppConfiguration', displayName: 'a', packageId: 'app:com.cisco.im', payloadJson: 'e30=' };
    expect((await raw('POST', '/v1.0/deviceAppManagement/mobileAppConfigurations', JSON.stringify(body))).status).toBe(400);
    expect((await raw('POST', '/beta/deviceAppManagement/mobileAppConfigurations', JSON.stringify(body))).status).toBe(201);
  });

  it('rejects Jamf preferences escaped twice, and stores them escaped once', async () => {
    const token = await jamfTokenSource(jamfSettings(emu.env('jamf')))(false);
    const put = (text: string): Promise<Response> =>
      fetch(`${emu.url}/JSSResource/mobiledeviceapplications/id/42`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, body: text });
    const once = preferencesBody('<dict><key>A</key><string>R&amp;D</string></dict>');
    expect((await put(once.replace(/&/g, '&amp;'))).status).toBe(400);
    expect(emu.state.jamfApps[0]!.preferences).toBe('');
    expect((await put(once)).status).toBe(201);
    expect(emu.state.jamfApps[0]!.preferences).toBe('<dict><key>A</key><string>R&amp;D</string></dict>');
    // What it serves back is a record of the vendor's GET schema.
    const got = await fetch(`${emu.url}/JSSResource/mobiledeviceapplications/bundleid/com.cisco.jabberIM`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expect(requestBodyErrors('jamfRecord', await got.json())).toEqual([]);
  });

  it('pages collections with @odata.nextLink, and the client follows every page', async () => {
    const res = await raw('GET', '/v1.0/deviceAppManagement/mobileApps', undefined as unknown as string);
    const first = (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(first.value).toHaveLength(2);
    expect(first['@odata.nextLink']).toMatch(/(\$|%24)skiptoken=2/);
    const apps = await new IntuneClient(graph()).listApps();
    expect(apps.map((a) => a.id)).toEqual(emu.state.apps.map((a) => a.id));
  });

  it('bumps version on every change (update and assign)', async () => {
    const client = new IntuneClient(graph());
    const created = await client.createConfiguration('v1.0', IOS);
    expect(created.version).toBe(1);
    await client.updateConfiguration('v1.0', created.id, { ...IOS, description: 'x' });
    expect((await client.getConfiguration('v1.0', created.id))!.version).toBe(2);
    await client.assign('v1.0', created.id, ['group-pilot']);
    expect((await client.getConfiguration('v1.0', created.id))!.version).toBe(3);
    expect(await client.listAssignments('v1.0', created.id)).toMatchObject([{ target: { groupId: 'group-pilot' } }]);
  });

  it('injects 429 with Retry-After, and the client waits as told before retrying', async () => {
    emu.faults.push({ path: '/mobileApps', status: 429, retryAfter: '3', times: 2 });
    const waits: number[] = [];
    const apps = await new IntuneClient(graph(waits)).listApps();
    expect(waits).toEqual([3000, 3000]);
    expect(apps.length).toBe(emu.state.apps.length);
    expect(emu.requests.filter((r) => r.path.endsWith('/mobileApps') && r.status === 429)).toHaveLength(2);
  });

  it('injects 503 without Retry-After: backoff 1 s, 2 s', async () => {
    emu.faults.push({ path: '/mobileApps', status: 503, times: 2 });
    const waits: number[] = [];
    await new IntuneClient(graph(waits)).listApps();
    expect(waits).toEqual([1000, 2000]);
  });

  it('retries a bounded number of times, then fails the request (exit 1)', async () => {
    emu.faults.push({ path: '/mobileApps', status: 429, retryAfter: '1', times: 100 });
    const waits: number[] = [];
    await expect(new IntuneClient(graph(waits)).listApps()).rejects.toMatchObject({ code: 'throttled', exitCode: 1 });
    expect(waits).toHaveLength(4);
  });

  it('injects 401 and 403: one fresh token after a 401, then a message naming the permission (exit 2)', async () => {
    emu.faults.push({ path: '/mobileApps', status: 401, times: 1 });
    await new IntuneClient(graph()).listApps();
    emu.faults.push({ path: '/mobileApps', status: 403, times: 1 });
    await expect(new IntuneClient(graph()).listApps()).rejects.toMatchObject({ code: 'permission-denied', exitCode: 2, message: expect.stringContaining('DeviceManagementApps.ReadWrite.All') });
    emu.faults.push({ path: '/mobiledeviceapplications', status: 403, times: 1 });
    const s = jamfSettings(emu.env('jamf'));
    const { JamfClient } = await import('../../src/consoles/jamf.js');
    const jamf = new JamfClient(new ConsoleHttp(s.url, jamfTokenSource(s), { console: 'Jamf Pro', needs: JAMF_NEEDS }));
    await expect(jamf.appByBundleId('com.cisco.jabberIM')).rejects.toMatchObject({ code: 'permission-denied', message: expect.stringContaining('Update Mobile Device Apps') });
  });

  it('injects a 5xx: the request fails with the status and the console error code, never the body', async () => {
    emu.faults.push({ path: '/mobileApps', status: 500, times: 1 });
    await expect(new IntuneClient(graph()).listApps()).rejects.toMatchObject({ code: 'http-error', exitCode: 1, message: 'Intune (Microsoft Graph) answered 500 to GET /v1.0/deviceAppManagement/mobileApps (Injected).' });
  });

  it('refuses wrong client credentials without echoing the secret', async () => {
    const env = { ...emu.env('intune'), JABBER_EMM_INTUNE_CLIENT_SECRET: 'wrong-secret-xyz' };
    const s = intuneSettings(env);
    const err = await intuneTokenSource(s)(false).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'auth-failed', exitCode: 2 });
    expect((err as Error).message).toContain('invalid_client');
    expect((err as Error).message).not.toContain('wrong-secret-xyz');
    expect((err as Error).message).not.toContain('AADSTS');
  });

  it('serves the device-code flow', async () => {
    const prompts: string[] = [];
    const s = intuneSettings({ ...emu.env('intune'), JABBER_EMM_INTUNE_CLIENT_SECRET: '' }, { deviceCode: true });
    const token = await intuneTokenSource(s, { prompt: (m) => prompts.push(m), sleep: async () => {} })(false);
    expect(token).toMatch(/^graph-/);
    expect(prompts[0]).toMatch(/enter the code EMU-1234/);
    expect(emu.requests.filter((r) => r.path.endsWith('/token')).map((r) => r.status)).toEqual([400, 200]); // authorization_pending, then the token
  });
});
