/**
 * Which files `validate` checks, and as what: a profile, or an exported artifact recognised by its
 * contents through the target registry's `detect()`. The rule (also in `validate --help` and the
 * README):
 *
 * - `.yaml`/`.yml` files are always profiles.
 * - A file named on the command line is an artifact when a target recognises its contents;
 *   otherwise a `.json` file (or one with an extension export never writes) is a profile, as it
 *   always was, and an `.xml`, `.plist`, `.txt`, `.cmd` or `.html` file is `unrecognised-file`.
 * - A folder walk picks up profiles as before (`.yaml`, `.yml`, and `.json` no target recognises)
 *   plus files with an export extension that a target recognises; anything else is left alone.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { MAX_ARTIFACT_BYTES } from '../import/read-artifact.js';
import { PROFILE_EXTENSIONS } from '../profile/files.js';
import { TARGETS } from '../targets/registry.js';
import type { Target } from '../targets/types.js';
import { DDM_CONFIG_FILE, IOS_DDM_TARGET } from '../targets/ios/ddm.js';
import { IOS_PLIST_TARGET } from '../targets/ios/plist.js';
import { documentElement } from '../targets/ios/xml-reader.js';

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
   * An exported artifact of `target`, verified by that target. `parseAs` is the target whose
   * parser reads its values back when it is not `target`'s own (the DDM data asset is a plist).
   */
  | { kind: 'artifact'; target: string; parseAs?: string }
  /** An XML `<resources>` file: an android-restrictions values file when a restrictions file goes with it. */
  | { kind: 'values' }
  /** Nothing validate checks (folder walks only). */
  | { kind: 'skip' }
  /** Named on the command line, but neither a profile nor a recognised export. */
  | { kind: 'unrecognised' };

/**
 * Targets that can recognise their files, in registry order (the first that recognises a file
 * wins; the registry's detectors are written not to overlap).
 */
export function detectingTargets(): Target[] {
  return TARGETS.filter((t) => t.detect !== undefined);
}

/** The first target whose detect() recognises the contents; a detector that throws does not. */
export function detectArtifactTarget(contents: string, fileName: string): Target | undefined {
  return detectingTargets().find((t) => {
    try {
      return t.detect!(contents, fileName);
    } catch {
      return false;
    }
  });
}

/**
 * What a file is, by the rule above. `contents` is its text when it could be read (undefined for
 * a file that is not regular, too large, or unreadable: the profile loader then says why, or a
 * walk leaves it alone).
 */
export function classifyContents(source: string, contents: string | undefined, explicit: boolean): FileKind {
  const ext = extname(source).toLowerCase();
  if (PROFILE_ONLY.has(ext)) return { kind: 'profile' };
  const fileName = basename(source);
  const isExportExt = EXPORT_EXTENSIONS.includes(ext) && ext !== '.json';
  if (contents === undefined) {
    // Profile or not, the loader's read-error/too-large says what is wrong with the file.
    return explicit || ext === '.json' ? { kind: 'profile' } : { kind: 'skip' };
  }
  const target = detectArtifactTarget(contents, fileName);
  if (target) {
    // ios-ddm has no parser and no plist detector: its data asset is recognised as a plist, and
    // its export name says it belongs with the declarations (verifyDdm checks Size and Hash-SHA-256 against it).
    if (target.id === IOS_PLIST_TARGET && fileName === DDM_CONFIG_FILE) return { kind: 'artifact', target: IOS_DDM_TARGET, parseAs: IOS_PLIST_TARGET };
    return { kind: 'artifact', target: target.id };
  }
  if (ext === '.xml' && documentElement(contents) === 'resources') return { kind: 'values' };
  if (ext === '.json') return { kind: 'profile' };
  if (isExportExt) return explicit ? { kind: 'unrecognised' } : { kind: 'skip' };
  // Any other extension (or none): only ever reached by naming the file, and taken as a profile as before.
  return { kind: 'profile' };
}

/** True when the file's kind can be told from its name alone (no need to read it). */
export function kindFromName(source: string): FileKind | undefined {
  return PROFILE_ONLY.has(extname(source).toLowerCase()) ? { kind: 'profile' } : undefined;
}

/**
 * Reads a regular file of at most MAX_ARTIFACT_BYTES as UTF-8 (BOM dropped); undefined for
 * anything else. A FIFO would block open() and /dev/zero never ends, so stat decides first.
 */
export async function readCandidate(file: string): Promise<string | undefined> {
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile() || st.size > MAX_ARTIFACT_BYTES) return undefined;
  let handle;
  try {
    // O_NONBLOCK: should the file have become a FIFO since stat, open() still returns.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    // One byte more than stat promised tells a file that grew since.
    const buffer = Buffer.alloc(st.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > st.size) return undefined;
    }
    const text = buffer.toString('utf8', 0, length);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** What an unrecognised file could have been, for the `unrecognised-file` message. */
export function recognisedKinds(): string {
  const exports = detectingTargets().map((t) => `${t.id} (${t.fileNames.join(', ')})`);
  return `a profile (.yaml, .yml, .json) or a file jabber-emm exports: ${exports.join('; ')}`;
}
