/**
 * Reading an exported artifact whatever it is called: a file, or a configuration URL given as the
 * argument itself, recognised by content through each registered target's `detect()`.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { TARGETS } from '../targets/registry.js';
import type { ParsedArtifact, Target } from '../targets/types.js';

/** Largest artifact read (EMM consoles cap configurations far below this; DDM assets at 1 MB). */
export const MAX_ARTIFACT_BYTES = 5 * 1024 * 1024;

/** The `ciscojabber://` scheme that marks an argument as a configuration URL rather than a path. */
const URL_ARGUMENT = /^ciscojabber:\/\//i;

/** Why an artifact could not be read at all; `exitCode` is what the CLI exits with. */
export class ArtifactError extends Error {
  /**
   * Stable identifier: `path-not-found`, `read-error`, `too-large`, `not-recognised`,
   * `unreadable-artifact`, and for import `invalid-name` (a usage error) and `out-not-writable`.
   */
  readonly code: string;
  /** The parser's findings, when it read the file but could make nothing of it. */
  readonly diagnostics: Diagnostic[];
  constructor(code: string, message: string, diagnostics: Diagnostic[] = []) {
    super(message);
    this.name = 'ArtifactError';
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

/** An artifact's text, where it came from, and the target that recognised it. */
export interface ArtifactInput {
  /** The argument as the user gave it (a path, or `configuration URL` for a URL argument). */
  source: string;
  /** The file name part, used for detect()/parse() and for a default profile name. */
  fileName: string;
  contents: string;
  /** True when the argument was the URL itself. */
  fromArgument: boolean;
}

/** How a configuration URL given as the argument is named in messages. */
export const URL_SOURCE = 'configuration URL';

/** True when the argument is a configuration URL rather than a path. */
export function isUrlArgument(arg: string): boolean {
  return URL_ARGUMENT.test(arg.trim());
}

/** Targets that can read their files back, in registry order. */
export function readableTargets(): Target[] {
  return TARGETS.filter((t) => t.parse !== undefined && t.detect !== undefined);
}

/** The first readable target whose detect() recognises the contents. */
export function detectTarget(contents: string, fileName: string): Target | undefined {
  return readableTargets().find((t) => {
    try {
      return t.detect!(contents, fileName);
    } catch {
      return false; // a detector that throws on odd input simply does not recognise it
    }
  });
}

/**
 * Reads the argument: a configuration URL string as it is, or a file's text (UTF-8, BOM
 * stripped). Throws ArtifactError when it cannot be read.
 */
export async function readArtifactInput(arg: string): Promise<ArtifactInput> {
  if (isUrlArgument(arg)) {
    return { source: URL_SOURCE, fileName: URL_SOURCE, contents: arg.trim() + '\n', fromArgument: true };
  }
  let info;
  try {
    info = await stat(arg);
  } catch {
    throw new ArtifactError('path-not-found', `${arg} does not exist.`);
  }
  if (!info.isFile()) throw new ArtifactError('read-error', `${arg} is not a file.`);
  if (info.size > MAX_ARTIFACT_BYTES) {
    throw new ArtifactError('too-large', `${arg} is ${info.size} bytes; exported artifacts are at most ${MAX_ARTIFACT_BYTES} bytes.`);
  }
  let contents: string;
  try {
    contents = await readFile(arg, 'utf8');
  } catch (err) {
    throw new ArtifactError('read-error', `${arg} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (contents.charCodeAt(0) === 0xfeff) contents = contents.slice(1);
  return { source: arg, fileName: basename(arg), contents, fromArgument: false };
}

/** Target ids that can be read back, for messages. */
export function readableTargetIds(): string[] {
  return readableTargets().map((t) => t.id);
}

/**
 * Recognises and parses an artifact. Throws ArtifactError when no target recognises it, or when
 * its parser could read nothing out of it (the parser's errors are in the message's diagnostics).
 */
export function parseArtifact(input: ArtifactInput): { target: Target; parsed: ParsedArtifact } {
  const target = detectTarget(input.contents, input.fileName);
  if (!target) {
    throw new ArtifactError(
      'not-recognised',
      `${input.source} is not a file jabber-emm can read back: none of ${readableTargetIds().join(', ')} recognises its contents.`,
    );
  }
  const parsed = target.parse!(input.contents, input.fileName);
  return { target, parsed };
}
