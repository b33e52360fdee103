import type { Target } from './types.js';
import { androidAmapiTarget } from './android/amapi.js';
import { androidManagedConfigTarget } from './android/managed-config.js';
import { androidRestrictionsTarget } from './android/restrictions.js';
import { iosAppConfigTarget } from './ios/appconfig.js';
import { iosDdmTarget } from './ios/ddm.js';
import { iosDictTarget } from './ios/dict.js';
import { iosPlistTarget } from './ios/plist.js';
import { urlTarget } from './url/index.js';
import { urlPageTarget } from './url-page/index.js';
import { windowsInstallerTarget } from './windows/index.js';

/**
 * Every export target, in the order `jabber-emm targets` lists them and `export` writes them.
 * A new format is one module and one line here.
 */
export const TARGETS: readonly Target[] = [
  iosAppConfigTarget,
  iosPlistTarget,
  iosDictTarget,
  iosDdmTarget,
  androidManagedConfigTarget,
  androidAmapiTarget,
  androidRestrictionsTarget,
  urlTarget,
  urlPageTarget,
  windowsInstallerTarget,
];

/** The target with this id, if any. */
export function getTarget(id: string): Target | undefined {
  return TARGETS.find((t) => t.id === id);
}

/** All target ids, in registry order. */
export function targetIds(): string[] {
  return TARGETS.map((t) => t.id);
}
