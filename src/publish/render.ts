/**
 * The files a console gets, made by the export pipeline itself: each profile loaded, checked,
 * rendered with the console's variable tokens and verified against the vendor schema exactly as
 * `export --emm <console>` does, in chunks (one verify call per target per chunk).
 */
import { jobsOf, processChunk } from '../export/chunk.js';
import type { ProfileResult, ResolvedProfile } from '../profile/types.js';
import { validateStream } from '../profile/validate.js';
import { getTarget } from '../targets/registry.js';
import type { Target } from '../targets/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { EmmConsole } from '../variables/consoles.js';

/** One profile, checked, rendered and verified. */
export interface RenderedForConsole {
  source: string;
  name?: string;
  profile?: ResolvedProfile;
  /** Verified file text by target id (empty when the profile failed). */
  texts: Map<string, string>;
  diagnostics: Diagnostic[];
  ok: boolean;
  /** Set for an abstract profile: checked, not rendered, never published. */
  skipped?: 'abstract';
}

/** Profiles per chunk: small, so plans start showing early; verify still runs once per chunk. */
const CHUNK = 32;

/** Loads, checks, renders and verifies profiles for one console, in input order. */
export async function* renderForConsole(
  files: readonly string[],
  emm: EmmConsole,
  targetIds: readonly string[],
  env: Record<string, string | undefined>,
): AsyncGenerator<RenderedForConsole> {
  const targets: Target[] = targetIds.map((id) => getTarget(id)!);
  let chunk: ProfileResult[] = [];
  const flush = async function* (): AsyncGenerator<RenderedForConsole> {
    if (chunk.length === 0) return;
    const rendered = await processChunk(chunk, jobsOf(targets, { emm }), emm);
    for (let i = 0; i < chunk.length; i += 1) {
      const r = rendered[i]!;
      const texts = new Map(r.artifacts.map((a) => [a.target, a.contents] as [string, string]));
      yield {
        source: r.source,
        ...(r.name !== undefined ? { name: r.name } : {}),
        ...(chunk[i]!.profile ? { profile: chunk[i]!.profile! } : {}),
        texts,
        diagnostics: r.diagnostics,
        ok: r.ok,
        ...(r.skipped !== undefined ? { skipped: r.skipped } : {}),
      };
    }
    chunk = [];
  };
  // Two profiles of one run with the same name would be the same console policy.
  for await (const r of validateStream(files, { env, duplicateNames: true })) {
    chunk.push(r);
    if (chunk.length >= CHUNK) yield* flush();
  }
  yield* flush();
}
