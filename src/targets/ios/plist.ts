/**
 * Target `ios-plist`: the managed app configuration as a whole XML property list (declaration,
 * Apple DOCTYPE, `<plist version="1.0">`, one dict), for Ivanti EPMM's plist upload, any MDM
 * that takes a plist file, and as the data asset of a DDM declaration
 * (../shared/reference/ios-appconfig.md §2.5).
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
export const IOS_PLIST_TARGET = 'ios-plist';
/** File the target writes. */
export const IOS_PLIST_FILE = 'ios-managed.plist';

/** Renders the whole plist document. */
export function renderIosPlist(profile: ResolvedProfile, options: RenderOptions): RenderResult {
  const r = renderManagedPlist(profile, options, IOS_PLIST_TARGET, 'document');
  const artifacts: Artifact[] = r.text !== undefined ? [{ target: IOS_PLIST_TARGET, fileName: IOS_PLIST_FILE, contents: r.text, ...secretMark(r.entries) }] : [];
  return { artifacts, diagnostics: r.diagnostics };
}

/** Checks plist documents: Apple's DTD (one xmllint run per batch) and what it cannot see. */
export function verifyIosPlist(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  return verifyPlists(artifacts.map((artifact) => ({ artifact, shape: 'document' as const })));
}

/** Reads a plist document back to raw values by catalog key. */
export function parseIosPlist(contents: string, fileName: string): ParsedArtifact {
  return parseManagedPlist(contents, fileName, IOS_PLIST_TARGET);
}

/** True for XML whose document element is `<plist>`. */
export function detectIosPlist(contents: string): boolean {
  return documentElement(contents) === 'plist';
}

/** The ios-plist target. */
export const iosPlistTarget: Target = {
  id: IOS_PLIST_TARGET,
  summary: 'whole XML property list of the managed app configuration (Ivanti plist upload, any MDM, DDM asset)',
  fileNames: [IOS_PLIST_FILE],
  consoles: ['Ivanti EPMM (Managed App Config plist upload)', 'any MDM that takes a plist file'],
  // Ivanti EPMM's legacy "Managed App Config" plist upload (reference ios-appconfig.md §1.6).
  emmConsoles: ['ivanti-core'],
  carries: { channel: 'emm', platform: 'ios' },
  checkedAgainst: "Apple's PropertyList-1.0.dtd (libxml2's DTD validator) plus unique keys, number/date forms and XML 1.0 characters",
  render: renderIosPlist,
  verify: verifyIosPlist,
  recognise: recogniseOneFile(IOS_PLIST_FILE, detectIosPlist),
  parse: parseOneFile(parseIosPlist),
};
