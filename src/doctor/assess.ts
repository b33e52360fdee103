import type { Severity } from '../diagnostics/diagnostic.js';
import { locate } from '../profile/check.js';
import type { ResolvedProfile } from '../profile/types.js';
import type { FindingCode } from './codes.js';
import type { DiscoveryPlan } from './plan.js';
import type { DnsView, Finding, Lookup, ServiceId, SrvTarget } from './types.js';

// Reference tags [Sn] are the source list in ../shared/reference/jabber-parameters.md §0.

/** What the assessment needs besides the lookups. */
export interface AssessContext {
  profile: ResolvedProfile;
  view: DnsView;
  connect: boolean;
  /** `system` or the server asked. */
  resolver: string;
  budgetMs: number;
  /** True when the profile's deadline stopped the run. */
  deadlineHit: boolean;
  /** Errors the validator found in the profile. */
  validationErrors: number;
}

/** One client group's plan and what came of it. */
export interface PerformedGroup {
  plan: DiscoveryPlan;
  lookups: Lookup[];
}

/**
 * The services the client should find in each view of split DNS. Inside, Unified CM and IM and
 * Presence directly; outside, only Expressway: the client tells inside from outside by which
 * records its name server answers (Cisco Jabber DNS Configuration Guide 9.7, "How the Client Uses
 * Domain Name Servers": DNS is used to "determine whether the client is inside or outside the
 * corporate network").
 */
const EXPECTED: Record<DnsView, readonly ServiceId[]> = {
  inside: ['cisco-uds', 'cuplogin'],
  outside: ['collab-edge'],
};

const WHAT: Record<ServiceId, string> = {
  'webex-cas': 'Webex CAS',
  'cisco-uds': 'Unified CM (User Data Service)',
  cuplogin: 'IM and Presence',
  'collab-edge': 'Expressway for mobile and remote access',
};

const EXCLUDE_TOKEN: Partial<Record<ServiceId, string>> = { 'cisco-uds': 'CUCM', cuplogin: 'CUP' };

/**
 * Turns performed lookups into findings, in discovery order: facts about the profile first, then
 * each lookup's records and targets as the client meets them, then the verdict per client group.
 * Pure: no network, so every rule is testable on its own.
 */
export function assessDoctor(groups: readonly PerformedGroup[], ctx: AssessContext): Finding[] {
  const out: Finding[] = [];
  const add = (severity: Severity, code: FindingCode, record: string | null, message: string, pointer: string): void => {
    const at = locate(ctx.profile, pointer, 'value');
    out.push({ severity, code, message, file: at.file, line: at.line, column: at.column, pointer, record });
  };

  if (ctx.validationErrors > 0) {
    add('error', 'profile-invalid', null, `The profile has ${plural(ctx.validationErrors, 'validation error')}; run \`jabber-emm validate\` and fix them. doctor checked the service discovery settings it could read.`, '');
  }

  const asked = groups.flatMap((g) => g.lookups).filter((l) => l.type === 'SRV' && l.status !== 'skipped');
  const resolverDead = asked.length > 0 && asked.every((l) => l.status === 'no-answer');
  if (resolverDead) {
    add(
      'error',
      'resolver-unreachable',
      ctx.resolver,
      `The DNS server ${ctx.resolver === 'system' ? '(the system resolver)' : ctx.resolver} did not answer (${asked[0]!.detail ?? 'no answer'}), so doctor could check no record. Check that it runs and that this machine may query it; a client using it would find nothing either.`,
      groups[0]?.plan.steps.find((s) => s.type === 'SRV')?.pointer ?? '',
    );
  }

  const several = groups.length > 1;
  for (const { plan, lookups } of groups) {
    const who = several ? (plan.inputs.section === 'windows' ? 'Jabber for Windows: ' : 'Mobile and Mac clients: ') : '';
    assessGroup(plan, lookups, { ...ctx, who, resolverDead }, add);
  }

  if (ctx.deadlineHit) {
    const pending = asked.filter((l) => l.status === 'cancelled' || l.records.some((r) => r.status === 'cancelled' || r.addresses.some((a) => a.connect === 'cancelled')));
    add(
      'error',
      'deadline-exceeded',
      null,
      `Discovery did not finish within ${seconds(ctx.budgetMs)}, the time Jabber for Windows gives service discovery before it stops [S2, S3]` +
        (pending.length > 0 ? `; unfinished: ${[...new Set(pending.map((l) => l.name))].join(', ')}` : '') +
        '. The client would give up too: make the DNS server (and, with --connect, the servers) answer quickly.',
      '',
    );
  }
  return out;
}

