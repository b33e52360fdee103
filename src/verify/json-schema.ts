/**
 * JSON Schema checks for exported JSON files: each schema's validator generated at build time
 * (ajv standalone code) or, when that does not match the schema file, compiled once per process
 * by ajv (draft 2020-12) and reused for every file of every batch, plus the line/column of a JSON pointer
 * so a schema error points into the file an admin holds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

/** One schema violation, reduced to what a message needs (never the offending value itself). */
export interface SchemaError {
  /** RFC 6901 pointer into the checked document. */
  pointer: string;
  /** The JSON Schema keyword that failed (`oneOf`, `pattern`, `maximum`, ...). */
  keyword: string;
  /** ajv's message, e.g. `must match pattern "^app:..."`. */
  message: string;
  params: Record<string, unknown>;
  /** `description` of the schema node that failed, when it has one (the vendor's words). */
  description?: string;
}

/** A compiled schema: checks one parsed document. */
export type SchemaValidator = (data: unknown) => SchemaError[];

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, LoadedValidator>();

/** A validator and where it came from: the build's standalone code, or ajv at run time. */
interface LoadedValidator {
  fn: ValidateFunction;
  source: 'standalone' | 'compiled';
}

/** The repository's schemas/ folder, and where the build writes a standalone validator for each. */
const SCHEMAS_DIR = new URL('../../schemas/', import.meta.url);
const VALIDATORS_DIR = new URL('../../dist/validators/', import.meta.url);

/**
 * The validator for the schema file at `url`, loaded on first use and cached for the life of
 * the process (batches check thousands of files). The build generates ajv standalone code for
 * every schema under schemas/<folder>/ (scripts/build-validators.mjs); it is used only while the
 * SHA-256 it carries matches the schema file, otherwise the schema is compiled here.
 */
export function schemaValidator(url: URL): SchemaValidator {
  let loaded = compiled.get(url.href);
  if (!loaded) {
    loaded = loadValidator(url, readFileSync(url, 'utf8'));
    compiled.set(url.href, loaded);
  }
  const { fn } = loaded;
  return (data) => (fn(data) ? [] : pruneBranchErrors(fn.errors ?? []).map(toSchemaError));
}

/** Where the validator for `url` came from (loads it if needed); for tests and diagnostics. */
export function schemaValidatorSource(url: URL): LoadedValidator['source'] {
  schemaValidator(url);
  return compiled.get(url.href)!.source;
}

/** The build's standalone validator for the schema `text` at `url` when its hash matches, else ajv's compile. */
export function loadValidator(url: URL, text: string): LoadedValidator {
  const standalone = standaloneFor(url, text);
  if (standalone) return { fn: standalone, source: 'standalone' };
  // verbose: errors carry their schema node, whose vendor description makes the message.
  ajv ??= new (loadAjv2020())({ allErrors: true, verbose: true, strictTypes: false });
  return { fn: ajv.compile(JSON.parse(text) as object), source: 'compiled' };
}

function standaloneFor(url: URL, text: string): ValidateFunction | undefined {
  if (!url.href.startsWith(SCHEMAS_DIR.href) || !url.href.endsWith('.json')) return undefined;
  const file = new URL(url.href.slice(SCHEMAS_DIR.href.length).replace(/\.json$/, '.cjs'), VALIDATORS_DIR);
  if (!existsSync(file)) return undefined;
  const mod = createRequire(import.meta.url)(fileURLToPath(file)) as ValidateFunction & { schemaSha256?: string };
  return mod.schemaSha256 === createHash('sha256').update(text, 'utf8').digest('hex') ? mod : undefined;
}

/**
 * ajv, loaded on first use: a run that checks no JSON (`--target url`, `targets`) does not pay
 * its ~40 ms load (bench/RESULTS.md). ajv is CommonJS, so require() loads the module an import
 * would, synchronously, and schemaValidator stays synchronous.
 */
function loadAjv2020(): typeof Ajv2020 {
  return (createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020;
}

function toSchemaError(e: ErrorObject): SchemaError {
  const parent = e.parentSchema as { description?: unknown } | undefined;
  const out: SchemaError = { pointer: e.instancePath, keyword: e.keyword, message: e.message ?? e.keyword, params: e.params };
  if (typeof parent?.description === 'string') out.description = parent.description;
  return out;
}

/**
 * With allErrors, a failed oneOf/anyOf also reports why each branch failed; those are noise to an
 * admin (six "must have required property" lines for one "exactly one value field" rule).
 * Keeps the combinator error and drops its branch errors: same or deeper instance path and a
 * schema path inside the combinator, or anything deeper under a failed anyOf (the whole value is
 * in question there).
 */
function pruneBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  return errors.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      // A combinator nested inside another failed anyOf branch is itself a branch error.
      return !combinators.some((c) => c !== e && c.keyword === 'anyOf' && isBelow(e.instancePath, c.instancePath, true));
    }
    return !combinators.some(
      (c) =>
        (isBelow(e.instancePath, c.instancePath, false) && e.schemaPath.startsWith(c.schemaPath + '/')) ||
        (c.keyword === 'anyOf' && isBelow(e.instancePath, c.instancePath, false)),
    );
  });
}

function isBelow(path: string, parent: string, strictly: boolean): boolean {
  if (path === parent) return !strictly;
  return path.startsWith(parent + '/');
}

/** 1-based line and column of a node in JSON text. */
export interface JsonPosition {
  line: number;
  column: number;
}

/**
 * Positions of every value in a JSON text by JSON pointer (for an object member, the position of
 * its key; for an array element, of the element), and the pointers of repeated object members,
 * which JSON.parse silently drops. Assumes the text already parsed with JSON.parse.
 */
