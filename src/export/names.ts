import { Composer, CST, LineCounter, Parser, type Document } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readRegularFile } from '../profile/files.js';
import { LOAD_LIMITS, tooDeepOffset } from '../profile/load.js';

/**
 * The cheap first pass of a batch export: read only each profile's `name`, so that two profiles
 * that would write into the same folder are found before anything is written. Memory holds one
 * name per file, nothing else.
 */

// Profiles are small; a file past this size is left to the validator, which reports it.
const NAME_SCAN_LIMIT = 1 << 20;

/** Reads the top-level `name` of a profile file without resolving it; undefined when absent or unreadable. */
export async function readRawName(file: string): Promise<{ name?: string; extends: boolean }> {
  const text = await readHead(file);
  if (text === undefined) return { extends: false };
  return scanRawName(text) ?? parseRawName(text);
}

/** A top-level key line: `key:` then a space, a tab or the end of the line. */
const TOP_KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
/** A name value YAML reads as exactly this string: a plain word, or a simple quoted one. */
const PLAIN_NAME = /^([A-Za-z][A-Za-z0-9._-]*)(?:[ \t]+#.*)?$/;
const QUOTED_NAME = /^(?:"([^"\\]*)"|'([^']*)')(?:[ \t]+#.*)?$/;
/** Plain words YAML 1.2 (core schema) reads as something other than a string. */
const NOT_A_STRING = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;

/**
 * The name pass without a YAML parse, for the plain block-mapping files profiles almost always
 * are (a batch parses every file again when it validates it, so parsing here too doubled the
 * YAML work). Returns undefined, and the caller parses, whenever the text has anything that could
 * make a line at column 0 mean something other than a top-level key: a directive or document
 * marker, a tab, a line that opens a quoted or flow value it does not close, a value that starts
 * with an anchor, alias, tag or block scalar indicator, a repeated `name`, or any column-0 line
 * that is not a simple key. test/unit/export-names.test.ts checks it against the YAML parse.
 */
