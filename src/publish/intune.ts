/**
 * Intune: one app configuration policy per profile and platform (reference emm-console-apis.md §1).
 * iOS: `#microsoft.graph.iosMobileAppConfiguration` (v1.0), `encodedSettingXml` = base64 of the
 * profile's `ios-dict` export with Intune's tokens. Android (beta only, `--beta`):
 * `#microsoft.graph.androidManagedStoreAppConfiguration`, `payloadJson` = base64 of the
 * `android-managed-config` export. The policy is found by display name (= the profile's name) and
 * must carry jabber-emm's marker in its description unless `--adopt`; the app ids are resolved by
 * bundle id or package in each tenant; assignments by group display name.
 */
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ConsoleError } from '../consoles/errors.js';
import {
  ANDROID_CONFIG_TYPE,
  fromBase64,
  GROUP_TARGET,
  IOS_CONFIG_TYPE,
  toBase64,
  type GraphVersion,
  type IntuneApp,
  type IntuneAssignment,
  type IntuneClient,
  type IntuneConfiguration,
} from '../consoles/intune.js';
import { requestBodyErrors } from '../consoles/request-schemas.js';
import { serializeXml, type XmlElement } from '../targets/ios/xml-writer.js';
import type { ResolvedProfile } from '../profile/types.js';
import { configurationChanges, fieldChange, setChanges } from './changes.js';
import { readConsoleText } from './read-console.js';
import type { PlanChange, PlanJson } from './types.js';

/** The words that mark a policy as jabber-emm's own (in its description). */
export const OWNERSHIP_MARKER = 'Managed by jabber-emm';

/** The description jabber-emm writes: the profile's description, then the marker line. */
export function ownedDescription(profile: ResolvedProfile): string {
  const marker = `${OWNERSHIP_MARKER} (profile ${profile.name}): changes made here are replaced by the next publish.`;
  return profile.description ? `${profile.description}\n\n${marker}` : marker;
}

