/**
 * The canonical YAML text of an imported profile: `name`, `apps` (only ids that are not Cisco's
 * defaults), `settings` and `windows` in catalog order with canonical typed values, then the
 * comment blocks with what could not go into the profile. Built with the yaml library's document
 * model, never by gluing strings; the comments are our own lines, each escaped to one line.
 */
import { Document, visit } from 'yaml';
import type { ProfileApps, PublishTargets, SettingValue } from '../profile/types.js';

/** A commented `Key: value` line of an imported file (unknown keys, values that do not decode). */
export interface CommentEntry {
  key: string;
  /** The value as one line of text; masked already when it may be a secret. */
  text: string;
}

/** What the YAML is built from. */
export interface ProfileYamlInput {
  name: string;
  /** The profile's description (pull: what the console policy's description says). */
  description?: string;
  apps: Partial<ProfileApps>;
  /** In the order to write (catalog order). */
  settings: [string, SettingValue][];
  windows: [string, SettingValue][];
  /** The `publish` section, written last (pull: a policy's group assignments). */
  publish?: PublishTargets;
  /** First comment lines, before the profile. */
  header: string[];
  /** Commented blocks after the profile, each a heading and its entries. */
  blocks: { heading: string; entries: CommentEntry[] }[];
}

// Control characters, line and paragraph separators and bidi controls would break a comment line
// or hide what it says; everything else is kept as the artifact holds it.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** One line of comment text: characters that could end the line or reorder it are escaped. */
export function commentText(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/**
 * A key as the comment block names it: as it is, or quoted (JSON) when it would not read back as
 * that key: empty, space at either end, or holding ": " or a quote.
 */
export function commentKey(key: string): string {
  return key === '' || key.trim() !== key || /: |^["']/.test(key) ? commentText(JSON.stringify(key)) : commentText(key);
}

/** The profile as YAML text, ending with one newline. */
export function profileYaml(input: ProfileYamlInput): string {
  const root: Record<string, unknown> = { name: input.name };
  if (input.description !== undefined) root.description = input.description;
  const apps = Object.fromEntries(Object.entries(input.apps).filter(([, v]) => v !== undefined));
  if (Object.keys(apps).length > 0) root.apps = apps;
  if (input.settings.length > 0) root.settings = Object.fromEntries(input.settings);
  if (input.windows.length > 0) root.windows = Object.fromEntries(input.windows);
  if (input.publish !== undefined) root.publish = input.publish;
  const doc = new Document(root);
  // Lists as Cisco's documents and the README show them: ServiceDiscoveryExcludedServices: [WEBEX, CUP].
  visit(doc, {
    Seq(_, node) {
      node.flow = true;
    },
  });
  if (input.header.length > 0) doc.commentBefore = input.header.map((l) => ` ${commentText(l)}`).join('\n');
  let text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  for (const block of input.blocks) {
    if (block.entries.length === 0) continue;
    text += `\n# ${commentText(block.heading)}\n`;
    for (const e of block.entries) text += `#   ${commentKey(e.key)}: ${commentText(e.text)}\n`;
  }
  return text;
}
