/**
 * The distribution page and the e-mail text for the configuration URL. Cisco: distribute the link
 * "by emailing the link … or by posting the link to a website"; on Android open it from a website,
 * preferably in Firefox; mail it only if the mail app can cross-launch custom links (reference
 * jabber-parameters.md §2, [S1, S2, S3, S7]).
 */
import { fastXmlParser } from '../fast-xml-parser.js';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { findUrl, placeInText } from '../url/index.js';
import { checkProvisionUrl } from '../url/provision-url.js';
import { drawQrSvg, qrMatrix, qrMatrixEquals, readQrSvg } from './qr-svg.js';
import { fillHtmlTemplate, fillTextTemplate, loadTemplate, printableText, trustedHtml } from './template.js';

/** Id of the one link on the page; tests and the browser check find it by this id. */
export const LINK_ID = 'provision-link';
/** Id of the QR code's SVG element. */
export const QR_ID = 'provision-qr';
/** Id of the paragraph that shows the URL as text. */
export const URL_TEXT_ID = 'provision-url';

/** The page heading and e-mail's first line when the profile sets no `distribution.title`. */
export const DEFAULT_TITLE = 'Set up Cisco Jabber';
/** The paragraph under the heading when the profile sets no `distribution.message`. */
export const DEFAULT_MESSAGE = 'Open this link on the device where Cisco Jabber is installed: it sets Cisco Jabber up with your company\'s settings, so that you only need to sign in.';

/** The page and e-mail bodies, and warnings about what had to change. */
export interface RenderedPage {
  html: string;
  email: string;
  diagnostics: Diagnostic[];
}

/**
 * Fills the page and e-mail templates for `url`, which the url target has already built. Users
 * read only text written for them: `distribution.title` and `distribution.message`, or neutral
 * defaults; the profile's `description` is the admin's note and never reaches them.
 */
export function renderPageAndEmail(profile: ResolvedProfile, url: string, target: string): RenderedPage {
  const diagnostics: Diagnostic[] = [];
  // A heading is one line: line breaks in it become spaces.
  const title = printableText((profile.distribution?.title ?? DEFAULT_TITLE).replace(/\r\n?|\n/g, ' ').trim());
  const message = printableText((profile.distribution?.message ?? DEFAULT_MESSAGE).trim());
  const name = printableText(profile.name);
  const replaced = title.replaced ? '/distribution/title' : message.replaced ? '/distribution/message' : name.replaced ? '/name' : undefined;
  if (replaced) {
    diagnostics.push(
      diagnostic('warning', 'text-replaced', 'Control characters in the distribution text or the profile name were replaced by \uFFFD on the page and in the e-mail.', {
        pointer: replaced,
        target,
      }),
    );
  }
  const matrix = qrMatrix(url);
  if (!matrix) {
    diagnostics.push(
      diagnostic('warning', 'qr-too-long', `The configuration URL is ${Buffer.byteLength(url)} bytes, more than a QR code holds; the page shows the link without a QR code.`, {
        pointer: '/settings',
        target,
      }),
    );
  }
  const qr = matrix
    ? drawQrSvg(matrix, QR_ID, 'QR code of the configuration link')
    : trustedHtml('<p class="note">This link is too long for a QR code.</p>');
  const html = fillHtmlTemplate(loadTemplate('url-page.html'), {
    title: title.text,
    name: name.text,
    message: message.text,
    url,
    qr,
  });
  const email = fillTextTemplate(loadTemplate('url-email.txt'), { title: title.text, message: message.text, url });
  return { html, email, diagnostics };
}

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Elements that would load something or run something; the page has none of them. */
const ACTIVE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'img', 'image', 'link', 'base', 'form', 'audio', 'video', 'source', 'use', 'foreignobject']);
/** Attributes that hold a URL or a script. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'srcset', 'poster', 'data', 'background', 'ping']);

interface PageFacts {
  links: { href: string; id: string | undefined }[];
  active: string[];
  qr: { viewBox: string; d: string } | undefined;
  urlText: string | undefined;
  styles: string[];
}

function textOf(children: XmlNode[]): string {
  return children.map((c) => (typeof c['#text'] === 'string' || typeof c['#text'] === 'number' ? String(c['#text']) : '')).join('');
}

function collect(nodes: XmlNode[], facts: PageFacts): void {
  for (const node of nodes) {
    const attrs = node[':@'] ?? {};
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text' || name === '#comment') continue;
    const children = (node[name] as XmlNode[]) ?? [];
    const tag = name.toLowerCase();
    if (ACTIVE_ELEMENTS.has(tag)) facts.active.push(`<${name}>`);
    if (tag === 'meta' && (attrs['http-equiv'] ?? '').toLowerCase() === 'refresh') facts.active.push('<meta http-equiv="refresh">');
    for (const [attr, value] of Object.entries(attrs)) {
      const a = attr.toLowerCase();
      if (a.startsWith('on')) facts.active.push(`${attr}= on <${name}>`);
      if (URL_ATTRIBUTES.has(a) && !(tag === 'a' && a === 'href')) facts.active.push(`${attr}= on <${name}>`);
      if (a === 'style' && /url\s*\(|@import|expression\s*\(/i.test(value)) facts.active.push(`style= on <${name}>`);
    }
    if (tag === 'a') facts.links.push({ href: attrs['href'] ?? '', id: attrs['id'] });
    if (tag === 'style') facts.styles.push(textOf(children));
    if (tag === 'svg' && attrs['id'] === QR_ID) {
      const path = children.find((c) => 'path' in c);
      facts.qr = { viewBox: attrs['viewBox'] ?? '', d: path?.[':@']?.['d'] ?? '' };
    }
    if (attrs['id'] === URL_TEXT_ID) facts.urlText = textOf(children);
    collect(children, facts);
  }
}

/**
 * Checks a rendered page: well-formed XHTML, exactly one link and it is a valid configuration URL,
 * nothing that loads or runs anything, the URL shown as text equals the link, and the QR code's
 * modules are exactly the code of the link.
 */
