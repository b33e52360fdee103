/**
 * One persistent libxml2 (libxml2-wasm) per thread: every XML check of the program goes through
 * here. Documents are parsed with XML_PARSE_NONET | XML_PARSE_NO_XXE (nothing is fetched, no
 * external entity is loaded), checked against an XSD or a DTD compiled once per thread (kept by
 * the grammar's text) and disposed at once. Errors keep libxml2's line and, where libxml2 gives
 * one, column.
 *
 * A WebAssembly fault (an out-of-bounds access, an abort) leaves the instance in an unknown
 * state: it is dropped, the document being checked is reported as not checked (`checked:
 * false`), and the rest of the batch goes on in a fresh instance. The build bundles
 * libxml2-wasm into one file (dist/vendor/libxml2.mjs) so that a fresh instance is a fresh
 * module evaluation (`?instance=N`); without that file (a source checkout before its first
 * build) the package is imported directly and a fault cannot be recovered from: every later
 * document of the process is reported as not checked.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

/** One grammar file: the main schema first, then the files it includes or imports. */
export interface SchemaFile {
  /** Name the schema is known by (and resolved by in xs:include / xs:import). */
  fileName: string;
  contents: string;
}

/** What documents are checked against: an XML Schema, a DTD, or nothing (well-formedness only). */
export type XmlGrammar = { kind: 'xsd'; files: readonly SchemaFile[] } | { kind: 'dtd'; file: SchemaFile } | { kind: 'none' };

/** One problem libxml2 reported in a document. */
export interface XmlCheckError {
  /** 1-based line in the document, or 0 when libxml2 gave none. */
  line: number;
  /** 1-based column, or 0 when libxml2 gave none (it gives none for validity errors). */
  column: number;
  /** libxml2's message, one line, without a trailing newline. */
  message: string;
  /** True for a well-formedness (parser) error, false for a validity error. */
  parser: boolean;
}

/** Outcome for one document, in input order. */
export interface XmlCheckResult {
  valid: boolean;
  errors: XmlCheckError[];
  /** False when the checker failed on this document (a WebAssembly fault): it was NOT checked. */
  checked: boolean;
}

/** The grammar could not be compiled (a broken XSD or DTD): nothing was checked. */
export class XmlGrammarError extends Error {
  /** libxml2's report, one message a line. */
  readonly output: string;
  constructor(output: string) {
    super(`the schema could not be compiled: ${output.split('\n').filter((l) => l.trim() !== '').slice(0, 3).join(' | ')}`);
    this.name = 'XmlGrammarError';
    this.output = output;
  }
}

/** Called with each parsed, valid document before it is disposed (to read it without parsing it again). */
export type DocumentVisitor = (doc: Libxml2Document, index: number) => void;

/** The part of libxml2-wasm this layer uses (typed loosely: each instance has its own classes). */
type Libxml2Module = typeof import('libxml2-wasm');
/** A parsed document of some instance. */
export type Libxml2Document = InstanceType<Libxml2Module['XmlDocument']>;

interface Validator {
  validate(doc: Libxml2Document): void;
}

interface Instance {
  lib: Libxml2Module;
  generation: number;
  options: number;
  grammars: Map<string, Validator | XmlGrammarError>;
  /** Schema files served to xs:include, by the path the main schema is parsed under. */
  provider: InstanceType<Libxml2Module['XmlBufferInputProvider']>;
}

/** The single-file bundle the build writes; beside src/ and dist/ alike (both one level down). */
const BUNDLE = new URL('../../dist/vendor/libxml2.mjs', import.meta.url);
/** Faults tolerated in one call before the rest of its documents are reported as not checked. */
const MAX_FAULTS_PER_CALL = 3;

let current: Promise<Instance> | undefined;
let generation = 0;
let unrecoverable = false;
let liftoffSet = false;
/** Test hook: runs before each document is checked, with the instance's module (fault injection). */
let beforeDocument: ((lib: Libxml2Module, text: string) => void) | undefined;

/**
 * Sets a hook run before each document is checked (tests inject WebAssembly faults with it);
 * undefined removes it.
 */
export function setBeforeDocumentHook(hook: ((lib: Libxml2Module, text: string) => void) | undefined): void {
  beforeDocument = hook;
}

/** How many libxml2 instances this thread has started (1 until a fault replaced one). */
export function instancesStarted(): number {
  return generation;
}

