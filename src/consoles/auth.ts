/**
 * Connection settings and tokens for the consoles, from the environment (flags may override).
 *
 * - Intune: OAuth 2.0 client credentials at `{login}/{tenant}/oauth2/v2.0/token` with
 *   `scope=https://graph.microsoft.com/.default` (reference emm-console-apis.md §1), or the device-code
 *   flow (RFC 8628) for an admin at a terminal: `{login}/{tenant}/oauth2/v2.0/devicecode`, then the
 *   token endpoint polled. Both are plain form posts, done with fetch: no SDK is needed for them, and
 *   the same code runs against national clouds (`JABBER_EMM_INTUNE_LOGIN_URL`) and the test emulator.
 * - Jamf Pro: API Roles and Clients, `POST {url}/api/oauth/token` with
 *   `grant_type=client_credentials` (reference §2; Jamf Pro 10.49+).
 */
import { ConsoleError } from './errors.js';
import { sendOnce, type FetchFn } from './http.js';
import { consoleBaseUrl, joinUrl } from './url-policy.js';

/** The consoles `publish` and `pull` talk to (ids as export's `--emm` spells them). */
export const PUBLISH_CONSOLES = ['intune', 'jamf'] as const;
/** One of PUBLISH_CONSOLES. */
export type PublishConsole = (typeof PUBLISH_CONSOLES)[number];

/** Environment variables read (the interface). */
export const CONSOLE_ENV = {
  intuneTenantId: 'JABBER_EMM_INTUNE_TENANT_ID',
  intuneClientId: 'JABBER_EMM_INTUNE_CLIENT_ID',
  intuneClientSecret: 'JABBER_EMM_INTUNE_CLIENT_SECRET',
  intuneGraphUrl: 'JABBER_EMM_INTUNE_GRAPH_URL',
  intuneLoginUrl: 'JABBER_EMM_INTUNE_LOGIN_URL',
  jamfUrl: 'JABBER_EMM_JAMF_URL',
  jamfClientId: 'JABBER_EMM_JAMF_CLIENT_ID',
  jamfClientSecret: 'JABBER_EMM_JAMF_CLIENT_SECRET',
} as const;

/** Public cloud defaults. */
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';
export const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';

/** Graph permission an app registration needs to read and write app configuration policies (reference §1). */
export const INTUNE_NEEDS =
  'the Microsoft Graph application permission DeviceManagementApps.ReadWrite.All (DeviceManagementApps.Read.All is enough for a plan or pull) and Group.Read.All for assignments, with admin consent';
/** Jamf Pro privileges of the API role (Classic API, Mobile Device Apps). */
export const JAMF_NEEDS = 'an API role with the Jamf Pro privileges "Read Mobile Device Apps" and "Update Mobile Device Apps"';

/** Flag values that override the environment. */
export interface ConnectionOverrides {
  tenantId?: string;
  clientId?: string;
  graphUrl?: string;
  loginUrl?: string;
  jamfUrl?: string;
  /** Intune: sign in as an admin with the device-code flow instead of a client secret. */
  deviceCode?: boolean;
}

/** Intune connection settings. */
export interface IntuneSettings {
  tenantId: string;
  clientId: string;
  /** Absent with the device-code flow. */
  clientSecret?: string;
  graphUrl: URL;
  loginUrl: URL;
  deviceCode: boolean;
}

/** Jamf Pro connection settings. */
export interface JamfSettings {
  url: URL;
  clientId: string;
  clientSecret: string;
}

type Env = Record<string, string | undefined>;

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

function missing(names: string[], what: string): ConsoleError {
  return new ConsoleError('missing-setting', `${what}: set ${names.join(', ')} in the environment (see "Publish to Intune and Jamf" in the README).`, 2);
}