export function scanJson(text: string): { positions: Map<string, JsonPosition>; duplicates: JsonDuplicate[]; rounded: JsonDuplicate[] } {
  const out = new Map<string, JsonPosition>();
  const duplicates: JsonDuplicate[] = [];
  const rounded: JsonDuplicate[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): JsonPosition => ({ line, column: i - lineStart + 1 });
  const skipSpace = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') {
        line += 1;
        lineStart = i + 1;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') break;
      i += 1;
    }
  };
  const readString = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') {
      i += 1;
      skipSpace();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        skipSpace();
        const at = here();
        const child = pointer + '/' + readString().replace(/~/g, '~0').replace(/\//g, '~1');
        if (out.has(child)) duplicates.push({ pointer: child, ...at });
        else out.set(child, at);
        skipSpace();
        i += 1; // ':'
        value(child);
        skipSpace();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i += 1;
      skipSpace();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let n = 0; ; n += 1) {
        skipSpace();
        out.set(`${pointer}/${n}`, here());
        value(`${pointer}/${n}`);
        skipSpace();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') {
      readString();
    } else {
      const at = here();
      const start = i;
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i += 1;
      const literal = text.slice(start, i);
      // An integer literal past 2^53: JSON.parse rounds it, so the value read is not the one written.
      if (/^-?[0-9]{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) rounded.push({ pointer, ...at });
    }
  };
  skipSpace();
  out.set('', here());
  value('');
  return { positions: out, duplicates, rounded };
}

/** A repeated object member: its pointer and where the repetition is. */
export interface JsonDuplicate extends JsonPosition {
  pointer: string;
}

/** A JSON file read for checking: the parsed value (when it parses) and where its nodes are. */
export interface JsonDocument {
  value?: unknown;
  positions: Map<string, JsonPosition>;
  /** Object members written more than once (JSON.parse keeps only the last). */
  duplicates: JsonDuplicate[];
  diagnostics: Diagnostic[];
}

/** Deepest nesting of objects and arrays read from a JSON file (the files jabber-emm writes nest 3 deep). */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON text; a syntax error becomes a `json-syntax` diagnostic with its line and column
 * (V8 reports "at position N" or "line L column C"), nesting deeper than MAX_JSON_DEPTH a
 * `too-deep` one, before anything walks the value.
 */
export function readJsonDocument(text: string, file: string, target: string): JsonDocument {
  try {
    const value: unknown = JSON.parse(text);
    // JSON.parse does not recurse, but scanJson, the schema check and the readers do: at the
    // bottom of a 20,000-deep file the stack is gone, and should V8 have to compile a regular
    // expression there it aborts the process (RegExpCompiler::ToNodeCheckForStackOverflow).
    const deep = tooDeepOffset(text, MAX_JSON_DEPTH);
    if (deep !== undefined) {
      const before = text.slice(0, deep);
      const line = before.split('\n').length;
      const column = deep - before.lastIndexOf('\n');
      const message = `Nesting deeper than ${MAX_JSON_DEPTH} levels of objects and arrays; no file jabber-emm reads needs more than a few.`;
      return { positions: new Map(), duplicates: [], diagnostics: [diagnostic('error', 'too-deep', message, { file, line, column, target })] };
    }
    const { positions, duplicates, rounded } = scanJson(text);
    // Named, never silent: the digits are not repeated (the value may be a secret).
    const diagnostics = rounded.map((r) =>
      diagnostic('warning', 'number-rounded', `${r.pointer} is a whole number past 2^53 (9007199254740992); JSON readers, this one included, round it, so it is not read as written.`, {
        file,
        line: r.line,
        column: r.column,
        pointer: r.pointer,
        target,
      }),
    );
    return { value, positions, duplicates, diagnostics };
  } catch (e) {
    const message = (e as Error).message;
    let line = 0;
    let column = 0;
    const lc = /line (\d+) column (\d+)/.exec(message);
    const pos = /position (\d+)/.exec(message);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else if (pos) {
      const before = text.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    }
    // V8 may quote a slice of the text (`, "..."` or `, ..."..."`); leave it out: it may hold a secret.
    let reason = message.replace(/, (\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    if (line === 0) {
      // V8 gives no position for some errors (a trailing comma: "Unexpected token ']'"). A comma
      // right before ] or } is the usual one (Intune's own sample has it); else the file's start.
      const comma = trailingCommaOffset(text);
      if (comma !== undefined) reason += ` (a comma before the closing ${text.slice(comma + 1).trimStart()[0]}: JSON allows none)`;
      const before = text.slice(0, comma ?? 0);
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    }
    return {
      positions: new Map(),
      duplicates: [],
      diagnostics: [diagnostic('error', 'json-syntax', `Not valid JSON: ${reason}.`, { file, line, column, target })],
    };
  }
}

/** Offset of the first comma (outside strings) followed only by whitespace and then `]` or `}`. */
function trailingCommaOffset(text: string): number | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i += 1; i < text.length && text.charCodeAt(i) !== 0x22; i += 1) if (text.charCodeAt(i) === 0x5c) i += 1;
    } else if (c === 0x2c && /^\s*[\]}]/.test(text.slice(i + 1, i + 1 + 256))) {
      return i;
    }
  }
  return undefined;
}

/** Offset of the first `{` or `[` nested deeper than `max` in valid JSON text, counted without recursion. */
function tooDeepOffset(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, stepping over escapes.
      for (i += 1; i < text.length && text.charCodeAt(i) !== 0x22; i += 1) if (text.charCodeAt(i) === 0x5c) i += 1;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
  return undefined;
}
