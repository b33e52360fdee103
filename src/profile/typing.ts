import { booleanFromWords, booleanWords } from '../catalog/boolean-words.js';
import { suggestValue } from '../catalog/index.js';
import type { Parameter } from '../catalog/types.js';
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js';
import { describeNode, type SourceNode, type SourceScalar } from './source-tree.js';
import { substituteText, type ProfileEnv } from './substitute.js';
import type { SettingValue } from './types.js';

/** A value typed by the catalog, or nothing when it was wrong (the diagnostics say why). */
export interface TypedValue {
  value?: SettingValue;
  /** True when `${env:...}` contributed to the value. */
  fromEnv: boolean;
  /** Positions of list items, by JSON pointer. */
  itemPositions: Map<string, SourcePosition>;
}

/** One piece of text to type: after env substitution, with where it was written. */
interface TextPiece {
  text: string;
  pos: SourcePosition;
  pointer: string;
  /** Column of text[0], when the text maps one to one onto the source line. */
  textColumn?: number;
  envNames: string[];
  /** The YAML boolean, when the scalar was one. */
  bool?: boolean;
}

/** Shortens a value for a message. */
function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${short}'`;
}

/**
 * Types a profile value by its catalog entry: YAML booleans or the words of catalog/boolean-words.ts
 * (Cisco's tokens, true/false, on/off, with `yesNo` yes/no, in any case) for booleans; exact tokens for enums (a documented variant such as
 * `Dual_Stack` or `WebEx` is an error with a did-you-mean, never a silent alias); arrays or comma
 * strings for lists; whole numbers within bounds for integers. Fills `${env:NAME}` first.
 */
export function typeValue(
  p: Parameter,
  node: SourceNode,
  pointer: string,
  env: ProfileEnv,
  diagnostics: Diagnostic[],
  /** `yesNo`: YAML 1.1's yes/no are booleans (a profile; not an exported file's value). See catalog/boolean-words.ts. */
  opts: { yesNo?: boolean } = {},
): TypedValue {
  const result: TypedValue = { fromEnv: false, itemPositions: new Map() };
  const error = (code: string, message: string, pos: SourcePosition, ptr = pointer): void => {
    diagnostics.push(diagnostic('error', code, message, { ...pos, pointer: ptr }));
  };
  // A secret is never echoed; a value from the environment is named by its variable instead.
  const shown = (piece: TextPiece): string =>
    p.secret ? 'the value' : piece.envNames.length > 0 ? `the value of \${env:${piece.envNames[0]}}` : quote(piece.text);

  const piece = (scalar: SourceScalar, ptr: string): TextPiece | undefined => {
    if (scalar.value === null) {
      error('empty-value', `${p.key} has no value: give one, or remove the key.`, scalar.pos, ptr);
      return undefined;
    }
    if (typeof scalar.value === 'string') {
      const sub = substituteText(
        scalar.value,
        env,
        { pos: scalar.pos, pointer: ptr, secret: p.secret === true, ...(scalar.textColumn !== undefined ? { textColumn: scalar.textColumn } : {}) },
        diagnostics,
      );
      if (sub.envNames.length > 0) result.fromEnv = true;
      if (sub.failed) return undefined;
      const out: TextPiece = { text: sub.text, pos: scalar.pos, pointer: ptr, envNames: sub.envNames };
      if (scalar.textColumn !== undefined && sub.envNames.length === 0) out.textColumn = scalar.textColumn;
      return out;
    }
    const out: TextPiece = { text: scalar.text, pos: scalar.pos, pointer: ptr, envNames: [] };
    if (typeof scalar.value === 'boolean') out.bool = scalar.value;
    return out;
  };

  if (node.kind === 'invalid') return result;
  if (p.type === 'list' && node.kind === 'sequence') {
    const pieces: TextPiece[] = [];
    let unusable = false;
    node.items.forEach((item, i) => {
      const ptr = `${pointer}/${i}`;
      if (item.kind === 'invalid') return;
      if (item.kind !== 'scalar') {
        unusable = true;
        error('invalid-type', `Each item of ${p.key} is one of ${(p.values ?? []).join(', ')}, not ${describeNode(item)}.`, item.pos, ptr);
        return;
      }
      const t = piece(item, ptr);
      if (t) pieces.push(t);
      else unusable = true;
    });
    if (unusable || node.items.some((item) => item.kind === 'invalid')) return result;
    return finishList(p, pieces, node.pos, pointer, result, diagnostics, shown);
  }
  if (node.kind !== 'scalar') {
    error('invalid-type', `${p.key} takes ${expected(p)}, not ${describeNode(node)}.`, node.pos);
    return result;
  }
  const t = piece(node, pointer);
  if (!t) return result;
  if (t.text === '' && t.bool === undefined) {
    const why = t.envNames.length > 0 ? `\${env:${t.envNames[0]}} is empty` : 'the value is empty';
    error('empty-value', `${p.key} has no value (${why}): give one, or remove the key.`, t.pos);
    return result;
  }
  switch (p.type) {
    case 'boolean': {
      const b = t.bool ?? booleanFromWords(booleanWords(p, opts), t.text);
      if (b === undefined) {
        const tokens = p.booleanTokens?.false ? `${p.booleanTokens.true}/${p.booleanTokens.false}` : 'True/False';
        const also = opts.yesNo ? `Cisco's ${tokens}, ON/OFF and yes/no` : `Cisco's ${tokens} and ON/OFF tokens`;
        error('invalid-boolean', `${p.key} is true or false; ${shown(t)} is neither. Write true or false (${also} are accepted too, in any case).`, t.pos);
        return result;
      }
      result.value = b;
      return result;
    }
    case 'enum': {
      if (t.bool === undefined && p.values?.includes(t.text)) {
        result.value = t.text;
        return result;
      }
      error('invalid-enum', notAllowed(p, t, shown), t.pos);
      return result;
    }
    case 'integer': {
      const n = /^[+-]?\d+$/.test(t.text.trim()) ? Number(t.text.trim()) : NaN;
      if (!Number.isSafeInteger(n) || t.bool !== undefined) {
        error('invalid-integer', `${p.key} is a whole number${bounds(p)}; ${shown(t)} is not.`, t.pos);
        return result;
      }
      if ((p.minimum !== undefined && n < p.minimum) || (p.maximum !== undefined && n > p.maximum)) {
        error('out-of-range', `${p.key} is a whole number${bounds(p)}; ${n} is outside that range.`, t.pos);
        return result;
      }
      result.value = n;
      return result;
    }
    case 'list': {
      if (t.bool !== undefined) {
        error('invalid-type', `${p.key} takes ${expected(p)}, not a boolean.`, t.pos);
        return result;
      }
      const separator = p.separator ?? ',';
      const pieces: TextPiece[] = [];
      let offset = 0;
      t.text.split(separator).forEach((raw) => {
        const lead = raw.length - raw.trimStart().length;
        const text = raw.trim();
        const start = offset + lead;
        offset += raw.length + separator.length;
        if (text === '') return;
        const item: TextPiece = { text, pos: t.pos, pointer: `${pointer}/${pieces.length}`, envNames: t.envNames };
        if (t.textColumn !== undefined) {
          item.textColumn = t.textColumn + start;
          item.pos = { ...t.pos, column: item.textColumn };
        }
        pieces.push(item);
      });
      return finishList(p, pieces, t.pos, pointer, result, diagnostics, shown);
    }
    default: {
      if (t.bool !== undefined) {
        error('invalid-type', `${p.key} takes text, not a boolean; put it in quotes if you mean the word ${t.text}.`, t.pos);
        return result;
      }
      result.value = t.text;
      return result;
    }
  }
}

