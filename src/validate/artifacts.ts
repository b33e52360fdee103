/**
 * Checking exported files an admin already holds, the way `export` checks them before writing:
 * each target's own `verify()`, batched (ONE call per target for a whole chunk of files), plus the target's
 * `parse()` so values Jabber would not read show too, plus, on request, an XSD the user supplies
 * for AppConfig specfiles.
 */
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nameFromFile } from '../import/profile-name.js';
import { MAX_ARTIFACT_BYTES } from '../import/read-artifact.js';
import type { ProfileResult } from '../profile/types.js';
import { parseRestrictionFiles, RESTRICTIONS_TARGET } from '../targets/android/restrictions.js';
import { IOS_APPCONFIG_TARGET, verifyAppConfigWithXsd } from '../targets/ios/appconfig.js';
import { getTarget, TARGETS } from '../targets/registry.js';
import type { Artifact, ParsedArtifact, Target } from '../targets/types.js';
import { readCandidate } from './classify.js';

/** One exported file to check, as classification placed it. */
export interface PlannedArtifact {
  /** The file as the user named it (or as the folder walk found it). */
  source: string;
  /** Target that verifies it. */
  target: string;
  /** Target whose parser reads its values back, when not `target`'s own (the DDM data asset is a plist). */
  parseAs?: string;
  /**
   * android-restrictions: `restrictions` for app_restrictions.xml, `values` for its values file;
   * `partner` is the other file of the pair (same folder), verified together with it.
   */
  role?: 'restrictions' | 'values';
  partner?: string;
}

/** An AppConfig schema the user supplies (`validate --xsd`). */
export interface UserXsd {
  /** The file as the user named it (shown in messages). */
  name: string;
  text: string;
}

/** The result for one exported file: like a profile's, with the target that recognised it. */
export interface ArtifactResult extends ProfileResult {
  kind: 'artifact';
  /** Target id the file was recognised as. */
  target: string;
}

/** Options for verifyArtifacts. */
export interface VerifyArtifactsOptions {
  /** Also check every ios-appconfig file against this schema (one more xmllint run per call). */
  xsd?: UserXsd;
  /** Reads a file's text (tests replace it); default: regular files up to the artifact size limit. */
  read?: (file: string) => Promise<string | undefined>;
}

/**
 * Verifies a batch of exported files: one verify call per target over all of that target's files
 * (restrictions pairs kept next to each other, as verifyRestrictions expects), one parse per
 * file. Results come back in input order; a file's problems are data, never exceptions.
 */
export async function verifyArtifacts(items: readonly PlannedArtifact[], opts: VerifyArtifactsOptions = {}): Promise<ArtifactResult[]> {
  const read = opts.read ?? readCandidate;
  const contents = await Promise.all(items.map((i) => read(i.source)));
  const bySource = new Map(items.map((item, i) => [item.source, i]));
  const found: Diagnostic[][] = items.map(() => []);
  items.forEach((item, i) => {
    if (contents[i] === undefined) {
      found[i]!.push(diagnostic('error', 'read-error', `${item.source} can no longer be read: it went away, grew past ${MAX_ARTIFACT_BYTES} bytes or stopped being a regular file while validate ran.`, { file: item.source, target: item.target }));
    }
  });

  const checks: Promise<void>[] = [];
  for (const target of TARGETS) {
    const order = verifyOrder(items, target.id, bySource).filter((i) => contents[i] !== undefined);
    if (order.length === 0) continue;
    const artifacts: Artifact[] = order.map((i) => ({ target: target.id, fileName: items[i]!.source, contents: contents[i]! }));
    checks.push(
      runVerify(target, artifacts).then((results) => {
        order.forEach((i, k) => found[i]!.push(...(results[k] ?? [])));
      }),
    );
  }
  if (opts.xsd) {
    const specfiles = items.map((item, i) => i).filter((i) => items[i]!.target === IOS_APPCONFIG_TARGET && contents[i] !== undefined);
    if (specfiles.length > 0) {
      const xsd = opts.xsd;
      checks.push(
        verifyAppConfigWithXsd(
          specfiles.map((i) => ({ fileName: items[i]!.source, contents: contents[i]! })),
          xsd.text,
          xsd.name,
        ).then((results) => {
          specfiles.forEach((i, k) => found[i]!.push(...(results[k] ?? [])));
        }),
      );
    }
  }
  await Promise.all(checks);

  return items.map((item, i) => {
    const text = contents[i];
    if (text !== undefined) {
      const partner = item.partner === undefined ? undefined : contents[bySource.get(item.partner) ?? -1];
      found[i]!.push(...parseDiagnostics(item, text, partner));
    }
    const diagnostics = tidy(found[i]!, item);
    const result: ArtifactResult = {
      source: item.source,
      name: nameFromFile(item.source, getTarget(item.target)?.fileNames ?? []),
      diagnostics,
      ok: !hasErrors(diagnostics),
      kind: 'artifact',
      target: item.target,
    };
    return result;
  });
}

