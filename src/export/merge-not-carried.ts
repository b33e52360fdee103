import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Folds the per-target `not-carried` warnings of one key into a single warning that lists the
 * targets, so a key the URL and three Android files cannot carry is reported once, not four times.
 * Other diagnostics pass through in order; the merged warning takes the place of the key's first.
 */
export function mergeNotCarried(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const groups = new Map<string, { first: Diagnostic; parts: { target: string; reason: string }[] }>();
  const out: (Diagnostic | string)[] = [];
  for (const d of diagnostics) {
    if (d.code !== 'not-carried' || d.target === undefined) {
      out.push(d);
      continue;
    }
    const key = `${d.file}\0${d.pointer}`;
    let group = groups.get(key);
    if (!group) {
      group = { first: d, parts: [] };
      groups.set(key, group);
      out.push(key);
    }
    group.parts.push({ target: d.target, reason: reasonOf(d) });
  }
  return out.map((item) => (typeof item === 'string' ? merged(groups.get(item)!) : item));
}

// notCarriedMessage (src/targets/emm-entries.ts) writes `<key> is not written to <target>: <reason>`.
// Anything else is kept whole as its own reason.
function reasonOf(d: Diagnostic): string {
  const marker = ` is not written to ${d.target}: `;
  const at = d.message.indexOf(marker);
  return at >= 0 ? d.message.slice(at + marker.length) : d.message;
}

function subjectOf(d: Diagnostic): string | undefined {
  const at = d.message.indexOf(` is not written to ${d.target}: `);
  return at >= 0 ? d.message.slice(0, at) : undefined;
}

function merged(group: { first: Diagnostic; parts: { target: string; reason: string }[] }): Diagnostic {
  const { first, parts } = group;
  if (parts.length === 1) return first;
  const subject = subjectOf(first) ?? (first.pointer.split('/').pop() || 'This key');
  // Group targets by reason, keeping the order in which targets and reasons first appeared.
  const byReason = new Map<string, string[]>();
  for (const p of parts) {
    const list = byReason.get(p.reason) ?? [];
    if (!list.includes(p.target)) list.push(p.target);
    byReason.set(p.reason, list);
  }
  const clauses = [...byReason].map(([reason, targets]) => `${targets.join(', ')}: ${stripStop(reason)}`);
  const targets = [...new Set(parts.map((p) => p.target))];
  const message =
    clauses.length === 1
      ? `${subject} is not written to ${clauses[0]}.`
      : `${subject} is not written to ${clauses.join('; nor to ')}.`;
  return { ...first, message, target: targets.join(', ') };
}

function stripStop(reason: string): string {
  return reason.endsWith('.') ? reason.slice(0, -1) : reason;
}
