/**
 * Verification of property list artifacts (ios-plist, ios-dict, the DDM plist): Apple's plist
 * DTD itself (libxml2's DTD validator, compiled once per thread) plus the semantic
 * checks the DTD cannot make, plus the catalog: keys and values Jabber for iOS does not take.
 */
import { createHash } from 'node:crypto';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { PLIST_XML_CODE, checkPlistSemantics, type PlistSemanticsOptions } from './plist-semantics.js';
import { checkXmlDocuments, type XmlCheckResult } from '../../verify/libxml2.js';
import type { Artifact } from '../types.js';
import { iosKeyDiagnostics } from './ios-keys.js';
import { dictPairs, plistValue, readPlistText, type PlistRead } from './plist-reader.js';
import { PLIST_DOCTYPE } from './plist-writer.js';
import { PLIST_DTD, schemaFile } from './schema-files.js';
import { readBinaryPlist } from './bplist-reader.js';
import { binaryPlistBytes, isBinaryPlistText } from '../artifact-bytes.js';

/** One plist to check and what it must look like. */
export interface PlistCheck {
  artifact: Artifact;
  shape: 'document' | 'fragment';
  maxBytes?: PlistSemanticsOptions['maxBytes'];
}

const WRAP_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n${PLIST_DOCTYPE}\n<plist version="1.0">\n`;
/** Lines the wrapper adds before a fragment; libxml2's line numbers are shifted back by this. */
const WRAP_LINES = 3;

/**
 * Checks a batch of plists: each against Apple's plist DTD (a fragment is wrapped in a plist document for it, as the DTD describes
 * documents), then the semantic checks per file. Returns diagnostics per artifact, in order.
 * Documents already checked (or being checked) by another call are not run again.
 */
export async function verifyPlists(all: readonly PlistCheck[]): Promise<Diagnostic[][]> {
  if (all.length === 0) return [];
  // Binary plists have no XML for the DTD: their own reader checks them (verifyBinaryPlist).
  const checks = all.filter((c) => !isBinaryPlistText(c.artifact.contents));
  const docs = checks.map((c) => forXmllint(c.shape === 'fragment' ? wrapFragment(c.artifact.contents) : c.artifact.contents));
  const results = await validatePlistDocuments(docs);
  const xml = checks.map((c, i) => {
    const { artifact } = c;
    const options = { shape: c.shape, file: artifact.fileName, target: artifact.target, ...(c.maxBytes ? { maxBytes: c.maxBytes } : {}) };
    const dtd = dtdDiagnostics(results[i]!, artifact, c.shape === 'fragment' ? WRAP_LINES : 0);
    if (!results[i]!.checked) return dtd; // never read as well-formed what libxml2 did not finish
    if (results[i]!.errors.some((e) => e.parser)) {
      // libxml2 reports well-formedness problems with their exact position; keep its report
      // and only the semantic findings that do not restate it (a fragment's shape, the size).
      return [...dtd, ...checkPlistSemantics(artifact.contents, options).filter((d) => d.code !== PLIST_XML_CODE)];
    }
    // libxml2 parsed it: read it once, without a second well-formedness pass, for both checks.
    const read = readPlistText(artifact.contents, { knownWellFormed: true });
    const out = [...dtd, ...checkPlistSemantics(artifact.contents, options, read)];
    if (!out.some((d) => d.severity === 'error')) out.push(...keyDiagnostics(read, artifact));
    return out;
  });
  let next = 0;
  return all.map((c) => (isBinaryPlistText(c.artifact.contents) ? verifyBinaryPlist(c) : xml[next++]!));
}

/**
 * A plist's text as xmllint gets it: the text is already decoded (a UTF-16 file included,
 * src/targets/artifact-bytes.ts) and reaches libxml2 as UTF-8, so a declaration naming UTF-16
 * would make it reject the document for a mismatch that is not in the file.
 */
function forXmllint(text: string): string {
  return text.replace(/^(<\?xml[^>]*?encoding\s*=\s*)(["'])UTF-16(?:LE|BE)?\2/i, '$1$2UTF-8$2');
}

/**
 * Checks a binary plist: it reads (bounds, references, types), its root is a dict, its size is
 * within the limit, and each key and value is one Jabber for iOS takes. Positions are line 1 and
 * the byte offset + 1 of the object.
 */
function verifyBinaryPlist(c: PlistCheck): Diagnostic[] {
  const { artifact } = c;
  const at = (offset: number) => ({ file: artifact.fileName, line: 1, column: offset + 1, target: artifact.target });
  const bytes = binaryPlistBytes(artifact.contents);
  const out: Diagnostic[] = [];
  if (c.shape === 'fragment') {
    out.push(diagnostic('error', 'plist-fragment-shape', 'A dict fragment is XML text (a bare <dict>); this is a binary property list. Convert it to XML (plutil -convert xml1).', at(0)));
  }
  if (c.maxBytes && bytes.length > c.maxBytes.bytes) {
    out.push(diagnostic('error', 'plist-too-large', `The property list is ${bytes.length} bytes; ${c.maxBytes.source} allows at most ${c.maxBytes.bytes}.`, at(0)));
  }
  const read = readBinaryPlist(bytes);
  for (const p of read.problems) out.push(diagnostic('error', 'plist-binary', `The binary property list ${p.message} (at byte ${p.offset}).`, at(p.offset)));
  if (read.type !== undefined && read.type !== 'dict') {
    out.push(diagnostic('error', 'plist-root', `A managed app configuration is a dict; this binary property list holds a ${read.type}.`, at(0)));
  }
  if (!out.some((d) => d.severity === 'error')) {
    for (const k of read.keys ?? []) out.push(...iosKeyDiagnostics(k.key, k.value, at(k.offset)));
  }
  return out;
}

/** Most documents whose DTD result is kept: a chunk's plists many times over. */
const MAX_KEPT_RESULTS = 4096;
/** libxml2's result per document (by SHA-256 of its text), least recently used out first. */
const keptResults = new Map<string, Promise<XmlCheckResult>>();

/**
 * The DTD results of `docs`, checking only the documents not yet checked. ios-plist, ios-dict
 * (once wrapped) and the ios-ddm plist of a profile are the same bytes, and a chunk verifies the
 * three targets side by side: the first call checks, the others wait for its results. The
 * result depends only on the text and the fixed DTD, so reusing it for identical bytes weakens
 * no check; a document the checker failed on (not checked) is never kept.
 */
async function validatePlistDocuments(docs: readonly string[]): Promise<XmlCheckResult[]> {
  const keys = docs.map((d) => createHash('sha256').update(d, 'utf8').digest('base64'));
  const mine = new Map<string, Promise<XmlCheckResult>>();
  const fresh = new Map<string, number>(); // key -> index in this call's run
  const run: string[] = [];
  keys.forEach((key, i) => {
    const kept = keptResults.get(key);
    if (kept) {
      mine.set(key, kept);
      keptResults.delete(key); // re-inserted last: most recently used
      keptResults.set(key, kept);
    } else if (!fresh.has(key)) {
      fresh.set(key, run.length);
      run.push(docs[i]!);
    }
  });
  if (run.length > 0) {
    const running = checkXmlDocuments(run, { kind: 'dtd', file: schemaFile(PLIST_DTD) });
    for (const [key, j] of fresh) {
      const result = running.then((r) => r[j]!);
      mine.set(key, result);
      keptResults.set(key, result);
      // A run that throws (the DTD does not compile) or a document not checked is not kept.
      const forget = () => {
        if (keptResults.get(key) === result) keptResults.delete(key);
      };
      result.then((r) => (r.checked ? undefined : forget()), forget);
    }
    while (keptResults.size > MAX_KEPT_RESULTS) keptResults.delete(keptResults.keys().next().value!);
  }
  return Promise.all(keys.map((key) => mine.get(key)!));
}

/** Wraps a bare dict in a plist document for the DTD check. */
export function wrapFragment(fragment: string): string {
  return `${WRAP_HEAD}${fragment}${fragment.endsWith('\n') ? '' : '\n'}</plist>\n`;
}

function dtdDiagnostics(result: XmlCheckResult, artifact: Artifact, shift: number): Diagnostic[] {
  return result.errors.map((e) => {
    const line = e.line > shift ? e.line - shift : 0;
    // libxml2 gives validity findings a line only: they are placed at its column 1.
    const at = { file: artifact.fileName, line, column: line > 0 ? Math.max(e.column, 1) : 0, target: artifact.target };
    if (!result.checked) return diagnostic('error', 'internal-error', `This property list was ${e.message}.`, at);
    if (e.parser) return diagnostic('error', PLIST_XML_CODE, `The property list is not well-formed XML: ${cleanMessage(e.message)}.`, at);
    return diagnostic('error', 'plist-dtd', `Does not follow Apple's property list DTD (PropertyList-1.0.dtd): ${cleanMessage(e.message)}.`, at);
  });
}

/** Drops libxml2's category prefixes ("parser error :", "Schemas validity error :"). */
export function cleanMessage(message: string): string {
  return message
    .replace(/^(?:element [^:]+: )?(?:parser error|Schemas validity error|validity error|namespace error)\s*:\s*/, '')
    .replace(/\.$/, '');
}

/** Catalog checks of every top-level key and value (unknown keys, keys iOS does not read, values Jabber does not take). */
function keyDiagnostics(read: PlistRead, artifact: Artifact): Diagnostic[] {
  if (read.object?.name !== 'dict') return [];
  return dictPairs(read.object)
    .filter((pair) => pair.value !== undefined)
    .flatMap((pair) => iosKeyDiagnostics(pair.key, plistValue(pair.value!), { file: artifact.fileName, line: pair.line, column: pair.column, target: artifact.target }));
}
