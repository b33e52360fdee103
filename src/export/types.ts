import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { EmmConsole } from '../variables/consoles.js';

/** What `exportProfiles` needs: the same inputs as `jabber-emm export`. */
export interface ExportInput {
  /** Profile files or directories (searched recursively), as for `validate`. */
  paths: string[];
  /**
   * Output directory; files land in `<out>/<profile name>/<file>`, and with several consoles each
   * console's files in `<out>/<profile name>/<console id>/<file>`.
   */
  out: string;
  /**
   * Target ids to write. When absent or empty: every target whose needs are met (ios-ddm only with
   * `assetUrl`), and with `emm` only the targets those consoles take plus the console-neutral ones.
   */
  targets?: string[];
  /** Console(s) whose variable tokens to write (`--emm`, repeatable); several give each console its own folder. */
  emm?: EmmConsole | readonly EmmConsole[];
  /** Typed booleans/integers in EMM files instead of Cisco's text tokens (`--typed-values`). */
  typedValues?: boolean;
  /** HTTPS URL the DDM data asset will be served from (`--asset-url`). */
  assetUrl?: string;
  /** Write a DDM asset that holds a secret (`--allow-secret-in-asset`); without it that is an error. */
  allowSecretInAsset?: boolean;
  /** Environment `${env:NAME}` references are read from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Profiles rendered and verified together (one verify call per target per chunk). Default 256. */
  chunkSize?: number;
  /**
   * Worker threads that validate, render and verify chunks while the main thread writes. Default 0
   * (one thread): on two cores the workers' own start-up and validator compilation cost more than
   * they gain. Worth trying on machines with more cores.
   */
  workers?: number;
  /**
   * Keep every profile's record in the returned result (default true). The CLI streams records
   * through `onProfile` and turns this off, so memory stays flat over tens of thousands of profiles.
   */
  keepProfiles?: boolean;
}

/** One file of an exported profile. */
export interface ExportedFile {
  target: string;
  /** `<out>/<profile name>/<file>` (or `<out>/<profile name>/<console id>/<file>`), joined onto `--out` as the user gave it. */
  path: string;
  /** The `--emm` console the file was written for; absent for console-neutral files and runs without `--emm`. */
  console?: EmmConsole;
  /** True when the file was (re)written, false when its contents were already on disk. */
  written: boolean;
  /** True when the file holds a secret: written 0600, and never to be published. */
  secret?: boolean;
}

/** Outcome for one profile file. */
export interface ExportedProfile {
  /** The profile file as the user named it (or the path that could not be searched). */
  source: string;
  /** Profile name, when it could be read. */
  name?: string;
  /** True when every file of the profile was written (or already up to date), or it was skipped. */
  ok: boolean;
  /** Why nothing was written for a profile that is not a deployment: `abstract` (it exists only to be extended). */
  skipped?: 'abstract';
  /** Files of the profile; empty when it failed (a failed profile writes nothing). */
  files: ExportedFile[];
  diagnostics: Diagnostic[];
}

/** Counts over a run. `written + unchanged === files`; `ok + failed + skipped === profiles`. */
export interface ExportSummary {
  profiles: number;
  /** Profiles exported. */
  ok: number;
  failed: number;
  /** Abstract profiles: validated, not exported. */
  skipped: number;
  files: number;
  written: number;
  unchanged: number;
}

/** What `exportProfiles` returns. */
export interface ExportResult {
  /** Per-profile records in input order (empty when `keepProfiles` is false). */
  profiles: ExportedProfile[];
  summary: ExportSummary;
  /** Set when the run stopped before writing anything because names collide. */
  duplicateNames?: { name: string; sources: string[] }[];
}

/** Callbacks for progress and streaming output; all optional. */
export interface ExportHooks {
  /** Called once the profile files are known, before any work on them. */
  onStart?(total: number): void;
  /** Called for every profile, in input order, once its files are written (or it failed). */
  onProfile?(profile: ExportedProfile, done: number, total: number): void;
}

/** The `--json` shape of one profile (a promise to scripts: fields kept exactly). */
export interface ExportJsonProfile {
  source: string;
  name?: string;
  ok: boolean;
  /** Present for a profile that was not exported on purpose. */
  skipped?: 'abstract';
  /** `console` for a file written for one --emm console; `secret: true` on a file that holds a secret (written 0600; do not publish it). */
  files: { target: string; path: string; console?: EmmConsole; secret?: true }[];
  diagnostics: Diagnostic[];
}

/** The `--json` shape of a run (a promise to scripts: fields kept exactly). */
export interface ExportJson {
  profiles: ExportJsonProfile[];
  summary: { profiles: number; ok: number; failed: number; skipped: number; files: number };
}
