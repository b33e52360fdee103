/**
 * `publish` and `pull` as text for a terminal: one block per plan (the keys that change, before →
 * after, secrets already masked), and the run's summary line.
 */
import { showValue } from '../diff/show-value.js';
import type { PlanJson, PublishJson } from './types.js';

const CONSOLE_NAMES = { intune: 'Intune', jamf: 'Jamf Pro' } as const;
const PLATFORM_NAMES = { ios: 'iOS', android: 'Android' } as const;

const ACTION_WORDS: Record<PlanJson['action'], string> = {
  create: 'create',
  update: 'update',
  'in-step': 'in step',
  refused: 'REFUSED',
  failed: 'FAILED',
  skipped: 'skipped (abstract: a base for other profiles, never published)',
};

/** One plan: a header line, then one line per change. */
export function formatPlan(plan: PlanJson, applying: boolean): string {
  const what = plan.console === 'intune' ? 'policy' : 'app';
  const id = plan.id !== null ? ` (${what} ${plan.id})` : '';
  let action = ACTION_WORDS[plan.action];
  if (applying && plan.applied) action = plan.action === 'create' ? 'created' : 'updated';
  const lines = [`${plan.profile}: ${CONSOLE_NAMES[plan.console]} ${PLATFORM_NAMES[plan.platform]}${id}: ${action}`];
  const width = Math.min(44, Math.max(0, ...plan.changes.map((c) => c.key.length)));
  for (const c of plan.changes) {
    const value =
      c.kind === 'added' ? showValue(c.after) : c.kind === 'removed' ? showValue(c.before) : `${showValue(c.before)} → ${showValue(c.after)}`;
    lines.push(`  ${c.kind.padEnd(8)} ${c.key.padEnd(width)}  ${value.replace(/\n/g, '\\n')}`);
  }
  return lines.join('\n') + '\n';
}

/** The closing line of a run. */
export function formatPublishSummary(result: PublishJson, opts: { apply: boolean }): string {
  const s = result.summary;
  const profiles = `${s.profiles} profile${s.profiles === 1 ? '' : 's'}`;
  const counts = `${s.create} create, ${s.update} update, ${s.inStep} in step, ${s.refused} refused, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`;
  const pending = result.plans.some((p) => (p.action === 'create' || p.action === 'update') && !p.applied);
  let tail: string;
  if (opts.apply) tail = `Applied ${result.plans.filter((p) => p.applied).length} change${result.plans.filter((p) => p.applied).length === 1 ? '' : 's'}.`;
  else tail = pending ? 'Plan only: nothing was changed; run again with --apply to make these changes.' : 'Nothing to change.';
  return `${profiles}: ${counts}. ${tail}\n`;
}
