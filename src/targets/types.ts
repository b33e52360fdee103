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
  /**
   * Write a DDM asset that holds a secret anyway (`--allow-secret-in-asset`). Without it such an
   * asset is an error: the asset is served at a URL, so anyone who can fetch it reads the secret.
   */
  allowSecretInAsset?: boolean;
}

/** One file a target produces. */
export interface Artifact {
  /** Target id that produced it. */
  target: string;
  /** File name inside `<out>/<profile name>/`. */
  fileName: string;
  /** Exact bytes to write, as UTF-8 text. */
  contents: string;
  /**
   * True when the file holds a secret parameter's value as it is (AutoLoginUserPassword), not a
   * console token: `export` writes it readable by its owner only and says it must not be published.
   */
  secret?: boolean;
}

/** What a renderer returns: the files, and warnings/errors about what could not be carried. */
export interface RenderResult {
  artifacts: Artifact[];
  diagnostics: Diagnostic[];
}

/** One file of a target's set as a reader receives it: its name (or path) and its text. */
export interface ArtifactFile {
  /** File name or path; readers look at the base name only and name the file with it in diagnostics. */
  fileName: string;
  contents: string;
}

/** Where a value sits inside an artifact: the file, line and column from 1. */
export interface ArtifactPosition {
  /** The file of the set it was read from (as given to `parse`). */
  file: string;
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

/** What a target's files say about how they were written, so render(parse(files)) gives the same bytes. */
export interface WrittenWith {
  /** Profile name the files name (folder, identifiers, comments), when they name one. */
  name?: string;
  /** Render options the files show (console token syntax, typed values, the DDM asset URL). */
  options?: RenderOptions;
}

/**
 * Values read back from a target's file set by `parse`, keyed like a profile.
 *
 * Positions contract (every reader): for each key read, `positions` maps the JSON pointer the
 * value lands on in a profile (`/settings/<key>`, `/windows/<key>`, `/apps/ios`, `/apps/android`)
 * or, for keys the catalog does not know, `/unknown/<key as found>` to the file, line and column
 * (from 1) of the key in the artifact. The rule engine (src/artifact/rules.ts) places the
 * profile's diagnostics at these positions; a key without one is reported at the file's line 1.
 */
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
   * Profile pointer (see above) → where the key was read: the key's own line and column from 1.
   * A binary plist has no lines: line 1, column the key object's byte offset + 1.
   */
  positions: Map<string, ArtifactPosition>;
  /** What the files say about how they were written (absent: nothing beyond the values). */
  written?: WrittenWith;
  diagnostics: Diagnostic[];
}

/** A new, empty ParsedArtifact of a target. */
export function emptyParsed(target: string): ParsedArtifact {
  return { target, settings: new Map(), windows: new Map(), unknown: new Map(), positions: new Map(), diagnostics: [] };
}

/** What a target's `recognise` says about one file. */
export interface Recognition {
  /** Which file of the set it is: one of the target's `fileNames` (the one it stands for, whatever it is called). */
  member: string;
  /**
   * Recognised by its name as well as its contents. Such a recognition wins over a content-only
   * one by another target (the DDM data asset is a plist ios-plist also recognises).
   */
  byName?: boolean;
  /**
   * Set when the file is read only together with another file of its set (an Android values file
   * with its restrictions file): says, for the admin, how to give it. A file so marked that is
   * found alone is not checked as this target's.
   */
  onlyWith?: string;
  /** Warnings about the form the file came in, before any value is read (a URL wrapped over lines). */
  diagnostics?: Diagnostic[];
}

/**
 * One output format: a codec over its file set. `render` writes the set, `parse` reads the same
 * set back; what is particular to the format (its companion files, what it needs, how its files
 * pair up in a folder, its own checks) is declared here, so code outside src/targets/ asks the
 * registry and never compares a target id. A new format is one folder, one registry line, a
 * schema and golden cases.
 */
export interface Target {
  /** Stable id, part of the CLI interface (`--target ios-appconfig`). */
  id: string;
  /** One line for `jabber-emm targets`. */
  summary: string;
  /** File names it writes: the set, in the order render writes them and verify takes them. */
  fileNames: string[];
  /** Consoles or people that take the files (display text for `jabber-emm targets` and `diff`). */
  consoles: string[];
  /**
   * Which `--emm` consoles take its files (ids), or `'neutral'` for files that are the same for every
   * console and go to users or installers. `export --emm X` without `--target` writes the targets X
   * takes plus the neutral ones; with several `--emm`, each console's files go to its own folder.
   */
  emmConsoles: readonly EmmConsole[] | 'neutral';
  /** What the files are checked against before they are written. */
  checkedAgainst: string;
  /** The catalog channel (and EMM platform) its files carry. */
  carries: Carriage;
  /**
   * Profile fields besides apps, settings and windows that its files show (the page prints the
   * distribution title and message). They change with the profile but are not read back.
   */
  shows?: readonly 'distribution'[];
  /** Render options without which it writes nothing (`export` asks for them). */
  needs?: readonly (keyof RenderOptions)[];
  /**
   * Codes of verify findings about how a file is written rather than the values it holds: forms
   * Cisco's guides and admins print (`/qn`, LF line endings, a quoted package path, `CLEAR =1`)
   * that export never writes. validate holds a file to the written form and fails them; import
   * reads the values such a file means and reports each of these as a warning.
   */
  writtenForm?: ReadonlySet<string>;
  /** Pure and deterministic: the same profile and options give the same bytes. */
  render(profile: ResolvedProfile, options: RenderOptions): RenderResult;
  /**
   * Checks many artifacts of this target in one call (validators are started once per call, never
   * per file). Files of one set come next to each other, in `fileNames` order. Returns one
   * diagnostics list per artifact, in input order.
   */
  verify(artifacts: readonly Artifact[]): Promise<Diagnostic[][]>;
  /**
   * Checks its files against an XML Schema the user supplies (`validate --xsd`): one list per
   * file, in input order. `probe` is a minimal document of the format (to see the schema compile).
   * Absent: the target's files are not checked against user schemas.
   */
  userSchema?: {
    /** What the files are called, for messages: `AppConfig specfile`. */
    kind: string;
    probe: string;
    verify(files: readonly Pick<Artifact, 'fileName' | 'contents'>[], xsdText: string, xsdName: string): Promise<Diagnostic[][]>;
  };
  /**
   * Says whether a file is one of this target's set, and which, by its contents (and where the
   * format needs it, its name). Must not throw on any text. Absent for write-only targets.
   */
  recognise?(contents: string, fileName: string): Recognition | undefined;
  /**
   * How its files pair up in a folder: the names, among `folder` (the other files of the same
   * folder), of the files that form one set with `fileName`. Absent: every file is a set of its own.
   */
  companions?(fileName: string, folder: readonly string[]): string[];
  /**
   * Reads a set back to raw values: one or more of its files (each recognised by this target), in
   * any order; a companion that is missing is named in a warning, never guessed. Absent for
   * write-only targets.
   */
  parse?(files: readonly ArtifactFile[]): ParsedArtifact;
}
