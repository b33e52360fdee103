/**
 * A small typed XML property list writer. Every value says its plist type, so an integral real
 * stays `<real>` and a large integer never becomes `1e+21` (the npm `plist` package's traps,
 * ../shared/reference/ios-appconfig.md §5.1). Output follows Apple's serializer layout: XML
 * declaration, Apple DOCTYPE, `<plist version="1.0">`, the root object flush left, tab indents.
 */
import { forbiddenXmlChar, serializeXml, type XmlElement } from './xml-writer.js';

/** A property list value, typed explicitly. */
export type PlistValue =
  | { type: 'string'; value: string }
  | { type: 'integer'; value: number | bigint }
  | { type: 'real'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'date'; value: Date }
  | { type: 'data'; value: Uint8Array }
  | { type: 'array'; value: PlistValue[] }
  | { type: 'dict'; value: PlistEntry[] };

/** One dict entry; dicts are ordered lists so the writer never reorders keys. */
export interface PlistEntry {
  key: string;
  value: PlistValue;
}

/** Why a value could not be written, and where (key path from the root dict). */
export interface PlistWriteProblem {
  path: string[];
  message: string;
}

/** The Apple DOCTYPE line every XML plist document carries. */
export const PLIST_DOCTYPE =
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">';

/** What to write: a whole document, or only the root object (the bare `<dict>` consoles paste). */
export type PlistShape = 'document' | 'fragment';

/**
 * Writes a property list. Returns the text, or no text and the problems when a value cannot be
 * represented (a character XML 1.0 forbids, a duplicate key, a non-finite real, an integer
 * outside 64 bits, an invalid date). Problems name the key path, never the value.
 */
export function writePlist(root: PlistValue, shape: PlistShape): { text?: string; problems: PlistWriteProblem[] } {
  const problems: PlistWriteProblem[] = [];
  const element = toElement(root, [], problems);
  if (problems.length > 0) return { problems };
  const text =
    shape === 'document'
      ? serializeXml({ name: 'plist', attributes: [['version', '1.0']], children: [element] }, {
          declaration: true,
          doctype: PLIST_DOCTYPE,
          rootChildDepth: 0,
        })
      : serializeXml(element, { declaration: false });
  return { text, problems };
}

const INT64_MIN = -(2n ** 63n);
/** CFPropertyList reads unsigned 64-bit integers too. */
const UINT64_MAX = 2n ** 64n - 1n;

function toElement(v: PlistValue, path: string[], problems: PlistWriteProblem[]): XmlElement {
  switch (v.type) {
    case 'string':
      checkText(v.value, path, problems, 'value');
      return { name: 'string', text: v.value };
    case 'integer': {
      const big = typeof v.value === 'bigint' ? v.value : Number.isSafeInteger(v.value) ? BigInt(v.value) : undefined;
      if (big === undefined || big < INT64_MIN || big > UINT64_MAX) {
        problems.push({ path, message: 'is not an integer a property list can hold (64-bit, written in decimal digits)' });
        return { name: 'integer', text: '0' };
      }
      // BigInt's decimal form never uses exponent notation (Number's does from 1e21 on).
      return { name: 'integer', text: big.toString() };
    }
    case 'real':
      if (!Number.isFinite(v.value)) {
        problems.push({ path, message: 'is not a finite number; the plist DTD has no form for NaN or infinity' });
        return { name: 'real', text: '0' };
      }
      return { name: 'real', text: realText(v.value) };
    case 'boolean':
      return { name: v.value ? 'true' : 'false' };
    case 'date':
      if (Number.isNaN(v.value.getTime())) {
        problems.push({ path, message: 'is not a valid date' });
        return { name: 'date', text: '' };
      }
      // PropertyList-1.0.dtd: YYYY '-' MM '-' DD 'T' HH ':' MM ':' SS 'Z' (UTC, no fraction).
      return { name: 'date', text: v.value.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    case 'data':
      return { name: 'data', text: Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength).toString('base64') };
    case 'array':
      return { name: 'array', children: v.value.map((item, i) => toElement(item, [...path, String(i)], problems)) };
    case 'dict': {
      const seen = new Set<string>();
      const children: XmlElement[] = [];
      for (const { key, value } of v.value) {
        const at = [...path, key];
        checkText(key, at, problems, 'key');
        // PropertyList-1.0.dtd: keys "must be unique within the dict".
        if (seen.has(key)) problems.push({ path: at, message: 'is a duplicate key in its dict' });
        seen.add(key);
        children.push({ name: 'key', text: key }, toElement(value, at, problems));
      }
      return { name: 'dict', children };
    }
  }
}

function checkText(s: string, path: string[], problems: PlistWriteProblem[], what: 'key' | 'value'): void {
  const bad = forbiddenXmlChar(s);
  if (bad) problems.push({ path, message: `${what === 'key' ? 'key name' : 'value'} holds ${bad}, a character XML 1.0 does not allow` });
}

/**
 * A real in the DTD's form `("+"|"-")? d+ ("."d*)? ("E" ("+"|"-") d+)?`: always with a decimal
 * point, so `2` is written `2.0` and reads back as a real, and never in JavaScript's `1e21`.
 */
export function realText(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-])(\d+))?$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac, expSign, exp] = m;
  const mantissa = `${sign}${int}.${frac ?? '0'}`;
  return exp === undefined ? mantissa : `${mantissa}E${expSign}${exp}`;
}
