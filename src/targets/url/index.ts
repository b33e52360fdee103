/**
 * Target `url`: the `ciscojabber://provision?...` configuration URL on one line, for mailing or
 * posting to users of Jabber for iPhone and iPad, Android and Mac (not Windows: reference
 * jabber-parameters.md §3.1, "all Cisco Jabber clients except Cisco Jabber for Windows" [S6]).
 */
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { getParameter } from '../../catalog/index.js';
import type { Artifact, ArtifactFile, ArtifactPosition, ParsedArtifact, Recognition, Target } from '../types.js';
import { buildProvisionUrl, checkProvisionUrl, parseProvisionUrl } from './provision-url.js';

/** File the url target writes. */
export const URL_FILE = 'jabber-config-url.txt';

/** A configuration URL as found in a text, joined when a document wrapped it over lines. */
export interface FoundUrl {
  /** The URL on one line. */
  url: string;
  /** True when it was wrapped over more than one line. */
  wrapped: boolean;
  /** Lines (from 1) where a further configuration URL starts: not part of this one, not read. */
  more: number[];
  /** Where each character of `url` is in the text (line and column from 1). */
  at(index: number): { line: number; column: number };
}

/** The start of a configuration URL: Cisco's `provision?`, or `provision/?` as some pages write it (read with a warning). */
const PROVISION = /^ciscojabber:\/\/provision\/?(\?|$)/i;

/**
 * The configuration URL a text holds: the whole text (surrounding blank space aside) is one URL,
 * on one line or wrapped over several as Cisco's guides and PDFs print it (every line without
 * spaces, the first starting `ciscojabber://provision`). Undefined for anything else.
 */
