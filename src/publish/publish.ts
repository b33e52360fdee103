/**
 * `publish`: plan, and with `apply` make, each profile's app configuration in Intune or Jamf Pro.
 * Profiles are read, checked, rendered and verified by the export pipeline; the console is read
 * (its lists once per run); each profile and platform gets a plan (create, update with the keys
 * that change, in step, refused), and only with `apply` a write, after re-reading the object.
 */
import { ConsoleError } from '../consoles/errors.js';
import type { ConnectionOverrides, PublishConsole } from '../consoles/auth.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findProfileFiles } from '../profile/files.js';
import type { ResolvedProfile } from '../profile/types.js';
import { connectConsole, type ConnectDeps } from './connect.js';
import { IntunePublisher, type PlannedItem } from './intune.js';
import { JamfPublisher } from './jamf.js';
import { renderForConsole } from './render.js';
import type { PlanJson, PublishJson, PublishSummary } from './types.js';

/** What `publish` is asked to do. */
export interface PublishInput {
  /** Profile files or folders (searched like export's). */
  paths: string[];
  console: PublishConsole;
  /** Make the changes (default: plan only). */
  apply?: boolean;
  /** Take over policies jabber-emm did not create, and Jamf preferences with foreign keys. */
  adopt?: boolean;
  /** Intune only: also Android, through Graph beta. */
  beta?: boolean;
  /** Where `${env:...}` and the connection settings are read (default process.env). */
  env?: Record<string, string | undefined>;
  connection?: ConnectionOverrides;
}

/** Progress callbacks, for a terminal. */
export interface PublishHooks {
  onStart?(profiles: number): void;
  onPlan?(plan: PlanJson, profilesDone: number, profiles: number): void;
}

const TARGET_OF: Record<'ios' | 'android', string> = { ios: 'ios-dict', android: 'android-managed-config' };

/** Plans (and applies) every profile; throws ConsoleError (exit 2) when the console cannot be used at all. */
export async function publishProfiles(input: PublishInput, hooks: PublishHooks = {}, deps: ConnectDeps = {}): Promise<PublishJson> {
  const env = input.env ?? process.env;
  const connection = connectConsole(input.console, env, input.connection ?? {}, deps);
  const adopt = input.adopt === true;
  const platforms: ('ios' | 'android')[] = input.console === 'intune' && input.beta ? ['ios', 'android'] : ['ios'];
  const runDiagnostics: Diagnostic[] = [];
  if (input.console === 'intune' && !input.beta) {
    runDiagnostics.push(
      diagnostic('warning', 'android-needs-beta', 'Android policies were not planned: Intune takes them only through Microsoft Graph beta, which can change without notice. Add --beta to include them.'),
    );
  }
  if (input.console === 'jamf' && input.beta) {
    runDiagnostics.push(diagnostic('warning', 'beta-ignored', '--beta applies to Intune only; Jamf Pro takes iOS App Configuration through its Classic API.'));
  }
  const intune = connection.console === 'intune' ? new IntunePublisher(connection.client, { adopt }) : undefined;
  const jamf = connection.console === 'jamf' ? new JamfPublisher(connection.client, { adopt }) : undefined;

  const found = await findProfileFiles(input.paths);
  const total = found.files.length + new Set(found.diagnostics.map((d) => d.file)).size;
  const plans: PlanJson[] = [];
  const summary: PublishSummary = { profiles: 0, create: 0, update: 0, inStep: 0, refused: 0, failed: 0, skipped: 0 };
  let done = 0;
  hooks.onStart?.(total);
  const emit = (plan: PlanJson): void => {
    plans.push(plan);
    if (plan.action === 'in-step') summary.inStep += 1;
    else summary[plan.action] += 1;
    hooks.onPlan?.(plan, done, total);
  };
  const failedPlan = (profile: string, source: string, platform: 'ios' | 'android', diagnostics: Diagnostic[]): PlanJson => ({
    console: input.console,
    profile,
    source,
    platform,
    action: 'failed',
    id: null,
    changes: [],
    applied: false,
    diagnostics,
  });

  for (const [file, diagnostics] of groupByFile(found.diagnostics)) {
    summary.profiles += 1;
    done += 1;
    emit(failedPlan(file, file, platforms[0]!, diagnostics));
  }

  const targetIds = platforms.map((p) => TARGET_OF[p]);
  for await (const r of renderForConsole(found.files, input.console, targetIds, env)) {
    summary.profiles += 1;
    done += 1;
    if (!r.ok || !r.profile) {
      for (const platform of platforms) emit(failedPlan(r.name ?? r.source, r.source, platform, r.diagnostics));
      continue;
    }
    // An abstract profile is a base for others, not a deployment: the console never sees it.
    if (r.skipped === 'abstract') {
      for (const platform of platforms) {
        emit({ console: input.console, profile: r.name ?? r.source, source: r.source, platform, action: 'skipped', skipped: 'abstract', id: null, changes: [], applied: false, diagnostics: [] });
      }
      continue;
    }
    // Warnings of the export (not-carried and the like) belong to the first platform's plan only.
    let inherited = r.diagnostics;
    for (const platform of platforms) {
      const text = r.texts.get(TARGET_OF[platform])!;
      const planned = await planOne(r.profile, platform, text, inherited, intune, jamf);
      inherited = [];
      if (input.apply && planned.apply) await applyOne(planned);
      emit(planned.plan);
    }
  }
  return { plans, summary, diagnostics: runDiagnostics };
}

async function planOne(
  profile: ResolvedProfile,
  platform: 'ios' | 'android',
  text: string,
  inherited: Diagnostic[],
  intune: IntunePublisher | undefined,
  jamf: JamfPublisher | undefined,
): Promise<PlannedItem> {
  try {
    return intune ? await intune.plan(profile, platform, text, inherited) : await jamf!.plan(profile, text, inherited);
  } catch (err) {
    if (!(err instanceof ConsoleError) || err.exitCode === 2) throw err;
    return {
      plan: {
        console: intune ? 'intune' : 'jamf',
        profile: profile.name,
        source: profile.source,
        platform,
        action: 'failed',
        id: null,
        changes: [],
        applied: false,
        diagnostics: [...inherited, diagnostic('error', err.code, err.message, { file: profile.source })],
      },
    };
  }
}

/** Applies a planned change; a change since the plan refuses it, another console error fails it. */
async function applyOne(planned: PlannedItem): Promise<void> {
  const { plan } = planned;
  try {
    await planned.apply!();
    plan.applied = true;
  } catch (err) {
    if (!(err instanceof ConsoleError) || err.exitCode === 2) throw err;
    plan.action = err.code === 'changed-since-plan' ? 'refused' : 'failed';
    plan.diagnostics.push(diagnostic('error', err.code, err.message, { file: plan.source }));
  }
}

/** The exit code of a run: 1 when a profile failed or was refused, or (`check`) anything would change. */
export function publishExitCode(result: PublishJson, check: boolean): 0 | 1 {
  const s = result.summary;
  if (s.failed > 0 || s.refused > 0) return 1;
  if (check && result.plans.some((p) => (p.action === 'create' || p.action === 'update') && !p.applied)) return 1;
  return 0;
}

function groupByFile(diagnostics: readonly Diagnostic[]): [string, Diagnostic[]][] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) groups.set(d.file, [...(groups.get(d.file) ?? []), d]);
  return [...groups];
}
