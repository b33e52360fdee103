/**
 * A stateful emulator of the parts of Microsoft Graph (Intune), Microsoft Entra ID's token
 * endpoints and the Jamf Pro Classic API that `publish` and `pull` use, for tests without the
 * internet. It listens on 127.0.0.1 (port 0) only, keeps state (so publish → pull → diff
 * round-trips), bumps a policy's `version` on every change, checks every request body against the
 * same vendor-derived schemas the client checks against (schemas/consoles/), and injects faults on
 * demand: 429/503 with Retry-After, 401, 5xx, a version moved by someone else, an unowned policy.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestBodyErrors, type ConsoleSchema } from '../../src/consoles/request-schemas.js';
import { readXmlBody } from '../../src/consoles/jamf.js';

/** Credentials the emulator accepts. */
export const EMULATOR_CREDENTIALS = {
  tenantId: 'contoso.onmicrosoft.com',
  intuneClientId: '11111111-2222-3333-4444-555555555555',
  intuneClientSecret: 'intune-client-secret-value-123',
  jamfClientId: 'jamf-client-id',
  jamfClientSecret: 'jamf-client-secret-value-456',
} as const;

/** A policy as stored (Graph's JSON shape). */
export interface StoredPolicy {
  id: string;
  '@odata.type': string;
  displayName: string;
  description: string | null;
  version: number;
  targetedMobileApps: string[];
  encodedSettingXml?: string | null;
  settings?: unknown[];
  packageId?: string | null;
  payloadJson?: string | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** Which API versions see it (Android ones only beta). */
  betaOnly: boolean;
  assignments: { id: string; target: { '@odata.type': string; groupId?: string } }[];
}

/** A Jamf mobile device app record (what the emulator keeps). */
export interface StoredJamfApp {
  id: number;
  name: string;
  bundleId: string;
  preferences: string;
}

/** A fault to inject: the next `times` requests matching `method` and `path` get `status`. */
export interface Fault {
  method?: string;
  /** Substring of the path (without query). */
  path: string;
  status: number;
  retryAfter?: string;
  times?: number;
}

/** One request the emulator received. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw body text (never asserted on by tests for secrets: they scan outputs, not this). */
  body: string;
  status: number;
}

/** The emulator's state, open to tests. */
export interface EmulatorState {
  apps: { id: string; '@odata.type': string; displayName: string; bundleId?: string; packageId?: string }[];
  groups: { id: string; displayName: string }[];
  policies: StoredPolicy[];
  jamfApps: StoredJamfApp[];
}

/** A running emulator. */
export interface ConsoleEmulator {
  /** http://127.0.0.1:<port> */
  url: string;
  state: EmulatorState;
  requests: RecordedRequest[];
  /** Bodies refused by the schema check (status 400), with the errors. */
  rejected: { path: string; errors: string[] }[];
  faults: Fault[];
  /** Page size of collections (small, so paging is exercised). */
  pageSize: number;
  /** Called before each request is handled (a test plays "someone else" here). */
  onRequest?: (method: string, path: string) => void;
  /** Environment variables that point jabber-emm at this emulator. */
  env(console: 'intune' | 'jamf'): Record<string, string>;
  /** Requests that change something (not GET, not token requests). */
  writes(): RecordedRequest[];
  /** Someone else edits a policy: its settings XML (if given) and a version bump. */
  editPolicy(id: string, change: { encodedSettingXml?: string; description?: string }): void;
  close(): Promise<void>;
}

const GRAPH_PREFIX = /^\/(v1\.0|beta)\//;

