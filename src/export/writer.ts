import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ExportError } from './errors.js';

/**
 * Atomic, idempotent writing of exported files.
 *
 * Every file is written to a temporary file in the same directory and renamed over its real name,
 * so a killed run never leaves half a file under a real name (rename(2) is atomic within one file
 * system). Files whose contents are already on disk are not touched, so modification times stay
 * and rsync / version control see only real changes. Temporary files a killed run left behind
 * are removed by the next run that writes into the same profile folder.
 */

/** Suffix of every temporary file; no real export file ends with it. */
export const TEMP_SUFFIX = '.jabber-emm-tmp';

// `.<file>.<pid>-<hex>.jabber-emm-tmp`: dot-prefixed so `ls` and globs skip it; the pid tells the
// next run whether the writer may still be alive.
const TEMP_PATTERN = /^\..+\.(\d+)-[0-9a-f]{8}\.jabber-emm-tmp$/;

/** Windows device names a folder may not be called (any extension): Microsoft "Naming Files". */
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** A temporary name for `fileName`, unique across processes and calls. */
export function tempNameFor(fileName: string): string {
  return `.${fileName}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
}

/** True for names this writer uses for temporary files. */
export function isTempName(name: string): boolean {
  return TEMP_PATTERN.test(name);
}

/**
 * Checks that `--out` can hold the export before anything is written: it is a directory (or can be
 * created as one) and a file can be created in it. Throws ExportError (exit 1) otherwise. Creates
 * nothing that stays.
 */
export function checkOutDir(out: string): string {
  const root = path.resolve(out);
  let probeDir = root;
  for (;;) {
    const st = statOrUndefined(probeDir);
    if (st) {
      if (!st.isDirectory()) {
        const what = probeDir === root ? `${out} is a file, not a directory` : `${probeDir} is a file, so ${out} cannot be created`;
        throw new ExportError('out-not-directory', `Cannot write to --out: ${what}. Choose a directory.`, 1);
      }
      break;
    }
    const parent = path.dirname(probeDir);
    if (parent === probeDir) break;
    probeDir = parent;
  }
  // access(2) says yes to root even on read-only mounts' neighbours; creating a file is the only
  // honest test.
  const probe = path.join(probeDir, tempNameFor('probe'));
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (err) {
    throw new ExportError(
      'out-not-writable',
      `Cannot write to --out ${out}: ${probeDir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      1,
    );
  }
  return root;
}

/**
 * The folder for a profile name, or a reason why the name cannot be one. The validator already
 * rejects unsafe names; this is the writer's own check that no name leaves `root`.
 */
export function profileDirFor(root: string, name: string): { dir: string } | { problem: string } {
  if (name === '' || name === '.' || name === '..' || /[\\/\0]/.test(name)) {
    return { problem: `the name "${name}" cannot be a folder name` };
  }
  if (RESERVED_WINDOWS.test(name) || /[. ]$/.test(name)) {
    return { problem: `the name "${name}" is reserved on Windows and cannot be a folder name` };
  }
  const dir = path.resolve(root, name);
  if (path.dirname(dir) !== root || path.basename(dir) !== name) {
    return { problem: `the name "${name}" would make a path outside --out` };
  }
  return { dir };
}

/** Mode of a file that holds a secret: readable and writable by its owner only. */
export const SECRET_FILE_MODE = 0o600;
/** Mode of every other file (before the umask). */
export const PLAIN_FILE_MODE = 0o644;

/** One file to write into a profile folder. */
export interface FileToWrite {
  fileName: string;
  contents: string;
  /** Subfolder of the profile folder (a console id with several --emm); absent: the profile folder. */
  folder?: string;
  /** Holds a secret: written (or, when unchanged, left) with SECRET_FILE_MODE. */
  secret?: boolean;
}

/** What happened to each file, in input order. */
export interface WriteOutcome {
  path: string;
  written: boolean;
}

/**
 * Writes a profile's files into `dir` (and its console subfolders) as one unit: unchanged files are
 * left alone, every changed file is first written to a temporary file, and only when all of them
 * are complete are they renamed into place. Throws on I/O errors, after removing its own temporary files.
 */
