/**
 * Reads XML property lists (whole documents or a bare `<dict>` fragment) back to values, on top
 * of readXml's element tree. Lenient by design: structure and lexical forms are judged by
 * verify (DTD translation + plist-semantics.ts), not here.
 */
import { readXml, type XmlNode, type XmlReadOptions, type XmlReadResult } from './xml-reader.js';

/** Plist object element names (PropertyList-1.0.dtd, entity %plistObject). */
export const PLIST_OBJECTS = new Set(['array', 'data', 'date', 'dict', 'real', 'integer', 'string', 'true', 'false']);

/** A read plist: the XML tree, the root object and the document shape. */
export interface PlistRead {
  xml: XmlReadResult;
  /** `document` when the root element is `<plist>`, `fragment` when it is a bare object. */
  shape: 'document' | 'fragment';
  /** The root object element (the `<plist>`'s child, or the fragment's root). */
  object?: XmlNode;
}

/** Parses plist text; never throws (problems are in `xml.problems`). */
export function readPlistText(text: string, options: XmlReadOptions = {}): PlistRead {
  const xml = readXml(text, options);
  const root = xml.root;
  if (!root) return { xml, shape: 'fragment' };
  if (root.name === 'plist') {
    const object = root.children[0];
    return object ? { xml, shape: 'document', object } : { xml, shape: 'document' };
  }
  return { xml, shape: 'fragment', object: root };
}

/** One key/value pair of a dict element, with the key's line and column. */
export interface DictPair {
  key: string;
  line: number;
  column: number;
  /** Absent for an orphan key (no value element after it). */
  value?: XmlNode;
}

/** Pairs a dict's children as the DTD orders them: key, object, key, object, ... */
export function dictPairs(dict: XmlNode): DictPair[] {
  const pairs: DictPair[] = [];
  const kids = dict.children;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (k.name !== 'key') continue;
    const next = kids[i + 1];
    if (next && next.name !== 'key') {
      pairs.push({ key: k.text, line: k.line, column: k.column, value: next });
      i++;
    } else {
      pairs.push({ key: k.text, line: k.line, column: k.column });
    }
  }
  return pairs;
}

/**
 * The JavaScript value of a plist object: string, number (bigint past 2^53), boolean, Date,
 * Uint8Array, array, or a Map for a dict (keeps key order and any key, `__proto__` included).
 * Returns undefined for an element that is not a plist object.
 */
export function plistValue(node: XmlNode): unknown {
  switch (node.name) {
    case 'string':
      return node.text;
    case 'integer': {
      const t = node.text.trim();
      if (!/^[+-]?\d+$/.test(t)) return node.text;
      const big = BigInt(t);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'real':
      return Number(node.text.trim());
    case 'true':
      return true;
    case 'false':
      return false;
    case 'date':
      return new Date(node.text.trim());
    case 'data':
      return new Uint8Array(Buffer.from(node.text.replace(/\s+/g, ''), 'base64'));
    case 'array':
      return node.children.map(plistValue);
    case 'dict': {
      const m = new Map<string, unknown>();
      for (const p of dictPairs(node)) if (p.value) m.set(p.key, plistValue(p.value));
      return m;
    }
    default:
      return undefined;
  }
}
