/**
 * What the property list DTD cannot see (../shared/reference/ios-appconfig.md §2.6): duplicate
 * keys, integer/real/date/data lexical forms, `<null/>` and other non-plist elements, characters
 * XML 1.0 forbids, the document-or-fragment shape a console expects, and a size budget.
 * `xmllint --dtdvalid` passes `<integer>1e+21</integer>` (which the npm plist package reads as 1)
 * and duplicate keys (libplist keeps the last one), so these checks run beside the DTD check.
 */
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { parameterForIosKey } from './ios-keys.js';
import { dictPairs, readPlistText, type PlistRead } from './plist-reader.js';
import type { XmlNode } from './xml-reader.js';

/** What shape the text must have, and any size limit. */
export interface PlistSemanticsOptions {
  /** `document`: declaration, Apple DOCTYPE, `<plist version="1.0">`. `fragment`: a bare `<dict>` only. */
  shape: 'document' | 'fragment';
  /** Largest allowed size in UTF-8 bytes, with the rule's source for the message. */
  maxBytes?: { bytes: number; source: string };
  /** File and target the diagnostics name. */
  file: string;
  target?: string;
}

/** Diagnostic code of problems the XML parser already sees (well-formedness, forbidden characters). */
export const PLIST_XML_CODE = 'plist-xml';

/**
 * Checks one plist text; returns its diagnostics (errors, plus warnings for missing prolog
 * parts). A caller that has already read the text passes `read` to save a second parse.
 */
export function checkPlistSemantics(text: string, options: PlistSemanticsOptions, read: PlistRead = readPlistText(text)): Diagnostic[] {
  const out: Diagnostic[] = [];
  // A line without a column of its own (a whole-document finding) is placed at column 1.
  const at = (line: number, column = line > 0 ? 1 : 0) => ({ file: options.file, line, column, ...(options.target !== undefined ? { target: options.target } : {}) });
  const err = (code: string, line: number, message: string, column?: number) => out.push(diagnostic('error', code, message, at(line, column)));

  if (options.maxBytes) {
    const size = Buffer.byteLength(text, 'utf8');
    if (size > options.maxBytes.bytes) {
      err('plist-too-large', 0, `The property list is ${size} bytes; ${options.maxBytes.source} allows at most ${options.maxBytes.bytes}.`);
    }
  }

  for (const p of read.xml.problems) err(PLIST_XML_CODE, p.line, `The property list is not valid XML: ${p.message}.`, p.column);
  const root = read.xml.root;
  if (!root) return out;

  if (options.shape === 'fragment') {
    // Intune "Enter XML data" and Jamf Pro take a bare <dict>; a declaration, DOCTYPE or <plist>
    // wrapper pasted there ends up mid-document when the MDM embeds it in a command
    // (fleetdm/fleet#44934).
    if (root.name !== 'dict') err('plist-fragment-shape', root.line, `A dict fragment must be one <dict> element, not <${root.name}>.`, root.column);
    if (read.xml.declaration) err('plist-fragment-shape', 1, 'A dict fragment must not start with an XML declaration (<?xml ...?>).');
    if (read.xml.doctype !== undefined) err('plist-fragment-shape', 1, 'A dict fragment must not carry a DOCTYPE.');
  } else {
    if (root.name !== 'plist') err('plist-document-shape', root.line, `A property list document has <plist> as its root element, not <${root.name}>.`, root.column);
    else if ((root.attributes.get('version') ?? '1.0') !== '1.0') {
      err('plist-document-shape', root.line, `<plist version="${root.attributes.get('version')}"> is not a version Apple defines; use 1.0.`, root.column);
    }
    if (!read.xml.declaration) out.push(diagnostic('warning', 'plist-document-shape', 'The property list has no XML declaration (<?xml version="1.0" encoding="UTF-8"?>).', at(1)));
    if (read.xml.doctype === undefined) out.push(diagnostic('warning', 'plist-document-shape', 'The property list has no Apple plist DOCTYPE.', at(1)));
  }
  if (read.object) checkObject(read.object, [], err);
  return out;
}

type Report = (code: string, line: number, message: string, column?: number) => void;

function checkObject(node: XmlNode, path: string[], err: Report): void {
  const where = path.length > 0 ? ` (key ${path.join(' › ')})` : '';
  // Quote a malformed number or date so the admin sees it, unless it sits under a secret key.
  const secret = path.length > 0 && parameterForIosKey(path[0]!)?.secret === true;
  const shown = (t: string) => (secret ? 'the value given' : `"${t.length > 40 ? `${t.slice(0, 37)}...` : t}"`);
  const t = node.text;
  switch (node.name) {
    case 'integer':
      if (!/^[+-]?\d+$/.test(t)) {
        err('plist-integer', node.line, `<integer>${where} must be decimal digits with an optional sign; ${shown(t)} is not (a parser may read 1e+21 as 1).`, node.column);
      } else {
        const v = BigInt(t);
        // CFPropertyList holds signed 64-bit integers and reads unsigned ones up to 2^64-1.
        if (v < -(2n ** 63n) || v > 2n ** 64n - 1n) err('plist-integer', node.line, `<integer>${where} is outside the 64-bit range.`, node.column);
      }
      return;
    case 'real':
      // PropertyList-1.0.dtd: ("+" | "-")? d+ ("."d*)? ("E" ("+" | "-") d+)?; Apple's own
      // writer prints a lower-case e, so both cases are accepted.
      if (!/^[+-]?\d+(\.\d*)?([eE][+-]?\d+)?$/.test(t)) err('plist-real', node.line, `<real>${where} is not a decimal number; ${shown(t)} is not.`, node.column);
      return;
    case 'date':
      if (!isPlistDate(t)) err('plist-date', node.line, `<date>${where} must be YYYY-MM-DDTHH:MM:SSZ (UTC); ${shown(t)} is not.`, node.column);
      return;
    case 'data': {
      const b64 = t.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) err('plist-data', node.line, `<data>${where} is not Base64.`, node.column);
      return;
    }
    case 'array':
      node.children.forEach((c, i) => checkObject(c, [...path, `[${i}]`], err));
      return;
    case 'dict': {
      const seen = new Map<string, number>();
      for (const pair of dictPairs(node)) {
        const first = seen.get(pair.key);
        // PropertyList-1.0.dtd: keys "must be unique within the dict"; readers keep one of the two.
        if (first !== undefined) err('plist-duplicate-key', pair.line, duplicatePlistKeyMessage(pair.key, where, `first on line ${first}`), pair.column);
        else seen.set(pair.key, pair.line);
        if (pair.value) checkObject(pair.value, [...path, pair.key], err);
      }
      return;
    }
    case 'string':
    case 'true':
    case 'false':
      return;
    default:
      notPlist(node, path, err);
  }
}

function notPlist(node: XmlNode, path: string[], err: Report): void {
  const where = path.length > 0 ? ` (key ${path.join(' › ')})` : '';
  const hint = node.name === 'null' ? ' Property lists have no null: leave the key out instead.' : '';
  err('plist-type', node.line, `<${node.name}>${where} is not a property list type.${hint}`, node.column);
}

/** YYYY-MM-DDTHH:MM:SSZ with a real calendar date and time. */
function isPlistDate(t: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(t);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/**
 * The message of `plist-duplicate-key`, one text for the semantic check and the readers (validate
 * lists a finding both make once). `where` names the nested dict (empty at the top), `first` where
 * the key was first written.
 */
export function duplicatePlistKeyMessage(key: string, where: string, first: string): string {
  return `Key "${key}"${where} appears twice in one dict (${first}).`;
}
