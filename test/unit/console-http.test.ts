import { describe, expect, it } from 'vitest';
import { consoleBaseUrl, isLoopbackHost } from '../../src/consoles/url-policy.js';
import { retryAfterMs, ConsoleHttp } from '../../src/consoles/http.js';
import { intuneSettings, jamfSettings } from '../../src/consoles/auth.js';

describe('console URLs', () => {
  it('take https anywhere and plain http only for loopback hosts', () => {
    expect(consoleBaseUrl('https://graph.microsoft.us/', 'X').href).toBe('https://graph.microsoft.us/');
    for (const ok of ['http://127.0.0.1:8080', 'http://127.9.9.9', 'http://localhost:1', 'http://[::1]:80']) expect(() => consoleBaseUrl(ok, 'X')).not.toThrow();
    for (const bad of ['http://graph.microsoft.com', 'http://10.0.0.1', 'http://128.0.0.1', 'ftp://127.0.0.1', 'http://localhost.evil.com']) {
      expect(() => consoleBaseUrl(bad, 'JABBER_EMM_JAMF_URL')).toThrow(/JABBER_EMM_JAMF_URL must be an https:\/\/ URL/);
    }
    expect(() => consoleBaseUrl('https://user:pw@jamf.example.com', 'X')).toThrow(/must not carry a user name or password/);
    expect(() => consoleBaseUrl('not a url', 'X')).toThrow(/is not a URL/);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('::2')).toBe(false);
  });
});

describe('connection settings', () => {
  it('name every missing variable and exit 2, without reading a secret into the message', () => {
    expect(() => intuneSettings({})).toThrow(/JABBER_EMM_INTUNE_TENANT_ID, JABBER_EMM_INTUNE_CLIENT_ID, JABBER_EMM_INTUNE_CLIENT_SECRET/);
    expect(() => jamfSettings({ JABBER_EMM_JAMF_URL: 'https://x.jamfcloud.com', JABBER_EMM_JAMF_CLIENT_SECRET: 's3cr3t' })).toThrow(/set JABBER_EMM_JAMF_CLIENT_ID in/);
    try {
      intuneSettings({ JABBER_EMM_INTUNE_TENANT_ID: 't', JABBER_EMM_INTUNE_CLIENT_ID: 'c', JABBER_EMM_INTUNE_CLIENT_SECRET: 's3cr3t', JABBER_EMM_INTUNE_GRAPH_URL: 'http://graph.example.com' });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'insecure-url', exitCode: 2 });
      expect((err as Error).message).not.toContain('s3cr3t');
    }
  });

  it('default to the public cloud, take national-cloud URLs, and need no secret for device code', () => {
    const s = intuneSettings({ JABBER_EMM_INTUNE_TENANT_ID: 'contoso.onmicrosoft.com', JABBER_EMM_INTUNE_CLIENT_ID: 'c', JABBER_EMM_INTUNE_CLIENT_SECRET: 's' });
    expect([s.graphUrl.href, s.loginUrl.href]).toEqual(['https://graph.microsoft.com/', 'https://login.microsoftonline.com/']);
    const us = intuneSettings({ JABBER_EMM_INTUNE_TENANT_ID: 't', JABBER_EMM_INTUNE_CLIENT_ID: 'c', JABBER_EMM_INTUNE_CLIENT_SECRET: 's', JABBER_EMM_INTUNE_GRAPH_URL: 'https://graph.microsoft.us', JABBER_EMM_INTUNE_LOGIN_URL: 'https://login.microsoftonline.us' });
    expect(us.graphUrl.origin).toBe('https://graph.microsoft.us');
    expect(intuneSettings({ JABBER_EMM_INTUNE_TENANT_ID: 't', JABBER_EMM_INTUNE_CLIENT_ID: 'c' }, { deviceCode: true }).clientSecret).toBeUndefined();
    expect(() => intuneSettings({ JABBER_EMM_INTUNE_TENANT_ID: 't/../x', JABBER_EMM_INTUNE_CLIENT_ID: 'c', JABBER_EMM_INTUNE_CLIENT_SECRET: 's' })).toThrow(/tenant id/);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates; without it backs off 1 s doubling', () => {
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', 0, () => Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(null, 0)).toBe(1000);
    expect(retryAfterMs('soon', 2)).toBe(4000);
  });

  it('fails at once when the console asks for a longer wait than allowed (injected fetch)', async () => {
    let calls = 0;
    const http = new ConsoleHttp(new URL('https://graph.example.com'), async () => 'token', { console: 'Graph', needs: 'X' }, {
      fetch: async () => {
        calls += 1;
        return new Response('', { status: 429, headers: { 'retry-after': '3600' } });
      },
      sleep: async () => {},
    });
    await expect(http.send({ method: 'GET', path: '/v1.0/x' })).rejects.toMatchObject({ code: 'throttled' });
    expect(calls).toBe(1);
  });

  it('does not follow a next-page link to another host (the token stays with the console)', async () => {
    const seen: string[] = [];
    const http = new ConsoleHttp(new URL('https://graph.example.com'), async () => 'token', { console: 'Graph', needs: 'X' }, {
      fetch: async (url) => {
        seen.push(String(url));
        return new Response(JSON.stringify({ value: [], '@odata.nextLink': 'https://evil.example.net/next' }), { status: 200 });
      },
    });
    const { IntuneClient } = await import('../../src/consoles/intune.js');
    await expect(new IntuneClient(http).listApps()).rejects.toMatchObject({ code: 'bad-response', message: expect.stringContaining('another host') });
    expect(seen).toEqual(['https://graph.example.com/v1.0/deviceAppManagement/mobileApps']);
  });

  it('turns a network failure into exit 2 naming the console', async () => {
    const http = new ConsoleHttp(new URL('https://jamf.example.com'), async () => 'token', { console: 'Jamf Pro', needs: 'X' }, {
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      },
    });
    await expect(http.send({ method: 'GET', path: '/x' })).rejects.toMatchObject({ code: 'unreachable', exitCode: 2, message: 'Jamf Pro cannot be reached at https://jamf.example.com (ECONNREFUSED).' });
  });
});