type Add = (severity: Severity, code: FindingCode, record: string | null, message: string, pointer: string) => void;

function assessGroup(plan: DiscoveryPlan, lookups: readonly Lookup[], ctx: AssessContext & { who: string; resolverDead: boolean }, add: Add): void {
  const { inputs } = plan;
  const { who, view } = ctx;
  const pointerOf = (lookup: Lookup): string => plan.steps.find((s) => s.name === lookup.name && s.role === lookup.role)?.pointer ?? '';

  if (plan.manual) {
    add(
      'warning',
      'manual-settings',
      null,
      `${who}${inputs.excludedPointer.split('/').pop() || 'ServiceDiscoveryExcludedServices'} excludes WEBEX, CUCM and CUP, so the client does no service discovery and asks every user to enter the connection settings by hand [S1, S2, S3]` +
        (inputs.clients.includes('windows') ? ' (Jabber for Windows takes them from the installer\'s bootstrap settings when those are set)' : '') +
        '. To have clients find the servers themselves, remove CUCM and/or CUP from the list and publish the SRV records.',
      inputs.excludedPointer,
    );
    return;
  }
  if (!inputs.servicesDomain) {
    const key = inputs.section === 'windows' ? 'SERVICES_DOMAIN (or settings.ServicesDomain)' : 'ServicesDomain';
    add(
      'warning',
      'no-services-domain',
      null,
      `${who}The profile sets no services domain, so the client asks the user for an e-mail address and looks in its domain` +
        (inputs.voiceServicesDomain ? `; the SRV lookups below use ${inputs.voiceServicesDomain.setting}` : ', and doctor has no domain to check') +
        `. Set ${key}.`,
      inputs.section === 'windows' ? '/windows' : '/settings',
    );
  }

  const usable = (record: SrvTarget): boolean =>
    record.status === 'resolved' && (!ctx.connect || record.addresses.some((a) => a.connect === 'open'));
  const expected = EXPECTED[view];
  const primary = (service: ServiceId): Lookup | undefined => lookups.find((l) => l.service === service && l.role === 'primary');
  const cross = (service: ServiceId): Lookup | undefined => lookups.find((l) => l.service === service && l.role === 'cross-check');
  const answered = (l: Lookup | undefined): boolean => l?.status === 'found';
  const absent = (l: Lookup | undefined): boolean => l?.status === 'no-record' || l?.status === 'declined';

  for (const lookup of lookups) {
    if (lookup.type !== 'SRV' || lookup.status === 'skipped') continue;
    const pointer = pointerOf(lookup);
    const isExpected = expected.includes(lookup.service);

    if ((lookup.status === 'no-answer' && !ctx.resolverDead) || lookup.status === 'failed') {
      add('error', 'lookup-failed', lookup.name, `${who}The DNS server ${dnsError(lookup.detail)} for SRV ${lookup.name}; a client asking it gets no answer either. Check the zone on the server.`, pointer);
      continue;
    }
    if (!isExpected) {
      if (answered(lookup)) visibleInWrongView(lookup, who, view, add, pointer);
      continue;
    }

    if (lookup.role === 'primary' && absent(lookup)) {
      const other = cross(lookup.service);
      if (answered(other)) {
        add(
          'warning',
          'services-domain-only',
          lookup.name,
          `${who}${lookup.name} has no record, but ${other!.name} (${other!.setting}) does. Cisco's documents disagree on where the client looks for _cuplogin: the VOICE_SERVICES_DOMAIN switch is "used to look up _cisco-uds, _cuplogin, _collab-edge" [S1], while VoiceServicesDomain names only _collab-edge and _cisco-uds [S10]. Publish _cuplogin in both domains.`,
          pointer,
        );
      } else if (!other || absent(other)) {
        add('warning', 'srv-missing', lookup.name, missingMessage(lookup, other, who, view, inputs.excluded), pointer);
      }
      continue;
    }
    if (lookup.role === 'cross-check' && absent(lookup) && answered(primary(lookup.service))) {
      add(
        'warning',
        'voice-domain-only',
        lookup.name,
        `${who}_cuplogin is answered in ${primary(lookup.service)!.name} (${primary(lookup.service)!.setting}) but not in ${lookup.name} (${lookup.setting}). Cisco's documents disagree on where the client looks for it: the VOICE_SERVICES_DOMAIN switch covers _cuplogin [S1], jabber-config's VoiceServicesDomain names only _collab-edge and _cisco-uds [S10], so clients that follow the latter look in the services domain. Publish _cuplogin in both domains.`,
        pointer,
      );
      continue;
    }
    if (lookup.status !== 'found') continue;
    for (const record of lookup.records) checkTarget(record, lookup, who, inputs.ipMode, ctx.connect, add, pointer);
    if (lookup.service === 'cisco-uds' && lookup.role === 'primary') firstTwo(lookup, who, usable, ctx.connect, add, pointer);
  }

  // The verdict for this view: does anything the client looks for lead to a server it can use?
  const wanted = lookups.filter((l) => l.type === 'SRV' && l.status !== 'skipped' && expected.includes(l.service));
  const settled = wanted.every((l) => l.status === 'found' || absent(l)) && wanted.every((l) => l.records.every((r) => r.status !== 'cancelled' && r.addresses.every((a) => a.connect !== 'cancelled')));
  if (wanted.length > 0 && settled && !wanted.some((l) => l.records.some(usable))) {
    // With WEBEX excluded DNS is the only way in; otherwise the CAS lookup, which doctor does not
    // perform, may still find a Webex Messenger deployment.
    const casToo = lookups.some((l) => l.service === 'webex-cas' && l.status === 'not-checked');
    add(
      casToo ? 'warning' : 'error',
      'no-discovery',
      null,
      `${who}Nothing the client looks for ${view === 'inside' ? 'inside' : 'outside'} the corporate network (${wanted.map((l) => l.name).join(', ')}) leads to a server it can ${ctx.connect ? 'connect to' : 'resolve'}: service discovery fails and users must enter the connection settings by hand.` +
        (casToo ? ' If users sign in through Webex Messenger (the CAS lookup doctor does not perform) this is expected; otherwise add WEBEX to ServiceDiscoveryExcludedServices and fix the records.' : ' Fix the records above.') +
        (view === 'inside' ? ' (If this resolver shows the Internet\'s view rather than the corporate one, run doctor with --view outside.)' : ''),
      wanted[0] ? pointerOf(wanted[0]) : '',
    );
  }
}