/** Reads the Intune settings; throws ConsoleError (exit 2) naming what is missing or wrong. */
export function intuneSettings(env: Env, o: ConnectionOverrides = {}): IntuneSettings {
  const tenantId = o.tenantId ?? env[CONSOLE_ENV.intuneTenantId];
  const clientId = o.clientId ?? env[CONSOLE_ENV.intuneClientId];
  const clientSecret = env[CONSOLE_ENV.intuneClientSecret];
  const deviceCode = o.deviceCode === true;
  const absent: string[] = [];
  if (!present(tenantId)) absent.push(CONSOLE_ENV.intuneTenantId);
  if (!present(clientId)) absent.push(CONSOLE_ENV.intuneClientId);
  if (!deviceCode && !present(clientSecret)) absent.push(CONSOLE_ENV.intuneClientSecret);
  if (absent.length > 0) throw missing(absent, deviceCode ? 'Intune device-code sign-in needs the tenant and the app registration' : 'Intune needs an app registration');
  if (!/^[A-Za-z0-9.-]+$/.test(tenantId!)) throw new ConsoleError('missing-setting', `${CONSOLE_ENV.intuneTenantId} must be a tenant id (GUID) or a domain name.`, 2);
  return {
    tenantId: tenantId!.trim(),
    clientId: clientId!.trim(),
    ...(deviceCode ? {} : { clientSecret: clientSecret! }),
    graphUrl: consoleBaseUrl(o.graphUrl ?? env[CONSOLE_ENV.intuneGraphUrl] ?? DEFAULT_GRAPH_URL, o.graphUrl ? '--graph-url' : CONSOLE_ENV.intuneGraphUrl),
    loginUrl: consoleBaseUrl(o.loginUrl ?? env[CONSOLE_ENV.intuneLoginUrl] ?? DEFAULT_LOGIN_URL, o.loginUrl ? '--login-url' : CONSOLE_ENV.intuneLoginUrl),
    deviceCode,
  };
}

/** Reads the Jamf settings; throws ConsoleError (exit 2) naming what is missing or wrong. */
export function jamfSettings(env: Env, o: ConnectionOverrides = {}): JamfSettings {
  const url = o.jamfUrl ?? env[CONSOLE_ENV.jamfUrl];
  const clientId = o.clientId ?? env[CONSOLE_ENV.jamfClientId];
  const clientSecret = env[CONSOLE_ENV.jamfClientSecret];
  const absent: string[] = [];
  if (!present(url)) absent.push(CONSOLE_ENV.jamfUrl);
  if (!present(clientId)) absent.push(CONSOLE_ENV.jamfClientId);
  if (!present(clientSecret)) absent.push(CONSOLE_ENV.jamfClientSecret);
  if (absent.length > 0) throw missing(absent, 'Jamf Pro needs an API client');
  return { url: consoleBaseUrl(url!, o.jamfUrl ? '--jamf-url' : CONSOLE_ENV.jamfUrl), clientId: clientId!.trim(), clientSecret: clientSecret! };
}

/** A token and when to stop using it. */
interface Token {
  value: string;
  expiresAt: number;
}

/** Options of the token sources. */
export interface AuthOptions {
  fetch?: FetchFn;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Where the device-code flow tells the admin what to do (default: stderr). */
  prompt?: (message: string) => void;
}

/** Refresh this long before a token's stated expiry. */
const EXPIRY_MARGIN_MS = 60_000;

/** A cached token source: asks again when the token is old or `fresh` is set. */
function cachedSource(get: () => Promise<Token>, now: () => number): (fresh: boolean) => Promise<string> {
  let current: Promise<Token> | undefined;
  return async (fresh) => {
    if (current) {
      const t = await current.catch(() => undefined);
      if (!t || fresh || now() >= t.expiresAt) current = undefined;
    }
    current ??= get();
    return (await current).value;
  };
}

/** Posts a form to a token endpoint; returns the parsed answer and the status. */
async function postForm(fetchFn: FetchFn, url: URL, form: Record<string, string>, consoleName: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await sendOnce(
    fetchFn,
    url,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(form).toString(), redirect: 'error' },
    consoleName,
  );
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // a non-JSON error page: status says enough
  }
  return { status: res.status, body };
}

function tokenFrom(body: Record<string, unknown>, now: number, consoleName: string): Token {
  const value = body.access_token;
  if (typeof value !== 'string' || value === '') throw new ConsoleError('auth-failed', `${consoleName} answered the token request without an access token.`, 2);
  const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 300);
  return { value, expiresAt: now + Math.max(0, (Number.isFinite(seconds) ? seconds : 300) * 1000 - EXPIRY_MARGIN_MS) };
}

/** The OAuth error code of a refused token request (never the description: it may echo input). */
function oauthError(body: Record<string, unknown>): string {
  return typeof body.error === 'string' && /^[a-z_]{1,60}$/.test(body.error) ? body.error : 'refused';
}

