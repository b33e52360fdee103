import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node as YamlNode,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { diagnostic, pointerToken, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js';
import type { SourceEntry, SourceNode } from './source-tree.js';

/** Limits that keep hostile files from exhausting memory, time or the stack. */
export interface LoadOptions {
  /** Largest file read, in bytes (default 5 MiB); checked with stat before reading. */
  maxBytes?: number;
  /** Deepest nesting of mappings and lists (default 64; a real profile needs 4). */
  maxDepth?: number;
  /** Most nodes produced by expanding aliases, the defence against "billion laughs" (default 10,000). */
  maxAliasNodes?: number;
}

/** Defaults for LoadOptions. */
export const LOAD_LIMITS: Required<LoadOptions> = {
  maxBytes: 5 * 1024 * 1024,
  maxDepth: 64,
  maxAliasNodes: 10_000,
};

/** One parsed profile file: its positioned tree (absent when unreadable) and what went wrong. */
export interface LoadedProfile {
  /** The file as the caller named it; every position in the tree refers to it. */
  file: string;
  root?: SourceNode;
  diagnostics: Diagnostic[];
}

/**
 * Reads and parses one profile file (YAML, or JSON when it ends in `.json`) into a positioned
 * tree. Every problem, from a missing file to an alias bomb, is a diagnostic; it never throws.
 */
export async function loadProfile(file: string, opts: LoadOptions = {}): Promise<LoadedProfile> {
  const maxBytes = opts.maxBytes ?? LOAD_LIMITS.maxBytes;
  const at = { file, line: 0, column: 0, pointer: '' };
  const fail = (code: string, message: string): LoadedProfile => ({
    file,
    diagnostics: [diagnostic('error', code, message, at)],
  });
  let bytes: Buffer;
  try {
    // stat before open: open(2) of a FIFO blocks until a writer comes, and a 10 GB file must be
    // refused without reading it. Synchronous on purpose: a profile is a few hundred bytes, and
    // the promise API's thread-pool round trips (open, fstat, read, close) cost more than the
    // parse; measured over 20,000 profiles.
    const info = statSync(file);
    if (!info.isFile()) return fail('read-error', NOT_REGULAR);
    if (info.size > maxBytes) return fail('too-large', tooLargeMessage(info.size, maxBytes));
    // O_NONBLOCK: should the path become a FIFO between stat and open, open returns at once
    // (fstat below then refuses it); reads of a regular file ignore the flag. Not on Windows.
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile()) return fail('read-error', NOT_REGULAR);
      if (opened.size > maxBytes) return fail('too-large', tooLargeMessage(opened.size, maxBytes));
      bytes = readAtMost(fd, opened.size, maxBytes + 1);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail('path-not-found', 'The file does not exist.');
    return fail('read-error', `The file cannot be read (${code ?? (err as Error).message}).`);
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes) return fail('too-large', tooLargeMessage(bytes.length, maxBytes));
  return parseProfileBytes(bytes, file, opts);
}

/** Reads until end of file or `limit` bytes, whichever comes first (the file may grow after fstat). */
function readAtMost(fd: number, expected: number, limit: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(expected + 1, limit));
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      if (buf.length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit));
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
    }
    const n = readSync(fd, buf, length, buf.length - length, null);
    if (n === 0) break;
    length += n;
  }
  return buf.subarray(0, length);
}

const NOT_REGULAR = 'This is not a regular file (a folder, a pipe or a device?); name a profile file.';

function tooLargeMessage(size: number, max: number): string {
  return `The file is ${size} bytes; files larger than ${max} bytes are not read (a profile is a few hundred bytes).`;
}

/** Decodes file bytes as UTF-8 text and parses them; binary or non-UTF-8 input is `not-text`. */
export function parseProfileBytes(bytes: Uint8Array, file: string, opts: LoadOptions & { json?: boolean } = {}): LoadedProfile {
  const notText = (message: string, pos?: { line: number; column: number }): LoadedProfile => ({
    file,
    diagnostics: [diagnostic('error', 'not-text', message, { file, line: pos?.line ?? 0, column: pos?.column ?? 0, pointer: '' })],
  });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return notText('The file is UTF-16 text; save it as UTF-8.', { line: 1, column: 1 });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    return notText('The file is not UTF-8 text (a binary file, or another encoding); save it as UTF-8.', offsetPosition(loose, loose.indexOf('\uFFFD')));
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) return notText('The file contains NUL bytes: it is a binary file, not a profile.', offsetPosition(text, nul));
  return parseProfileText(text, file, { ...opts, json: opts.json ?? extname(file).toLowerCase() === '.json' });
}