function visibleInWrongView(lookup: Lookup, who: string, view: DnsView, add: Add, pointer: string): void {
  if (view === 'inside') {
    add(
      'warning',
      'edge-visible-inside',
      lookup.name,
      `${who}${lookup.name} is answered by the inside view. Remote access records belong on the public DNS only: the client tells inside from outside by which records resolve, and one that sees _collab-edge inside may go through Expressway instead of reaching Unified CM directly. Remove it from the internal DNS (or, if this resolver shows the Internet's view, run doctor with --view outside).`,
      pointer,
    );
  } else {
    add(
      'warning',
      'internal-visible-outside',
      lookup.name,
      `${who}${lookup.name} is answered by the outside view. ${WHAT[lookup.service]} records belong on the internal DNS only: outside, the client tries servers it cannot reach and spends its 20-second discovery time on them [S2, S3], and the internal server names are public. Remove it from the public DNS.`,
      pointer,
    );
  }
}

function missingMessage(lookup: Lookup, other: Lookup | undefined, who: string, view: DnsView, excluded: readonly string[]): string {
  const how = lookup.status === 'declined' ? 'answers with target "." (service not available, RFC 2782)' : lookup.detail === 'ENOTFOUND' ? 'does not exist (NXDOMAIN)' : 'has no SRV record';
  const also = other ? ` (nor does ${other.name})` : '';
  const token = EXCLUDE_TOKEN[lookup.service];
  const where = view === 'inside' ? 'internal' : 'public';
  const fix =
    lookup.service === 'collab-edge'
      ? `publish ${lookup.name} on the public DNS (port 8443, pointing at Expressway-E), or accept that users outside cannot sign in without VPN`
      : `publish ${lookup.name} on the ${where} DNS (port ${lookup.service === 'cisco-uds' ? '8443' : '8443, pointing at IM and Presence'})` +
        (token && !excluded.includes(token) ? `, or add ${token} to ServiceDiscoveryExcludedServices so the client stops looking for it` : '');
  return `${who}${lookup.name} ${how}${also}: the client looks for it to find ${WHAT[lookup.service]}. To fix, ${fix}.`;
}

