/**
 * One key/value pair read from an EMM file (iOS plist or specfile, Android JSON or restrictions),
 * looked up the same way by every EMM reader: the catalog key it carries, a documented variant
 * spelling of the key or of a value token read with a warning, an unknown key named with the
 * catalog's did-you-mean.
 */
import { emmKeyVariantMessage, parameterByEmmName, readValueVariants, unknownEmmKeyMessage, valueVariantMessage } from '../catalog/emm-values.js';
import type { Parameter, Platform } from '../catalog/types.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { positionKey, type ParsedArtifact } from './types.js';

/** Where the key stands, for the diagnostics. */
export interface EmmKeyAt {
  file: string;
  line: number;
  column: number;
  target: string;
  pointer?: string;
}

/** The pair as read: its parameter (absent for an unknown key) and its value. */
export interface EmmKeyRead {
  param?: Parameter;
  /** The raw value; a documented variant token replaced by its canonical token. */
  value: unknown;
  diagnostics: Diagnostic[];
}

/** Reads one EMM key/value pair (see the module comment). */
export function readEmmKey(name: string, raw: unknown, platform: Platform, at: EmmKeyAt): EmmKeyRead {
  const param = parameterByEmmName(name, platform);
  if (!param) return { value: raw, diagnostics: [diagnostic('warning', 'unknown-key', unknownEmmKeyMessage(name), at)] };
  const diagnostics: Diagnostic[] = [];
  const keyVariant = emmKeyVariantMessage(name, param);
  if (keyVariant) diagnostics.push(diagnostic('warning', 'key-variant', keyVariant, at));
  let value = raw;
  if (typeof raw === 'string') {
    const read = readValueVariants(param, raw, 'emm');
    if (read) {
      value = read.text;
      diagnostics.push(diagnostic('warning', 'value-variant', valueVariantMessage(param, read, param.key), at));
    }
  }
  return { param, value, diagnostics };
}

/**
 * Reads one pair into `parsed`, as every EMM reader records it: its diagnostics, the value under
 * its catalog key (or among the unknown keys), and where the key stands unless `positioned` is
 * false (a reader that could not place it).
 */
export function readEmmKeyInto(parsed: ParsedArtifact, name: string, raw: unknown, platform: Platform, at: EmmKeyAt, positioned = true): EmmKeyRead {
  const read = readEmmKey(name, raw, platform, at);
  parsed.diagnostics.push(...read.diagnostics);
  if (read.param) parsed.settings.set(read.param.key, read.value);
  else parsed.unknown.set(name, read.value);
  if (positioned) parsed.positions.set(read.param ? positionKey('settings', read.param.key) : positionKey('unknown', name), { file: at.file, line: at.line, column: at.column });
  return read;
}
