/**
 * Reads XML into a small element tree with line numbers, for the iOS parsers and the plist
 * semantic checks. Uses fast-xml-parser with the options ../shared/reference/ios-appconfig.md
 * §5.2 asks for (preserveOrder, so a dict's key/value pairing survives; trimValues and
 * parseTagValue off, so `<string> 00123 </string>` stays that string) and decodes entity and
 * character references itself: fast-xml-parser 5.12 leaves `&#xD;` and `&#x1F600;` undecoded
 * unless htmlEntities is on, which would also accept HTML names XML does not define.
 */
import { isBinaryPlistText } from '../artifact-bytes.js';
import type { XMLParser } from 'fast-xml-parser';
import { fastXmlParser } from '../fast-xml-parser.js';
import { forbiddenXmlChar } from './xml-writer.js';

/** One element as read. */
export interface XmlNode {
  name: string;
  attributes: Map<string, string>;
  children: XmlNode[];
  /** Concatenated character data of the element itself (text and CDATA, references decoded). */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
  /** 1-based column of the start tag's `<` (in UTF-16 code units), 0 when unknown. */
  column: number;
  /** 0-based offset of the start tag in the line-end-normalised text. */
  offset: number;
}

/** A problem found while reading (not well-formed, or a character or reference XML forbids). */
export interface XmlReadProblem {
  line: number;
  /** 1-based column when known, else absent. */
  column?: number;
  message: string;
}

/** What readXml found. */
export interface XmlReadResult {
  /** The document element; absent when the text is not well-formed XML. */
  root?: XmlNode;
  /** True when an XML declaration precedes the root. */
  declaration: boolean;
  /** The DOCTYPE name, when a DOCTYPE precedes the root. */
  doctype?: string;
  problems: XmlReadProblem[];
}

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: false,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  captureMetaData: true,
} as const;

let parser: XMLParser | undefined;
// Typed as the `Symbol` wrapper in fast-xml-parser 5.12's d.ts; it is a symbol primitive at run time.
// Set with the parser; a node is only read after the parser made it.
let META: symbol | undefined;

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** How much to trust the input. */
export interface XmlReadOptions {
  /**
   * Skip the well-formedness pass: only for text libxml2 has already parsed without error
   * (verify runs xmllint first). The pass costs about a third of the reading time.
   */
  knownWellFormed?: boolean;
}

/**
 * Parses `text`. Line ends are normalised first (XML 1.0 §2.11), so a literal CR never reaches a
 * value while an escaped `&#xD;` does. Never throws on bad input: problems are returned.
 */
