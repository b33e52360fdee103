import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';

/** A typed parameter value in canonical form (booleans, canonical enum tokens, lists of tokens). */
export type SettingValue = string | boolean | number | string[];

/** The apps a profile configures. */
export interface ProfileApps {
  /** iOS bundle id (default com.cisco.jabberIM). */
  ios: string;
  /** Android package name (default com.cisco.im). */
  android: string;
}

/** End-user text of the distribution page and e-mail; each field absent means the neutral default. */
export interface DistributionText {
  /** The page heading and the e-mail's first line. */
  title?: string;
  /** The paragraph under the heading (and in the e-mail, before the link). */
  message?: string;
}

/** Where `publish` puts the profile, per console (profile key `publish`). */
export interface PublishTargets {
  intune?: {
    /**
     * Display names of the Entra ID groups the Intune policy is assigned to. Absent: publish leaves
     * the policy's assignments as they are; empty: it removes them all.
     */
    assign?: string[];
  };
}

/**
 * A profile after `extends` is merged, `${env:...}` references are filled and values are typed by
 * the catalog. Renderers take only this; they never see the source text.
 */
export interface ResolvedProfile {
  /** The name, '' when the profile has none (or one that is not text). */
  name: string;
  /**
   * True when `name` is written but is not text (a boolean, a list ...): the resolver reported it
   * (invalid-type), so the checks do not report the name again. Absent in hand-built profiles.
   */
  nameNotText?: boolean;
  /** Free text for people reading the profile; never shown to end users. */
  description?: string;
  /**
   * True when the profile itself says `abstract: true`: it exists only to be extended, and is
   * validated but never exported or published. Not inherited through `extends`.
   */
  abstract?: boolean;
  /** The text end users see on the setup page and in the e-mail (profile key `distribution`). */
  distribution?: DistributionText;
  /** The file the profile was loaded from, as the user named it. */
  source: string;
  apps: ProfileApps;
  /** URL/EMM keys set by the profile (and its parents), canonical spelling → typed value. */
  settings: Map<string, SettingValue>;
  /** Windows installer switches set by the profile, MSI name → typed value. */
  windows: Map<string, SettingValue>;
  /** What `publish` does beyond the settings (Intune group assignments). */
  publish?: PublishTargets;
  /** Where each node came from, by JSON pointer (`/settings/ServicesDomain`). */
  positions: Map<string, SourcePosition>;
  /**
   * Where each value (rather than its key) was written, by JSON pointer, list items included
   * (`/settings/ServiceDiscoveryExcludedServices/1`). Set by the resolver; absent in hand-built profiles.
   */
  valuePositions?: Map<string, SourcePosition>;
  /** Pointers whose value came, wholly or partly, from `${env:NAME}`: never echoed in messages. */
  envSourced?: Set<string>;
  /**
   * With `unsetEnv: 'reference'`: each settings/windows value written with `${env:NAME}`, as
   * written (the reference text, never a value), by JSON pointer.
   */
  envTemplates?: Map<string, string>;
  /** With `unsetEnv: 'reference'`: pointers whose value is the reference text, because a variable it names is not set. */
  unresolvedEnv?: Set<string>;
  /** Files of the extends chain as named in diagnostics, this profile's own file first. */
  chain?: string[];
}

/** Outcome of loading, resolving and checking one profile file. */
export interface ProfileResult {
  /** The file as the user named it. */
  source: string;
  /** The profile name, when it could be read. */
  name?: string;
  /** The resolved profile; absent when it could not be built at all. */
  profile?: ResolvedProfile;
  diagnostics: Diagnostic[];
  /** False when any diagnostic is an error. */
  ok: boolean;
}
