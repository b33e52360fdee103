/**
 * What the two Android JSON targets check beyond their vendor schema, shared: each key once, the
 * value type Jabber expects for the key (catalog), Java string limits, and keys Jabber for Android
 * does not read. Diagnostics point at the JSON node (line/column from the file text).
 */
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JsonDuplicate, JsonPosition, SchemaError } from '../../verify/json-schema.js';
import { emmKeyVariantMessage, readValueVariants, unknownEmmKeyMessage, valueVariantMessage } from '../../catalog/emm-values.js';
import { androidReads, catalogValueProblem, parameterByEmmName, type AndroidValue } from './android-keys.js';
import { stringLimit, stringLimitMessage } from './string-limits.js';

/** Where diagnostics for one JSON artifact go. */
export interface JsonCheckContext {
  file: string;
  target: string;
  positions: Map<string, JsonPosition>;
  /** Vendor schema named in messages, e.g. `Play EMM ManagedConfiguration`. */
  schemaName: string;
}

/** A diagnostic at a JSON pointer of the checked file. */
export function at(ctx: JsonCheckContext, severity: 'error' | 'warning', code: string, message: string, pointer: string): Diagnostic {
  const pos = ctx.positions.get(pointer);
  return diagnostic(severity, code, message, {
    file: ctx.file,
    // A node the scan could not place (a file that is not JSON has none): the file's start, never column 0.
    line: pos?.line ?? 1,
    column: pos?.column ?? 1,
    pointer,
    target: ctx.target,
  });
}

/** Turns vendor-schema errors into diagnostics that name the vendor rule. */
export function schemaDiagnostics(ctx: JsonCheckContext, errors: readonly SchemaError[]): Diagnostic[] {
  return errors.map((e) => {
    const where = e.pointer === '' ? 'The document' : e.pointer;
    const rule = e.description ? ` (${ctx.schemaName}: ${firstSentence(e.description)})` : ` (${ctx.schemaName})`;
    const message =
      e.keyword === 'additionalProperties'
        ? `${where} has a field the vendor does not define: "${String(e.params.additionalProperty)}"${rule}.`
        : `${where} ${e.message}${rule}.`;
    return at(ctx, 'error', 'vendor-schema', message, e.pointer);
  });
}

function firstSentence(text: string): string {
  const s = text.trim().replace(/\s+/g, ' ');
  // A sentence ends at a period before a capital letter or at the end (not at "e.g.").
  const end = s.search(/\.(\s+[A-Z]|$)/);
  return (end >= 0 ? s.slice(0, end) : s).slice(0, 200);
}

/** Checks one key/value pair of a managed configuration against the catalog and Android limits. */
export function checkKeyValue(ctx: JsonCheckContext, key: string, value: AndroidValue, pointer: string, keyPointer: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const keyLimit = stringLimit(key);
  if (keyLimit) out.push(at(ctx, keyLimit, 'string-too-long', stringLimitMessage('A key', key, keyLimit), keyPointer));
  const strings = value.kind === 'string' ? [value.value] : value.kind === 'string-array' ? value.value : [];
  const param = parameterByEmmName(key);
  for (const s of strings) {
    const level = stringLimit(s);
    if (level) out.push(at(ctx, level, 'string-too-long', stringLimitMessage(`The value of ${key}`, s, level), pointer));
  }
  if (!param) {
    out.push(at(ctx, 'warning', 'unknown-key', unknownEmmKeyMessage(key), keyPointer));
    return out;
  }
  const variant = emmKeyVariantMessage(key, param);
  if (variant) out.push(at(ctx, 'warning', 'key-variant', variant, keyPointer));
  if (value.kind === 'string') {
    const read = readValueVariants(param, value.value, 'emm');
    if (read) out.push(at(ctx, 'warning', 'value-variant', valueVariantMessage(param, read, param.key), keyPointer));
  }
  if (!androidReads(param)) {
    out.push(
      at(ctx, 'warning', 'not-for-android', `${key} is not read by Jabber for Android (Cisco documents it for ${param.platforms.join(', ')}).`, keyPointer),
    );
  }
  const problem = catalogValueProblem(param, value);
  if (problem) out.push(at(ctx, 'error', 'value-type', problem, pointer));
  return out;
}

/** One `duplicate-key` error per key written more than once (a Bundle holds each key once). */
export function duplicateKeyDiagnostics(ctx: JsonCheckContext, keys: readonly { key: string; pointer: string }[]): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const { key, pointer } of keys) {
    const first = seen.get(key);
    if (first !== undefined) {
      out.push(at(ctx, 'error', 'duplicate-key', `${key} is written twice (first at ${first}); the app sees only the last value, which is the one read.`, pointer));
    } else seen.set(key, pointer);
  }
  return out;
}

/** One `duplicate-member` error per object member written twice in the JSON text. */
export function duplicateMemberDiagnostics(ctx: JsonCheckContext, duplicates: readonly JsonDuplicate[]): Diagnostic[] {
  return duplicates.map((d) =>
    diagnostic('error', 'duplicate-key', `${d.pointer} is written twice; JSON readers keep only one of the values, and which one is not defined.`, {
      file: ctx.file,
      line: d.line,
      column: d.column,
      pointer: d.pointer,
      target: ctx.target,
    }),
  );
}

/** Serialises a key-ordered object the way every Android JSON target writes it. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
