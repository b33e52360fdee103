import type { Platform } from '../catalog/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Which side of split DNS the resolver shows. `inside`: the corporate network, where Jabber
 * should find Unified CM and IM and Presence directly and must not see Expressway's
 * `_collab-edge`. `outside`: the Internet, where only `_collab-edge` should answer.
 */
export type DnsView = 'inside' | 'outside';

/** A discovery step of the client: the Webex CAS lookup (HTTPS) or one of the three DNS SRV lookups. */
export type ServiceId = 'webex-cas' | 'cisco-uds' | 'cuplogin' | 'collab-edge';

/**
 * What became of one step. `found`: records answered; `no-record`: NXDOMAIN or no SRV data;
 * `declined`: the only record has target "." (RFC 2782: "decidedly not available"); `no-answer`:
 * the resolver timed out or refused the connection; `failed`: SERVFAIL, REFUSED and other DNS
 * errors; `cancelled`: the per-profile deadline stopped it; `skipped`: the client does not make this
 * lookup (the service is excluded, or discovery is off); `not-checked`: the client makes it but
 * doctor does not (the CAS lookup is HTTPS to Cisco's cloud, not DNS).
 */
export type LookupStatus = 'found' | 'no-record' | 'declined' | 'no-answer' | 'failed' | 'cancelled' | 'skipped' | 'not-checked';

/** Outcome of a TCP connection attempt to one address of an SRV target (`--connect`). */
export type ConnectStatus = 'open' | 'refused' | 'timeout' | 'unreachable' | 'cancelled';

/** One address of an SRV target, with the connection attempt when `--connect` asked for one. */
export interface TargetAddress {
  address: string;
  family: 4 | 6;
  connect?: ConnectStatus;
}

/**
 * What became of an SRV target's address lookups. `resolved`: A/AAAA records the client can use;
 * `ip-address`: the target is an IP literal, not a host name (RFC 2782 wants a domain name);
 * `no-address`: no A or AAAA record; `wrong-family`: addresses only in a family IP_Mode forbids;
 * `no-answer` / `failed` / `cancelled` as for lookups.
 */
export type TargetStatus = 'resolved' | 'ip-address' | 'no-address' | 'wrong-family' | 'no-answer' | 'failed' | 'cancelled';

/** One SRV record, in the order the client tries them (`rank` 1 first). */
export interface SrvTarget {
  /** 1-based try order: priority ascending, then weight descending (then target, port for a stable tie). */
  rank: number;
  priority: number;
  weight: number;
  port: number;
  target: string;
  status: TargetStatus;
  /** DNS error code when status is no-answer or failed (e.g. ESERVFAIL). */
  error?: string;
  /** Addresses the client may use (IP_Mode applied); each with its connection attempt under --connect. */
  addresses: TargetAddress[];
}

/** One step of the client's discovery, as doctor planned and performed it. */
export interface Lookup {
  /** Clients that make this lookup: Windows gets the `windows` section, the others `settings`. */
  clients: Platform[];
  service: ServiceId;
  /** `SRV` for DNS lookups, `HTTPS` for the Webex CAS lookup. */
  type: 'SRV' | 'HTTPS';
  /** The SRV owner name (`_cisco-uds._tcp.example.com`), or the CAS domain. */
  name: string;
  /** The profile key that gave the domain (`VoiceServicesDomain`, `SERVICES_DOMAIN` ...). */
  setting: string;
  /**
   * `primary`: the lookup the client makes. `cross-check`: the same record in the services
   * domain, asked because Cisco's documents disagree on which domain `_cuplogin` is looked up in.
   */
  role: 'primary' | 'cross-check';
  status: LookupStatus;
  /** DNS error code (ENOTFOUND, ENODATA, ETIMEOUT, ESERVFAIL ...) or why the step is skipped. */
  detail?: string;
  /** SRV records in try order; empty unless found. */
  records: SrvTarget[];
}

/** A problem (or a fact the admin must know) found by doctor: a diagnostic that names the DNS record. */
export interface Finding extends Diagnostic {
  /** The DNS name concerned (SRV owner or target), the resolver for `resolver-unreachable`, or null. */
  record: string | null;
}

/** Doctor's result for one profile. */
export interface DoctorResult {
  source: string;
  name?: string;
  /** False when any finding is an error. */
  ok: boolean;
  view: DnsView;
  /** The server asked (`127.0.0.1:5353`), or `system` for the system's resolvers. */
  resolver: string;
  /** Steps in the client's order, each client group's steps together. */
  lookups: Lookup[];
  findings: Finding[];
}

/** Per-step timeouts and the overall deadline, in milliseconds. Tests shorten them; the CLI keeps the defaults. */
export interface DoctorTimeouts {
  /** First-try timeout of one DNS query (c-ares doubles it on each retry). Default 2000. */
  dnsMs?: number;
  /** Tries per DNS query. Default 2. */
  dnsTries?: number;
  /** Timeout of one TCP connection attempt under --connect. Default 3000. */
  connectMs?: number;
  /** Deadline for one profile's whole discovery: Jabber for Windows gives up after 20 s [S2, S3]. Default 20000. */
  budgetMs?: number;
}

/** Options for doctor. */
export interface DoctorOptions {
  /** DNS server to ask, `host[:port]` (IPv6 as `[::1]:5353`); default: the system's resolvers. */
  resolver?: string;
  /** Which side of split DNS the resolver shows (default `inside`). */
  view?: DnsView;
  /** Open a TCP connection to every address DNS returned for an SRV target, on the SRV port. */
  connect?: boolean;
  timeouts?: DoctorTimeouts;
}