export function checkPage(contents: string, file: string, target: string): Diagnostic[] {
  const at = { file, target };
  const found: Diagnostic[] = [];
  const { XMLParser, XMLValidator } = fastXmlParser();
  const wellFormed = XMLValidator.validate(contents);
  if (wellFormed !== true) {
    return [diagnostic('error', 'page-not-well-formed', `The page is not well-formed XHTML: ${wellFormed.err.msg} (line ${wellFormed.err.line}).`, { ...at, line: wellFormed.err.line, column: wellFormed.err.col })];
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, htmlEntities: true, parseTagValue: false, trimValues: false });
  const facts: PageFacts = { links: [], active: [], qr: undefined, urlText: undefined, styles: [] };
  collect(parser.parse(contents) as XmlNode[], facts);
  for (const what of facts.active) {
    found.push(diagnostic('error', 'page-active-content', `The page must not load or run anything, but it has ${what}.`, at));
  }
  if (facts.styles.some((s) => /url\s*\(|@import/i.test(s))) {
    found.push(diagnostic('error', 'page-active-content', 'The page style loads an external resource (url() or @import).', at));
  }
  if (facts.links.length !== 1 || facts.links[0]!.id !== LINK_ID) {
    found.push(diagnostic('error', 'page-links', `The page must have exactly one link, the configuration URL (id ${LINK_ID}); it has ${facts.links.length}.`, at));
  }
  const href = facts.links.find((l) => l.id === LINK_ID)?.href;
  if (href === undefined) return found;
  found.push(...checkProvisionUrl(href, file, target).filter((d) => d.severity === 'error'));
  if (facts.urlText !== href) {
    found.push(diagnostic('error', 'page-url-text', 'The URL shown as text on the page differs from the link.', at));
  }
  if (!facts.qr) {
    if (qrMatrix(href)) found.push(diagnostic('error', 'page-qr-missing', 'The page has no QR code, although the link fits in one.', at));
    return found;
  }
  const read = readQrSvg(facts.qr.viewBox, facts.qr.d);
  if ('error' in read) {
    found.push(diagnostic('error', 'page-qr-unreadable', `The QR code cannot be read back: ${read.error}.`, at));
  } else if (!qrMatrixEquals(href, read.matrix)) {
    found.push(diagnostic('error', 'page-qr-mismatch', 'The QR code on the page does not encode the link.', at));
  }
  return found;
}

