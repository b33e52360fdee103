import { setMaxListeners } from 'node:events';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findProfileFiles } from '../profile/files.js';
import type { ProfileResult, ResolvedProfile } from '../profile/types.js';
import { validateStream, type ValidateOptions } from '../profile/validate.js';
import { assessDoctor, type PerformedGroup } from './assess.js';
import { DnsAsker } from './dns-asker.js';
import { performPlan } from './perform.js';
import { discoveryInputs, planDiscovery } from './plan.js';
import { parseResolverAddress } from './resolver-address.js';
import { TcpProber } from './tcp-probe.js';
import type { DnsView, DoctorOptions, DoctorResult, DoctorTimeouts, Finding } from './types.js';

/** Why doctor cannot start: a bad option. The CLI exits 2 with the message. */
export class DoctorUsageError extends Error {
  /** Stable identifier: `bad-resolver`. */
  readonly code: string;
  readonly exitCode = 2;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'DoctorUsageError';
    this.code = code;
  }
}

/** The timeouts the CLI uses: c-ares' 2 s and 4 s tries, 3 s per TCP attempt, and the client's 20 s [S2, S3]. */
export const DEFAULT_TIMEOUTS: Required<DoctorTimeouts> = { dnsMs: 2000, dnsTries: 2, connectMs: 3000, budgetMs: 20_000 };

/**
 * What a batch of doctor runs shares: the DNS server (one Resolver, answers asked once per
 * batch), the TCP prober, the view and the timeouts. Build one per batch.
 */
export class DoctorSession {
  readonly dns: DnsAsker;
  readonly tcp?: TcpProber;
  readonly view: DnsView;
  readonly timeouts: Required<DoctorTimeouts>;

  /** Throws DoctorUsageError for a `resolver` that is not `host[:port]` with an IP address. */
  constructor(opts: DoctorOptions = {}) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...definedOnly(opts.timeouts ?? {}) };
    let server;
    if (opts.resolver !== undefined) {
      const parsed = parseResolverAddress(opts.resolver);
      if ('error' in parsed) throw new DoctorUsageError('bad-resolver', parsed.error);
      server = parsed;
    }
    this.dns = new DnsAsker(server, { timeoutMs: this.timeouts.dnsMs, tries: this.timeouts.dnsTries });
    if (opts.connect) this.tcp = new TcpProber(this.timeouts.connectMs);
    this.view = opts.view ?? 'inside';
  }

  /** Ends DNS queries still in flight (after a deadline), so the process can exit at once. */
  close(): void {
    this.dns.close();
  }
}

/**
 * Checks one resolved profile's service discovery against DNS: plans the client's lookups,
 * performs them within the profile's deadline, and reports findings. Network problems are
 * findings; it rejects only on a bug.
 */
export async function doctorProfile(profile: ResolvedProfile, opts: DoctorOptions & { session?: DoctorSession } = {}): Promise<DoctorResult> {
  const session = opts.session ?? new DoctorSession(opts);
  try {
    return await doctorResult({ source: profile.source, name: profile.name, profile, diagnostics: [], ok: true }, session);
  } finally {
    if (!opts.session) session.close();
  }
}

/** Doctor for a validated profile; a profile that could not be built carries its diagnostics as findings. */
export async function doctorResult(result: ProfileResult, session: DoctorSession): Promise<DoctorResult> {
  const base = { source: result.source, ...(result.name !== undefined ? { name: result.name } : {}), view: session.view, resolver: session.dns.label };
  if (!result.profile) {
    const findings = result.diagnostics.map((d): Finding => ({ ...d, record: null }));
    return { ...base, ok: false, lookups: [], findings };
  }
  const profile = result.profile;
  const plans = discoveryInputs(profile).map(planDiscovery);

  const deadline = new AbortController();
  // Every pending lookup and connection waits on this one signal; dozens are normal, not a leak.
  setMaxListeners(0, deadline.signal);
  const timer = setTimeout(() => deadline.abort(), session.timeouts.budgetMs);
  let groups: PerformedGroup[];
  try {
    const net = { dns: session.dns, signal: deadline.signal, ...(session.tcp ? { tcp: session.tcp } : {}) };
    groups = await Promise.all(plans.map(async (plan) => ({ plan, lookups: await performPlan(plan, net) })));
  } finally {
    clearTimeout(timer);
  }
  const findings = assessDoctor(groups, {
    profile,
    view: session.view,
    connect: session.tcp !== undefined,
    resolver: session.dns.label,
    budgetMs: session.timeouts.budgetMs,
    deadlineHit: deadline.signal.aborted,
    validationErrors: result.diagnostics.filter((d) => d.severity === 'error').length,
  });
  return { ...base, ok: !findings.some((f) => f.severity === 'error'), lookups: groups.flatMap((g) => g.lookups), findings };
}

/** Counts over a doctor run. */
export interface DoctorSummary {
  profiles: number;
  /** Profiles without error findings (warnings allowed). */
  ok: number;
  failed: number;
  errors: number;
  warnings: number;
}

/** What doctorFiles returns: a result per profile, the counts, and problems with the paths themselves. */
export interface DoctorReport {
  profiles: DoctorResult[];
  summary: DoctorSummary;
  /** `path-not-found` / `no-profiles` for paths that gave no profile. */
  diagnostics: Diagnostic[];
}

/** Options for a batch: doctor's, the loader's (env), how many profiles run at once (default 4). */
export type DoctorBatchOptions = DoctorOptions & Pick<ValidateOptions, 'env'> & { concurrency?: number; session?: DoctorSession };

/**
 * Runs doctor over profile files one after another, yielding each result in input order as soon
 * as it is ready. A few profiles run at once; each keeps its own deadline.
 */
export async function* doctorStream(files: Iterable<string> | AsyncIterable<string>, opts: DoctorBatchOptions = {}): AsyncGenerator<DoctorResult> {
  const session = opts.session ?? new DoctorSession(opts);
  const width = Math.max(1, opts.concurrency ?? 4);
  const window: Promise<DoctorResult>[] = [];
  for await (const result of validateStream(files, opts.env ? { env: opts.env } : {})) {
    // An abstract profile is a base, not a deployment: its children are what clients discover with.
    if (result.ok && result.profile?.abstract) continue;
    window.push(doctorResult(result, session));
    if (window.length >= width) yield await window.shift()!;
  }
  while (window.length > 0) yield await window.shift()!;
}

/**
 * Runs doctor on every profile under `paths` (files or folders, like validate). `onProfile` sees
 * each result as it is ready, in order. Throws DoctorUsageError for bad options, before any lookup.
 */
export async function doctorFiles(paths: readonly string[], opts: DoctorBatchOptions & { onProfile?: (result: DoctorResult) => void } = {}): Promise<DoctorReport> {
  const session = opts.session ?? new DoctorSession(opts);
  try {
    const found = await findProfileFiles(paths);
    const report: DoctorReport = { profiles: [], summary: { profiles: 0, ok: 0, failed: 0, errors: 0, warnings: 0 }, diagnostics: found.diagnostics };
    for await (const result of doctorStream(found.files, { ...opts, session })) {
      report.profiles.push(result);
      report.summary.profiles += 1;
      if (result.ok) report.summary.ok += 1;
      else report.summary.failed += 1;
      for (const f of result.findings) {
        if (f.severity === 'error') report.summary.errors += 1;
        else report.summary.warnings += 1;
      }
      opts.onProfile?.(result);
    }
    return report;
  } finally {
    if (!opts.session) session.close();
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
