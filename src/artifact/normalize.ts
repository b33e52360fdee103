/**
 * Raw values read back from an artifact, normalized to the catalog's canonical typed values: the
 * same form a resolved profile holds, so `diff` can compare them and `import` can write them.
 */
import { decodeText } from '../catalog/encode.js';
import { getParameter, suggestKey, suggestValue } from '../catalog/index.js';
import type { Parameter, Section } from '../catalog/types.js';
import { diagnostic, hasErrors, jsonPointer, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SettingValue } from '../profile/types.js';
import { positionKey, type ParsedArtifact } from '../targets/types.js';
import { canonicalizeTokens } from '../variables/consoles.js';
import { ArtifactError } from './read.js';

/** A value the artifact holds for a known key that is not a valid value of it. */
export interface UndecodableValue {
  section: Section;
  key: string;
  /** The value exactly as the artifact holds it. */
  raw: unknown;
}

/** An artifact's contents in canonical form. */
export interface NormalizedArtifact {
  /** Target id that recognised it. */
  target: string;
  /** The file (or `configuration URL`) it came from. */
  source: string;
  /** Bundle id or package name, when the artifact names one. */
  app?: string;
  settings: Map<string, SettingValue>;
  windows: Map<string, SettingValue>;
  /** Known keys whose values do not decode. */
  undecodable: UndecodableValue[];
  /** Keys the catalog does not know, raw values as the artifact holds them. */
  unknown: Map<string, unknown>;
  /** Warnings only: the parser's findings and what could not be normalized. */
  diagnostics: Diagnostic[];
  /**
   * The parser's errors, as errors: input its format rejects (broken %-encoding, a key given twice,
   * a key without a value). What such a file holds is not known for certain (the reader dropped or
   * picked something), so `diff` does not compare it; values Jabber would not take are not here
   * (they are compared as the text they are).
   */
  readerErrors: Diagnostic[];
}

/**
 * Unknown keys whose name says they hold a credential: their values are masked wherever jabber-emm
 * prints them, like catalog secrets (an unknown key can still be a misspelt password key).
 */
export const SECRET_LOOKING_KEY = /pass(word)?|passwd|pwd|secret|token|credential|api.?key/i;

/** True for an unknown key name whose value must be masked. */
export function looksSecret(name: string): boolean {
  return SECRET_LOOKING_KEY.test(name);
}

/**
 * Reads one raw value (text tokens, typed booleans and integers, string arrays) as the
 * parameter's canonical value; console tokens in strings (`{{mail}}`, `$EMAIL`) become canonical
 * variables (`${user.email}`). Undefined when the value is not one the parameter takes.
 */
export function normalizeValue(p: Parameter, raw: unknown): SettingValue | undefined {
  if (typeof raw === 'string') {
    if (p.type === 'string') return canonicalizeTokens(raw);
    return decodeText(p, raw);
  }
  if (typeof raw === 'boolean') return p.type === 'boolean' ? raw : undefined;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return undefined;
    if (p.type === 'integer') return Number.isInteger(raw) ? raw : undefined;
    if (p.type === 'boolean') return raw === 1 ? true : raw === 0 ? false : undefined;
    if (p.type === 'string') return String(raw);
    return undefined;
  }
  if (Array.isArray(raw) && p.type === 'list' && raw.every((v) => typeof v === 'string')) {
    return decodeText(p, raw.join(p.separator ?? ','));
  }
  return undefined;
}

/**
 * A raw value as one line of text for messages, comments and comparing unknown keys (strings as
 * they are, the rest as JSON). Plist values JSON has no form for are written out, never lost: a
 * dict (a Map) as an object with its entries, `<data>` as `<data>base64</data>`, an integer past
 * 2^53 (a bigint) as its digits; a date is its ISO text.
 */
export function rawText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw === undefined) return '';
  if (typeof raw === 'bigint') return raw.toString();
  if (raw instanceof Uint8Array) return dataText(raw);
  return JSON.stringify(raw, plistReplacer) ?? String(raw);
}

function dataText(bytes: Uint8Array): string {
  return `<data>${Buffer.from(bytes).toString('base64')}</data>`;
}

function plistReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) {
    // A null-prototype object keeps a key such as __proto__ as an ordinary entry.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of value) out[String(k)] = v;
    return out;
  }
  if (value instanceof Uint8Array) return dataText(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

// The parsers of url and windows-installer report an invalid value as an error; here the value is
// kept (as a warning naming the key), so their reports would say the same thing twice.
const REPORTED_HERE = new Set(['url-invalid-value', 'windows-invalid-value']);

// The iOS readers' error for a value not of the type Cisco documents for EMM (an <array> for a
// comma-separated key, an <integer> for a boolean), naming the key by its pointer: the value is
// compared as the text it is, like any value Jabber would not take, and the reader's message
// (made a warning) says why.
const VALUE_TYPE = 'value-type';

/**
 * True when a reader found errors and read nothing at all (not well-formed, a truncated binary
 * plist): the errors are the verdict, and there are no values for the profile's rules to judge.
 */
export function readNothingButErrors(parsed: ParsedArtifact): boolean {
  return parsed.settings.size === 0 && parsed.windows.size === 0 && parsed.unknown.size === 0 && hasErrors(parsed.diagnostics);
}

/**
 * Normalizes what a target's parser read. Throws ArtifactError when the parser found errors and
 * read nothing at all (not a document of its kind after all); otherwise every problem is a
 * warning, every readable value is kept, and the parser's errors are also kept as `readerErrors`.
 */
export function normalizeArtifact(parsed: ParsedArtifact, source: string): NormalizedArtifact {
  if (readNothingButErrors(parsed)) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error')!;
    throw new ArtifactError('unreadable-artifact', `${source} cannot be read as ${parsed.target}: ${first.message}`, parsed.diagnostics);
  }
  const out: NormalizedArtifact = {
    target: parsed.target,
    source,
    settings: new Map(),
    windows: new Map(),
    undecodable: [],
    unknown: new Map(parsed.unknown),
    diagnostics: parsed.diagnostics
      .filter((d) => !REPORTED_HERE.has(d.code))
      .map((d) => ({ ...d, severity: 'warning' as const, file: d.file || source })),
    readerErrors: parsed.diagnostics
      .filter((d) => d.severity === 'error' && !REPORTED_HERE.has(d.code) && !(d.code === VALUE_TYPE && d.pointer !== ''))
      .map((d) => ({ ...d, file: d.file || source })),
  };
  const wrongType = new Set(parsed.diagnostics.filter((d) => d.code === VALUE_TYPE && d.pointer !== '').map((d) => d.pointer));
  if (parsed.app !== undefined) out.app = parsed.app;
  for (const section of ['settings', 'windows'] as const) {
    for (const [key, raw] of parsed[section]) {
      const p = getParameter(section, key);
      if (!p) {
        out.unknown.set(key, raw);
        continue;
      }
      if (wrongType.has(jsonPointer(section, key))) {
        out.undecodable.push({ section, key, raw });
        continue;
      }
      const value = normalizeValue(p, raw);
      if (value === undefined) {
        out.undecodable.push({ section, key, raw });
        // At the key, where the reader found it (a reader that could not place it: line 1, column 1).
        const at = parsed.positions?.get(positionKey(section, key)) ?? { file: source, line: 1, column: 1 };
        out.diagnostics.push(undecodableWarning(p, raw, at, parsed.target));
        continue;
      }
      out[section].set(key, value);
    }
  }
  for (const key of out.unknown.keys()) {
    // Readers name their unknown keys at the key's position; a key is named when a diagnostic
    // stands exactly there (matching the name inside messages took "Acme" as named by "AcmeExtra").
    const pos = parsed.positions?.get(positionKey('unknown', key));
    if (pos && out.diagnostics.some((d) => /unknown/.test(d.code) && d.line === pos.line && d.column === pos.column)) continue;
    const near = suggestKey('settings', key);
    const hint = near && near.section === 'settings' ? ` Did you mean ${near.key}?` : '';
    out.diagnostics.push(
      diagnostic('warning', 'unknown-key', `${key} is not a parameter Cisco documents for Jabber (the catalog has no such key).${hint}`, {
        file: source,
        target: parsed.target,
        ...pos,
      }),
    );
  }
  return out;
}

/** What is wrong with a value that does not decode; a secret's value is never quoted. */
function undecodableWarning(p: Parameter, raw: unknown, at: { file: string; line: number; column: number }, target: string): Diagnostic {
  const shown = p.secret ? 'its value' : JSON.stringify(rawText(raw));
  let expected: string;
  if (p.type === 'boolean') {
    const t = p.booleanTokens ?? { true: 'true', false: 'false' };
    expected = t.false === null ? t.true : `${t.true} or ${t.false}`;
  } else if (p.type === 'enum' || p.type === 'list') {
    expected = `${p.type === 'list' ? 'a list of' : 'one of'} ${(p.values ?? []).join(', ')}`;
  } else {
    expected = `a ${p.type}`;
  }
  const near = typeof raw === 'string' && !p.secret && p.values ? suggestValue(p, raw) : undefined;
  const hint = near ? ` (did you mean ${near.value}?)` : '';
  return diagnostic('warning', 'undecodable-value', `${p.key}: ${shown} is not a value Jabber takes (expected ${expected})${hint}.`, {
    file: at.file,
    line: at.line,
    column: at.column,
    pointer: jsonPointer(p.section, p.key),
    target,
  });
}