export function findUrl(text: string): FoundUrl | undefined {
  const lines = text.split('\n').map((l, i) => ({ line: i + 1, raw: l.replace(/\r$/, '') }));
  const used = lines
    .map((l) => ({ ...l, start: l.raw.length - l.raw.trimStart().length, text: l.raw.trim() }))
    .filter((l) => l.text !== '');
  if (used.length === 0 || !PROVISION.test(used[0]!.text)) return undefined;
  if (used.some((l) => /\s/.test(l.text))) return undefined;
  // A later line that starts a configuration URL of its own is not a wrapped part of the first.
  const more = used.slice(1).filter((l) => /^ciscojabber:\/\//i.test(l.text));
  const parts = more.length > 0 ? used.slice(0, used.indexOf(more[0]!)) : used;
  const map: { line: number; column: number }[] = [];
  for (const l of parts) for (let c = 0; c < l.text.length; c += 1) map.push({ line: l.line, column: l.start + c + 1 });
  return {
    url: parts.map((l) => l.text).join(''),
    wrapped: parts.length > 1,
    more: more.map((l) => l.line),
    at: (i) => map[Math.min(Math.max(i, 0), map.length - 1)] ?? { line: 1, column: 1 },
  };
}

/** The warning for a URL found wrapped over lines. */
export function wrappedWarning(file: string, target: string): Diagnostic {
  return diagnostic(
    'warning',
    'url-wrapped',
    'The configuration URL is wrapped over several lines (as printed documents show it); it was read joined. Give it to users on one line: a wrapped URL is cut at the first line break by mail clients and browsers.',
    { file, line: 1, column: 1, target },
  );
}

/** Position of each parameter name of a one-line URL, for the positions contract. */
export function urlPositions(found: FoundUrl, file: string, parsed: { settings: Map<string, unknown>; unknown: Map<string, unknown> }): Map<string, ArtifactPosition> {
  const positions = new Map<string, ArtifactPosition>();
  const q = found.url.indexOf('?');
  if (q < 0) return positions;
  let offset = q + 1;
  for (const part of found.url.slice(q + 1).split('&')) {
    const name = part.split('=', 1)[0]!;
    const pos = { file, ...found.at(offset) };
    const param = [...parsed.settings.keys()].find((k) => getParameter('settings', k)?.channels.url?.name === name || k === name);
    if (param !== undefined) {
      if (!positions.has(jsonPointer('settings', param))) positions.set(jsonPointer('settings', param), pos);
    } else if (parsed.unknown.has(name) && !positions.has(jsonPointer('unknown', name))) positions.set(jsonPointer('unknown', name), pos);
    offset += part.length + 1;
  }
  return positions;
}

/** The URL parser counts columns in the joined URL (line 1): each finding where it stands in the text. */
export function placeInText(diagnostics: Diagnostic[], found: FoundUrl | undefined): Diagnostic[] {
  return found ? diagnostics.map((d) => (d.line === 1 && d.column > 0 ? { ...d, ...found.at(d.column - 1) } : d)) : diagnostics;
}

/** Reads a URL file (or URL text) back; a wrapped URL is joined and warned about. */
export function parseUrlText(contents: string, fileName: string, target: string): ParsedArtifact {
  const found = findUrl(contents);
  const text = found ? found.url : contents.trim();
  const parsed = parseProvisionUrl(text, fileName, target);
  const out: ParsedArtifact = {
    target,
    settings: parsed.settings,
    windows: new Map(),
    unknown: parsed.unknown,
    positions: found ? urlPositions(found, fileName, parsed) : new Map(),
    diagnostics: [...placeInText(parsed.diagnostics, found), ...(found ? severalUrls(found, fileName, target) : [])],
  };
  if (found?.wrapped) out.diagnostics.unshift(wrappedWarning(fileName, target));
  return out;
}

/** The error for a text holding more than one configuration URL (each further one named where it starts). */
function severalUrls(found: FoundUrl, file: string, target: string): Diagnostic[] {
  return found.more.map((line) =>
    diagnostic(
      'error',
      'url-not-one-line',
      `The file holds ${found.more.length + 1} configuration URLs; a URL file holds one. The one on line ${found.at(0).line} is read, the one on line ${line} is not.`,
      { file, line, column: 1, target },
    ),
  );
}

/** The configuration URL target. */
export const urlTarget: Target = {
  id: 'url',
  summary: 'The ciscojabber://provision?... configuration URL, one line, to mail or post to users',
  fileNames: [URL_FILE],
  consoles: ['users (e-mail, intranet page)'],
  emmConsoles: 'neutral',
  carries: { channel: 'url' },
  checkedAgainst: "parsed back: scheme and host, Cisco's parameter names and tokens, each parameter once",

  render(profile) {
    const built = buildProvisionUrl(profile, 'url');
    if (built.url === undefined) return { artifacts: [], diagnostics: built.diagnostics };
    return { artifacts: [{ target: 'url', fileName: URL_FILE, contents: built.url + '\n' }], diagnostics: built.diagnostics };
  },

  // Parsing a URL is cheap and needs no validator process, so the batch is a plain loop. A URL an
  // admin holds wrapped over lines is checked joined, with a warning rather than a shape error.
  async verify(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
    return artifacts.map((a) => {
      const found = findUrl(a.contents);
      if (found?.wrapped || (found && found.more.length > 0)) {
        return [...(found.wrapped ? [wrappedWarning(a.fileName, 'url')] : []), ...placeInText(checkProvisionUrl(found.url, a.fileName, 'url'), found), ...severalUrls(found, a.fileName, 'url')];
      }
      const result = checkProvisionUrl(a.contents, a.fileName, 'url');
      if (!/^[^\n]*\n$/.test(a.contents)) {
        result.push(diagnostic('error', 'url-file-shape', 'The URL file must hold the URL and one trailing newline, nothing else.', { file: a.fileName, line: 1, column: 1, target: 'url' }));
      }
      return result;
    });
  },

  recognise(contents: string): Recognition | undefined {
    return findUrl(contents) ? { member: URL_FILE } : undefined;
  },

  parse(files: readonly ArtifactFile[]): ParsedArtifact {
    const file = files[0]!;
    return parseUrlText(file.contents, file.fileName, 'url');
  },
};
