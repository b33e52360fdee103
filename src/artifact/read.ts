/**
 * Reading an exported artifact whatever it is called: a file with the other files of its set
 * found beside it (the restrictions values file, the DDM declarations and plist, the page and its
 * e-mail), or a configuration URL given as the argument itself (wrapped over lines or not).
 */
import { decodeArtifactBytes } from '../targets/artifact-bytes.js';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ArtifactFile, ParsedArtifact, Recognition, Target } from '../targets/types.js';
import { readRegularFile } from '../profile/files.js';
import { readableTargetIds, recogniseFile } from './detect.js';

export { readableTargetIds } from './detect.js';

/** Largest artifact read (EMM consoles cap configurations far below this; DDM assets at 1 MB). */
export const MAX_ARTIFACT_BYTES = 5 * 1024 * 1024;

/** The `ciscojabber://` scheme that marks an argument as a configuration URL rather than a path. */
const URL_ARGUMENT = /^ciscojabber:\/\//i;

/** Why an artifact could not be read at all; `exitCode` is what the CLI exits with. */
export class ArtifactError extends Error {
  /**
   * Stable identifier: `path-not-found`, `read-error`, `too-large`, `not-recognised`,
   * `unreadable-artifact`, and for import `invalid-name` (a usage error), `out-exists` (without
   * `--force`), `out-not-writable` and `import-rejected` (the input breaks the profile's rules; diagnostics say where).
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

/** An artifact's text and where it came from. */
export interface ArtifactInput {
  /** The argument as the user gave it (a path, or `configuration URL` for a URL argument). */
  source: string;
  /** The file name part, used for recognise()/parse() and for a default profile name. */
  fileName: string;
  contents: string;
  /** True when the argument was the URL itself. */
  fromArgument: boolean;
}

/** A recognised artifact with the files of its set that were found. */
export interface ArtifactSet extends ArtifactInput {
  target: Target;
  recognition: Recognition;
  /** The file given first, then its companions found in the same folder (paths as found). */
  files: ArtifactFile[];
}

/** How a configuration URL given as the argument is named in messages. */
export const URL_SOURCE = 'configuration URL';

/** True when the argument is a configuration URL rather than a path. */
export function isUrlArgument(arg: string): boolean {
  return URL_ARGUMENT.test(arg.trim());
}

/** The argument given as a URL, as the text of a file named URL_SOURCE. */
export function urlArgumentInput(arg: string): ArtifactInput {
  return { source: URL_SOURCE, fileName: URL_SOURCE, contents: arg.trim() + '\n', fromArgument: true };
}

/**
 * Reads a regular file of at most MAX_ARTIFACT_BYTES as UTF-8 (BOM dropped); undefined for
 * anything else. A FIFO would block open() and /dev/zero never ends, so stat decides first.
 */
export async function readCandidate(file: string): Promise<string | undefined> {
  const bytes = await readRegularFile(file, MAX_ARTIFACT_BYTES);
  // UTF-8 (mark dropped), UTF-16 and binary plists alike: the readers' text (src/targets/artifact-bytes.ts).
  return bytes === undefined ? undefined : decodeArtifactBytes(bytes);
}

/**
 * Reads the argument: a configuration URL string as it is, or a file's text (UTF-8, BOM
 * stripped). Throws ArtifactError when it cannot be read.
 */
export async function readArtifactInput(arg: string): Promise<ArtifactInput> {
  if (isUrlArgument(arg)) return urlArgumentInput(arg);
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
  const contents = await readCandidate(arg);
  if (contents === undefined) throw new ArtifactError('read-error', `${arg} cannot be read.`);
  return { source: arg, fileName: basename(arg), contents, fromArgument: false };
}

/** The files of `file`'s folder that form one set with it, as its target says (recognised as the same target). */
export async function findCompanions(file: string, target: Target): Promise<ArtifactFile[]> {
  if (!target.companions) return [];
  const dir = dirname(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: ArtifactFile[] = [];
  for (const name of target.companions(basename(file), names.filter((n) => n !== basename(file)))) {
    const path = join(dir, name);
    const contents = await readCandidate(path);
    if (contents === undefined) continue;
    if (recogniseFile(contents, name)?.target !== target) continue;
    out.push({ fileName: path, contents });
  }
  return out;
}

/**
 * Recognises an artifact and finds the rest of its set. Throws ArtifactError when no readable
 * target recognises it.
 */
export async function openArtifact(input: ArtifactInput): Promise<ArtifactSet> {
  const alone = recogniseInput(input);
  const companions = input.fromArgument ? [] : await findCompanions(input.source, alone.target);
  if (alone.recognition.onlyWith !== undefined && companions.length === 0) {
    throw new ArtifactError('not-recognised', alone.recognition.onlyWith);
  }
  return { ...alone, files: [...alone.files, ...companions] };
}

/**
 * Recognises an artifact as a set of this one file (no companions looked for). Throws
 * ArtifactError when no readable target recognises it.
 */
export function recogniseInput(input: ArtifactInput): ArtifactSet {
  const found = recogniseFile(input.contents, input.fileName);
  if (!found || !found.target.parse) {
    throw new ArtifactError(
      'not-recognised',
      `${input.source} is not a file jabber-emm can read back: none of ${readableTargetIds().join(', ')} recognises its contents.`,
    );
  }
  const first: ArtifactFile = { fileName: input.fromArgument ? input.fileName : input.source, contents: input.contents };
  return { ...input, target: found.target, recognition: found.recognition, files: [first] };
}

/** Reads the set back with its target's parser; the recognition's own warnings come first. */
export function parseArtifactSet(set: ArtifactSet): ParsedArtifact {
  const parsed = set.target.parse!(set.files);
  if (set.recognition.diagnostics?.length) {
    // The parser may say the same (a wrapped URL): keep one of each.
    const seen = new Set(parsed.diagnostics.map((d) => d.code));
    parsed.diagnostics.unshift(...set.recognition.diagnostics.filter((d) => !seen.has(d.code)));
  }
  return parsed;
}

/** Reads, recognises and parses an artifact given as a path or a URL. Throws ArtifactError when it cannot. */
export async function loadArtifact(arg: string): Promise<{ set: ArtifactSet; parsed: ParsedArtifact }> {
  const set = await openArtifact(await readArtifactInput(arg));
  return { set, parsed: parseArtifactSet(set) };
}
