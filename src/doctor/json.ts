import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DoctorReport, DoctorSummary } from './doctor.js';
import type { DoctorResult, Finding, Lookup, SrvTarget, TargetAddress } from './types.js';

/** One profile in `doctor --json`. */
export interface DoctorProfileJson {
  source: string;
  /** The profile name, or null when it could not be read. */
  name: string | null;
  ok: boolean;
  view: DoctorResult['view'];
  resolver: string;
  lookups: Lookup[];
  findings: Finding[];
}

/** The document `jabber-emm doctor --json` prints. */
export interface DoctorJson {
  profiles: DoctorProfileJson[];
  summary: DoctorSummary;
  /** Problems with the paths themselves (`path-not-found`, `no-profiles`). */
  diagnostics: Diagnostic[];
}

/** The `doctor --json` document, every object's keys in a fixed order. */
export function doctorJson(report: DoctorReport): DoctorJson {
  const { profiles, ok, failed, errors, warnings } = report.summary;
  return {
    profiles: report.profiles.map(profileJson),
    summary: { profiles, ok, failed, errors, warnings },
    diagnostics: [...report.diagnostics],
  };
}

function profileJson(r: DoctorResult): DoctorProfileJson {
  return {
    source: r.source,
    name: r.name ?? null,
    ok: r.ok,
    view: r.view,
    resolver: r.resolver,
    lookups: r.lookups.map(lookupJson),
    findings: r.findings.map(findingJson),
  };
}

function lookupJson(l: Lookup): Lookup {
  return {
    clients: [...l.clients],
    service: l.service,
    type: l.type,
    name: l.name,
    setting: l.setting,
    role: l.role,
    status: l.status,
    ...(l.detail !== undefined ? { detail: l.detail } : {}),
    records: l.records.map(recordJson),
  };
}

function recordJson(r: SrvTarget): SrvTarget {
  return {
    rank: r.rank,
    priority: r.priority,
    weight: r.weight,
    port: r.port,
    target: r.target,
    status: r.status,
    ...(r.error !== undefined ? { error: r.error } : {}),
    addresses: r.addresses.map((a): TargetAddress => ({ address: a.address, family: a.family, ...(a.connect ? { connect: a.connect } : {}) })),
  };
}

function findingJson(f: Finding): Finding {
  return {
    severity: f.severity,
    code: f.code,
    record: f.record,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    pointer: f.pointer,
    ...(f.target !== undefined ? { target: f.target } : {}),
  };
}
