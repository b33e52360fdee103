import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../profile/types.js';
import type { EmmConsole } from '../variables/consoles.js';

/**
 * Which catalog channel a target's files carry settings through, and for EMM the platform. `diff`,
 * drift and `import` read it to know which keys a file can hold.
 */
export type Carriage =
  | { channel: 'emm'; platform: 'ios' | 'android' }
  | { channel: 'url' }
  | { channel: 'msi' };

/** Options every renderer receives; each target reads the ones it needs. */
export interface RenderOptions {
  /** Console whose variable token syntax to write (`--emm`). */
  emm?: EmmConsole;
  /**
   * Write booleans (and integers) as typed values in EMM files instead of Cisco's text tokens
   * (`--typed-values`). Default false: Cisco documents EMM values as the URL's text tokens.
   */
  typedValues?: boolean;
  /** HTTPS URL where the DDM data asset (the plist) will be hosted (`--asset-url`). */
  assetUrl?: string;
}

/** One file a target produces. */
export interface Artifact {
  /** Target id that produced it. */
  target: string;
  /** File name inside `<out>/<profile name>/`. */
  fileName: string;
  /** Exact bytes to write, as UTF-8 text. */
  contents: string;
}

/** What a renderer returns: the files, and warnings/errors about what could not be carried. */
export interface RenderResult {
  artifacts: Artifact[];
  diagnostics: Diagnostic[];
}

/** Where a key sits inside an artifact: line and column, both from 1. */
export interface ArtifactPosition {
  line: number;
  column: number;
}

/**
 * The `positions` key of a value a parser read: `/settings/<key>` and `/windows/<key>` for known
 * keys (the JSON pointer of the profile key it becomes), `/unknown/<name>` for unknown ones.
 */
export function positionKey(section: 'settings' | 'windows' | 'unknown', key: string): string {
  return `/${section}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Values read back from an artifact by `parse`, keyed like a profile. */
export interface ParsedArtifact {
  /** Target id the contents were recognised as. */
  target: string;
  /** App id found in the artifact (bundle id or package name), if it carries one. */
  app?: string;
  /** Settings keys (canonical spelling) → raw values as the artifact holds them. */
  settings: Map<string, unknown>;
  /** Windows switches → raw values (windows-installer only). */
  windows: Map<string, unknown>;
  /** Keys the catalog does not know, with their raw values. */
  unknown: Map<string, unknown>;
  /**
   * Where every key of `settings`, `windows` and `unknown` sits in the artifact (by positionKey):
   * the key's own line and column from 1. A binary plist has no lines: line 1, column the key
   * object's byte offset + 1.
   */
  positions: Map<string, ArtifactPosition>;
  diagnostics: Diagnostic[];
}

/**
 * One output format. Commands, batch and tests iterate the registry of these; a new format is
 * one module, one registry line, a schema and golden cases.
 */
export interface Target {
  /** Stable id, part of the CLI interface (`--target ios-appconfig`). */
  id: string;
  /** One line for `jabber-emm targets`. */
  summary: string;
  /** File names it writes. */
  fileNames: string[];
  /** Consoles or people that take the files. */
  consoles: string[];
  /** What the files are checked against before they are written. */
  checkedAgainst: string;
  /** The catalog channel (and EMM platform) its files carry. */
  carries: Carriage;
  /** Pure and deterministic: the same profile and options give the same bytes. */
  render(profile: ResolvedProfile, options: RenderOptions): RenderResult;
  /**
   * Checks many artifacts of this target in one call (validators are started once per call, never
   * per file). Returns one diagnostics list per artifact, in input order.
   */
  verify(artifacts: readonly Artifact[]): Promise<Diagnostic[][]>;
  /** Reads an artifact back to raw values; absent for write-only targets. */
  parse?(contents: string, fileName: string): ParsedArtifact;
  /** True when the contents look like this target's format (used by `import` and `validate`). */
  detect?(contents: string, fileName: string): boolean;
}
