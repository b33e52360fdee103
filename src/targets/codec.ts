/**
 * Helpers for targets whose set is one file: recognise it by a content test, read it with a
 * per-file reader. Targets with companions implement `recognise`, `companions` and `parse` themselves.
 */
import type { ArtifactFile, ParsedArtifact, Recognition } from './types.js';

/** `recognise` for a one-file target: the file is its only member when `detect` says so. */
export function recogniseOneFile(member: string, detect: (contents: string, fileName: string) => boolean): (contents: string, fileName: string) => Recognition | undefined {
  return (contents, fileName) => {
    try {
      return detect(contents, fileName) ? { member } : undefined;
    } catch {
      return undefined; // a detector that throws on odd input simply does not recognise it
    }
  };
}

/** `parse` for a one-file target: its reader over the one file given (a set of one). */
export function parseOneFile(read: (contents: string, fileName: string) => ParsedArtifact): (files: readonly ArtifactFile[]) => ParsedArtifact {
  return (files) => {
    const file = files[0];
    if (!file) throw new Error('parse needs the file to read');
    return read(file.contents, file.fileName);
  };
}