/** Checks and collects list items: each an exact token, no repeats, at least one. */
function finishList(
  p: Parameter,
  pieces: TextPiece[],
  pos: SourcePosition,
  pointer: string,
  result: TypedValue,
  diagnostics: Diagnostic[],
  shown: (t: TextPiece) => string,
): TypedValue {
  const items: string[] = [];
  let bad = false;
  for (const t of pieces) {
    if (t.bool !== undefined || !p.values?.includes(t.text)) {
      diagnostics.push(diagnostic('error', 'invalid-enum', notAllowed(p, t, shown), { ...t.pos, pointer: t.pointer }));
      bad = true;
      continue;
    }
    if (items.includes(t.text)) {
      diagnostics.push(diagnostic('warning', 'duplicate-value', `${p.key} lists ${t.text} twice; once is enough.`, { ...t.pos, pointer: t.pointer }));
      continue;
    }
    result.itemPositions.set(`${pointer}/${items.length}`, t.pos);
    items.push(t.text);
  }
  if (bad) return result;
  if (items.length === 0) {
    diagnostics.push(diagnostic('error', 'empty-value', `${p.key} is an empty list: name at least one of ${(p.values ?? []).join(', ')}, or remove the key.`, { ...pos, pointer }));
    return result;
  }
  result.value = items;
  return result;
}

/** "X cannot be 'y': did you mean 'z'? ... Allowed: ..." */
function notAllowed(p: Parameter, t: TextPiece, shown: (t: TextPiece) => string): string {
  const allowed = `Allowed (exact spelling): ${(p.values ?? []).join(', ')}.`;
  const subject = p.type === 'list' ? `${p.key} cannot contain ${shown(t)}` : `${p.key} cannot be ${shown(t)}`;
  const hint = t.envNames.length === 0 ? suggestValue(p, t.text) : undefined;
  if (!hint) return `${subject}. ${allowed}`;
  const why = hint.note ? ` (${t.text}: ${hint.note})` : '';
  return `${subject}: did you mean '${hint.value}'?${why} ${allowed}`;
}

function bounds(p: Parameter): string {
  if (p.minimum !== undefined && p.maximum !== undefined) return ` from ${p.minimum} to ${p.maximum}`;
  if (p.minimum !== undefined) return ` of at least ${p.minimum}`;
  if (p.maximum !== undefined) return ` of at most ${p.maximum}`;
  return '';
}

/** What a parameter takes, for type errors. */
function expected(p: Parameter): string {
  switch (p.type) {
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${(p.values ?? []).join(', ')}`;
    case 'list':
      return `a list of ${(p.values ?? []).join(', ')} (or a comma-separated string)`;
    case 'integer':
      return 'a whole number';
    default:
      return 'text';
  }
}
