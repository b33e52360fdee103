/**
 * The iOS managed app configuration as a property list dict, shared by `ios-plist` (whole
 * document), `ios-dict` (bare `<dict>`) and `ios-ddm` (the hosted plist): one function builds
 * the dict, so the three carry identical content. Value types come from emmEntries (Cisco's
 * text tokens by default, typed booleans/integers with `typedValues`); this module only maps
 * each EMM value kind to its plist type.
 */
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { emmEntries, type EmmEntry, type EmmValue } from '../emm-entries.js';
import { type ParsedArtifact, type RenderOptions } from '../types.js';
import { readEmmKeyInto } from '../emm-reading.js';
import { iosValueDiagnostics } from './ios-keys.js';
import { duplicatePlistKeyMessage } from './plist-semantics.js';
import { dictPairs, plistValue, readPlistText } from './plist-reader.js';
import { readBinaryPlist } from './bplist-reader.js';
import { binaryPlistBytes, isBinaryPlistText } from '../artifact-bytes.js';
import { writePlist, type PlistShape, type PlistValue } from './plist-writer.js';

/** The plist type of each EMM value kind: the one place that decides it for the plist targets. */
export function plistValueOf(value: EmmValue): PlistValue {
  switch (value.kind) {
    case 'boolean':
      return { type: 'boolean', value: value.value };
    case 'integer':
      return { type: 'integer', value: value.value };
    default:
      return { type: 'string', value: value.value };
  }
}

/** Rendered managed configuration: the plist text (absent on errors or when nothing is set). */
export interface ManagedPlist {
  text?: string;
  entries: EmmEntry[];
  diagnostics: Diagnostic[];
}

/**
 * Renders the profile's iOS managed app configuration as a plist document or a bare dict.
 * Variables are translated for `options.emm` (the console substitutes its tokens on the device).
 */
export function renderManagedPlist(profile: ResolvedProfile, options: RenderOptions, target: string, shape: PlistShape): ManagedPlist {
  const { entries, diagnostics } = emmEntries(profile, 'ios', target, options, 'translate');
  if (diagnostics.some((d) => d.severity === 'error')) return { entries, diagnostics };
  if (entries.length === 0) {
    diagnostics.push(nothingToWrite(target));
    return { entries, diagnostics };
  }
  const dict: PlistValue = { type: 'dict', value: entries.map((e) => ({ key: e.name, value: plistValueOf(e.value) })) };
  const written = writePlist(dict, shape);
  for (const p of written.problems) {
    const param = entries.find((e) => e.name === p.path[0])?.param;
    diagnostics.push(
      diagnostic('error', 'xml-character', `${param?.key ?? p.path.join(' › ')} cannot be written to ${target}: its ${p.message}.`, {
        pointer: param ? jsonPointer('settings', param.key) : '',
        target,
      }),
    );
  }
  return written.text !== undefined ? { text: written.text, entries, diagnostics } : { entries, diagnostics };
}

/** The warning for a profile that sets no key Jabber for iOS reads from its managed configuration. */
export function nothingToWrite(target: string): Diagnostic {
  return diagnostic(
    'warning',
    'nothing-to-write',
    `No setting of this profile reaches Jabber for iPhone and iPad through EMM, so ${target} writes nothing.`,
    { pointer: '/settings', target },
  );
}

/**
 * Reads a managed configuration plist (document or bare dict) back: EMM key names to catalog
 * keys, values as the file holds them (strings, booleans, numbers). Keys the catalog does not
 * know go to `unknown`.
 */
export function parseManagedPlist(contents: string, fileName: string, target: string): ParsedArtifact {
  const parsed: ParsedArtifact = { target, settings: new Map(), windows: new Map(), unknown: new Map(), positions: new Map(), diagnostics: [] };
  const binary = isBinaryPlistText(contents);
  const pairs = binary ? binaryPairs(contents, fileName, target, parsed) : xmlPairs(contents, fileName, target, parsed);
  const seen = new Map<string, PlistPair>();
  for (const pair of pairs) {
    const first = seen.get(pair.key);
    if (first !== undefined) {
      // The DTD: keys "must be unique within the dict". Readers keep the last value, so the first
      // one would vanish without a word: an error here, for import and diff as for validate (same
      // message as the semantic check, so validate reports it once).
      const was = binary ? `first at byte ${first.column - 1}` : `first on line ${first.line}`;
      parsed.diagnostics.push(
        diagnostic('error', 'plist-duplicate-key', duplicatePlistKeyMessage(pair.key, '', was), { file: fileName, line: pair.line, column: pair.column, target }),
      );
    } else seen.set(pair.key, pair);
    const at = { file: fileName, line: pair.line, column: pair.column, target };
    const read = readEmmKeyInto(parsed, pair.key, pair.value, 'ios', at);
    if (read.param) parsed.diagnostics.push(...iosValueDiagnostics(read.param, pair.key, pair.value, at));
  }
  return parsed;
}

/** One top-level key of a managed configuration with its value and where the key stands. */
interface PlistPair {
  key: string;
  value: unknown;
  line: number;
  column: number;
}

/** The top-level pairs of an XML plist (document or bare dict); problems go to `parsed`. */
function xmlPairs(contents: string, fileName: string, target: string, parsed: ParsedArtifact): PlistPair[] {
  const read = readPlistText(contents);
  for (const p of read.xml.problems) {
    parsed.diagnostics.push(diagnostic('error', 'plist-xml', `The property list is not valid XML: ${p.message}.`, { file: fileName, line: Math.max(p.line, 1), column: p.column ?? 1, target }));
  }
  if (!read.object) return [];
  if (read.object.name !== 'dict') {
    parsed.diagnostics.push(
      diagnostic('error', 'plist-root', `A managed app configuration is a dict; this property list holds <${read.object.name}>.`, {
        file: fileName,
        line: read.object.line,
        column: read.object.column,
        target,
      }),
    );
    return [];
  }
  const pairs: PlistPair[] = [];
  for (const pair of dictPairs(read.object)) {
    if (!pair.value) {
      const at = { file: fileName, line: pair.line, column: pair.column, target };
      parsed.diagnostics.push(diagnostic('error', 'plist-orphan-key', `The key ${pair.key} has no value after it, so it carries no setting.`, at));
      continue;
    }
    pairs.push({ key: pair.key, value: plistValue(pair.value), line: pair.line, column: pair.column });
  }
  return pairs;
}

/**
 * The top-level pairs of a binary plist. It has no lines: positions are line 1 and the key
 * object's byte offset + 1 as the column (where a hex editor shows it).
 */
function binaryPairs(contents: string, fileName: string, target: string, parsed: ParsedArtifact): PlistPair[] {
  const read = readBinaryPlist(binaryPlistBytes(contents));
  for (const p of read.problems) {
    parsed.diagnostics.push(
      diagnostic('error', 'plist-binary', `The binary property list ${p.message} (at byte ${p.offset}).`, { file: fileName, line: 1, column: p.offset + 1, target }),
    );
  }
  if (read.type !== undefined && read.type !== 'dict') {
    parsed.diagnostics.push(diagnostic('error', 'plist-root', `A managed app configuration is a dict; this binary property list holds a ${read.type}.`, { file: fileName, line: 1, column: 1, target }));
  }
  return (read.keys ?? []).map((k) => ({ key: k.key, value: k.value, line: 1, column: k.offset + 1 }));
}
