/**
 * Batched XML Schema validation with xmllint-wasm (libxml2 compiled to WebAssembly).
 *
 * Every call of xmllint-wasm starts a worker thread and compiles the WebAssembly module (about
 * 130 ms), so callers hand a whole batch to one call: the schema is compiled once per call and
 * the documents are validated one after the other inside it. Results come back per file.
 *
 * The xmllint-wasm 5.3.0 build has no DTD validation (`xmllint --version` lists no "Valid"
 * feature; `--dtdvalid`, `--valid` and `--postvalid` are "Unknown option"), so DTD-based formats
 * are checked through an XSD translation of their DTD (see schemas/ios/README.md).
 */

/** One schema document: the main schema first, then the files it includes or imports. */
export interface SchemaFile {
  /** Name the schema is known by in xmllint's in-memory file system (and in xs:include). */
  fileName: string;
  contents: string;
}

/** One problem xmllint reported in a document. */
export interface XmllintError {
  /** 1-based line in the document, or 0 when xmllint gave none. */
  line: number;
  /** xmllint's message without the file name and line (e.g. `Schemas validity error : ...`). */
  message: string;
  /** True for a well-formedness (parser) error, false for a validity error. */
  parser: boolean;
}

/** Outcome for one document of a batch, in input order. */
export interface XmllintResult {
  valid: boolean;
  errors: XmllintError[];
}

/** Tuning for large batches; the defaults suit thousands of small exports. */
export interface XmllintBatchOptions {
  /**
   * Documents per xmllint run. xmllint-wasm copies every file name onto the WebAssembly stack as
   * a command-line argument; around 3,500 files one run crashes ("memory access out of bounds"),
   * so batches are cut well below that.
   */
  maxFilesPerCall?: number;
  /** Total UTF-8 bytes of documents per run before a new run starts. */
  maxBytesPerCall?: number;
}

/** The schema could not be compiled (a broken XSD): nothing was validated. */
export class XmllintSchemaError extends Error {
  /** xmllint's own report. */
  readonly output: string;
  constructor(output: string) {
    super(`the schema could not be compiled: ${firstLines(output)}`);
    this.name = 'XmllintSchemaError';
    this.output = output;
  }
}

const DEFAULT_MAX_FILES = 1000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
/** 64 KiB WebAssembly pages. */
const PAGE = 65536;

type ValidateXml = typeof import('xmllint-wasm').validateXML;
let validateXmlFn: ValidateXml | undefined;

/** Loads xmllint-wasm on first use, so commands that never validate do not pay for it. */
async function loadXmllint(): Promise<ValidateXml> {
  if (!validateXmlFn) {
    const mod = (await import('xmllint-wasm')) as unknown as { validateXML?: ValidateXml; default?: { validateXML: ValidateXml } };
    validateXmlFn = mod.validateXML ?? mod.default!.validateXML;
  }
  return validateXmlFn;
}

/**
 * Validates many documents against one XML Schema, with one xmllint run per chunk of the batch
 * (one run for any ordinary batch). Returns one result per document, in input order. Throws
 * XmllintSchemaError when the schema itself does not compile.
 */
export async function validateWithXsd(
  files: readonly string[],
  schemaFiles: readonly SchemaFile[],
  options: XmllintBatchOptions = {},
): Promise<XmllintResult[]> {
  if (schemaFiles.length === 0) throw new Error('validateWithXsd needs at least one schema file');
  const results: XmllintResult[] = [];
  for (const chunk of chunks(files, options)) {
    results.push(...(await runChunk(chunk, schemaFiles)));
  }
  return results;
}

