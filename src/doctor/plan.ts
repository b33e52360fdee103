import { getParameter } from '../catalog/index.js';
import type { Platform } from '../catalog/types.js';
import { jsonPointer } from '../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../profile/types.js';
import type { ServiceId } from './types.js';

// Reference tags [Sn] are the source list in ../shared/reference/jabber-parameters.md §0.

/** The discovery inputs one group of clients gets from a profile. */
export interface DiscoveryInputs {
  /** Clients that get these inputs. */
  clients: Platform[];
  /** Which profile section the inputs come from: `settings` (URL/EMM) or `windows` (installer, settings carried). */
  section: 'settings' | 'windows';
  servicesDomain?: DomainSetting;
  voiceServicesDomain?: DomainSetting;
  /** Excluded services, canonical tokens (WEBEX, CUCM, CUP). */
  excluded: string[];
  /** Where the exclusion list is written (for findings about it), or '' when nothing is excluded. */
  excludedPointer: string;
  /** IP_Mode the client runs with; decides which address families count. */
  ipMode: 'IPv4-Only' | 'IPv6-Only' | 'Two Stacks';
}

/** A domain from the profile: its value (lower case, no trailing dot), the key it came from and where it is written. */
export interface DomainSetting {
  domain: string;
  setting: string;
  pointer: string;
}

/** One step the client will take (or skip), before doctor performs it. */
export interface PlannedStep {
  service: ServiceId;
  type: 'SRV' | 'HTTPS';
  /** SRV owner name, or the CAS domain. */
  name: string;
  setting: string;
  /** Where the domain this step uses is written. */
  pointer: string;
  role: 'primary' | 'cross-check';
  /** Why the client does not make this lookup (an excluded service, discovery off), when it does not. */
  skipped?: string;
}

/** What the client will do for one group of clients. */
export interface DiscoveryPlan {
  inputs: DiscoveryInputs;
  /** True when WEBEX, CUCM and CUP are all excluded: no discovery, manual settings [S1, S2, S3]. */
  manual: boolean;
  steps: PlannedStep[];
}

/** The three SRV services, in the order Cisco lists them (the exclusion table of [S1, S2, S3]), and the token that excludes each. */
const SRV_SERVICES: readonly { service: ServiceId; label: string; excludedBy?: string }[] = [
  { service: 'cisco-uds', label: '_cisco-uds._tcp', excludedBy: 'CUCM' },
  { service: 'cuplogin', label: '_cuplogin._tcp', excludedBy: 'CUP' },
  // No token excludes Expressway's record: each exclusion row of [S1] still "Looks for ... _collab-edge".
  { service: 'collab-edge', label: '_collab-edge._tls' },
];

/** The SRV owner name of a service in a domain (`_cisco-uds._tcp.example.com`). */
export function srvName(service: ServiceId, domain: string): string {
  const entry = SRV_SERVICES.find((s) => s.service === service);
  if (!entry) throw new Error(`not an SRV service: ${service}`);
  return `${entry.label}.${domain}`;
}

const SETTINGS_CLIENTS: Platform[] = ['android', 'ios', 'mac'];
const WINDOWS_CLIENTS: Platform[] = ['windows'];

/**
 * The discovery inputs per client group. Mobile and Mac clients get `settings`; Jabber for Windows
 * gets the `windows` section, with settings carried through their installer switch where the
 * section does not set its own (as the windows-installer target renders them). When both groups
 * get the same inputs they are one group. A Windows-only profile (windows section, no settings)
 * has no settings group, like the validator's missing-services-domain rule.
 */
export function discoveryInputs(profile: ResolvedProfile): DiscoveryInputs[] {
  const groups: DiscoveryInputs[] = [];
  if (profile.settings.size > 0 || profile.windows.size === 0) groups.push(readInputs(profile, 'settings', SETTINGS_CLIENTS));
  const windows = readInputs(profile, 'windows', WINDOWS_CLIENTS);
  const same = groups.find((g) => sameInputs(g, windows));
  if (same) same.clients = [...same.clients, ...windows.clients];
  else groups.push(windows);
  return groups;
}

/**
 * The client's steps for one group, in its order: the Webex CAS lookup, then `_cisco-uds`,
 * `_cuplogin`, `_collab-edge` (the order of [S1, S2, S3]'s exclusion table and of Cisco's service
 * discovery chapters: CAS over HTTPS first, then the name server).
 *
 * Which domain each lookup uses:
 * - CAS uses the services domain: in hybrid deployments "the Webex CAS domain" differs from the DNS
 *   domain, which is what VoiceServicesDomain is for ([S4] in reference §6).
 * - `_cisco-uds` and `_collab-edge` use VoiceServicesDomain when set: the installer switch is "used
 *   to look up _cisco-uds, _cuplogin, _collab-edge" [S1, §6] and jabber-config's VoiceServicesDomain
 *   is "where the DNS SRV records for _collab-edge and _cisco-uds are configured" [S10, §5]. Both agree.
 * - `_cuplogin`: [S1] says VoiceServicesDomain, [S10] leaves it out (so the services domain). When
 *   the two domains differ, doctor asks both (the services domain as a `cross-check`) and reports
 *   a record that only one of them answers.
 * Without VoiceServicesDomain every lookup uses the services domain ("if unset, uses Services
 * Domain" [S1, §6]).
 */