/** Starts an emulator seeded with Cisco Jabber apps, three groups, and one Jamf app. */
export async function startConsoleEmulator(): Promise<ConsoleEmulator> {
  const state: EmulatorState = {
    apps: [
      { id: 'app-ios-0000', '@odata.type': '#microsoft.graph.iosStoreApp', displayName: 'Microsoft Teams', bundleId: 'com.microsoft.skype.teams' },
      { id: 'app-ios-jabber', '@odata.type': '#microsoft.graph.iosStoreApp', displayName: 'Cisco Jabber', bundleId: 'com.cisco.jabberIM' },
      { id: 'app-web-0001', '@odata.type': '#microsoft.graph.webApp', displayName: 'Intranet' },
      { id: 'app-ios-jabber-vpp', '@odata.type': '#microsoft.graph.iosVppApp', displayName: 'Cisco Jabber (VPP)', bundleId: 'com.cisco.jabberIM' },
      { id: 'app-android-jabber', '@odata.type': '#microsoft.graph.androidManagedStoreApp', displayName: 'Cisco Jabber', packageId: 'com.cisco.im' },
    ],
    groups: [
      { id: 'group-emea', displayName: 'Jabber Users EMEA' },
      { id: 'group-pilot', displayName: 'Jabber Pilot' },
      { id: 'group-all', displayName: 'All Staff' },
    ],
    policies: [],
    jamfApps: [{ id: 42, name: 'Cisco Jabber', bundleId: 'com.cisco.jabberIM', preferences: '' }],
  };
  const tokens = new Set<string>();
  const pendingDeviceCodes = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const rejected: { path: string; errors: string[] }[] = [];
  const faults: Fault[] = [];
  let base = '';

  const emulator: ConsoleEmulator = {
    url: '',
    state,
    requests,
    rejected,
    faults,
    pageSize: 2,
    env(console): Record<string, string> {
      if (console === 'intune') {
        return {
          JABBER_EMM_INTUNE_TENANT_ID: EMULATOR_CREDENTIALS.tenantId,
          JABBER_EMM_INTUNE_CLIENT_ID: EMULATOR_CREDENTIALS.intuneClientId,
          JABBER_EMM_INTUNE_CLIENT_SECRET: EMULATOR_CREDENTIALS.intuneClientSecret,
          JABBER_EMM_INTUNE_GRAPH_URL: base,
          JABBER_EMM_INTUNE_LOGIN_URL: base,
        };
      }
      return { JABBER_EMM_JAMF_URL: base, JABBER_EMM_JAMF_CLIENT_ID: EMULATOR_CREDENTIALS.jamfClientId, JABBER_EMM_JAMF_CLIENT_SECRET: EMULATOR_CREDENTIALS.jamfClientSecret };
    },
    writes() {
      return requests.filter((r) => r.method !== 'GET' && !/\/oauth2\/|\/api\/oauth\/token/.test(r.path));
    },
    editPolicy(id, change) {
      const p = state.policies.find((x) => x.id === id);
      if (!p) throw new Error(`no policy ${id}`);
      if (change.encodedSettingXml !== undefined) p.encodedSettingXml = change.encodedSettingXml;
      if (change.description !== undefined) p.description = change.description;
      p.version += 1;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', base);
      const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, body, status: 0 };
      requests.push(record);
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
        record.status = status;
        const text = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
        res.writeHead(status, { ...(payload !== undefined && typeof payload !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers });
        res.end(text);
      };
      try {
        emulator.onRequest?.(record.method, record.path);
        handle(req, url, body, send);
      } catch (err) {
        send(500, { error: { code: 'EmulatorError', message: (err as Error).message } });
      }
    });
  });

  function fault(method: string, path: string): Fault | undefined {
    const i = faults.findIndex((f) => (f.method === undefined || f.method === method) && path.includes(f.path));
    if (i < 0) return undefined;
    const f = faults[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) faults.splice(i, 1);
    return f;
  }

  function checkBody(schema: ConsoleSchema, value: unknown, path: string, send: (s: number, p?: unknown) => void): boolean {
    const errors = requestBodyErrors(schema, value).map((e) => `${e.pointer || '/'} ${e.message}`);
    if (errors.length === 0) return true;
    rejected.push({ path, errors });
    send(400, { error: { code: 'BadRequest', message: `Request body does not match ${schema}: ${errors.join('; ')}` } });
    return false;
  }

  function page<T>(items: T[], url: URL): { value: T[]; '@odata.nextLink'?: string } {
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
    const value = items.slice(skip, skip + emulator.pageSize);
    const out: { value: T[]; '@odata.nextLink'?: string } = { value };
    if (skip + emulator.pageSize < items.length) {
      const next = new URL(url.href);
      next.searchParams.set('$skiptoken', String(skip + emulator.pageSize));
      out['@odata.nextLink'] = next.href;
    }
    return out;
  }

  function policyJson(p: StoredPolicy): Record<string, unknown> {
    const { betaOnly: _b, assignments: _a, ...rest } = p;
    return rest;
  }

  function handle(req: IncomingMessage, url: URL, body: string, send: (s: number, p?: unknown, h?: Record<string, string>) => void): void {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const f = fault(method, path);
    if (f) {
      send(f.status, { error: { code: f.status === 429 ? 'TooManyRequests' : 'Injected', message: 'injected fault' } }, f.retryAfter !== undefined ? { 'retry-after': f.retryAfter } : {});
      return;
    }

    // Entra ID token endpoints: /{tenant}/oauth2/v2.0/token and /devicecode.
    const login = /^\/([^/]+)\/oauth2\/v2\.0\/(token|devicecode)$/.exec(path);
    if (login && method === 'POST') {
      const form = new URLSearchParams(body);
      if (decodeURIComponent(login[1]!) !== EMULATOR_CREDENTIALS.tenantId) return send(400, { error: 'invalid_request' });
      if (login[2] === 'devicecode') {
        if (form.get('client_id') !== EMULATOR_CREDENTIALS.intuneClientId) return send(400, { error: 'unauthorized_client' });
        const code = randomUUID();
        pendingDeviceCodes.set(code, 1);
        return send(200, { device_code: code, user_code: 'EMU-1234', verification_uri: `${base}/devicelogin`, expires_in: 900, interval: 0, message: `To sign in, open ${base}/devicelogin and enter the code EMU-1234.` });
      }
      const grant = form.get('grant_type');
      if (grant === 'client_credentials') {
        if (form.get('client_id') !== EMULATOR_CREDENTIALS.intuneClientId || form.get('client_secret') !== EMULATOR_CREDENTIALS.intuneClientSecret) {
          return send(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        }
        if (!form.get('scope')?.endsWith('/.default')) return send(400, { error: 'invalid_scope' });
      } else if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
        const code = form.get('device_code') ?? '';
        const left = pendingDeviceCodes.get(code);
        if (left === undefined) return send(400, { error: 'expired_token' });
        if (left > 0) {
          pendingDeviceCodes.set(code, left - 1);
          return send(400, { error: 'authorization_pending' });
        }
        pendingDeviceCodes.delete(code);
      } else return send(400, { error: 'unsupported_grant_type' });
      const token = `graph-${randomUUID()}`;
      tokens.add(token);
      return send(200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
    }

    // Jamf Pro token.
    if (path === '/api/oauth/token' && method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== EMULATOR_CREDENTIALS.jamfClientId || form.get('client_secret') !== EMULATOR_CREDENTIALS.jamfClientSecret) {
        return send(401, { error: 'invalid_client' });
      }
      const token = `jamf-${randomUUID()}`;
      tokens.add(token);
      return send(200, { access_token: token, token_type: 'Bearer', expires_in: 1199, scope: 'api-role:1' });
    }

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !tokens.has(auth[1]!)) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });

    if (path.startsWith('/JSSResource/mobiledeviceapplications/')) return jamf(method, path, body, req, send);

    const graph = GRAPH_PREFIX.exec(path);
    if (!graph) return send(404, { error: { code: 'NotFound', message: 'no such path' } });
    const version = graph[1] as 'v1.0' | 'beta';
    const rest = path.slice(graph[0].length - 1);

    if (rest === '/deviceAppManagement/mobileApps' && method === 'GET') return send(200, page(state.apps, url));
    if (rest === '/groups' && method === 'GET') {
      const filter = /^displayName eq '((?:[^']|'')*)'$/.exec(url.searchParams.get('$filter') ?? '');
      if (!filter) return send(400, { error: { code: 'BadRequest', message: 'only displayName eq filters are emulated' } });
      const name = filter[1]!.replace(/''/g, "'");
      return send(200, page(state.groups.filter((g) => g.displayName === name), url));
    }
    const group = /^\/groups\/([^/]+)$/.exec(rest);
    if (group && method === 'GET') {
      const g = state.groups.find((x) => x.id === decodeURIComponent(group[1]!));
      return g ? send(200, g) : send(404, { error: { code: 'Request_ResourceNotFound', message: 'no such group' } });
    }

    const visible = (p: StoredPolicy): boolean => version === 'beta' || !p.betaOnly;
    if (rest === '/deviceAppManagement/mobileAppConfigurations') {
      if (method === 'GET') return send(200, page(state.policies.filter(visible).map(policyJson), url));
      if (method === 'POST') {
        const value = JSON.parse(body) as Record<string, unknown>;
        const schema = schemaOf(value, version);
        if (!schema) return send(400, { error: { code: 'BadRequest', message: 'unsupported or missing @odata.type' } });
        if (!checkBody(schema, value, path, send)) return;
        const now = new Date().toISOString();
        const p = {
          id: randomUUID(),
          ...value,
          description: (value.description as string | undefined) ?? null,
          targetedMobileApps: (value.targetedMobileApps as string[] | undefined) ?? [],
          version: 1,
          createdDateTime: now,
          lastModifiedDateTime: now,
          betaOnly: value['@odata.type'] !== '#microsoft.graph.iosMobileAppConfiguration',
          assignments: [],
        } as unknown as StoredPolicy;
        state.policies.push(p);
        return send(201, policyJson(p));
      }
    }
    const one = /^\/deviceAppManagement\/mobileAppConfigurations\/([^/]+)(\/assign|\/assignments)?$/.exec(rest);
    if (one) {
      const p = state.policies.find((x) => x.id === decodeURIComponent(one[1]!) && visible(x));
      if (!p) return send(404, { error: { code: 'ResourceNotFound', message: 'no such policy' } });
      if (one[2] === '/assignments' && method === 'GET') return send(200, page(p.assignments, url));
      if (one[2] === '/assign' && method === 'POST') {
        const value = JSON.parse(body) as { assignments: { target: { '@odata.type': string; groupId?: string } }[] };
        if (!checkBody('intuneAssign', value, path, send)) return;
        p.assignments = value.assignments.map((a) => ({ id: randomUUID(), target: a.target }));
        p.version += 1;
        return send(204);
      }
      if (one[2] !== undefined) return send(405);
      if (method === 'GET') return send(200, policyJson(p));
      if (method === 'DELETE') {
        state.policies.splice(state.policies.indexOf(p), 1);
        return send(204);
      }
      if (method === 'PATCH') {
        const value = JSON.parse(body) as Record<string, unknown>;
        const schema = schemaOf(value, version);
        if (!schema || value['@odata.type'] !== p['@odata.type']) return send(400, { error: { code: 'BadRequest', message: '@odata.type missing or not the policy\'s type' } });
        if (!checkBody(schema, value, path, send)) return;
        Object.assign(p, value);
        p.version += 1;
        p.lastModifiedDateTime = new Date().toISOString();
        return send(204);
      }
    }
    return send(404, { error: { code: 'NotFound', message: 'no such path' } });
  }

  function schemaOf(value: Record<string, unknown>, version: 'v1.0' | 'beta'): ConsoleSchema | undefined {
    if (value['@odata.type'] === '#microsoft.graph.iosMobileAppConfiguration') return 'intuneIos';
    if (value['@odata.type'] === '#microsoft.graph.androidManagedStoreAppConfiguration' && version === 'beta') return 'intuneAndroidBeta';
    return undefined;
  }

  function jamf(method: string, path: string, body: string, req: IncomingMessage, send: (s: number, p?: unknown, h?: Record<string, string>) => void): void {
    const m = /^\/JSSResource\/mobiledeviceapplications\/(id|bundleid)\/([^/]+)$/.exec(path);
    if (!m) return send(404);
    const key = decodeURIComponent(m[2]!);
    const app = state.jamfApps.find((a) => (m[1] === 'id' ? String(a.id) === key : a.bundleId === key));
    if (!app) return send(404, 'Not Found');
    if (method === 'GET') {
      if (!(req.headers.accept ?? '').includes('application/json')) return send(406, 'Not Acceptable');
      return send(200, {
        mobile_device_application: {
          general: { id: app.id, name: app.name, bundle_id: app.bundleId, version: '15.0' },
          app_configuration: { preferences: app.preferences },
        },
      });
    }
    if (method === 'PUT' && m[1] === 'id') {
      if (!/^(application|text)\/xml/.test(req.headers['content-type'] ?? '')) return send(415, 'Unsupported Media Type');
      let value: unknown;
      try {
        value = readXmlBody(body);
      } catch (err) {
        rejected.push({ path, errors: [(err as Error).message] });
        return send(400, 'Bad Request');
      }
      if (!checkBody('jamfUpdate', value, path, send)) return;
      const prefs = (value as { mobile_device_application: { app_configuration?: { preferences?: string } } }).mobile_device_application.app_configuration?.preferences;
      // Jamf Pro strips a trailing newline from preferences (reference emm-console-apis.md §2).
      if (prefs !== undefined) app.preferences = prefs.replace(/\n+$/, '');
      return send(201, `<?xml version="1.0" encoding="UTF-8"?><mobile_device_application><id>${app.id}</id></mobile_device_application>`, { 'content-type': 'application/xml' });
    }
    return send(405);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emulator.url = base;
  return emulator;
}
