/**
 * Checking exported files an admin already holds, the way `export` checks them before writing:
 * each target's own `verify()`, batched (ONE call per target for a whole chunk of files), plus the target's
 * `parse()` so values Jabber would not read show too, plus, on request, an XSD the user supplies
 * for AppConfig specfiles.
 */
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nameFromFile } from '../import/profile-name.js';
import { MAX_ARTIFACT_BYTES, readCandidate } from '../artifact/read.js';
import { checkArtifactValues } from '../artifact/rules.js';
import type { ProfileResult } from '../profile/types.js';
import { getTarget, TARGETS } from '../targets/registry.js';
import type { Artifact, ArtifactFile, ParsedArtifact, Target } from '../targets/types.js';

/** One exported file to check, as classification placed it. */
export interface PlannedArtifact {
  /** The file as the user named it (or as the folder walk found it). */
  source: string;
  /** Target whose set it belongs to. */
  target: string;
  /** Which file of the set it is (one of the target's fileNames). */
  member: string;
  /**
   * The files of its set (its own source included), in the target's fileNames order, when the
   * set has more than this file: they are verified next to each other and read back together.
   */
  set?: string[];
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
    const xsd = opts.xsd;
    for (const target of TARGETS) {
      const schema = target.userSchema;
      if (!schema) continue;
      const mine = items.map((_, i) => i).filter((i) => items[i]!.target === target.id && contents[i] !== undefined);
      if (mine.length === 0) continue;
      checks.push(
        schema.verify(mine.map((i) => ({ fileName: items[i]!.source, contents: contents[i]! })), xsd.text, xsd.name).then((results) => {
          mine.forEach((i, k) => found[i]!.push(...(results[k] ?? [])));
        }),
      );
    }
  }
  await Promise.all(checks);

  // Each set is read back once, with the profile's rules over its values; a finding goes to the file it names.
  const readBack = new Set<string>();
  items.forEach((item, i) => {
    const members = item.set ?? [item.source];
    if (readBack.has(members[0]!)) return;
    readBack.add(members[0]!);
    const files: ArtifactFile[] = [];
    for (const m of members) {
      const text = contents[bySource.get(m) ?? -1];
      if (text !== undefined) files.push({ fileName: m, contents: text });
    }
    if (files.length === 0) return;
    for (const d of parseDiagnostics(item, files)) {
      const owner = members.includes(d.file) ? bySource.get(d.file) : undefined;
      found[owner ?? i]!.push(d);
    }
  });

  return items.map((item, i) => {
    const diagnostics = tidyArtifactDiagnostics(found[i]!, item);
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
 * Indexes of the target's files in the order its verify takes them: the files of one set next
 * to each other in the target's fileNames order (verifyRestrictions pairs a values file with the
 * restrictions file right before it; verifyDdm checks hashes within its batch), then lone files.
 */
function verifyOrder(items: readonly PlannedArtifact[], targetId: string, bySource: ReadonlyMap<string, number>): number[] {
  const out: number[] = [];
  const placed = new Set<number>();
  items.forEach((item, i) => {
    if (item.target !== targetId || placed.has(i)) return;
    for (const m of item.set ?? [item.source]) {
      const k = bySource.get(m);
      if (k === undefined || placed.has(k) || items[k]!.target !== targetId) continue;
      placed.add(k);
      out.push(k);
    }
  });
  return out;
}

/**
 * The target's own checks (its `verify`: vendor schema and format rules) over the files of one
 * set, ordered as verify takes them (the target's fileNames order). The same checks `validate`
 * runs on the set, for `import` to give the file the same verdict.
 */
export async function verifyArtifactSet(target: Target, files: readonly ArtifactFile[]): Promise<Diagnostic[]> {
  const rank = (f: ArtifactFile): number => {
    let member: string | undefined;
    try {
      member = target.recognise?.(f.contents, f.fileName)?.member;
    } catch {
      member = undefined;
    }
    const i = member === undefined ? -1 : target.fileNames.indexOf(member);
    return i < 0 ? target.fileNames.length : i;
  };
  const ordered = files.map((f, i) => ({ f, i, r: rank(f) })).sort((a, b) => a.r - b.r || a.i - b.i).map(({ f }) => f);
  const results = await runVerify(
    target,
    ordered.map((f) => ({ target: target.id, fileName: f.fileName, contents: f.contents })),
  );
  return results.flatMap((list, k) => list.map((d) => ({ ...d, file: d.file === '' ? ordered[k]!.fileName : d.file })));
}

/** One verify call; a verifier that throws (a bug) fails each of its files with internal-error, not the run. */
async function runVerify(target: Target, artifacts: Artifact[]): Promise<Diagnostic[][]> {
  try {
    return await target.verify(artifacts);
  } catch (err) {
    return artifacts.map((a) => [internalError(a.fileName, target.id, 'checking', err)]);
  }
}

/**
 * What reading the set back finds: the reader's findings (values Jabber would not read, keys it
 * does not know), then the profile's own rules over the values read (the rule engine), each at
 * its position in the file.
 */
function parseDiagnostics(item: PlannedArtifact, files: ArtifactFile[]): Diagnostic[] {
  const target = getTarget(item.target);
  if (!target?.parse) return [];
  let parsed: ParsedArtifact;
  try {
    parsed = target.parse(files);
  } catch (err) {
    return [internalError(item.source, item.target, 'reading back', err)];
  }
  // checkArtifactValues adds nothing for a reader that read nothing and says why (not well-formed).
  return [...parsed.diagnostics, ...checkArtifactValues(parsed, files[0]!.fileName)];
}

/**
 * One file's diagnostics ready to print: named after the file, tagged with the target, each
 * reported once (verify and parse often find the same thing), and in reading order. `import`
 * tidies its findings the same way, so the two list the same diagnostics for one file.
 */
export function tidyArtifactDiagnostics(diagnostics: readonly Diagnostic[], item: Pick<PlannedArtifact, 'source' | 'target'>): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const fixed: Diagnostic = { ...d, file: d.file === '' ? item.source : d.file, ...(d.target === undefined ? { target: item.target } : {}) };
    const key = JSON.stringify([fixed.severity, fixed.code, fixed.file, fixed.line, fixed.column, fixed.pointer, fixed.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fixed);
  }
  // A file's own format rules make some of what its reader reads with a warning an error (a
  // switch msiexec would not receive): the error stands for both.
  const files = [...new Set(out.map((d) => d.file))];
  const fileOrder = (file: string): number => files.indexOf(file);
  const errors = new Set(out.filter((d) => d.severity === 'error').map((d) => JSON.stringify([d.code, d.file, d.line, d.column])));
  return out
    .filter((d) => d.severity === 'error' || !errors.has(JSON.stringify([d.code, d.file, d.line, d.column])))
    .map((d, i) => ({ d, i }))
    // The files of a set in the order they first appear (import lists a whole set), then by position.
    .sort((a, b) => fileOrder(a.d.file) - fileOrder(b.d.file) || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d);
}

function internalError(file: string, target: string, stage: string, err: unknown): Diagnostic {
  const detail = err instanceof Error ? err.message : String(err);
  if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return diagnostic('error', 'internal-error', `${target} failed while ${stage} this file (a bug in jabber-emm; please report it): ${detail}`, { file, target });
}