async function instance(): Promise<Instance> {
  current ??= load();
  return current;
}

async function load(): Promise<Instance> {
  if (!liftoffSet) {
    // libxml2's ~800 KB of WebAssembly would otherwise be recompiled by TurboFan in the
    // background for ~650 ms, which a one-profile export waits for; the baseline tier is fast
    // enough for these small documents (bench/RESULTS.md).
    v8.setFlagsFromString('--liftoff-only');
    liftoffSet = true;
  }
  generation += 1;
  let lib: Libxml2Module;
  if (existsSync(fileURLToPath(BUNDLE))) {
    lib = (await importModule(`${BUNDLE.href}?instance=${generation}`)) as Libxml2Module;
  } else {
    if (generation > 1) unrecoverable = true;
    lib = await import('libxml2-wasm');
  }
  const provider = new lib.XmlBufferInputProvider({});
  lib.xmlRegisterInputProvider(provider);
  return {
    lib,
    generation,
    options: lib.ParseOption.XML_PARSE_NONET | lib.ParseOption.XML_PARSE_NO_XXE,
    grammars: new Map(),
    provider,
  };
}

/**
 * import(), or the one bin/run.js provides: the bundled CLI runs as a script compiled with a V8
 * code cache, where import() itself is not available.
 */
function importModule(specifier: string): Promise<unknown> {
  const provided = (globalThis as Record<symbol, unknown>)[Symbol.for('jabber-emm.import')] as ((s: string) => Promise<unknown>) | undefined;
  return provided ? provided(specifier) : import(specifier);
}

/** Drops a faulted instance; the next document starts a fresh one. */
function retire(inst: Instance): void {
  if (current !== undefined && inst.generation === generation) current = undefined;
}

/** Whether an exception is libxml2 reporting on the input (not a fault of the instance). */
function isLibxmlReport(lib: Libxml2Module, e: unknown): boolean {
  return e instanceof lib.XmlError;
}

/**
 * Checks `docs` against `grammar`, one result per document in input order. Throws
 * XmlGrammarError when the grammar does not compile. `visit` sees each document that passed,
 * before it is disposed.
 */
export async function checkXmlDocuments(docs: readonly string[], grammar: XmlGrammar, visit?: DocumentVisitor): Promise<XmlCheckResult[]> {
  const results: XmlCheckResult[] = [];
  const key = grammar.kind === 'none' ? '' : grammarKey(grammar);
  let faults = 0;
  for (let i = 0; i < docs.length; i += 1) {
    if (unrecoverable || faults >= MAX_FAULTS_PER_CALL) {
      results.push(notChecked('the XML checker failed earlier in this run'));
      continue;
    }
    const inst = await instance();
    if (unrecoverable) {
      results.push(notChecked('the XML checker failed earlier in this run and cannot be restarted here'));
      continue;
    }
    try {
      const validator = compiled(inst, grammar, key);
      if (validator instanceof XmlGrammarError) throw validator;
      results.push(checkOne(inst, docs[i]!, validator, visit, i));
    } catch (e) {
      if (e instanceof XmlGrammarError) throw e;
      // Anything else thrown from inside libxml2 is a fault: the instance cannot be trusted.
      faults += 1;
      retire(inst);
      results.push(notChecked(faultText(e)));
      if (process.env.DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    }
  }
  return results;
}

function notChecked(why: string): XmlCheckResult {
  return { valid: false, checked: false, errors: [{ line: 0, column: 0, message: `not checked: ${why}`, parser: false }] };
}

function faultText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return `the XML checker (libxml2 in WebAssembly) failed on this document (${message.split('\n')[0]}); it was restarted`;
}

function checkOne(inst: Instance, text: string, validator: Validator | undefined, visit: DocumentVisitor | undefined, index: number): XmlCheckResult {
  const { lib } = inst;
  beforeDocument?.(lib, text);
  let doc: Libxml2Document;
  try {
    doc = parseText(lib, text, inst.options);
  } catch (e) {
    if (!isLibxmlReport(lib, e)) throw e;
    return { valid: false, checked: true, errors: reportErrors(e, true) };
  }
  try {
    if (validator) {
      try {
        validator.validate(doc);
      } catch (e) {
        if (!isLibxmlReport(lib, e)) throw e;
        return { valid: false, checked: true, errors: reportErrors(e, false) };
      }
    }
    visit?.(doc, index);
    return { valid: true, checked: true, errors: [] };
  } finally {
    doc.dispose();
  }
}

