/**
 * Target `url-page`: a self-contained HTML page that carries the configuration URL as a link and a
 * QR code, with short instructions per platform, and the e-mail text beside it. Cisco recommends a
 * web page for Android users (reference jabber-parameters.md §2 [S2, S3]).
 */
import { basename } from 'node:path';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { emptyParsed, type Artifact, type ArtifactFile, type ParsedArtifact, type Recognition, type Target } from '../types.js';
import { findUrl, parseUrlText } from '../url/index.js';
import { buildProvisionUrl } from '../url/provision-url.js';
import { checkEmail, checkPage, emailLink, pageLink, renderPageAndEmail } from './page.js';

/** The page file the url-page target writes. */
export const PAGE_FILE = 'jabber-config-page.html';
/** The e-mail text file the url-page target writes. */
export const EMAIL_FILE = 'jabber-config-email.txt';

/** XHTML (declaration, comments and DOCTYPE allowed before it) whose root is `<html>`. */
const HTML_ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<html[\s>]/i;

/** True for a page that links a configuration URL: ours, or one made from it. */
export function detectPage(contents: string): boolean {
  return HTML_ROOT.test(contents.slice(0, 4096)) && /\shref\s*=\s*["']ciscojabber:\/\/provision/i.test(contents);
}

/**
 * True for text (not markup) of more than one line with a configuration URL on a line of its own,
 * and more than the URL (a URL wrapped over lines is the url target's).
 */
export function detectEmail(contents: string): boolean {
  const text = contents.trim();
  if (text.startsWith('<') || !text.includes('\n') || findUrl(text)) return false;
  return text.split('\n').some((l) => /^ciscojabber:\/\/provision\/?(\?|$)/i.test(l.trim()));
}

/** The distribution page and e-mail target. */
export const urlPageTarget: Target = {
  id: 'url-page',
  summary: 'A self-contained web page with the configuration link and its QR code, and the e-mail text',
  fileNames: [PAGE_FILE, EMAIL_FILE],
  consoles: ['users (intranet page, e-mail)'],
  emmConsoles: 'neutral',
  carries: { channel: 'url' },
  shows: ['distribution'],
  checkedAgainst: 'well-formed XHTML with one link equal to the URL, nothing loaded or run, QR modules read back equal the link',

  render(profile) {
    const built = buildProvisionUrl(profile, 'url-page');
    if (built.url === undefined) return { artifacts: [], diagnostics: built.diagnostics };
    const page = renderPageAndEmail(profile, built.url, 'url-page');
    return {
      artifacts: [
        { target: 'url-page', fileName: PAGE_FILE, contents: page.html },
        { target: 'url-page', fileName: EMAIL_FILE, contents: page.email },
      ],
      diagnostics: [...built.diagnostics, ...page.diagnostics],
    };
  },

  // No validator process to start: each file is parsed in-process, so the batch is a plain loop.
  async verify(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
    return artifacts.map((a) =>
      a.fileName.endsWith('.html') ? checkPage(a.contents, a.fileName, 'url-page') : checkEmail(a.contents, a.fileName, 'url-page'),
    );
  },

  // verify above tells the page from the e-mail by the .html extension, so recognise does too.
  recognise(contents: string, fileName: string): Recognition | undefined {
    if (fileName.toLowerCase().endsWith('.html')) return detectPage(contents) ? { member: PAGE_FILE } : undefined;
    return detectEmail(contents) ? { member: EMAIL_FILE } : undefined;
  },

  companions(fileName: string, folder: readonly string[]): string[] {
    const base = basename(fileName);
    if (base === PAGE_FILE) return folder.filter((f) => f === EMAIL_FILE);
    if (base === EMAIL_FILE) return folder.filter((f) => f === PAGE_FILE);
    return [];
  },

  parse: parsePageSet,
};

/**
 * Reads the page and the e-mail back: the settings of the configuration link they carry (the
 * page's, else the e-mail's). When both are given their links must be the same. Their free text
 * (the distribution title and message, the profile name) is not read back: the neutral defaults
 * and a profile's own words look alike on a page, so reading them back would guess.
 */
export function parsePageSet(files: readonly ArtifactFile[]): ParsedArtifact {
  const links = files.map((f) => ({ file: f, link: f.fileName.toLowerCase().endsWith('.html') ? pageLink(f.contents) : emailLink(f.contents) }));
  const first = links.find((l) => l.link !== undefined);
  if (!first) {
    const out = emptyParsed('url-page');
    out.diagnostics.push(diagnostic('error', 'page-links', 'No configuration link found in the page or e-mail.', { file: files[0]?.fileName ?? '', line: 1, column: 1, target: 'url-page' }));
    return out;
  }
  const { link, file } = first as { link: { href: string; line: number; column: number; text?: string }; file: ArtifactFile };
  // An e-mail's link as written (a wrapped one is joined, with url-wrapped, as a URL file's is).
  const parsed = parseUrlText(link.text ?? link.href, file.fileName, 'url-page');
  // Positions inside the link are not kept through entity decoding: every key points at the link.
  for (const key of parsed.positions.keys()) parsed.positions.set(key, { file: file.fileName, line: link.line, column: link.column });
  // The URL reader counts from the link's first character as line 1: put its findings on the
  // link's line (an e-mail's URL is a line of its own, so its columns stand; a page's href has
  // entities decoded, so they point at the href).
  const isPage = file.fileName.toLowerCase().endsWith('.html');
  parsed.diagnostics = parsed.diagnostics.map((d) => {
    if (d.file !== file.fileName || d.line < 1) return d;
    if (isPage) return d.line === 1 ? { ...d, line: link.line, column: link.column } : d;
    return { ...d, line: d.line + link.line - 1, column: d.line === 1 ? d.column - 1 + link.column : d.column };
  });
  for (const other of links) {
    if (other === first || other.link === undefined || other.link.href === link.href) continue;
    parsed.diagnostics.push(
      diagnostic('error', 'page-email-mismatch', `The configuration link in ${other.file.fileName} differs from the one in ${file.fileName}; users would get different settings.`, {
        file: other.file.fileName,
        line: other.link.line,
        column: other.link.column,
        target: 'url-page',
      }),
    );
  }
  return parsed;
}
