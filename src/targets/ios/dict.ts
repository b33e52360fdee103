/**
 * Target `ios-dict`: the bare `<dict>...</dict>` of the managed app configuration, what Intune's
 * "Enter XML data" and Jamf Pro's App Configuration field take (../shared/reference/
 * ios-appconfig.md §2.2, §2.3, §2.5). Its dict is byte for byte the one in `ios-plist`.
 */
import { secretMark } from '../emm-entries.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../profile/types.js';
import type { Artifact, ParsedArtifact, RenderOptions, RenderResult, Target } from '../types.js';
import { parseOneFile, recogniseOneFile } from '../codec.js';
import { parseManagedPlist, renderManagedPlist } from './managed-config.js';
import { verifyPlists } from './plist-verify.js';
import { documentElement } from './xml-reader.js';

/** Target id (part of the CLI interface). */
export const IOS_DICT_TARGET = 'ios-dict';
/** File the target writes. */
export const IOS_DICT_FILE = 'ios-dict.xml';

/** Renders the bare dict. */
export function renderIosDict(profile: ResolvedProfile, options: RenderOptions): RenderResult {
  const r = renderManagedPlist(profile, options, IOS_DICT_TARGET, 'fragment');
  const artifacts: Artifact[] = r.text !== undefined ? [{ target: IOS_DICT_TARGET, fileName: IOS_DICT_FILE, contents: r.text, ...secretMark(r.entries) }] : [];
  return { artifacts, diagnostics: r.diagnostics };
}

/** Checks dict fragments: wrapped into a plist document for the DTD, plus fragment shape and semantics. */
export function verifyIosDict(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  return verifyPlists(artifacts.map((artifact) => ({ artifact, shape: 'fragment' as const })));
}

/** Reads a dict fragment back to raw values by catalog key. */
export function parseIosDict(contents: string, fileName: string): ParsedArtifact {
  return parseManagedPlist(contents, fileName, IOS_DICT_TARGET);
}

/** True for XML whose document element is a bare `<dict>`. */
export function detectIosDict(contents: string): boolean {
  return documentElement(contents) === 'dict';
}

/** The ios-dict target. */
export const iosDictTarget: Target = {
  id: IOS_DICT_TARGET,
  summary: 'bare <dict> fragment of the managed app configuration (Intune "Enter XML data", Jamf Pro App Configuration)',
  fileNames: [IOS_DICT_FILE],
  consoles: ['Intune (iOS app configuration, Enter XML data)', 'Jamf Pro (App Configuration)'],
  // Intune "Enter XML data" and Jamf Pro's App Configuration field take a <dict> (reference ios-appconfig.md §2.2, §2.3).
  emmConsoles: ['intune', 'jamf'],
  carries: { channel: 'emm', platform: 'ios' },
  checkedAgainst: "Apple's PropertyList-1.0.dtd (wrapped in a plist document, libxml2's DTD validator) plus fragment shape, unique keys, number/date forms and XML 1.0 characters",
  render: renderIosDict,
  verify: verifyIosDict,
  recognise: recogniseOneFile(IOS_DICT_FILE, detectIosDict),
  parse: parseOneFile(parseIosDict),
};