export function planDiscovery(inputs: DiscoveryInputs): DiscoveryPlan {
  const { servicesDomain: sd, voiceServicesDomain: vsd, excluded } = inputs;
  // [S1, S2, S3] "If you exclude all three services, the client does not perform service
  // discovery and prompts the user to manually enter connection settings."
  const manual = ['WEBEX', 'CUCM', 'CUP'].every((s) => excluded.includes(s));
  const steps: PlannedStep[] = [];
  const off = manual ? 'WEBEX, CUCM and CUP are all excluded: the client does no service discovery' : undefined;

  if (sd) {
    steps.push({
      service: 'webex-cas',
      type: 'HTTPS',
      name: sd.domain,
      setting: sd.setting,
      pointer: sd.pointer,
      role: 'primary',
      // [S1, S2, S3] WEBEX: "Does not perform CAS lookup".
      ...(off ? { skipped: off } : excluded.includes('WEBEX') ? { skipped: 'WEBEX is excluded' } : {}),
    });
  }
  const dns = vsd ?? sd;
  if (!dns) return { inputs, manual, steps };
  for (const { service, excludedBy } of SRV_SERVICES) {
    const skipped = off ?? (excludedBy && excluded.includes(excludedBy) ? `${excludedBy} is excluded` : undefined);
    steps.push({
      service,
      type: 'SRV',
      name: srvName(service, dns.domain),
      setting: dns.setting,
      pointer: dns.pointer,
      role: 'primary',
      ...(skipped ? { skipped } : {}),
    });
    if (service === 'cuplogin' && !skipped && vsd && sd && vsd.domain !== sd.domain) {
      steps.push({ service, type: 'SRV', name: srvName(service, sd.domain), setting: sd.setting, pointer: sd.pointer, role: 'cross-check' });
    }
  }
  return { inputs, manual, steps };
}

/** Reads one group's inputs; for `windows`, the section's switch wins over the carried setting. */
function readInputs(profile: ResolvedProfile, section: 'settings' | 'windows', clients: Platform[]): DiscoveryInputs {
  const pick = (key: string): { value: unknown; setting: string; pointer: string } | undefined => {
    if (section === 'windows') {
      const sw = getParameter('settings', key)?.windowsSwitch;
      if (sw !== undefined && profile.windows.has(sw)) return { value: profile.windows.get(sw), setting: sw, pointer: jsonPointer('windows', sw) };
    }
    if (profile.settings.has(key)) return { value: profile.settings.get(key), setting: key, pointer: jsonPointer('settings', key) };
    return undefined;
  };
  const domain = (key: string): DomainSetting | undefined => {
    const got = pick(key);
    if (!got || typeof got.value !== 'string') return undefined;
    const value = normaliseDomain(got.value);
    return value === '' ? undefined : { domain: value, setting: got.setting, pointer: got.pointer };
  };
  const excludedSetting = pick('ServiceDiscoveryExcludedServices');
  const list = excludedSetting?.value;
  const excluded = (Array.isArray(list) ? list : typeof list === 'string' ? list.split(',') : []).map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  const mode = pick('IP_Mode')?.value;
  const inputs: DiscoveryInputs = {
    clients: [...clients],
    section,
    excluded: [...new Set(excluded)].sort(),
    excludedPointer: excludedSetting?.pointer ?? '',
    ipMode: mode === 'IPv4-Only' || mode === 'IPv6-Only' ? mode : 'Two Stacks',
  };
  const sd = domain('ServicesDomain');
  const vsd = domain('VoiceServicesDomain');
  if (sd) inputs.servicesDomain = sd;
  if (vsd) inputs.voiceServicesDomain = vsd;
  return inputs;
}

/** DNS names compare case-insensitively, and a trailing dot only marks the name as absolute. */
function normaliseDomain(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

/** Same domains, exclusions and IP mode: the two groups make the same lookups. */
function sameInputs(a: DiscoveryInputs, b: DiscoveryInputs): boolean {
  return (
    a.servicesDomain?.domain === b.servicesDomain?.domain &&
    a.voiceServicesDomain?.domain === b.voiceServicesDomain?.domain &&
    a.excluded.join(',') === b.excluded.join(',') &&
    a.ipMode === b.ipMode
  );
}
