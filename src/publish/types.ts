/**
 * The result shapes of `publish` (its `--json` document, a promise to scripts) and of `pull`.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SettingValue } from '../profile/types.js';
import type { PublishConsole } from '../consoles/auth.js';

/** What publish does (or did) to one profile on one platform of one console. */
export type PlanAction = 'create' | 'update' | 'in-step' | 'refused' | 'failed' | 'skipped';

/** One key that changes, values as the profile types them; secrets masked (`***`). */
export interface PlanChange {
  /** `settings.ServicesDomain`, `unknown.SomeKey`, `description`, `targetedMobileApps`, `publish.intune.assign`. */
  key: string;
  kind: 'added' | 'removed' | 'changed';
  /** What the console holds now (null: nothing). */
  before: SettingValue | null;
  /** What it will hold (null: nothing). */
  after: SettingValue | null;
}

/** One entry of `plans` in `publish --json`. */
export interface PlanJson {
  console: PublishConsole;
  /** The profile's name (its file when it has none). */
  profile: string;
  /** The profile file. */
  source: string;
  platform: 'ios' | 'android';
  /**
   * `create`, `update`, `in-step`, `refused` (jabber-emm will not change it: not its own policy,
   * foreign keys, changed since the plan); `failed` when the profile could not be planned or applied.
   */
  action: PlanAction;
  /** Why a `skipped` plan was not planned: `abstract` (the profile exists only to be extended). */
  skipped?: 'abstract';
  /** The console's id of the policy (Intune) or app (Jamf); null before it is created. */
  id: string | null;
  changes: PlanChange[];
  /** True once --apply wrote the change; false in a plan, or when nothing was written. */
  applied: boolean;
  diagnostics: Diagnostic[];
}

/** Counts over a run (`summary` in `publish --json`). */
export interface PublishSummary {
  /** Profile files read. */
  profiles: number;
  create: number;
  update: number;
  inStep: number;
  refused: number;
  failed: number;
  /** Plans of abstract profiles, which are never published. */
  skipped: number;
}

/** `publish --json`. */
export interface PublishJson {
  plans: PlanJson[];
  summary: PublishSummary;
  /** Run-level notes (e.g. Android left out without --beta). */
  diagnostics: Diagnostic[];
}