/** Checks the e-mail text: it holds the configuration URL on a line of its own, exactly once. */
export function checkEmail(contents: string, file: string, target: string): Diagnostic[] {
  const at = { file, target, line: 1, column: 1 };
  const mentions = contents.match(/ciscojabber:/gi)?.length ?? 0;
  const lines = contents
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter((l) => /^ciscojabber:\/\//i.test(l.text));
  if (mentions !== 1 || lines.length !== 1) {
    return [diagnostic('error', 'email-links', `The e-mail text must hold the configuration URL exactly once, on a line of its own; it mentions ciscojabber: ${mentions} times (a distribution message that mentions ciscojabber: would show users a second link).`, at)];
  }
  // The URL reader counts the URL as line 1: its findings go where they stand in the e-mail (a
  // link a mail program wrapped is checked joined, as import reads it).
  const link = emailLink(contents)!;
  const found = findUrl(link.text);
  return placeInText(checkProvisionUrl(link.href, file, target), found)
    .filter((d) => d.severity === 'error')
    .map((d) => (d.line >= 1 ? { ...d, line: d.line + link.line - 1 } : d));
}

/**
 * The configuration link of a page (the href of its `provision-link` anchor, or of its only
 * link), entities decoded, with the position of the href; undefined when the page is not
 * well-formed or links nothing.
 */
export function pageLink(contents: string): { href: string; line: number; column: number } | undefined {
  const { XMLParser, XMLValidator } = fastXmlParser();
  if (XMLValidator.validate(contents) !== true) return undefined;
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, htmlEntities: true, parseTagValue: false, trimValues: false });
  const facts: PageFacts = { links: [], active: [], qr: undefined, urlText: undefined, styles: [] };
  collect(parser.parse(contents) as XmlNode[], facts);
  const link = facts.links.find((l) => l.id === LINK_ID) ?? (facts.links.length === 1 ? facts.links[0] : undefined);
  if (!link) return undefined;
  const m = /\shref\s*=\s*["'](?=ciscojabber:)/i.exec(contents);
  if (!m) return { href: link.href, line: 1, column: 1 };
  const lines = contents.slice(0, m.index + m[0].length).split('\n');
  return { href: link.href, line: lines.length, column: lines.at(-1)!.length + 1 };
}

/**
 * The configuration URL of an e-mail text and its line number, when it has exactly one: its line,
 * and the lines right after it that a mail program wrapped it onto (`text`, as written; `href`,
 * joined). A line continues the link when it follows without a blank line, holds no space, and the
 * break falls at a parameter: the line before ends in "&" or "=", or this one starts with "&" or
 * holds "=" (free text of the message never looks like that).
 */
export function emailLink(contents: string): { href: string; line: number; column: number; text: string } | undefined {
  const lines = contents.split('\n').map((l) => l.replace(/\r$/, ''));
  const found = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^ciscojabber:\/\//i.test(l));
  if (found.length !== 1) return undefined;
  const first = found[0]!.i;
  const parts = [lines[first]!];
  for (let i = first + 1; i < lines.length; i++) {
    const next = lines[i]!.trim();
    const before = parts.at(-1)!.trim();
    if (next === '' || /\s/.test(next) || /^ciscojabber:/i.test(next)) break;
    if (!(/[&=]$/.test(before) || next.startsWith('&') || next.includes('='))) break;
    parts.push(lines[i]!);
  }
  const text = parts.join('\n');
  return { href: parts.length > 1 ? (findUrl(text)?.url ?? parts[0]!) : parts[0]!, line: first + 1, column: 1, text };
}
