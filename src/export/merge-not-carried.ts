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

/**
 * Folds diagnostics that say the same thing about several targets (same severity, code, file,
 * line, column and message, apart from the target's id in it) into one that names them all, and
 * drops exact repeats (the same check run for several consoles). Order is kept; the folded one
 * takes the place of the first.
 */
export function mergeAcrossTargets(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const groups = new Map<string, { first: Diagnostic; targets: string[] }>();
  const out: (Diagnostic | string)[] = [];
  for (const d of diagnostics) {
    const shape = d.target !== undefined && d.target !== '' ? d.message.replace(idPattern(d.target), '\0') : d.message;
    const key = [d.severity, d.code, d.file, d.line, d.column, shape].join('\u0001');
    const group = groups.get(key);
    if (group) {
      for (const t of targetList(d)) if (!group.targets.includes(t)) group.targets.push(t);
      continue;
    }
    groups.set(key, { first: d, targets: targetList(d) });
    out.push(key);
  }
  return out.map((item) => {
    const { first, targets } = groups.get(item as string)!;
    const own = targetList(first);
    if (targets.length === own.length) return first;
    const names = targets.join(', ');
    const message = first.target ? first.message.replace(idPattern(first.target), names) : first.message;
    return { ...first, message, target: names };
  });
}

// The target id as a word of the message: not inside a longer id, a key or a file name (`jabber-config-url.txt`).
function idPattern(id: string): RegExp {
  return new RegExp(`(?<![\\w.-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-]|\\.\\w)`, 'g');
}

function targetList(d: Diagnostic): string[] {
  return d.target === undefined || d.target === '' ? [] : d.target.split(', ');
}
