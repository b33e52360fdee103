/**
 * Target `url-page`: a self-contained HTML page that carries the configuration URL as a link and a
 * QR code, with short instructions per platform, and the e-mail text beside it. Cisco recommends a
 * web page for Android users (reference jabber-parameters.md §2 [S2, S3]).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Artifact, Target } from '../types.js';
import { buildProvisionUrl } from '../url/provision-url.js';
import { checkEmail, checkPage, renderPageAndEmail } from './page.js';

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

/** True for text (not markup) of more than one line with a configuration URL on a line of its own. */
export function detectEmail(contents: string): boolean {
  const text = contents.trim();
  if (text.startsWith('<') || !text.includes('\n')) return false;
  return text.split('\n').some((l) => /^ciscojabber:\/\/provision(\?|$)/i.test(l.trim()));
}

/** The distribution page and e-mail target. */
export const urlPageTarget: Target = {
  id: 'url-page',
  summary: 'A self-contained web page with the configuration link and its QR code, and the e-mail text',
  fileNames: [PAGE_FILE, EMAIL_FILE],
  consoles: ['users (intranet page, e-mail)'],
  carries: { channel: 'url' },
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

  // For `validate` of files an admin holds (there is no parser: the URL inside is the url
  // target's). verify above tells the page from the e-mail by the .html extension, so detect does too.
  detect(contents: string, fileName: string): boolean {
    return fileName.endsWith('.html') ? detectPage(contents) : detectEmail(contents);
  },
};