/** A policy's description without jabber-emm's marker line (what the profile's `description` said), or undefined when nothing is left. */
export function profileDescription(description: string | null | undefined): string | undefined {
  if (typeof description !== 'string') return undefined;
  const text = description
    .split('\n')
    .filter((line) => !line.startsWith(OWNERSHIP_MARKER))
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

/** True when a policy's description carries the marker. */
export function isOwned(description: string | null | undefined): boolean {
  return typeof description === 'string' && description.includes(OWNERSHIP_MARKER);
}

/** Per-platform facts. */
interface PlatformSpec {
  platform: 'ios' | 'android';
  version: GraphVersion;
  type: string;
  target: string;
  fileName: string;
  /** App types that carry the bundle id / package (v1.0 and beta names). */
  appMatches(app: IntuneApp, id: string): boolean;
  /** The profile's app id for this platform. */
  appId(profile: ResolvedProfile): string;
  /** The text the policy holds, decoded; undefined when it holds none. */
  heldText(c: IntuneConfiguration): string | undefined;
  /** The body fields that carry the configuration. */
  payload(text: string, appId: string): Record<string, unknown>;
}

const IOS_APP_TYPES = new Set(['#microsoft.graph.iosStoreApp', '#microsoft.graph.iosVppApp', '#microsoft.graph.managedIOSStoreApp', '#microsoft.graph.iosLobApp', '#microsoft.graph.managedIOSLobApp']);
const ANDROID_APP_TYPES = new Set(['#microsoft.graph.androidManagedStoreApp', '#microsoft.graph.managedAndroidStoreApp', '#microsoft.graph.androidStoreApp']);

/** iOS and Android as Intune holds them. */
export const INTUNE_PLATFORMS: Record<'ios' | 'android', PlatformSpec> = {
  ios: {
    platform: 'ios',
    version: 'v1.0',
    type: IOS_CONFIG_TYPE,
    target: 'ios-dict',
    fileName: 'ios-dict.xml',
    appMatches: (a, id) => a.bundleId === id && (a['@odata.type'] === undefined || IOS_APP_TYPES.has(a['@odata.type'])),
    appId: (p) => p.apps.ios,
    heldText: (c) => {
      if (typeof c.encodedSettingXml === 'string' && c.encodedSettingXml !== '') return fromBase64(c.encodedSettingXml) ?? '';
      if (Array.isArray(c.settings) && c.settings.length > 0) return designerRowsAsDict(c.settings);
      return undefined;
    },
    payload: (text) => ({ encodedSettingXml: toBase64(text) }),
  },
  android: {
    platform: 'android',
    version: 'beta',
    type: ANDROID_CONFIG_TYPE,
    target: 'android-managed-config',
    fileName: 'android-managed-config.json',
    appMatches: (a, id) => a.packageId === id && (a['@odata.type'] === undefined || ANDROID_APP_TYPES.has(a['@odata.type'])),
    appId: (p) => p.apps.android,
    heldText: (c) => (typeof c.payloadJson === 'string' && c.payloadJson !== '' ? (fromBase64(c.payloadJson) ?? '') : undefined),
    payload: (text, appId) => ({ packageId: `app:${appId}`, payloadJson: toBase64(text) }),
  },
};

/**
 * The configuration designer's rows (`settings`) as the dict they stand for, so they are read by
 * the same parser as the XML form: integers, reals and booleans typed, the rest strings.
 */
function designerRowsAsDict(rows: NonNullable<IntuneConfiguration['settings']>): string {
  const children: XmlElement[] = [];
  for (const r of rows) {
    children.push({ name: 'key', text: r.appConfigKey });
    const v = r.appConfigKeyValue;
    if (r.appConfigKeyType === 'booleanType' && /^(true|false)$/i.test(v)) children.push({ name: v.toLowerCase() === 'true' ? 'true' : 'false' });
    else if (r.appConfigKeyType === 'integerType' && /^-?\d+$/.test(v)) children.push({ name: 'integer', text: v });
    else if (r.appConfigKeyType === 'realType' && /^-?\d+(\.\d+)?$/.test(v)) children.push({ name: 'real', text: v });
    else children.push({ name: 'string', text: v });
  }
  return serializeXml({ name: 'dict', children }, { declaration: false });
}

/** A planned change of one profile, and how to make it. */
export interface PlannedItem {
  plan: PlanJson;
  /** Makes the change (re-reading first); absent when there is nothing to write or it is refused. */
  apply?: () => Promise<void>;
}

/** Plans (and applies) Intune policies for many profiles, reading the tenant's lists once per run. */
export class IntunePublisher {
  private apps?: Promise<IntuneApp[]>;
  private readonly configs = new Map<GraphVersion, Promise<IntuneConfiguration[]>>();
  private readonly groupsByName = new Map<string, Promise<{ id: string; displayName: string }[]>>();
  private readonly namesById = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly client: IntuneClient,
    private readonly opts: { adopt: boolean },
  ) {}

  /** The apps of the tenant with this bundle id or package. */
  async appIds(spec: PlatformSpec, id: string): Promise<string[]> {
    this.apps ??= this.client.listApps();
    return (await this.apps).filter((a) => spec.appMatches(a, id)).map((a) => a.id).sort();
  }

  /** The policies of this platform's type, whole tenant (listed once per run). */
  async policies(spec: PlatformSpec): Promise<IntuneConfiguration[]> {
    let list = this.configs.get(spec.version);
    if (!list) {
      list = this.client.listConfigurations(spec.version);
      this.configs.set(spec.version, list);
    }
    return (await list).filter((c) => c['@odata.type'] === spec.type);
  }

  private groupName(id: string): Promise<string | undefined> {
    let name = this.namesById.get(id);
    if (!name) {
      name = this.client.groupName(id);
      this.namesById.set(id, name);
    }
    return name;
  }

  /** The assignments of a policy as display names (`all devices`, `exclude: <group>` for the other kinds). */
  async assignmentNames(version: GraphVersion, id: string): Promise<string[]> {
    const list: IntuneAssignment[] = await this.client.listAssignments(version, id);
    const names: string[] = [];
    for (const a of list) {
      const t = a.target?.['@odata.type'];
      if (t === GROUP_TARGET && a.target.groupId) names.push((await this.groupName(a.target.groupId)) ?? `group ${a.target.groupId}`);
      else if (t === '#microsoft.graph.exclusionGroupAssignmentTarget' && a.target.groupId) names.push(`exclude: ${(await this.groupName(a.target.groupId)) ?? a.target.groupId}`);
      else if (t === '#microsoft.graph.allDevicesAssignmentTarget') names.push('all devices');
      else if (t === '#microsoft.graph.allLicensedUsersAssignmentTarget') names.push('all licensed users');
      else names.push(String(t ?? 'unknown assignment'));
    }
    return names.sort();
  }

  /** Group ids for display names; a diagnostic for each name that is unknown or not unique. */
  private async resolveGroups(names: readonly string[], file: string): Promise<{ ids: string[]; diagnostics: Diagnostic[] }> {
    const ids: string[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const [i, name] of names.entries()) {
      let found = this.groupsByName.get(name);
      if (!found) {
        found = this.client.groupsNamed(name);
        this.groupsByName.set(name, found);
      }
      const groups = await found;
      const at = { file, pointer: `/publish/intune/assign/${i}` };
      if (groups.length === 0) diagnostics.push(diagnostic('error', 'group-not-found', `publish.intune.assign names the group ${JSON.stringify(name)}, which the tenant does not have (groups are matched by exact display name).`, at));
      else if (groups.length > 1) diagnostics.push(diagnostic('error', 'group-ambiguous', `publish.intune.assign names ${JSON.stringify(name)}, and ${groups.length} groups of the tenant have that display name; rename one so the name says which.`, at));
      else ids.push(groups[0]!.id);
    }
    return { ids, diagnostics };
  }

  /** Plans one profile on one platform from its verified export text. */
  async plan(profile: ResolvedProfile, platform: 'ios' | 'android', text: string, inherited: Diagnostic[]): Promise<PlannedItem> {
    const spec = INTUNE_PLATFORMS[platform];
    const plan: PlanJson = { console: 'intune', profile: profile.name, source: profile.source, platform, action: 'failed', id: null, changes: [], applied: false, diagnostics: [...inherited] };
    const fail = (d: Diagnostic): PlannedItem => {
      plan.action = 'failed';
      plan.diagnostics.push(d);
      return { plan };
    };
    const desired = readConsoleText(text, `${profile.name} (${spec.target} export)`, spec.fileName, spec.target);
    if (!desired.ok) return fail(desired.diagnostic);

    const appId = spec.appId(profile);
    const apps = await this.appIds(spec, appId);
    if (apps.length === 0) {
      const kind = platform === 'ios' ? 'bundle id' : 'package';
      return fail(diagnostic('error', 'app-not-found', `Intune has no ${platform === 'ios' ? 'iOS' : 'Android'} app with the ${kind} ${appId} (apps.${platform}); add the app to Intune first, then publish.`, { file: profile.source, pointer: `/apps/${platform}` }));
    }
    const assign = profile.publish?.intune?.assign;
    let groupIds: string[] | undefined;
    if (assign !== undefined) {
      const r = await this.resolveGroups(assign, profile.source);
      if (r.diagnostics.length > 0) {
        plan.diagnostics.push(...r.diagnostics);
        plan.action = 'failed';
        return { plan };
      }
      groupIds = r.ids;
    }

    const description = ownedDescription(profile);
    const body: Record<string, unknown> = { '@odata.type': spec.type, displayName: profile.name, description, targetedMobileApps: apps, ...spec.payload(text, appId) };
    const schemaErrors = requestBodyErrors(platform === 'ios' ? 'intuneIos' : 'intuneAndroidBeta', body);
    if (schemaErrors.length > 0) {
      return fail(diagnostic('error', 'request-invalid', `The policy jabber-emm would send does not match Microsoft Graph's schema: ${schemaErrors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}.`, { file: profile.source }));
    }

    const same = (await this.policies(spec)).filter((c) => c.displayName === profile.name);
    if (same.length > 1) {
      plan.action = 'refused';
      plan.diagnostics.push(
        diagnostic('error', 'ambiguous-policy', `Intune holds ${same.length} ${platform} app configuration policies named ${profile.name} (ids ${same.map((c) => c.id).join(', ')}); delete or rename all but one.`, { file: profile.source, pointer: '/name' }),
      );
      return { plan };
    }

    if (same.length === 0) {
      plan.action = 'create';
      plan.changes = [
        ...configurationChanges(undefined, desired.artifact, spec.target),
        ...fieldChange('description', undefined, description),
        ...fieldChange('targetedMobileApps', undefined, apps),
        ...(assign !== undefined ? setChanges('publish.intune.assign', [], assign) : []),
      ];
      return {
        plan,
        apply: async () => {
          const created = await this.client.createConfiguration(spec.version, body);
          plan.id = created.id;
          if (groupIds && groupIds.length > 0) await this.client.assign(spec.version, created.id, groupIds);
        },
      };
    }

    const current = same[0]!;
    plan.id = current.id;
    const source = `Intune policy ${current.displayName} (${current.id})`;
    const held = spec.heldText(current);
    let currentArtifact;
    if (held !== undefined) {
      const reading = readConsoleText(held, source, spec.fileName, spec.target);
      if (!reading.ok) {
        plan.diagnostics.push({ ...reading.diagnostic, severity: 'warning' });
      } else {
        currentArtifact = reading.artifact;
        plan.diagnostics.push(...reading.artifact.diagnostics.filter((d) => d.code !== 'unknown-key'));
      }
    }
    if (platform === 'ios' && typeof current.encodedSettingXml !== 'string' && (current.settings?.length ?? 0) > 0) {
      plan.diagnostics.push(
        diagnostic('warning', 'designer-rows', `${source} holds its settings as configuration designer rows; an update writes them as XML data (encodedSettingXml), the form jabber-emm exports.`, { file: profile.source }),
      );
    }
    const configChanges = configurationChanges(currentArtifact, desired.artifact, spec.target);
    const otherChanges = [...fieldChange('description', current.description ?? undefined, description), ...fieldChange('targetedMobileApps', [...(current.targetedMobileApps ?? [])].sort(), apps)];
    let assignChanges: PlanChange[] = [];
    if (assign !== undefined) assignChanges = setChanges('publish.intune.assign', await this.assignmentNames(spec.version, current.id), assign);
    plan.changes = [...configChanges, ...otherChanges, ...assignChanges];
    if (plan.changes.length === 0) {
      plan.action = 'in-step';
      return { plan };
    }
    if (!isOwned(current.description) && !this.opts.adopt) {
      plan.action = 'refused';
      plan.diagnostics.push(
        diagnostic(
          'error',
          'not-owned',
          `${source} was not created by jabber-emm (its description has no "${OWNERSHIP_MARKER}" marker): someone made it by hand or with another tool. jabber-emm does not change it; check the changes listed, then run again with --adopt to take it over, or rename the profile.`,
          { file: profile.source, pointer: '/name' },
        ),
      );
      return { plan };
    }
    plan.action = 'update';
    const version = current.version;
    const writeConfig = configChanges.length > 0 || otherChanges.length > 0;
    return {
      plan,
      apply: async () => {
        // Graph has no ETags: re-read the version right before writing (reference §5).
        const now = await this.client.getConfiguration(spec.version, current.id);
        if (!now) throw new ChangedSincePlan(`${source} was deleted after the plan was made; nothing was written. Run publish again.`);
        if (now.version !== version) {
          throw new ChangedSincePlan(`${source} was changed in Intune after the plan was made (version ${version} → ${now.version}); nothing was written. Run publish again to see the new plan.`);
        }
        if (writeConfig) await this.client.updateConfiguration(spec.version, current.id, body);
        if (groupIds && assignChanges.length > 0) await this.client.assign(spec.version, current.id, groupIds);
      },
    };
  }
}

/** The object changed between plan and apply: the profile is refused, nothing written. */
export class ChangedSincePlan extends ConsoleError {
  constructor(message: string) {
    super('changed-since-plan', message, 1);
  }
}
