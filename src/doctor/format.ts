import { palette, type Palette } from '../report/colour.js';
import { countWords, type FormatOptions } from '../report/format.js';
import type { DoctorResult, Finding, Lookup, SrvTarget } from './types.js';

const CLIENT_NAMES: Record<string, string> = { android: 'Android', ios: 'iPhone and iPad', mac: 'Mac', windows: 'Windows' };

/**
 * One profile as doctor saw it, in discovery order: a status line, the resolver and view, each
 * lookup with its records (in the client's try order), their addresses and connection attempts,
 * then the findings, compiler-style. Ends with a blank line.
 */
export function formatDoctorResult(result: DoctorResult, opts: FormatOptions): string {
  const c = palette(opts.color);
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const counts = countWords(errors, result.findings.length - errors);
  const name = result.name !== undefined ? ` (${result.name})` : '';
  const lines = [`${c.bold(result.source)}: ${result.ok ? c.green('ok') : c.red('failed')}${name}${counts ? `, ${counts}` : ''}`];
  if (result.lookups.length > 0) {
    lines.push(`  ${c.dim(`resolver ${result.resolver}, ${result.view} view`)}`);
    const groups = groupByClients(result.lookups);
    for (const [clients, lookups] of groups) {
      const indent = groups.length > 1 ? '    ' : '  ';
      if (groups.length > 1) lines.push(`  ${c.bold(clients.map((x) => CLIENT_NAMES[x] ?? x).join(', '))}:`);
      for (const lookup of lookups) lines.push(...formatLookup(lookup, indent, c));
    }
  }
  for (const f of result.findings) lines.push(formatFinding(f, c));
  return lines.join('\n') + '\n\n';
}

/** A finding as a compiler prints a diagnostic, with the DNS record it concerns after the code. */
export function formatFinding(f: Finding, c: Palette): string {
  const where = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
  const severity = f.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
  return `${c.bold(where)}: ${severity} ${c.dim(f.code)}${f.record ? ` ${f.record}` : ''}: ${f.message}`;
}

function formatLookup(lookup: Lookup, indent: string, c: Palette): string[] {
  const label = lookup.type === 'HTTPS' ? `Webex CAS lookup (HTTPS) for ${lookup.name}` : `SRV ${lookup.name}`;
  const role = lookup.role === 'cross-check' ? ` ${c.dim(`(cross-check in ${lookup.setting})`)}` : '';
  const lines = [`${indent}${label}${role}: ${lookupStatus(lookup, c)}`];
  for (const record of lookup.records) lines.push(`${indent}  ${record.rank}. ${record.target}:${record.port} ${c.dim(`priority ${record.priority} weight ${record.weight}`)}: ${targetStatus(record, c)}`);
  return lines;
}

function lookupStatus(lookup: Lookup, c: Palette): string {
  switch (lookup.status) {
    case 'found':
      return `${lookup.records.length} record${lookup.records.length === 1 ? '' : 's'}`;
    case 'no-record':
      return c.yellow(lookup.detail === 'ENOTFOUND' ? 'no record (NXDOMAIN)' : 'no record');
    case 'declined':
      return c.yellow('no service (target ".")');
    case 'no-answer':
      return c.red(`no answer (${lookup.detail ?? ''})`);
    case 'failed':
      return c.red(`error (${lookup.detail ?? ''})`);
    case 'cancelled':
      return c.red('not finished before the deadline');
    case 'skipped':
      return c.dim(`skipped, ${lookup.detail ?? ''}`);
    case 'not-checked':
      return c.dim(`not checked (${lookup.detail ?? ''})`);
  }
}

function targetStatus(record: SrvTarget, c: Palette): string {
  const list = record.addresses.map((a) => (a.connect ? `${a.address} ${a.connect === 'open' ? c.green('open') : c.red(a.connect)}` : a.address)).join(', ');
  switch (record.status) {
    case 'resolved':
      return list;
    case 'ip-address':
      return c.red('an IP address, not a host name');
    case 'no-address':
      return c.red('no A or AAAA record');
    case 'wrong-family':
      return `${list} ${c.red('(not usable with this IP_Mode)')}`;
    case 'no-answer':
      return c.red(`no answer (${record.error ?? ''})`);
    case 'failed':
      return c.red(`error (${record.error ?? ''})`);
    case 'cancelled':
      return c.red('not finished before the deadline');
  }
}

/** Consecutive lookups for the same clients, together. */
function groupByClients(lookups: readonly Lookup[]): [string[], Lookup[]][] {
  const groups: [string[], Lookup[]][] = [];
  for (const lookup of lookups) {
    const last = groups[groups.length - 1];
    if (last && last[0].join() === lookup.clients.join()) last[1].push(lookup);
    else groups.push([lookup.clients, [lookup]]);
  }
  return groups;
}
