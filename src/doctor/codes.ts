import type { Severity } from '../diagnostics/diagnostic.js';

/** What one finding code means and how severe it is; the README's doctor section explains each at length. */
export interface FindingCodeInfo {
  /** Its severity; `no-discovery` is an error only when DNS is the client's only way (WEBEX excluded). */
  severity: Severity | 'error or warning';
  /** One line for the admin. */
  summary: string;
}

/** Every code doctor reports, in the order its checks run. Scripts may match on these. */
export const FINDING_CODES = {
  'profile-invalid': { severity: 'error', summary: 'The profile has validation errors; doctor checked what it could.' },
  'manual-settings': { severity: 'warning', summary: 'WEBEX, CUCM and CUP are all excluded: no service discovery, users enter settings by hand.' },
  'no-services-domain': { severity: 'warning', summary: 'No ServicesDomain: the client takes the domain from the e-mail address the user types.' },
  'resolver-unreachable': { severity: 'error', summary: 'The DNS server did not answer at all.' },
  'lookup-failed': { severity: 'error', summary: 'The DNS server answered one query with an error (SERVFAIL, REFUSED) or not at all.' },
  'srv-missing': { severity: 'warning', summary: 'No SRV record for a service the client looks for in this view.' },
  'voice-domain-only': { severity: 'warning', summary: '_cuplogin is answered in VoiceServicesDomain but not in ServicesDomain.' },
  'services-domain-only': { severity: 'warning', summary: '_cuplogin is answered in ServicesDomain but not in VoiceServicesDomain.' },
  'edge-visible-inside': { severity: 'warning', summary: '_collab-edge is answered by the inside view; remote access records belong outside only.' },
  'internal-visible-outside': { severity: 'warning', summary: '_cisco-uds or _cuplogin is answered by the outside view; they belong inside only.' },
  'target-is-address': { severity: 'error', summary: 'An SRV target is an IP address, not a host name.' },
  'target-unresolved': { severity: 'error', summary: 'An SRV target has no address the client can use.' },
  'connect-failed': { severity: 'error', summary: 'An SRV target accepted no TCP connection on its port (--connect).' },
  'uds-first-two-failing': { severity: 'error', summary: 'One of the first two _cisco-uds servers fails, and Jabber for Windows never tries the rest.' },
  'no-discovery': { severity: 'error or warning', summary: 'Nothing the client looks for in this view leads to a usable server.' },
  'deadline-exceeded': { severity: 'error', summary: 'Discovery did not finish within the 20 seconds Jabber for Windows allows.' },
} as const satisfies Record<string, FindingCodeInfo>;

/** A finding code. */
export type FindingCode = keyof typeof FINDING_CODES;
