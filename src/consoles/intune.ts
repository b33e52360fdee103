/**
 * Microsoft Graph calls for Intune app configuration policies (reference emm-console-apis.md §1):
 * mobileApps (to resolve a bundle id or package to the tenant's app ids), groups (display name ↔ id),
 * and mobileAppConfigurations (list, get, create, update, assign). Every body is checked against the
 * CSDL-derived schema before it is sent. iOS policies use v1.0; Android ones exist only in beta.
 */
import { ConsoleError } from './errors.js';
import type { ConsoleHttp } from './http.js';
import { checkRequestBody } from './request-schemas.js';

/** Graph type names used here. */
export const IOS_CONFIG_TYPE = '#microsoft.graph.iosMobileAppConfiguration';
export const ANDROID_CONFIG_TYPE = '#microsoft.graph.androidManagedStoreAppConfiguration';
export const GROUP_TARGET = '#microsoft.graph.groupAssignmentTarget';

/** Longest chain of pages followed (a tenant with 100,000 apps at Graph's page size of 100 or more). */
const MAX_PAGES = 1000;

/** An app of the tenant's catalogue (the fields used). */
export interface IntuneApp {
  id: string;
  '@odata.type'?: string;
  displayName?: string;
  bundleId?: string;
  packageId?: string;
}

/** An app configuration policy as Graph returns it (the fields used). */
export interface IntuneConfiguration {
  id: string;
  '@odata.type'?: string;
  displayName: string;
  description?: string | null;
  version: number;
  targetedMobileApps?: string[];
  encodedSettingXml?: string | null;
  settings?: { appConfigKey: string; appConfigKeyType: string; appConfigKeyValue: string }[];
  packageId?: string | null;
  payloadJson?: string | null;
}

/** One assignment of a policy. */
export interface IntuneAssignment {
  id?: string;
  target: { '@odata.type': string; groupId?: string | null };
}

/** The Graph API versions used. */
export type GraphVersion = 'v1.0' | 'beta';

/** Graph calls over one ConsoleHttp (whose base is the Graph root, e.g. https://graph.microsoft.com). */
export class IntuneClient {
  constructor(readonly http: ConsoleHttp) {}

  /** Every item of a collection, following `@odata.nextLink`. */
  async listAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next !== undefined; page += 1) {
      if (page >= MAX_PAGES) throw new ConsoleError('bad-response', `Intune returned more than ${MAX_PAGES} pages for ${path.split('?')[0]}; stopped.`, 1);
      const res: { body: { value?: T[]; '@odata.nextLink'?: string } | undefined } = await this.http.json({ method: 'GET', path: next });
      const body = res.body;
      if (!body || !Array.isArray(body.value)) throw new ConsoleError('bad-response', `Intune answered ${path.split('?')[0]} without a value list.`, 1);
      items.push(...body.value);
      next = body['@odata.nextLink'];
    }
    return items;
  }

  /** The tenant's apps (all pages); matched by bundle id or package in the client, as ids differ per tenant. */
  listApps(): Promise<IntuneApp[]> {
    return this.listAll<IntuneApp>('/v1.0/deviceAppManagement/mobileApps');
  }

  /** Every app configuration policy of one API version. */
  listConfigurations(version: GraphVersion): Promise<IntuneConfiguration[]> {
    return this.listAll<IntuneConfiguration>(`/${version}/deviceAppManagement/mobileAppConfigurations`);
  }

  /** One policy, or undefined when it is gone. */
  async getConfiguration(version: GraphVersion, id: string): Promise<IntuneConfiguration | undefined> {
    const { status, body } = await this.http.json<IntuneConfiguration>({ method: 'GET', path: `/${version}/deviceAppManagement/mobileAppConfigurations/${encodeURIComponent(id)}`, expect: [404] });
    return status === 404 ? undefined : body;
  }

  /** A policy's assignments. */
  listAssignments(version: GraphVersion, id: string): Promise<IntuneAssignment[]> {
    return this.listAll<IntuneAssignment>(`/${version}/deviceAppManagement/mobileAppConfigurations/${encodeURIComponent(id)}/assignments`);
  }

  /** Creates a policy; the body is checked against its schema first. Returns the created policy. */
  async createConfiguration(version: GraphVersion, body: Record<string, unknown>): Promise<IntuneConfiguration> {
    checkRequestBody(schemaFor(body), body, 'app configuration policy');
    const res = await this.http.json<IntuneConfiguration>({ method: 'POST', path: `/${version}/deviceAppManagement/mobileAppConfigurations`, json: body });
    if (!res.body?.id) throw new ConsoleError('bad-response', 'Intune created the policy but did not say its id.', 1);
    return res.body;
  }

  /** Updates a policy (PATCH; collections in the body replace the stored ones). */
  async updateConfiguration(version: GraphVersion, id: string, body: Record<string, unknown>): Promise<void> {
    checkRequestBody(schemaFor(body), body, 'app configuration policy');
    await this.http.send({ method: 'PATCH', path: `/${version}/deviceAppManagement/mobileAppConfigurations/${encodeURIComponent(id)}`, json: body });
  }

  /** Sets the whole list of a policy's assignments to these groups. */
  async assign(version: GraphVersion, id: string, groupIds: readonly string[]): Promise<void> {
    const body = { assignments: groupIds.map((groupId) => ({ target: { '@odata.type': GROUP_TARGET, groupId } })) };
    checkRequestBody('intuneAssign', body, 'assignment list');
    await this.http.send({ method: 'POST', path: `/${version}/deviceAppManagement/mobileAppConfigurations/${encodeURIComponent(id)}/assign`, json: body });
  }

  /** Groups with exactly this display name. */
  async groupsNamed(name: string): Promise<{ id: string; displayName: string }[]> {
    const filter = encodeURIComponent(`displayName eq '${name.replace(/'/g, "''")}'`);
    return this.listAll<{ id: string; displayName: string }>(`/v1.0/groups?$filter=${filter}&$select=id,displayName`);
  }

  /** A group's display name by id (undefined when it is gone). */
  async groupName(id: string): Promise<string | undefined> {
    const { status, body } = await this.http.json<{ displayName?: string }>({ method: 'GET', path: `/v1.0/groups/${encodeURIComponent(id)}?$select=id,displayName`, expect: [404] });
    return status === 404 ? undefined : body?.displayName;
  }
}

function schemaFor(body: Record<string, unknown>): 'intuneIos' | 'intuneAndroidBeta' {
  return body['@odata.type'] === ANDROID_CONFIG_TYPE ? 'intuneAndroidBeta' : 'intuneIos';
}

/** Standard base64 of UTF-8 text (what Graph clients send for Edm.Binary and payloadJson). */
export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** UTF-8 text of base64 or base64url (Edm.Binary comes back either way), or undefined when it is neither. */
export function fromBase64(value: string): string | undefined {
  const s = value.trim();
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(s)) return undefined;
  const standard = s.replace(/-/g, '+').replace(/_/g, '/');
  const text = Buffer.from(standard, 'base64').toString('utf8');
  return text;
}