/** Splits a batch into runs that stay within the file-count and byte limits. */
function chunks(files: readonly string[], options: XmllintBatchOptions): string[][] {
  const maxFiles = options.maxFilesPerCall ?? DEFAULT_MAX_FILES;
  const maxBytes = options.maxBytesPerCall ?? DEFAULT_MAX_BYTES;
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const f of files) {
    const size = Buffer.byteLength(f, 'utf8');
    if (current.length > 0 && (current.length >= maxFiles || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Names documents f0.xml, f1.xml, ... so xmllint's `file:line:` prefixes map back by index. */
function docName(i: number): string {
  return `f${i}.xml`;
}

/**
 * One xmllint run over a chunk. If the run itself breaks (the worker dies, WebAssembly runs out
 * of bounds) the chunk is split in two and retried, so one pathological document fails alone
 * instead of failing, or silently passing, the rest of the batch.
 */
async function runChunk(files: readonly string[], schemaFiles: readonly SchemaFile[]): Promise<XmllintResult[]> {
  try {
    return parseOutput(await runXmllint(files, schemaFiles), files.length);
  } catch (e) {
    if (e instanceof XmllintSchemaError) throw e;
    if (files.length === 1) {
      return [{ valid: false, errors: [{ line: 0, message: `xmllint could not check this document: ${firstLines(String((e as Error).message ?? e))}`, parser: false }] }];
    }
    const half = Math.ceil(files.length / 2);
    return [...(await runChunk(files.slice(0, half), schemaFiles)), ...(await runChunk(files.slice(half), schemaFiles))];
  }
}

/** Runs xmllint once; returns its report (stderr). */
async function runXmllint(files: readonly string[], schemaFiles: readonly SchemaFile[]): Promise<string> {
  const validateXML = await loadXmllint();
  const [main, ...imports] = schemaFiles;
  // The input files live in the worker's JavaScript heap; WebAssembly memory holds one parsed
  // document (and the compiled schema) at a time, so size it for the largest document.
  const largest = files.reduce((m, f) => Math.max(m, Buffer.byteLength(f, 'utf8')), 0);
  const maxMemoryPages = Math.min(65536, Math.max(512, 256 + Math.ceil((largest * 24) / PAGE)));
  try {
    const r = await validateXML({
      xml: files.map((contents, i) => ({ fileName: docName(i), contents })),
      schema: [{ fileName: main!.fileName, contents: main!.contents }],
      preload: imports.map((s) => ({ fileName: s.fileName, contents: s.contents })),
      maxMemoryPages,
    });
    return r.rawOutput;
  } catch (e) {
    const err = e as Error & { code?: number };
    // Exit code 5: the schema failed to compile. Other exit codes still carry per-file reports
    // on stderr (xmllint's exit code reflects only the worst error of the run).
    if (err.code === 5) throw new XmllintSchemaError(err.message);
    if (typeof err.code !== 'number') throw err;
    return err.message;
  }
}

/** Line prefix xmllint writes for a document: `f12.xml:34: message`. */
const ERROR_LINE = /^f(\d+)\.xml:(\d+): (.*)$/;
/** Status lines xmllint writes after validating each document. */
const STATUS_LINE = /^f(\d+)\.xml (validates|fails to validate)$/;

/**
 * Maps xmllint's report back to the documents. Parser errors are followed by two context lines
 * (the offending source line and a caret); those are dropped, since the source line can hold a
 * value the user would not want in a log. A document xmllint said nothing about is reported as
 * not checked rather than silently passed.
 */
export function parseOutput(output: string, count: number): XmllintResult[] {
  const results: XmllintResult[] = Array.from({ length: count }, () => ({ valid: true, errors: [] }));
  const seen = new Array<boolean>(count).fill(false);
  for (const line of output.split('\n')) {
    const status = STATUS_LINE.exec(line);
    if (status) {
      const i = Number(status[1]);
      if (i < count) {
        seen[i] = true;
        if (status[2] !== 'validates') results[i]!.valid = false;
      }
      continue;
    }
    const m = ERROR_LINE.exec(line);
    if (!m) continue;
    const i = Number(m[1]);
    if (i >= count) continue;
    seen[i] = true;
    const message = m[3]!.trim();
    results[i]!.valid = false;
    results[i]!.errors.push({ line: Number(m[2]), message, parser: /\bparser error\b/.test(message) });
  }
  seen.forEach((ok, i) => {
    if (!ok) {
      results[i] = { valid: false, errors: [{ line: 0, message: 'xmllint did not report on this document (not checked)', parser: false }] };
    }
  });
  // A file that fails without an attributed error line still needs a reason.
  for (const r of results) {
    if (!r.valid && r.errors.length === 0) r.errors.push({ line: 0, message: 'fails to validate', parser: false });
  }
  return results;
}

function firstLines(text: string): string {
  return text.split('\n').filter((l) => l.trim() !== '').slice(0, 3).join(' | ');
}
