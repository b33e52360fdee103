/**
 * A small read-only XML tree with source positions and namespace URIs, for the Android resource
 * files (app_restrictions.xml and its values file). fast-xml-parser does the tokenising; entity
 * decoding, attribute-value normalisation and namespaces are done here so that they follow the
 * XML 1.0 rules exactly (one pass, `&amp;lt;` stays `&lt;`). Well-formedness is checked
 * separately (libxml2, src/verify/libxml2.ts, in the verifier); this reader assumes it.
 */
import type { XMLParser } from 'fast-xml-parser';
import { fastXmlParser } from '../fast-xml-parser.js';

/** One attribute, with its namespace URI resolved from the in-scope `xmlns` declarations. */
export interface XmlAttribute {
  /** Name as written, e.g. `android:key`. */
  qname: string;
  local: string;
  uri: string | undefined;
  /** Value after entity decoding and XML attribute-value normalisation. */
  value: string;
  line: number;
  column: number;
}

/** One element; children keep document order (text nodes included, comments dropped). */
export interface XmlElement {
  kind: 'element';
  name: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  line: number;
  column: number;
}

/** Character data (`cdata` when it came from a CDATA section, which aapt2 treats the same). */
export interface XmlText {
  kind: 'text';
  text: string;
  cdata: boolean;
}

export type XmlNode = XmlElement | XmlText;

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

let parser: XMLParser | undefined;
let META = '';

/** The one parser, made on first use (fast-xml-parser loads on first use), and its metadata key. */
function xmlParser(): XMLParser {
  if (parser) return parser;
  const { XMLParser: Parser } = fastXmlParser();
  META = Parser.getMetaDataSymbol() as unknown as string;
  return (parser = new Parser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    captureMetaData: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: '#comment',
    cdataPropName: '#cdata',
  }));
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references, in one pass. */
export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return PREDEFINED[ref] ?? whole;
  });
}

/** Parses well-formed XML text into its root element (undefined when there is none). */
export function readXmlTree(text: string): XmlElement | undefined {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (index: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - lineStarts[lo]! + 1 };
  };
  const nodes = xmlParser().parse(text) as Ordered[];

  const build = (node: Ordered, scope: Map<string, string>): XmlElement | undefined => {
    const name = Object.keys(node).find((k) => k !== ':@' && !k.startsWith('#'));
    if (name === undefined) return undefined;
    const start = (node[META] as { startIndex?: number } | undefined)?.startIndex ?? 0;
    const raw = node[':@'] ?? {};
    const inner = new Map(scope);
    for (const [qname, value] of Object.entries(raw)) {
      if (qname === 'xmlns') inner.set('', normaliseAttribute(value));
      else if (qname.startsWith('xmlns:')) inner.set(qname.slice(6), normaliseAttribute(value));
    }
    const offsets = attributeOffsets(text, start);
    const attributes: XmlAttribute[] = Object.entries(raw).map(([qname, value]) => {
      const colon = qname.indexOf(':');
      const prefix = colon >= 0 ? qname.slice(0, colon) : undefined;
      const local = colon >= 0 ? qname.slice(colon + 1) : qname;
      // Unprefixed attributes are in no namespace (Namespaces in XML §6.2).
      const uri = prefix === undefined || prefix === 'xmlns' ? undefined : inner.get(prefix);
      return { qname, local, uri, value: normaliseAttribute(value), ...position(offsets.get(qname) ?? start) };
    });
    const children: XmlNode[] = [];
    for (const child of (node[name] as Ordered[]) ?? []) {
      if ('#text' in child) children.push({ kind: 'text', text: normaliseText(String(child['#text'])), cdata: false });
      else if ('#cdata' in child) {
        const parts = child['#cdata'] as { '#text'?: string }[];
        children.push({ kind: 'text', text: parts.map((p) => p['#text'] ?? '').join('').replace(/\r\n?/g, '\n'), cdata: true });
      } else if ('#comment' in child) continue;
      else {
        const el = build(child, inner);
        if (el) children.push(el);
      }
    }
    return { kind: 'element', name, attributes, children, ...position(start) };
  };

  for (const node of nodes) {
    const el = build(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
    if (el) return el;
  }
  return undefined;
}

function normaliseAttribute(value: string): string {
  // XML 1.0 §3.3.3: literal whitespace becomes a space; character references are kept.
  return decodeXmlEntities(value.replace(/\r\n?|[\n\t]/g, ' '));
}

function normaliseText(value: string): string {
  return decodeXmlEntities(value.replace(/\r\n?/g, '\n'));
}

/** Offsets of each attribute name inside the start tag that begins at `start`. */
function attributeOffsets(text: string, start: number): Map<string, number> {
  const out = new Map<string, number>();
  let i = start + 1;
  while (i < text.length && !/[\s/>]/.test(text[i]!)) i += 1;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
    if (i >= text.length || text[i] === '>' || text[i] === '/') return out;
    const nameStart = i;
    while (i < text.length && !/[\s=]/.test(text[i]!)) i += 1;
    out.set(text.slice(nameStart, i), nameStart);
    while (i < text.length && text[i] !== '"' && text[i] !== "'") i += 1;
    const quote = text[i];
    i += 1;
    while (i < text.length && text[i] !== quote) i += 1;
    i += 1;
  }
}

/** The attribute `local` in namespace `uri` (undefined for no namespace). */
export function attribute(el: XmlElement, uri: string | undefined, local: string): XmlAttribute | undefined {
  return el.attributes.find((a) => a.local === local && a.uri === uri && !a.qname.startsWith('xmlns'));
}

/** The element children of an element, in order. */
export function elementChildren(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.kind === 'element');
}

/** All character data inside an element, nested elements' text included (as aapt2 keeps spans' text). */
export function textContent(el: XmlElement): string {
  return el.children.map((c) => (c.kind === 'text' ? c.text : textContent(c))).join('');
}
