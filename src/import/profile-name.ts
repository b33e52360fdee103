/**
 * The name an imported profile gets: `--name` as given (checked), or one made from the file it
 * came from, fitted to the profile name pattern (lowercase letters, digits, '.', '_', '-').
 */
import { basename, dirname, extname } from 'node:path';
import { NAME_PATTERN } from '../profile/check.js';

/** Name used when nothing better can be made (a URL given as the argument, a name of symbols only). */
export const FALLBACK_NAME = 'imported';

/** Longest name made from a file name; a folder name this long is already unwieldy. */
const MAX_NAME = 64;

/** Device names Windows reserves; a profile name becomes a folder name (see check.ts). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/** Why a name cannot be a profile name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (!NAME_PATTERN.test(name)) return "use only lowercase letters, digits, '.', '_' and '-'";
  if (name === '.' || name === '..') return 'it would name the current or the parent folder';
  if (WINDOWS_RESERVED.test(name)) return 'Windows reserves it as a device name';
  return undefined;
}

/** Fits any text to the name pattern: lower case, accents dropped, other runs of characters as '-'. */
export function sanitizeName(text: string): string {
  const name = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, MAX_NAME)
    .replace(/[-._]+$/g, '');
  return name === '' || nameProblem(name) !== undefined ? FALLBACK_NAME : name;
}

/**
 * The default name for an artifact file. A file with its target's standard name
 * (`out/acme-prod/ios-dict.xml`) sits in a folder named after its profile, so the folder names
 * it; any other file is named by its own base name.
 */
export function nameFromFile(file: string, standardNames: readonly string[]): string {
  const base = basename(file);
  if (standardNames.includes(base)) {
    const folder = basename(dirname(file));
    if (folder !== '' && folder !== '.' && folder !== '..' && folder !== '/') return sanitizeName(folder);
  }
  return sanitizeName(base.slice(0, base.length - extname(base).length));
}
