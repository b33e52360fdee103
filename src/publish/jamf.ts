/**
 * Jamf Pro: the mobile device app with the profile's bundle id gets `app_configuration.preferences`
 * = the profile's `ios-dict` export with Jamf's tokens (reference emm-console-apis.md §2). Jamf has
 * no place for an ownership marker, so jabber-emm refuses to replace preferences that hold keys it
 * would never write (another tool's or an admin's) unless `--adopt`. The record is re-read right
 * before the PUT, and the write is refused when its preferences changed since the plan.
 */
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { JamfApp, JamfClient } from '../consoles/jamf.js';
import type { ResolvedProfile } from '../profile/types.js';
import { configurationChanges } from './changes.js';
import { ChangedSincePlan, type PlannedItem } from './intune.js';
import { readConsoleText } from './read-console.js';
import type { PlanJson } from './types.js';

const TARGET = 'ios-dict';
const FILE = 'ios-dict.xml';

/** Plans (and applies) Jamf Pro App Configurations for many profiles. */
export class JamfPublisher {
  private readonly apps = new Map<string, Promise<JamfApp | undefined>>();
  /** Bundle id → the profile that publishes to it in this run (two would overwrite each other). */
  private readonly claimed = new Map<string, string>();

  constructor(
    private readonly client: JamfClient,
    private readonly opts: { adopt: boolean },
  ) {}

  private app(bundleId: string): Promise<JamfApp | undefined> {
    let app = this.apps.get(bundleId);
    if (!app) {
      app = this.client.appByBundleId(bundleId);
      this.apps.set(bundleId, app);
    }
    return app;
  }

  /** Plans one profile from its verified `ios-dict` export (Jamf tokens). */
  async plan(profile: ResolvedProfile, text: string, inherited: Diagnostic[]): Promise<PlannedItem> {
    const plan: PlanJson = { console: 'jamf', profile: profile.name, source: profile.source, platform: 'ios', action: 'failed', id: null, changes: [], applied: false, diagnostics: [...inherited] };
    const fail = (d: Diagnostic): PlannedItem => {
      plan.diagnostics.push(d);
      return { plan };
    };
    const desired = readConsoleText(text, `${profile.name} (${TARGET} export)`, FILE, TARGET);
    if (!desired.ok) return fail(desired.diagnostic);
    const bundleId = profile.apps.ios;
    const claimedBy = this.claimed.get(bundleId);
    if (claimedBy !== undefined) {
      return fail(diagnostic('error', 'app-shared', `Profile ${claimedBy} of this run already publishes to the Jamf Pro app ${bundleId}; one app has one App Configuration, so publish one profile per app.`, { file: profile.source, pointer: '/apps/ios' }));
    }
    this.claimed.set(bundleId, profile.name);
    const app = await this.app(bundleId);
    if (!app) {
      return fail(diagnostic('error', 'app-not-found', `Jamf Pro has no mobile device app with the bundle id ${bundleId} (apps.ios); add the app in Jamf Pro first (jabber-emm cannot add one), then publish.`, { file: profile.source, pointer: '/apps/ios' }));
    }
    plan.id = String(app.id);
    const source = `Jamf Pro app ${app.name} (id ${app.id})`;
    let current;
    if (app.preferences.trim() !== '') {
      const reading = readConsoleText(app.preferences, source, FILE, TARGET);
      if (!reading.ok) {
        if (!this.opts.adopt) {
          plan.action = 'refused';
          return fail({ ...reading.diagnostic, message: `${reading.diagnostic.message} jabber-emm does not replace App Configuration it cannot read; check it in Jamf Pro, then run again with --adopt to replace it.` });
        }
      } else current = reading.artifact;
    }
    plan.changes = configurationChanges(current, desired.artifact, TARGET);
    if (plan.changes.length === 0) {
      plan.action = 'in-step';
      return { plan };
    }
    const foreign = current ? [...current.unknown.keys()] : [];
    if (foreign.length > 0 && !this.opts.adopt) {
      plan.action = 'refused';
      plan.diagnostics.push(
        diagnostic(
          'error',
          'foreign-keys',
          `${source} holds App Configuration keys jabber-emm would not write (${foreign.join(', ')}): another tool's or an admin's. Replacing the preferences would remove them, so jabber-emm does not; run again with --adopt to replace them.`,
          { file: profile.source },
        ),
      );
      return { plan };
    }
    plan.action = current ? 'update' : 'create';
    const planned = app.preferences;
    return {
      plan,
      apply: async () => {
        // Classic API records carry no version: compare what the plan read with what is there now.
        const now = await this.client.appById(app.id);
        if (!now) throw new ChangedSincePlan(`${source} was deleted after the plan was made; nothing was written.`);
        if (now.preferences !== planned) throw new ChangedSincePlan(`The App Configuration of ${source} was changed after the plan was made; nothing was written. Run publish again to see the new plan.`);
        await this.client.putPreferences(app.id, text);
      },
    };
  }
}