export function scanRawName(text: string): { name?: string; extends: boolean } | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  let name: string | undefined;
  let nameLines = 0;
  let hasExtends = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.includes('\t') || line.includes('\r')) return undefined;
    // Quotes and brackets must close on the line they open (no multi-line flow or quoted value).
    if (!balanced(line)) return undefined;
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    // A single-quoted value opened and not closed on this line.
    if (/(?:^|^- |: )'(?:[^']|'')*$/.test(body)) return undefined;
    // An indented line belongs to the value above it (a block scalar's lines are all indented).
    if (line.length !== body.length) continue;
    const key = TOP_KEY.exec(line);
    if (!key) return undefined;
    const value = (key[2] ?? '').trim();
    if (/^[|>&*!%@`{[]/.test(value)) return undefined;
    if (key[1] === 'extends') hasExtends = true;
    if (key[1] !== 'name') continue;
    nameLines += 1;
    if (nameLines > 1) return undefined;
    const plain = PLAIN_NAME.exec(value);
    if (plain) {
      if (NOT_A_STRING.test(plain[1]!)) return undefined;
      name = plain[1]!;
      continue;
    }
    const quoted = QUOTED_NAME.exec(value);
    if (!quoted) return undefined;
    name = quoted[1] ?? quoted[2]!;
  }
  return { ...(name !== undefined ? { name } : {}), extends: hasExtends };
}

/** Double quotes come in pairs and square/curly brackets close on the line (outside comments). */
function balanced(line: string): boolean {
  let quotes = 0;
  let square = 0;
  let curly = 0;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (c === '"') quotes += 1;
    else if (c === '[') square += 1;
    else if (c === ']') square -= 1;
    else if (c === '{') curly += 1;
    else if (c === '}') curly -= 1;
  }
  return quotes % 2 === 0 && square === 0 && curly === 0;
}

/**
 * The first YAML document of `text` and whether another follows it, or undefined when the text
 * nests deeper than a profile may (the validator reports that file: too-deep). The depth is
 * measured on the CST, which is built iteratively, because the composer recurses once per level:
 * at the bottom of a 20,000-deep file the stack is gone, and that is worse than a RangeError:
 * should V8 have to compile a regular expression there (yaml's line unfolding, whose compiled
 * code V8 keeps or drops as its garbage collector goes), it aborts the process
 * (RegExpCompiler::ToNodeCheckForStackOverflow).
 */
function composeShallow(text: string): { doc: Document.Parsed; more: boolean } | undefined {
  const tokens = [...new Parser().parse(text)];
  if (tooDeepOffset(tokens, LOAD_LIMITS.maxDepth) !== undefined) return undefined;
  const docs = new Composer({ uniqueKeys: false, prettyErrors: false }).compose(tokens, true, text.length);
  const first = docs.next();
  if (first.done) return undefined;
  return { doc: first.value, more: docs.next().done !== true };
}

/** The name pass by a YAML parse (any file the scan above declines). */
function parseRawName(text: string): { name?: string; extends: boolean } {
  try {
    // YAML 1.2 reads JSON too; the alias limit keeps an alias bomb from costing anything here.
    const parsed = composeShallow(text);
    if (!parsed || parsed.more || parsed.doc.errors.length > 0) return { extends: false };
    const doc: unknown = parsed.doc.toJS({ maxAliasCount: 50 });
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { extends: false };
    const rec = doc as Record<string, unknown>;
    const name = Object.hasOwn(rec, 'name') && typeof rec.name === 'string' ? rec.name : undefined;
    return { ...(name !== undefined ? { name } : {}), extends: Object.hasOwn(rec, 'extends') };
  } catch {
    return { extends: false };
  }
}

async function readHead(file: string): Promise<string | undefined> {
  // Only regular files of a profile's size; the validator reports other files itself, this pass
  // just learns no name from them.
  return (await readRegularFile(file, NAME_SCAN_LIMIT))?.toString('utf8');
}

/** Names that more than one file uses, with the files, in first-seen order. */
export function findDuplicates(files: readonly string[], names: readonly (string | undefined)[]): { name: string; sources: string[] }[] {
  const first = new Map<string, number>();
  const dupes = new Map<string, string[]>();
  names.forEach((name, i) => {
    if (name === undefined) return;
    const at = first.get(name);
    if (at === undefined) {
      first.set(name, i);
      return;
    }
    const list = dupes.get(name) ?? [files[at]!];
    list.push(files[i]!);
    dupes.set(name, list);
  });
  return [...dupes].map(([name, sources]) => ({ name, sources }));
}

/**
 * The `duplicate-name` error for one file of a colliding group, at the position of its `name`
 * value when the file states it itself.
 */
export async function duplicateNameDiagnostic(source: string, name: string, sources: readonly string[]): Promise<Diagnostic> {
  const others = sources.filter((s) => s !== source);
  const message =
    `Another profile is also named "${name}" (${others.join(', ')}); both would write into the same folder. ` +
    'Give each profile its own name. Nothing was written.';
  return diagnostic('error', 'duplicate-name', message, { file: source, ...(await namePosition(source)), pointer: '/name' });
}

async function namePosition(file: string): Promise<{ line: number; column: number }> {
  const text = await readHead(file);
  if (text === undefined) return { line: 0, column: 0 };
  try {
    const lineCounter = new LineCounter();
    const offset = nameValueOffset(new Parser(lineCounter.addNewLine).parse(text));
    if (offset === undefined) return { line: 0, column: 0 };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  } catch {
    return { line: 0, column: 0 };
  }
}

/**
 * Offset of the first document's top-level `name` value, read from the CST alone: nothing is
 * composed, so however deep the rest of the file nests, no recursion runs (see composeShallow).
 */
function nameValueOffset(tokens: Iterable<CST.Token>): number | undefined {
  const ignore = (): void => {};
  for (const token of tokens) {
    if (token.type !== 'document') continue;
    const root = token.value;
    if (root?.type !== 'block-map' && !(root?.type === 'flow-collection' && root.start.type === 'flow-map-start')) return undefined;
    for (const item of root.items) {
      if (!CST.isScalar(item.key) || CST.resolveAsScalar(item.key, false, ignore)?.value !== 'name') continue;
      return CST.isScalar(item.value) ? item.value.offset : undefined;
    }
    return undefined;
  }
  return undefined;
}
