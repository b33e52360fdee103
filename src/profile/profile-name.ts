/**
 * What a profile name may be. The name becomes a folder under --out on whatever system the admin
 * exports on, so the rules are those of the strictest file system it may meet (Windows), and
 * every part of jabber-emm that makes or checks a name (check, import) reads them from here.
 */

/** Profile names: lowercase letters, digits, '.', '_', '-' (issue 2: the profile format). */
export const NAME_PATTERN = /^[a-z0-9._-]+$/;

/**
 * Device names Windows reserves for any file or folder, with or without an extension (con,
 * con.txt ...). Microsoft, "Naming Files, Paths, and Namespaces": CON, PRN, AUX, NUL, COM0-9,
 * LPT0-9 and the superscript digits ¹²³ after COM/LPT.
 */
export const WINDOWS_RESERVED_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Longest profile name, in characters (the pattern allows ASCII only, so also bytes). A single
 * path component may have 255 bytes (NAME_MAX on Linux, 255 UTF-16 units on NTFS), but the name
 * is only one part of `<out>/<name>/<file>`, and Windows without long-path support limits the
 * whole path to 260 characters (MAX_PATH): 100 leaves room for --out and the file names.
 */
export const MAX_NAME_LENGTH = 100;

/** Why `name` cannot be a profile name (a phrase to follow "cannot name an output folder: "), or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (!NAME_PATTERN.test(name)) return "use only lowercase letters, digits, '.', '_' and '-'";
  if (name === '.' || name === '..') return 'it would name the current or the parent folder';
  if (WINDOWS_RESERVED_NAME.test(name)) return 'Windows reserves it as a device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9)';
  // Windows drops trailing dots from file and folder names: `prod.` would be written as `prod`.
  if (name.endsWith('.')) return 'Windows drops a trailing dot from folder names, so it would not be the folder written';
  if (name.length > MAX_NAME_LENGTH) return `it is ${name.length} characters long; at most ${MAX_NAME_LENGTH} leave room for the output path (Windows paths have at most 260 characters)`;
  return undefined;
}
