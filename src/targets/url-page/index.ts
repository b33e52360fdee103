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

/** The distribution page and e-mail target. */
export const urlPageTarget: Target = {
  id: 'url-page',
  summary: 'A self-contained web page with the configuration link and its QR code, and the e-mail text',
  fileNames: [PAGE_FILE, EMAIL_FILE],
  consoles: ['users (intranet page, e-mail)'],
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
};