/** Any UTF-16 surrogate: such text goes through libxml2-wasm's own string path. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Parses `text` from the same UTF-8 bytes libxml2-wasm's fromString would copy in, encoded by
 * Node (Buffer) instead of its JavaScript loop (~0.15 ms per profile, bench/RESULTS.md). Both
 * end in xmlCtxtReadMemory with no URL and no encoding. Text with a surrogate keeps fromString
 * (for a lone one the two encoders write different bytes), and so does empty text (fromString
 * passes no buffer at all, which libxml2 reports differently from an empty one).
 */
function parseText(lib: Libxml2Module, text: string, option: number): Libxml2Document {
  if (text === '' || SURROGATE.test(text)) return lib.XmlDocument.fromString(text, { option });
  return lib.XmlDocument.fromBuffer(Buffer.from(text, 'utf8'), { option });
}

interface ErrorDetailLike {
  message: string;
  line: number;
  col: number;
}

function reportErrors(e: unknown, parser: boolean): XmlCheckError[] {
  const details = ((e as { details?: ErrorDetailLike[] }).details ?? []).filter((d) => d.message.trim() !== '');
  if (details.length === 0) {
    return [{ line: 0, column: 0, message: (e as Error).message.trim() || (parser ? 'not well-formed' : 'fails to validate'), parser }];
  }
  return details.map((d) => ({ line: d.line, column: d.col > 0 ? d.col : 0, message: d.message.trim().replace(/\s*\n\s*/g, ' '), parser }));
}

/** Grammar keys by the (usually long-lived) file object, so a schema's text is hashed once. */
const keyByFile = new WeakMap<SchemaFile, string>();

/** The cache key of a grammar: a hash of its kind, file names and texts. */
function grammarKey(grammar: Exclude<XmlGrammar, { kind: 'none' }>): string {
  const files = grammar.kind === 'xsd' ? grammar.files : [grammar.file];
  const hash = createHash('sha256');
  hash.update(grammar.kind);
  for (const f of files) {
    let k = keyByFile.get(f);
    if (k === undefined || !k.startsWith(`${f.fileName.length}:${f.fileName}:${f.contents.length}:`)) {
      k = `${f.fileName.length}:${f.fileName}:${f.contents.length}:${createHash('sha256').update(f.contents, 'utf8').digest('hex')}`;
      keyByFile.set(f, k);
    }
    hash.update(`\0${k}`);
  }
  return hash.digest('hex');
}

/** The compiled grammar, from this instance's cache (kept by the grammar's text). */
function compiled(inst: Instance, grammar: XmlGrammar, key: string): Validator | XmlGrammarError | undefined {
  if (grammar.kind === 'none') return undefined;
  let v = inst.grammars.get(key);
  if (v === undefined) {
    v = compile(inst, grammar, key);
    inst.grammars.set(key, v);
  }
  return v;
}

function compile(inst: Instance, grammar: Exclude<XmlGrammar, { kind: 'none' }>, key: string): Validator | XmlGrammarError {
  const { lib } = inst;
  try {
    if (grammar.kind === 'dtd') {
      return new lib.DtdValidator(lib.XmlDtd.fromString(grammar.file.contents));
    }
    const [main, ...parts] = grammar.files;
    if (!main) throw new Error('an XML Schema grammar needs at least one schema file');
    // The main schema is parsed under a path of its own; xs:include/xs:import of a sibling
    // name resolve beside it, where the provider serves the other files (nothing on disk).
    const dir = `/jabber-emm-schemas/${key.slice(0, 16)}/`;
    const encoder = new TextEncoder();
    for (const p of parts) inst.provider.addBuffer(dir + p.fileName, encoder.encode(p.contents));
    // The schema document stays alive with its validator (kept for the life of the instance).
    const doc = lib.XmlDocument.fromString(main.contents, { option: inst.options, url: dir + main.fileName });
    return lib.XsdValidator.fromDoc(doc);
  } catch (e) {
    if (!isLibxmlReport(lib, e)) throw e;
    return new XmlGrammarError(reportErrors(e, false).map((x) => (x.line > 0 ? `${x.line}: ${x.message}` : x.message)).join('\n'));
  }
}