function offsetPosition(text: string, offset: number): { line: number; column: number } {
  if (offset < 0) return { line: 1, column: 1 };
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parses profile text. JSON goes through JSON.parse first (strict syntax, its error position),
 * then through the YAML parser like YAML does, for positions. Never throws.
 */
export function parseProfileText(text: string, file: string, opts: LoadOptions & { json?: boolean } = {}): LoadedProfile {
  const limits = { ...LOAD_LIMITS, ...stripUndefined(opts) };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lc = new LineCounter();
  const pos = (offset: number): SourcePosition => {
    const p = lc.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, at: SourcePosition, pointer = ''): void => {
    diagnostics.push(diagnostic('error', code, message, { ...at, pointer }));
  };
  try {
    // The parser (lexer + CST) is iterative; only composing the document recurses. So the depth
    // is measured on the CST first: a 20,000-deep file never reaches the recursive part. (A
    // stack overflow there is not merely a RangeError: should V8 have to compile a regular
    // expression at that depth, yaml's line unfolding for one, it aborts the whole process,
    // RegExpCompiler::ToNodeCheckForStackOverflow. src/export/names.ts guards the same way.)
    const tokens = [...new Parser(lc.addNewLine).parse(text)];
    const deep = tooDeepOffset(tokens, limits.maxDepth);
    if (deep !== undefined) {
      error('too-deep', `Nesting deeper than ${limits.maxDepth} levels; a profile needs at most 4. Is this a profile?`, pos(deep));
      return { file, diagnostics };
    }
    if (opts.json) {
      const jsonError = jsonSyntaxError(text);
      if (jsonError) {
        error('parse-error', `JSON syntax error: ${jsonError.message}.`, pos(jsonError.offset ?? text.length));
        return { file, diagnostics };
      }
    }
    const composer = new Composer({ uniqueKeys: false, prettyErrors: false, version: '1.2' });
    const docs = [...composer.compose(tokens, true, text.length)];
    const doc = docs[0];
    if (docs.length > 1) {
      error('multiple-documents', 'The file holds more than one YAML document (a second `---`); put each profile in its own file.', pos(docs[1]!.range[0]));
    }
    if (doc && doc.errors.length > 0) {
      for (const e of doc.errors.slice(0, 10)) {
        const what = opts.json ? 'JSON' : 'YAML';
        error('parse-error', `${what} syntax error: ${e.message.replace(/\.$/, '')}.`, pos(e.pos[0]));
      }
      return { file, diagnostics };
    }
    if (!doc || doc.contents === null) {
      error('empty-file', 'The file is empty; a profile needs at least `name` and `settings`.', { file, line: 1, column: 1 });
      return { file, diagnostics };
    }
    const root = new TreeBuilder(doc, pos, limits, diagnostics).build(doc.contents, '', 0, pos(doc.contents.range?.[0] ?? 0));
    return { file, root, diagnostics };
  } catch (err) {
    // Defence in depth: nothing a file contains may surface as a stack trace.
    if (err instanceof RangeError) error('too-deep', 'The file is nested too deeply to read.', { file, line: 1, column: 1 });
    else error('parse-error', `The file cannot be parsed: ${(err as Error).message}`, { file, line: 1, column: 1 });
    return { file, diagnostics };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Offset of the first collection nested deeper than `max` in a YAML CST (yaml's `Parser` output),
 * walking it with an explicit stack; undefined when none is. Check this before composing: the
 * composer recurses once per level.
 */
export function tooDeepOffset(tokens: CST.Token[], max: number): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= max) return token.offset;
      for (const item of token.items as CST.CollectionItem[]) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** JSON.parse's verdict, with its message cleaned of file content (it may quote a secret). */
function jsonSyntaxError(text: string): { message: string; offset?: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const raw = (err as Error).message;
    const m = /at position (\d+)/.exec(raw);
    let message = raw.split(/ in JSON at position| in JSON$|, ".*" is not valid JSON/s)[0]!.trim();
    if (message.includes('"') || message.length > 80) message = 'not valid JSON';
    return m ? { message, offset: Number(m[1]) } : { message };
  }
}

/** Prefix of the tags YAML itself defines (`!!str` is short for `tag:yaml.org,2002:str`). */
const CORE_TAG_PREFIX = 'tag:yaml.org,2002:';

/** The YAML 1.2 core schema's tags, each with the nodes it may stand on. */
const CORE_TAGS = new Map<string, (node: unknown) => boolean>([
  [`${CORE_TAG_PREFIX}str`, (n) => isScalar(n) && typeof n.value === 'string'],
  [`${CORE_TAG_PREFIX}int`, (n) => isScalar(n) && Number.isInteger(n.value)],
  [`${CORE_TAG_PREFIX}float`, (n) => isScalar(n) && typeof n.value === 'number'],
  [`${CORE_TAG_PREFIX}bool`, (n) => isScalar(n) && typeof n.value === 'boolean'],
  [`${CORE_TAG_PREFIX}null`, (n) => isScalar(n) && n.value === null],
  [`${CORE_TAG_PREFIX}map`, (n) => isMap(n)],
  [`${CORE_TAG_PREFIX}seq`, (n) => isSeq(n)],
]);

/** Builds the positioned tree from the YAML AST, resolving aliases itself, within the limits. */
class TreeBuilder {
  private readonly anchors = new Map<string, YamlNode>();
  private readonly expanding = new Set<YamlNode>();
  private aliasNodes = 0;
  private aliasDepth = 0;
  private aliasBombReported = false;
  /** Tagged nodes already reported (an alias may repeat one many times). */
  private readonly tagReported = new Set<YamlNode>();
  /** Where the outermost alias being expanded was written: alias problems are reported there. */
  private aliasAt: { pos: SourcePosition; pointer: string } | undefined;

  constructor(
    private readonly doc: Document,
    private readonly pos: (offset: number) => SourcePosition,
    private readonly limits: Required<LoadOptions>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private error(code: string, message: string, at: SourcePosition, pointer: string): void {
    this.diagnostics.push(diagnostic('error', code, message, { ...at, pointer }));
  }

  /** Converts one AST node; `pointer` is its JSON pointer, `depth` its nesting level. */
  build(node: unknown, pointer: string, depth: number, fallback: SourcePosition): SourceNode {
    const here = (node as YamlNode | null)?.range ? this.pos((node as YamlNode).range![0]) : fallback;
    if (node === null || node === undefined) return { kind: 'scalar', value: null, text: '', pos: fallback };
    if (this.aliasDepth > 0 && ++this.aliasNodes > this.limits.maxAliasNodes) {
      if (!this.aliasBombReported) {
        this.aliasBombReported = true;
        this.error('too-many-aliases', `Aliases expand to more than ${this.limits.maxAliasNodes} values (a "billion laughs" file?); expansion stopped.`, this.aliasAt?.pos ?? here, this.aliasAt?.pointer ?? pointer);
      }
      return { kind: 'invalid', pos: here };
    }
    if (depth > this.limits.maxDepth) {
      this.error('too-deep', `Nesting deeper than ${this.limits.maxDepth} levels (through aliases).`, this.aliasAt?.pos ?? here, this.aliasAt?.pointer ?? pointer);
      return { kind: 'invalid', pos: here };
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, node as YamlNode);
    const tagProblem = this.tagProblem(node);
    if (tagProblem !== undefined) {
      // Once per node, however many aliases repeat it.
      if (!this.tagReported.has(node as YamlNode)) {
        this.tagReported.add(node as YamlNode);
        this.error('invalid-type', tagProblem, here, pointer);
      }
      return { kind: 'invalid', pos: here };
    }

    if (isAlias(node)) {
      // Aliases refer to the last anchor of that name before them; we walk in document order.
      const target = this.anchors.get(node.source);
      if (!target) {
        this.error('parse-error', `YAML syntax error: alias *${node.source} refers to no anchor &${node.source} before it.`, here, pointer);
        return { kind: 'invalid', pos: here };
      }
      if (this.expanding.has(target)) {
        this.error('parse-error', `YAML syntax error: alias *${node.source} refers to the value that contains it.`, here, pointer);
        return { kind: 'invalid', pos: here };
      }
      if (this.aliasDepth === 0) this.aliasAt = { pos: here, pointer };
      this.aliasDepth += 1;
      try {
        return this.build(target, pointer, depth, here);
      } finally {
        this.aliasDepth -= 1;
      }
    }
    if (isMap(node) || isSeq(node)) {
      // Collections on the current path: an alias to one of them would expand forever.
      this.expanding.add(node);
      try {
        return this.buildCollection(node, pointer, depth, here);
      } finally {
        this.expanding.delete(node);
      }
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
        const text = typeof v === 'string' ? v : (node.source ?? String(v));
        const scalar: SourceNode = { kind: 'scalar', value: v, text, pos: here };
        const column = typeof v === 'string' ? this.textColumn(node, v) : undefined;
        if (column !== undefined) scalar.textColumn = column;
        return scalar;
      }
      const tag = (node.tag ?? typeof v).replace('tag:yaml.org,2002:', '!!');
      this.error('invalid-type', `This value (${tag}) is not text, a number or a boolean; write it as plain text.`, here, pointer);
      return { kind: 'invalid', pos: here };
    }
    this.error('invalid-type', 'Unsupported YAML node.', here, pointer);
    return { kind: 'invalid', pos: here };
  }

  private buildCollection(node: YAMLMap | YAMLSeq, pointer: string, depth: number, here: SourcePosition): SourceNode {
    if (isMap(node)) {
      const entries = new Map<string, SourceEntry>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyPos = keyNode?.range ? this.pos(keyNode.range[0]) : here;
        const key = this.keyText(keyNode, keyPos, pointer);
        if (key === undefined) continue;
        const valueNode = pair.value as YamlNode | null;
        const childPointer = `${pointer}/${pointerToken(key)}`;
        // `Key:` with nothing after it: point at the key, not at wherever the empty value "starts".
        const emptyValue = !valueNode || (isScalar(valueNode) && valueNode.value === null && !valueNode.source);
        const value = emptyValue
          ? ({ kind: 'scalar', value: null, text: '', pos: keyPos } as const)
          : this.build(valueNode, childPointer, depth + 1, keyPos);
        const first = entries.get(key);
        if (first) {
          this.error('duplicate-key', `Duplicate key ${key}: it is already set at line ${first.keyPos.line}; remove one of them (YAML tools disagree on which one wins).`, keyPos, childPointer);
          continue;
        }
        entries.set(key, { key, keyPos, value });
      }
      return { kind: 'mapping', entries, pos: here };
    }
    return { kind: 'sequence', items: node.items.map((item, i) => this.build(item, `${pointer}/${i}`, depth + 1, here)), pos: here };
  }

  private keyText(keyNode: YamlNode | null, at: SourcePosition, pointer: string): string | undefined {
    let node: unknown = keyNode;
    if (isAlias(node)) node = this.anchors.get(node.source);
    const tagProblem = this.tagProblem(node);
    if (tagProblem !== undefined) {
      this.error('invalid-key', `Keys must be plain names such as ServicesDomain. ${tagProblem}`, at, pointer);
      return undefined;
    }
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') {
      return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    }
    this.error('invalid-key', 'Keys must be plain names such as ServicesDomain, not lists, mappings or empty values.', at, pointer);
    return undefined;
  }

  /**
   * Why a node's explicit YAML tag is refused, or undefined when it has none or a harmless one.
   * A tag asks the reader to construct something (`!!binary` bytes, js-yaml's `!!js/function`
   * code, an application's `!custom` object); the yaml library takes an unknown tag silently as
   * its text, so the admin would get something other than what they wrote. Only the YAML 1.2
   * core schema's own tags are read (yaml.org/spec/1.2.2 §10.3), and only on values they fit
   * (`!!int abc` is refused, not read as text).
   */
  private tagProblem(node: unknown): string | undefined {
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag === undefined) return undefined;
    const fits = CORE_TAGS.get(tag);
    const shown = tag.replace(CORE_TAG_PREFIX, '!!');
    const name = shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
    if (fits === undefined) {
      return `The YAML tag ${name} is not read: jabber-emm neither runs nor converts tagged values. Remove the tag and write the value as plain text.`;
    }
    return fits(node) ? undefined : `The YAML tag ${name} does not fit this value; remove the tag and write the value as plain text.`;
  }

  /** Column of the value's first character when the value is written verbatim on one line. */
  private textColumn(node: YamlNode & { type?: string }, value: string): number | undefined {
    const range = node.range;
    if (!range || value.includes('\n')) return undefined;
    const start = this.pos(range[0]);
    if (node.type === 'PLAIN') return range[1] - range[0] === value.length && value.length > 0 ? start.column : undefined;
    if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && range[1] - range[0] === value.length + 2) {
      // Same length as quote + value + quote: no escapes, so characters map one to one.
      return start.column + 1;
    }
    return undefined;
  }
}
