/**
 * Which files `validate` checks, and as what: a profile, or an exported artifact recognised by its
 * contents through the one detector (src/artifact/detect.ts, each target's `recognise()`). The rule (also in `validate --help` and the
 * README):
 *
 * - `.yaml`/`.yml` files are always profiles.
 * - A file named on the command line is an artifact when a target recognises its contents;
 *   otherwise a `.json` file (or one with an extension export never writes) is a profile, as it
 *   always was, and an `.xml`, `.plist`, `.txt`, `.cmd` or `.html` file is `unrecognised-file`.
 * - A folder walk picks up profiles as before (`.yaml`, `.yml`, and `.json` no target recognises)
 *   plus files with an export extension that a target recognises; anything else is left alone.
 */
import { basename, extname } from 'node:path';
import { recognisingTargets, recogniseFile } from '../artifact/detect.js';
import { PROFILE_EXTENSIONS } from '../profile/files.js';

export { readCandidate } from '../artifact/read.js';

/** Extensions of the files `export` writes: a folder walk reads these to see whether a target recognises them. */
export const EXPORT_EXTENSIONS: readonly string[] = ['.xml', '.plist', '.json', '.txt', '.cmd', '.html'];

/** Extensions a folder walk collects (profiles and exports). */
export const WALK_EXTENSIONS: readonly string[] = [...new Set([...PROFILE_EXTENSIONS, ...EXPORT_EXTENSIONS])];

/** Extensions that always mean a profile, whatever the text looks like. */
const PROFILE_ONLY = new Set(['.yaml', '.yml']);

/** What one file is. */
export type FileKind =
  /** A profile, checked by load → resolve → check. */
  | { kind: 'profile' }
  /**
   * An exported artifact: which target's set it belongs to and which member of it it is.
   * `onlyWith` (from the target) when it is checked only together with another file of its set.
   */
  | { kind: 'artifact'; target: string; member: string; onlyWith?: string }
  /** Nothing validate checks (folder walks only). */
  | { kind: 'skip' }
  /** Named on the command line, but neither a profile nor a recognised export. */
  | { kind: 'unrecognised' };

/**
 * What a file is, by the rule above. `contents` is its text when it could be read (undefined for
 * a file that is not regular, too large, or unreadable: the profile loader then says why, or a
 * walk leaves it alone).
 */
export function classifyContents(source: string, contents: string | undefined, explicit: boolean): FileKind {
  const ext = extname(source).toLowerCase();
  if (PROFILE_ONLY.has(ext)) return { kind: 'profile' };
  const isExportExt = EXPORT_EXTENSIONS.includes(ext) && ext !== '.json';
  if (contents === undefined) {
    // Profile or not, the loader's read-error/too-large says what is wrong with the file.
    return explicit || ext === '.json' ? { kind: 'profile' } : { kind: 'skip' };
  }
  const found = recogniseFile(contents, basename(source));
  if (found) {
    const { member, onlyWith } = found.recognition;
    return { kind: 'artifact', target: found.target.id, member, ...(onlyWith !== undefined ? { onlyWith } : {}) };
  }
  if (ext === '.json') return { kind: 'profile' };
  if (isExportExt) return explicit ? { kind: 'unrecognised' } : { kind: 'skip' };
  // Any other extension (or none): only ever reached by naming the file, and taken as a profile as before.
  return { kind: 'profile' };
}

/** True when the file's kind can be told from its name alone (no need to read it). */
export function kindFromName(source: string): FileKind | undefined {
  return PROFILE_ONLY.has(extname(source).toLowerCase()) ? { kind: 'profile' } : undefined;
}

/** What an unrecognised file could have been, for the `unrecognised-file` message. */
export function recognisedKinds(): string {
  const exports = recognisingTargets().map((t) => `${t.id} (${t.fileNames.join(', ')})`);
  return `a profile (.yaml, .yml, .json) or a file jabber-emm exports: ${exports.join('; ')}`;
}
