import { constants } from 'node:fs';
import { open, opendir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

/** File extensions a directory search picks up as profiles. */
export const PROFILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** How findProfileFiles searches directories. */
export interface FindOptions {
  /**
   * Extensions (lower case, with the dot) a directory search picks up; default PROFILE_EXTENSIONS.
   * `validate` widens it to the export formats and sorts the files by content itself.
   */
  extensions?: readonly string[];
}

/** The profile files found under some paths, and the paths that could not be used. */
export interface FoundFiles {
  /** Files in argument order; each directory's files sorted by path (code-unit order, so locale-independent). */
  files: string[];
  /** `path-not-found` and `no-profiles` diagnostics, one per bad argument. */
  diagnostics: Diagnostic[];
}

/**
 * Expands files and directories into profile files. Directories are searched recursively for
 * `.yaml`, `.yml` and `.json`, skipping `node_modules` and dot-directories; a file named
 * explicitly is taken whatever its extension. A file reached twice is listed once. Iterative, so
 * tens of thousands of files (and deep trees) cost no stack.
 */
export async function findProfileFiles(paths: readonly string[], options: FindOptions = {}): Promise<FoundFiles> {
  const extensions = options.extensions ?? PROFILE_EXTENSIONS;
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (file: string, real: string): void => {
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const path of paths) {
    const at = { file: path, line: 0, column: 0, pointer: '' };
    let info;
    try {
      info = await stat(path);
    } catch {
      diagnostics.push(diagnostic('error', 'path-not-found', `${path} does not exist.`, at));
      continue;
    }
    if (!info.isDirectory()) {
      add(path, await realpath(path).catch(() => path));
      continue;
    }
    const found = await searchDirectory(path, extensions);
    if (found.length === 0) {
      diagnostics.push(
        diagnostic('error', 'no-profiles', `${path} holds no profile files (${extensions.join(', ')}).`, at),
      );
    }
    for (const [file, real] of found) add(file, real);
  }
  return { files, diagnostics };
}

/** All files with one of `extensions` under `root`, sorted; pairs of [path as shown, real path]. */
async function searchDirectory(root: string, extensions: readonly string[]): Promise<[string, string][]> {
  const out: [string, string][] = [];
  // Real paths of directories already entered: a symlink loop is entered once.
  const entered = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined || entered.has(real)) continue;
    entered.add(real);
    let handle;
    try {
      handle = await opendir(dir);
    } catch {
      continue; // unreadable directory: nothing to validate in it
    }
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        pending.push(path);
      } else if (isFile && extensions.includes(extname(entry.name).toLowerCase())) {
        out.push([path, entry.isSymbolicLink() ? await realpath(path) : join(real, entry.name)]);
      }
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * The bytes of a regular file of at most `maxBytes`, or undefined for anything else (missing, a
 * folder, a FIFO, a device, too large, grown past its size while read, unreadable). stat decides
 * first: a FIFO would block open() and /dev/zero never ends.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer | undefined> {
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile() || st.size > maxBytes) return undefined;
  let handle;
  try {
    // O_NONBLOCK: should the file have been swapped for a FIFO since stat, open() still returns.
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
    return buffer.subarray(0, length);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
