/**
 * A small element-tree XML writer for the iOS targets (plist and AppConfig specfile).
 *
 * Written instead of fast-xml-parser's XMLBuilder, whose output bit us in three places
 * (../shared/reference/ios-appconfig.md §5.2, reproduced with fast-xml-parser 5.12.1): `\r` is
 * written raw (an XML parser turns it into `\n`), control characters are written raw (malformed
 * XML), tabs and newlines in attribute values are written raw (a parser turns them into spaces),
 * and formatted output starts with an empty line. Here every text and attribute value goes
 * through one escaping function, and text-only elements stay on one line, so no indentation
 * whitespace ever enters a value.
 */

/** An element: a name, ordered attributes, and either child elements or one text. */
export interface XmlElement {
  name: string;
  attributes?: readonly (readonly [string, string])[];
  /** Child elements (written indented, one per line). */
  children?: readonly XmlElement[];
  /** Text content (written inline, exactly as given). Exclusive with `children`. */
  text?: string;
}

/** Characters XML 1.0 (fifth edition, §2.2 production [2] Char) does not allow anywhere in a document. */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Describes the first character of `value` that XML 1.0 forbids (C0 controls other than tab,
 * LF and CR; U+FFFE, U+FFFF; unpaired surrogates), or undefined when there is none. The
 * description names the code point and position, never the value (it may be a secret).
 */
export function forbiddenXmlChar(value: string): string | undefined {
  const m = FORBIDDEN.exec(value);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} at character ${[...value.slice(0, m.index)].length + 1}`;
}

/** Escapes character data: `&`, `<`, `>` (which also breaks any `]]>`), and CR as `&#xD;` so it survives line-end normalisation. */
export function escapeXmlText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);
}

/** Escapes an attribute value for double quotes; tab, LF and CR as references so attribute-value normalisation keeps them. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;' };

/** Document-level parts written before the root element. */
export interface XmlDocumentOptions {
  /** Write `<?xml version="1.0" encoding="UTF-8"?>` first. */
  declaration: boolean;
  /** A complete `<!DOCTYPE ...>` line to write after the declaration (fixed text, never user data). */
  doctype?: string;
  /** Indentation of one level; Apple's writers use a tab. */
  indent?: string;
  /** Indentation depth of the root's children; 0 puts them flush left (Apple's `<plist>` style). */
  rootChildDepth?: number;
}

/**
 * Serialises an element tree: one element per line, children indented, text-only elements on
 * one line, empty elements as `<name/>`, LF line ends, trailing newline. Throws on a character
 * XML forbids: callers check user values with forbiddenXmlChar first and report a diagnostic,
 * so reaching it is a bug, not a user error.
 */
export function serializeXml(root: XmlElement, options: XmlDocumentOptions): string {
  const indent = options.indent ?? '\t';
  const lines: string[] = [];
  if (options.declaration) lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  if (options.doctype !== undefined) lines.push(options.doctype);
  writeElement(root, 0, indent, lines, options.rootChildDepth);
  return lines.join('\n') + '\n';
}

function writeElement(el: XmlElement, depth: number, indent: string, lines: string[], childDepth?: number): void {
  const pad = indent.repeat(depth);
  const open = `<${checkName(el.name)}${attributes(el)}`;
  if (el.children && el.text !== undefined) throw new Error(`<${el.name}> has both text and children`);
  if (el.text !== undefined) {
    lines.push(`${pad}${open}>${text(el.text)}</${el.name}>`);
    return;
  }
  if (!el.children || el.children.length === 0) {
    lines.push(`${pad}${open}/>`);
    return;
  }
  lines.push(`${pad}${open}>`);
  for (const c of el.children) writeElement(c, childDepth ?? depth + 1, indent, lines);
  lines.push(`${pad}</${el.name}>`);
}

function attributes(el: XmlElement): string {
  return (el.attributes ?? []).map(([k, v]) => ` ${checkName(k)}="${escapeXmlAttribute(checkChars(v))}"`).join('');
}

function text(value: string): string {
  return escapeXmlText(checkChars(value));
}

function checkChars(value: string): string {
  const bad = forbiddenXmlChar(value);
  if (bad) throw new Error(`internal: a value with ${bad} reached the XML writer unchecked`);
  return value;
}

/** Element and attribute names come from code, never from users; guard against mistakes anyway. */
function checkName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.:-]*$/.test(name)) throw new Error(`internal: invalid XML name ${JSON.stringify(name)}`);
  return name;
}