export function writeProfileFiles(dir: string, files: readonly FileToWrite[]): WriteOutcome[] {
  const folderOf = (f: FileToWrite): string => (f.folder === undefined ? dir : path.resolve(dir, f.folder));
  for (const f of files) {
    const folder = folderOf(f);
    if (f.folder !== undefined && (path.dirname(folder) !== dir || f.folder === '' || f.folder === '.' || f.folder === '..')) {
      throw new Error(`refusing to write into ${f.folder}: not a plain folder name`);
    }
    const target = path.resolve(folder, f.fileName);
    if (path.dirname(target) !== folder || isTempName(f.fileName)) {
      throw new Error(`refusing to write ${f.fileName}: not a plain file name`);
    }
  }
  const present = new Map<string, Set<string>>();
  for (const folder of [dir, ...new Set(files.map(folderOf))]) {
    if (present.has(folder)) continue;
    mkdirSync(folder, { recursive: true });
    // A link planted where a profile folder goes would lead the writes outside --out.
    if (lstatSync(folder).isSymbolicLink()) {
      throw Object.assign(new Error(`${folder} is a symbolic link; profile folders must be real folders under --out`), { code: 'ELINK' });
    }
    const names = new Set(readdirSync(folder));
    removeStaleTemps(folder, names);
    present.set(folder, names);
  }

  const outcomes: WriteOutcome[] = [];
  const pending: { temp: string; final: string }[] = [];
  try {
    for (const f of files) {
      const folder = folderOf(f);
      const here = present.get(folder)!;
      const final = path.join(folder, f.fileName);
      const bytes = Buffer.from(f.contents, 'utf8');
      if (here.has(f.fileName) && sameContents(final, bytes)) {
        fixMode(final, f.secret === true);
        outcomes.push({ path: final, written: false });
        continue;
      }
      // A folder (or anything but a file) under the real name would make the rename fail after
      // other files were already renamed; refuse before anything moves.
      if (here.has(f.fileName) && !lstatSync(final).isFile() && !lstatSync(final).isSymbolicLink()) {
        throw Object.assign(new Error(`${final} exists and is not a file`), { code: 'EISDIR' });
      }
      const temp = path.join(folder, tempNameFor(f.fileName));
      pending.push({ temp, final });
      writeWhole(temp, bytes, f.secret === true ? SECRET_FILE_MODE : PLAIN_FILE_MODE);
      outcomes.push({ path: final, written: true });
    }
    while (pending.length > 0) {
      const { temp, final } = pending[0]!;
      renameSync(temp, final);
      pending.shift();
    }
  } catch (err) {
    for (const { temp } of pending) {
      try {
        unlinkSync(temp);
      } catch {
        // Already gone or never created; nothing else to undo.
      }
    }
    throw err;
  }
  return outcomes;
}

/**
 * An unchanged file keeps its bytes but not a wrong mode: one that now holds a secret loses group
 * and other access; one that no longer does (still SECRET_FILE_MODE) gets PLAIN_FILE_MODE back.
 */
function fixMode(file: string, secret: boolean): void {
  const st = lstatSync(file);
  if (!st.isFile()) return; // a link is not ours to change
  const mode = st.mode & 0o777;
  if (secret && (mode & 0o077) !== 0) chmodSync(file, SECRET_FILE_MODE);
  else if (!secret && mode === SECRET_FILE_MODE) chmodSync(file, PLAIN_FILE_MODE);
}

function writeWhole(file: string, bytes: Buffer, mode: number): void {
  // 'wx': never follow or reuse something already there under the temporary name. The mode is
  // set at creation, so a secret is never readable by others, not even for a moment.
  const fd = openSync(file, 'wx', mode);
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  } finally {
    closeSync(fd);
  }
}

function sameContents(file: string, bytes: Buffer): boolean {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size !== bytes.length) return false;
    return readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}

/** Removes temporary files of earlier runs whose process is gone; a live writer's are left alone. */
function removeStaleTemps(dir: string, present: Set<string>): void {
  for (const name of present) {
    const m = TEMP_PATTERN.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && processAlive(pid)) continue;
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      // Another run may have removed it first.
    }
    present.delete(name);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') {
      // A parent is a file; report it at the level where it is.
      return undefined;
    }
    throw new ExportError('out-unreadable', `Cannot use --out: ${p}: ${code ?? String(err)}.`, 1);
  }
}
