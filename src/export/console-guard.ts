import { readFileSync } from 'node:fs';
import type { Target } from '../targets/types.js';
import { consolesWithTokensIn, type EmmConsole } from '../variables/consoles.js';
import type { PlacedArtifact } from './chunk.js';

/**
 * The "never silently replaced" rule: a file already at `file` whose contents differ and whose
 * variable tokens are another console's (read back through its target's reader, or as text when
 * the target has none) was written for that console, and must not be replaced by this run's file
 * for `artifact.console`. Returns the consoles the existing file was written for, or undefined
 * when the file may be written (absent, unchanged, token-free, or the same console's).
 */
export function otherConsoleFile(file: string, artifact: PlacedArtifact, target: Target): EmmConsole[] | undefined {
  if (artifact.console === undefined) return undefined;
  let existing: string;
  try {
    existing = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (existing === artifact.contents) return undefined;
  const found = consolesWithTokensIn(valuesText(existing, artifact.fileName, target));
  if (found.length === 0 || found.includes(artifact.console)) return undefined;
  return found;
}

/** The string values a file holds, joined (only values can hold tokens); the whole text if it cannot be read. */
function valuesText(contents: string, fileName: string, target: Target): string {
  if (!target.parse || !target.recognise?.(contents, fileName)) return contents;
  try {
    const parsed = target.parse([{ fileName, contents }]);
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v instanceof Map) [...v.values()].forEach(collect);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(parsed.settings);
    collect(parsed.unknown);
    return strings.join('\n');
  } catch {
    return contents;
  }
}