/**
 * Indexes of the target's files in the order its verify takes them. verifyRestrictions pairs a
 * values file with the restrictions file right before it, so: each pair as restrictions then
 * values, then values files alone, then restrictions files alone (never followed by a values file).
 */
function verifyOrder(items: readonly PlannedArtifact[], targetId: string, bySource: ReadonlyMap<string, number>): number[] {
  const mine = items.map((_, i) => i).filter((i) => items[i]!.target === targetId);
  if (targetId !== RESTRICTIONS_TARGET) return mine;
  const pairs: number[] = [];
  const lonelyValues: number[] = [];
  const lonelyRestrictions: number[] = [];
  for (const i of mine) {
    const item = items[i]!;
    const partner = item.partner === undefined ? undefined : bySource.get(item.partner);
    if (item.role === 'values') {
      if (partner === undefined) lonelyValues.push(i);
      continue; // a paired values file goes right after its restrictions file
    }
    if (partner === undefined) lonelyRestrictions.push(i);
    else pairs.push(i, partner);
  }
  return [...pairs, ...lonelyValues, ...lonelyRestrictions];
}

/** One verify call; a verifier that throws (a bug) fails each of its files with internal-error, not the run. */
async function runVerify(target: Target, artifacts: Artifact[]): Promise<Diagnostic[][]> {
  try {
    return await target.verify(artifacts);
  } catch (err) {
    return artifacts.map((a) => [internalError(a.fileName, target.id, 'checking', err)]);
  }
}

/** What reading the values back finds (values Jabber would not read, keys it does not know). */
function parseDiagnostics(item: PlannedArtifact, text: string, partnerText: string | undefined): Diagnostic[] {
  if (item.role === 'values') return []; // the restrictions file's parse reads it
  let parsed: ParsedArtifact | undefined;
  try {
    if (item.target === RESTRICTIONS_TARGET && partnerText !== undefined) parsed = parseRestrictionFiles(text, item.source, partnerText);
    else parsed = getTarget(item.parseAs ?? item.target)?.parse?.(text, item.source);
  } catch (err) {
    return [internalError(item.source, item.target, 'reading back', err)];
  }
  return parsed?.diagnostics ?? [];
}

/**
 * One file's diagnostics ready to print: named after the file, tagged with the target, each
 * reported once (verify and parse often find the same thing), and in reading order.
 */
function tidy(diagnostics: Diagnostic[], item: PlannedArtifact): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const fixed: Diagnostic = { ...d, file: d.file === '' ? item.source : d.file, ...(d.target === undefined ? { target: item.target } : {}) };
    const key = JSON.stringify([fixed.severity, fixed.code, fixed.file, fixed.line, fixed.column, fixed.pointer, fixed.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fixed);
  }
  return out
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}

function internalError(file: string, target: string, stage: string, err: unknown): Diagnostic {
  const detail = err instanceof Error ? err.message : String(err);
  if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return diagnostic('error', 'internal-error', `${target} failed while ${stage} this file (a bug in jabber-emm; please report it): ${detail}`, { file, target });
}