function checkTarget(record: SrvTarget, lookup: Lookup, who: string, ipMode: string, connect: boolean, add: Add, pointer: string): void {
  const of = `target of ${lookup.name}, port ${record.port}`;
  switch (record.status) {
    case 'ip-address':
      add(
        'error',
        'target-is-address',
        lookup.name,
        `${who}${lookup.name} points at ${record.target}, an IP address; an SRV target must be a host name (RFC 2782), and the client checks the server's certificate against that name. Point the record at the server's FQDN and give that name an address record.`,
        pointer,
      );
      return;
    case 'no-address':
      add('error', 'target-unresolved', record.target, `${who}${record.target} (${of}) has no A or AAAA record, so the client cannot reach it. Add an address record for it, or remove it from the SRV record.`, pointer);
      return;
    case 'wrong-family': {
      const has = record.addresses.map((a) => a.address).join(', ');
      add('error', 'target-unresolved', record.target, `${who}${record.target} (${of}) has only ${record.addresses[0]!.family === 6 ? 'IPv6' : 'IPv4'} addresses (${has}), but the client runs with IP_Mode ${ipMode}. Add an address record of the other family, or change IP_Mode.`, pointer);
      return;
    }
    case 'no-answer':
    case 'failed':
      add('error', 'lookup-failed', record.target, `${who}The DNS server ${dnsError(record.error)} for the addresses of ${record.target} (${of}); the client cannot reach it either. Check the zone on the server.`, pointer);
      return;
    case 'resolved':
      if (connect && !record.addresses.some((a) => a.connect === 'open') && !record.addresses.some((a) => a.connect === 'cancelled')) {
        const tried = record.addresses.filter((a) => a.connect !== undefined).map((a) => `${a.address} ${a.connect}`);
        add(
          'error',
          'connect-failed',
          record.target,
          `${who}${record.target} (${of}) accepted no TCP connection on port ${record.port} (${tried.join(', ')}). Check that the server runs and listens on that port, that the firewall lets clients through, and that the SRV port is right.`,
          pointer,
        );
      }
      return;
    default:
      return;
  }
}

/**
 * [S2, S3] "once Cisco Jabber finds _cisco-uds, it attempts to connect to the first 2 servers
 * within 20 seconds. Cisco Jabber doesn't attempt to connect to any servers after it's attempted
 * service discovery for the highest 2 priority servers." So with three or more records, a failing
 * server among the first two is a server the Windows client loses, and the rest never help.
 */
function firstTwo(lookup: Lookup, who: string, usable: (r: SrvTarget) => boolean, connect: boolean, add: Add, pointer: string): void {
  const records = lookup.records;
  if (records.length <= 2) return;
  if (records.some((r) => r.status === 'cancelled' || r.addresses.some((a) => a.connect === 'cancelled'))) return;
  const bad = records.slice(0, 2).filter((r) => !usable(r));
  if (bad.length === 0) return;
  const rest = records.slice(2);
  const tie = records[1]!.priority === records[2]!.priority && records[1]!.weight === records[2]!.weight;
  const why = (r: SrvTarget): string => (r.status === 'resolved' ? 'accepts no connection' : r.status === 'ip-address' ? 'is an IP address' : 'does not resolve');
  add(
    'error',
    'uds-first-two-failing',
    lookup.name,
    `${who}${lookup.name} has ${records.length} records, but Jabber for Windows tries only the first two by priority within 20 seconds and never the rest [S2, S3]; of those, ${bad.map((r) => `${r.target} (priority ${r.priority}) ${why(r)}`).join(' and ')}.` +
      ` It never tries ${rest.map((r) => r.target).join(', ')}${neverTried(rest, usable, connect)}` +
      (tie ? ` (records 2 and 3 share priority ${records[1]!.priority} and weight ${records[1]!.weight}, so which one comes second varies)` : '') +
      '. Give working servers the two lowest priorities, or fix or remove the failing ones.',
    pointer,
  );
}

/** What the records the Windows client never tries would have offered. */
function neverTried(rest: readonly SrvTarget[], usable: (r: SrvTarget) => boolean, connect: boolean): string {
  const good = rest.filter(usable);
  const verb = connect ? 'accept' + (good.length === 1 ? 's' : '') + ' connections' : 'resolve' + (good.length === 1 ? 's' : '');
  if (good.length === 0) return '';
  if (good.length === rest.length) return rest.length === 1 ? `, which ${verb}` : `, which all ${verb}`;
  return ` (of these, ${good.map((r) => r.target).join(', ')} ${verb})`;
}

function dnsError(code: string | undefined): string {
  switch (code) {
    case 'ETIMEOUT':
      return 'did not answer in time';
    case 'ECONNREFUSED':
      return 'refused the connection';
    case 'ESERVFAIL':
      return 'answered SERVFAIL';
    case 'EREFUSED':
      return 'answered REFUSED';
    default:
      return `answered with an error (${code ?? 'unknown'})`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} seconds` : `${ms} ms`;
}