/** Tokens for Microsoft Graph: client credentials, or the device-code flow. */
export function intuneTokenSource(s: IntuneSettings, opts: AuthOptions = {}): (fresh: boolean) => Promise<string> {
  const fetchFn = opts.fetch ?? ((i, init) => fetch(i, init));
  const now = opts.now ?? Date.now;
  const name = 'Microsoft Entra ID (Intune sign-in)';
  const tokenUrl = joinUrl(s.loginUrl, `/${encodeURIComponent(s.tenantId)}/oauth2/v2.0/token`);
  const graph = s.graphUrl.origin;
  if (!s.deviceCode) {
    return cachedSource(async () => {
      const { status, body } = await postForm(
        fetchFn,
        tokenUrl,
        { grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.clientSecret!, scope: `${graph}/.default` },
        name,
      );
      if (status !== 200) {
        throw new ConsoleError(
          'auth-failed',
          `${name} refused the client credentials of ${CONSOLE_ENV.intuneClientId} in tenant ${s.tenantId} (${status}, ${oauthError(body)}): check ${CONSOLE_ENV.intuneTenantId}, ${CONSOLE_ENV.intuneClientId} and ${CONSOLE_ENV.intuneClientSecret}.`,
          2,
          status,
        );
      }
      return tokenFrom(body, now(), name);
    }, now);
  }
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const prompt = opts.prompt ?? ((m: string) => process.stderr.write(`${m}\n`));
  // Delegated permissions: the signed-in admin's own rights apply.
  const scope = `${graph}/DeviceManagementApps.ReadWrite.All ${graph}/Group.Read.All`;
  return cachedSource(async () => {
    const start = await postForm(fetchFn, joinUrl(s.loginUrl, `/${encodeURIComponent(s.tenantId)}/oauth2/v2.0/devicecode`), { client_id: s.clientId, scope }, name);
    const deviceCode = start.body.device_code;
    if (start.status !== 200 || typeof deviceCode !== 'string') {
      throw new ConsoleError('auth-failed', `${name} refused to start a device-code sign-in for ${CONSOLE_ENV.intuneClientId} (${start.status}, ${oauthError(start.body)}): the app registration must allow public client flows.`, 2, start.status);
    }
    const message = typeof start.body.message === 'string' ? start.body.message : `Open ${String(start.body.verification_uri)} and enter the code ${String(start.body.user_code)}.`;
    prompt(message);
    let intervalMs = (typeof start.body.interval === 'number' ? start.body.interval : 5) * 1000;
    const deadline = now() + (typeof start.body.expires_in === 'number' ? start.body.expires_in : 900) * 1000;
    while (now() < deadline) {
      await sleep(intervalMs);
      const { status, body } = await postForm(
        fetchFn,
        tokenUrl,
        { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: s.clientId, device_code: deviceCode },
        name,
      );
      if (status === 200) return tokenFrom(body, now(), name);
      const error = oauthError(body);
      if (error === 'authorization_pending') continue;
      if (error === 'slow_down') {
        intervalMs += 5000; // RFC 8628 §3.5
        continue;
      }
      throw new ConsoleError('auth-failed', `The device-code sign-in did not complete (${error}).`, 2, status);
    }
    throw new ConsoleError('auth-failed', 'The device-code sign-in expired before it was completed; run the command again.', 2);
  }, now);
}

/** Tokens for the Jamf Pro API (client credentials). */
export function jamfTokenSource(s: JamfSettings, opts: AuthOptions = {}): (fresh: boolean) => Promise<string> {
  const fetchFn = opts.fetch ?? ((i, init) => fetch(i, init));
  const now = opts.now ?? Date.now;
  const name = 'Jamf Pro';
  return cachedSource(async () => {
    const { status, body } = await postForm(fetchFn, joinUrl(s.url, '/api/oauth/token'), { grant_type: 'client_credentials', client_id: s.clientId, client_secret: s.clientSecret }, name);
    if (status !== 200) {
      throw new ConsoleError(
        'auth-failed',
        `${name} refused the API client credentials (${status}, ${oauthError(body)}): check ${CONSOLE_ENV.jamfClientId} and ${CONSOLE_ENV.jamfClientSecret}, and that the API client is enabled.`,
        2,
        status,
      );
    }
    return tokenFrom(body, now(), name);
  }, now);
}
