import { isIP } from 'node:net';
import type { StringFormat } from '../catalog/types.js';

/**
 * Why a string does not have the catalog format it needs, in words for the admin, or undefined
 * when it is fine. Per-user variables (`${user.email}`) stand for one DNS-safe label here.
 */
export function formatProblem(format: StringFormat, value: string): string | undefined {
  const v = value.replace(/\$\{[^}]*\}/g, 'x');
  switch (format) {
    case 'domain':
      return domainProblem(v);
    case 'host':
      return isIP(v) !== 0 ? undefined : hostProblem(v);
    case 'url':
      return urlProblem(v);
    case 'path':
      return pathProblem(v);
    case 'text':
      return /[\r\n]/.test(v) ? 'it spans several lines' : undefined;
  }
}

/** Why a string is not a DNS name (RFC 1035 letters-digits-hyphen labels, as host names use). */
export function domainProblem(v: string, noun = 'the domain'): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return `it is a URL; write just ${noun}, such as acme.com`;
  if (/[&=?#]/.test(v)) return `it contains '${/[&=?#]/.exec(v)![0]}', which looks like part of a configuration URL; write just ${noun}`;
  if (v.includes('@')) return 'it is an e-mail address; write the part after the @';
  if (/\s/.test(v)) return 'it contains spaces';
  if (v.includes('/')) return `it contains a /; write just ${noun}, without a path`;
  if (v.includes(':')) return `it contains a :; write just ${noun}, without a port`;
  const name = v.endsWith('.') ? v.slice(0, -1) : v;
  if (name.length === 0) return 'it is empty';
  if (name.length > 253) return 'it is longer than 253 characters';
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(name)) return 'it contains non-ASCII letters; write the xn-- (punycode) form of the name';
  for (const label of name.split('.')) {
    if (label.length === 0) return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `the label ${label.slice(0, 20)}... is longer than 63 characters`;
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(label)) {
      return `the label '${label}' may hold only letters, digits and inner hyphens`;
    }
  }
  return undefined;
}

function hostProblem(v: string): string | undefined {
  if (/^\[.*\]$/.test(v) && isIP(v.slice(1, -1)) === 6) return 'write an IPv6 address without brackets';
  return domainProblem(v, 'the host name');
}

function urlProblem(v: string): string | undefined {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'it is not an absolute URL (such as https://pki.acme.com/prt.pem)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `only http and https URLs are allowed, not ${url.protocol}`;
  }
  if (/\s/.test(v)) return 'it contains spaces; encode them as %20';
  if (url.hostname === '') return 'it has no host name';
  return undefined;
}

function pathProblem(v: string): string | undefined {
  // msiexec LOG_DIRECTORY: "absolute path" (reference §6); %VAR% forms are what Cisco's default uses.
  const absolute = /^[A-Za-z]:\\/.test(v) || /^\\\\[^\\]+\\[^\\]+/.test(v) || /^%[A-Za-z_][A-Za-z0-9_]*%/.test(v);
  if (!absolute) return 'it must be an absolute Windows path, such as C:\\Logs\\Jabber or %USERPROFILE%\\Jabber';
  if (/[<>"|?*]/.test(v.slice(2))) return 'Windows paths cannot contain < > " | ? *';
  return undefined;
}

/** Characters XML 1.0 does not allow (§2.2 Char), lone surrogates included; NUL is one of them. */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Index and code point of the first character XML 1.0 forbids, if any. */
export function forbiddenCharacter(v: string): { index: number; codePoint: string } | undefined {
  const m = XML_FORBIDDEN.exec(v);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!;
  return { index: m.index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
}

/**
 * Longest string Android managed configurations carry: "string values cannot be longer than
 * 65535 characters" (AMAPI managedConfiguration; reference android-managed-config.md l.148).
 */
export const MAX_STRING_LENGTH = 65_535;
