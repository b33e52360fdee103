/**
 * What a console holds, read through the same reader as `import` (target detection, the target's
 * parser, catalog normalisation): the one place publish and pull use import's internals.
 */
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { importSet, type ImportOptions, type ImportResult } from '../import/import-artifact.js';
import { normalizeArtifact, rawText, type NormalizedArtifact } from '../artifact/normalize.js';
import { ArtifactError, parseArtifactSet, recogniseInput, type ArtifactInput } from '../artifact/read.js';
import type { SettingValue } from '../profile/types.js';

/** A console's configuration text read back: values in canonical form, or why it could not be read. */
export type ConsoleReading = { ok: true; artifact: NormalizedArtifact } | { ok: false; diagnostic: Diagnostic };

/** An artifact input for text a console holds. */
export function consoleInput(contents: string, source: string, fileName: string): ArtifactInput {
  return { source, fileName, contents, fromArgument: false };
}

/** Reads configuration text a console holds, expecting the given target's format. */
export function readConsoleText(contents: string, source: string, fileName: string, targetId: string): ConsoleReading {
  try {
    const set = recogniseInput(consoleInput(contents, source, fileName));
    if (set.target.id !== targetId) {
      return { ok: false, diagnostic: diagnostic('error', 'console-unreadable', `${source} holds a ${set.target.id} document, not the ${targetId} one jabber-emm writes there.`, { file: source }) };
    }
    return { ok: true, artifact: normalizeArtifact(parseArtifactSet(set), source) };
  } catch (err) {
    if (!(err instanceof ArtifactError)) throw err;
    return { ok: false, diagnostic: diagnostic('error', 'console-unreadable', `${source} cannot be read: ${err.message}`, { file: source }) };
  }
}

/** The values of a reading as compared: values that do not decode kept as their text, so they show as changed. */
export function readingValues(artifact: NormalizedArtifact): { settings: Map<string, SettingValue>; unknown: Map<string, string> } {
  const settings = new Map<string, SettingValue>(artifact.settings);
  for (const u of artifact.undecodable) if (u.section === 'settings') settings.set(u.key, rawText(u.raw));
  const unknown = new Map([...artifact.unknown].map(([k, v]) => [k, rawText(v)] as [string, string]));
  return { settings, unknown };
}

/** `import` over text a console holds (for `pull`): one file, no companions. Throws ArtifactError when it cannot be read. */
export function importConsoleText(contents: string, source: string, fileName: string, opts: ImportOptions): ImportResult {
  return importSet(recogniseInput(consoleInput(contents, source, fileName)), opts);
}