export function readXml(input: string, options: XmlReadOptions = {}): XmlReadResult {
  const text = input.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const lines = lineStarts(text);
  const problems: XmlReadProblem[] = [];
  const { XMLParser: Parser, XMLValidator } = fastXmlParser();
  const wellFormed = options.knownWellFormed ? true : XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (wellFormed !== true) {
    problems.push({ line: wellFormed.err.line, ...(wellFormed.err.col > 0 ? { column: wellFormed.err.col } : {}), message: `not well-formed XML: ${wellFormed.err.msg}` });
    return { declaration: false, problems };
  }
  parser ??= new Parser(PARSER_OPTIONS);
  META ??= Parser.getMetaDataSymbol() as unknown as symbol;
  let raw: RawNode[];
  try {
    raw = parser.parse(text) as RawNode[];
  } catch (e) {
    // The parser throws without a position (an external entity in the DOCTYPE, say): point at
    // the entity or the DOCTYPE it stands in, else at the start; never at line 0.
    const message = (e as Error).message;
    const entity = /entit/i.test(message) ? /<!ENTITY[^>]*?\s(?:SYSTEM|PUBLIC)\s/.exec(text) : null;
    const at = entity ?? /<!DOCTYPE/.exec(text);
    problems.push({ ...positionIn(lines, at?.index ?? 0), message: `not well-formed XML: ${message}` });
    return { declaration: false, problems };
  }
  // XML 1.0 §2.8: the declaration, when present, is the very first thing in the document.
  const declaration = /^<\?xml[\s?]/.test(text);
  const roots: XmlNode[] = [];
  for (const node of raw) {
    const name = elementName(node);
    if (name !== undefined && !name.startsWith('#') && !name.startsWith('?')) roots.push(toNode(node, name, lines, problems));
    else if (name === '#text' && String(node['#text']).trim() !== '') {
      problems.push({ line: 1, column: 1, message: 'text outside the document element' });
    }
  }
  if (roots.length !== 1) {
    problems.push({
      line: roots[1]?.line ?? 1,
      column: roots[1] && roots[1].column > 0 ? roots[1].column : 1,
      message: roots.length === 0 ? 'no document element' : 'more than one document element',
    });
    return { declaration, problems };
  }
  const root = roots[0]!;
  const prolog = text.slice(0, root.offset);
  const doctype = /<!DOCTYPE\s+([^\s>[]+)/.exec(prolog)?.[1];
  return { root, declaration, ...(doctype !== undefined ? { doctype } : {}), problems };
}

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function toNode(node: RawNode, name: string, lines: number[], problems: XmlReadProblem[]): XmlNode {
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META!];
  const offset = meta?.startIndex ?? 0;
  const line = meta?.startIndex !== undefined ? lineOf(lines, offset) : 0;
  const column = line > 0 ? offset - lines[line - 1]! + 1 : 0;
  const attributes = new Map<string, string>();
  for (const [k, v] of Object.entries(node[':@'] ?? {})) {
    // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space;
    // references decoded afterwards keep the characters they stand for.
    attributes.set(k, decodeReferences(String(v).replace(/[\t\n]/g, ' '), line, problems));
  }
  const children: XmlNode[] = [];
  let text = '';
  for (const child of (node[name] as RawNode[] | undefined) ?? []) {
    const childName = elementName(child);
    if (childName === '#text') text += decodeReferences(String(child['#text']), line, problems);
    else if (childName === '#cdata') text += ((child['#cdata'] as RawNode[]) ?? []).map((t) => String(t['#text'] ?? '')).join('');
    else if (childName !== undefined && !childName.startsWith('?')) children.push(toNode(child, childName, lines, problems));
  }
  const bad = forbiddenXmlChar(text);
  if (bad) problems.push({ line, ...(column > 0 ? { column } : {}), message: `<${name}> holds ${bad}, a character XML 1.0 does not allow` });
  return { name, attributes, children, text, line, column, offset };
}

const REFERENCE = /&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z_][\w.-]*));/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else is a problem. */
export function decodeReferences(raw: string, line: number, problems: XmlReadProblem[]): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const v = PREDEFINED[name];
      // A DOCTYPE may declare it, but a property list carries text in XML's five predefined
      // entities and character references only; what it would expand to is not guessed.
      if (v === undefined) {
        problems.push({ line, message: `&${name}; is not one of XML's predefined entities (&amp; &lt; &gt; &quot; &apos;) and is not expanded (an entity a DOCTYPE declares included); write the text itself` });
      }
      return v ?? whole;
    }
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
    if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      problems.push({ line, message: `character reference ${whole} is not a character` });
      return whole;
    }
    return String.fromCodePoint(cp);
  });
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * Name of the document element, read cheaply from the start of the text (after the
 * declaration, comments and DOCTYPE), without parsing the whole file.
 */
export function documentElement(contents: string): string | undefined {
  // A binary property list (kept as a binary string, src/targets/artifact-bytes.ts) is a whole plist document.
  if (isBinaryPlistText(contents)) return 'plist';
  const head = contents.slice(0, 4096).replace(/^\uFEFF/, '');
  const m = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<\?[\s\S]*?\?>)\s*)*<([A-Za-z_][\w.:-]*)/.exec(head);
  if (m) return m[1];
  // A long prolog: fall back to a full parse.
  return contents.length > 4096 ? readXml(contents).root?.name : undefined;
}

/** Line and column (from 1) of a character offset of the (line-end normalised) text. */
function positionIn(starts: number[], index: number): { line: number; column: number } {
  const line = lineOf(starts, index);
  return { line, column: index - starts[line - 1]! + 1 };
}
