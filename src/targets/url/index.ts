/**
 * Target `url`: the `ciscojabber://provision?...` configuration URL on one line, for mailing or
 * posting to users of Jabber for iPhone and iPad, Android and Mac (not Windows: reference
 * jabber-parameters.md §3.1, "all Cisco Jabber clients except Cisco Jabber for Windows" [S6]).
 */
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Artifact, ParsedArtifact, Target } from '../types.js';
import { buildProvisionUrl, checkProvisionUrl, parseProvisionUrl } from './provision-url.js';

/** File the url target writes. */
export const URL_FILE = 'jabber-config-url.txt';

/** The configuration URL target. */
export const urlTarget: Target = {
  id: 'url',
  summary: 'The ciscojabber://provision?... configuration URL, one line, to mail or post to users',
  fileNames: [URL_FILE],
  consoles: ['users (e-mail, intranet page)'],
  carries: { channel: 'url' },
  checkedAgainst: "parsed back: scheme and host, Cisco's parameter names and tokens, each parameter once",

  render(profile) {
    const built = buildProvisionUrl(profile, 'url');
    if (built.url === undefined) return { artifacts: [], diagnostics: built.diagnostics };
    return { artifacts: [{ target: 'url', fileName: URL_FILE, contents: built.url + '\n' }], diagnostics: built.diagnostics };
  },

  // Parsing a URL is cheap and needs no validator process, so the batch is a plain loop.
  async verify(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
    return artifacts.map((a) => {
      const found = checkProvisionUrl(a.contents, a.fileName, 'url');
      if (!/^[^\n]*\n$/.test(a.contents)) {
        found.push(diagnostic('error', 'url-file-shape', 'The URL file must hold the URL and one trailing newline, nothing else.', { file: a.fileName, target: 'url' }));
      }
      return found;
    });
  },

  parse(contents: string, fileName: string): ParsedArtifact {
    // Positions count from the file's first character: the whitespace trimmed here moves them.
    const lead = /^\s*/.exec(contents)![0];
    const origin = { line: lead.split('\n').length, column: lead.length - lead.lastIndexOf('\n') };
    const parsed = parseProvisionUrl(contents.trim(), fileName, 'url', origin);
    return { target: 'url', settings: parsed.settings, windows: new Map(), unknown: parsed.unknown, positions: parsed.positions, diagnostics: parsed.diagnostics };
  },

  detect(contents: string): boolean {
    const text = contents.trim();
    return /^ciscojabber:\/\/provision(\?|$)/i.test(text) && !text.includes('\n');
  },
};
