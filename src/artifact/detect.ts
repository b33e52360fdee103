/**
 * The one classification of a file as a target's artifact, shared by `validate`, `import` and
 * `diff`: every registered target's `recognise` is asked; a recognition that used the file's name
 * as well as its contents wins (the DDM data asset is a plist), else the first in registry order.
 */
import { TARGETS } from '../targets/registry.js';
import type { Recognition, Target } from '../targets/types.js';

/** A file recognised as one member of a target's set. */
export interface Recognised {
  target: Target;
  recognition: Recognition;
}

/** Targets that can recognise their files, in registry order. */
export function recognisingTargets(): Target[] {
  return TARGETS.filter((t) => t.recognise !== undefined);
}

/** Targets that can read their files back, in registry order. */
export function readableTargets(): Target[] {
  return TARGETS.filter((t) => t.parse !== undefined && t.recognise !== undefined);
}

/** Target ids that can be read back, for messages. */
export function readableTargetIds(): string[] {
  return readableTargets().map((t) => t.id);
}

/** What a file is, by its contents and name; undefined when no target recognises it. A recogniser that throws does not recognise. */
export function recogniseFile(contents: string, fileName: string): Recognised | undefined {
  let found: Recognised | undefined;
  for (const target of recognisingTargets()) {
    let recognition: Recognition | undefined;
    try {
      recognition = target.recognise!(contents, fileName);
    } catch {
      recognition = undefined;
    }
    if (!recognition) continue;
    if (recognition.byName) return { target, recognition };
    found ??= { target, recognition };
  }
  return found;
}
