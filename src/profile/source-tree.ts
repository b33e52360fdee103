import type { SourcePosition } from '../diagnostics/diagnostic.js';

/**
 * The parsed profile file as a small positioned tree. The loader builds it from the YAML AST by
 * hand (never `toJS`), with Maps for mappings, so `__proto__` or `constructor` are ordinary keys.
 * `extends` merging and typing work on this tree, so every value keeps the file, line and column
 * it was written at, whichever file in the extends chain that is.
 */
export type SourceNode = SourceScalar | SourceSequence | SourceMapping | SourceInvalid;

/** A scalar: YAML string, number, boolean or null. */
export interface SourceScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The scalar as written (without quotes): `1.0` stays `1.0`, `0x1F` stays `0x1F`. */
  text: string;
  pos: SourcePosition;
  /**
   * Column of the value's first character when the value sits on one line exactly as written
   * (plain, or quoted without escapes): lets a diagnostic point into a comma list.
   */
  textColumn?: number;
}

/** A YAML sequence or JSON array. */
export interface SourceSequence {
  kind: 'sequence';
  items: SourceNode[];
  pos: SourcePosition;
}

/** One key of a mapping, with where the key was written. */
export interface SourceEntry {
  key: string;
  keyPos: SourcePosition;
  value: SourceNode;
}

/** A YAML mapping or JSON object, in source order. */
export interface SourceMapping {
  kind: 'mapping';
  entries: Map<string, SourceEntry>;
  pos: SourcePosition;
}

/** A node the loader already reported (binary tag, cut-off alias): later stages skip it quietly. */
export interface SourceInvalid {
  kind: 'invalid';
  pos: SourcePosition;
}

/** How a node is named in messages: 'a mapping', 'a list', 'text', 'a number' ... */
export function describeNode(node: SourceNode): string {
  switch (node.kind) {
    case 'mapping':
      return 'a mapping';
    case 'sequence':
      return 'a list';
    case 'invalid':
      return 'an unreadable value';
    default:
      if (node.value === null) return 'an empty value';
      if (typeof node.value === 'boolean') return 'a boolean';
      if (typeof node.value === 'number') return 'a number';
      return 'text';
  }
}
