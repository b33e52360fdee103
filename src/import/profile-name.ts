/**
 * The name an imported profile gets: `--name` as given (checked), or one made from the file it
 * came from, fitted to the profile name pattern (lowercase letters, digits, '.', '_', '-').
 */
import { basename, dirname, extname } from 'node:path';
import { nameProblem } from '../profile/profile-name.js';
import { EMM_CONSOLES } from '../variables/consoles.js';

/** Name used when nothing better can be made (a URL given as the argument, a name of symbols only). */
export const FALLBACK_NAME = 'imported';

/** Longest name made from a file name; a folder name this long is already unwieldy. */
const MAX_NAME = 64;

/** Why a name cannot be a profile name, or undefined when it can: the validator's own rules. */
export { nameProblem };

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
 * it; a console folder of a several-console export (`out/acme-prod/intune/ios-dict.xml`) is part
 * of its profile's folder, so the folder above it names it. Any other file is named by its own base name.
 */
export function nameFromFile(file: string, standardNames: readonly string[]): string {
  const base = basename(file);
  if (standardNames.includes(base)) {
    const usable = (folder: string): boolean => folder !== '' && folder !== '.' && folder !== '..' && folder !== '/';
    const dir = dirname(file);
    const above = basename(dirname(dir));
    if ((EMM_CONSOLES as readonly string[]).includes(basename(dir)) && usable(above)) return sanitizeName(above);
    const folder = basename(dir);
    if (usable(folder)) return sanitizeName(folder);
  }
  return sanitizeName(base.slice(0, base.length - extname(base).length));
}
