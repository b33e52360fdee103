import type { Target } from '../targets/types.js';

/** What `jabber-emm targets` shows about one target. */
export interface TargetInfo {
  id: string;
  summary: string;
  fileNames: string[];
  consoles: string[];
  /** The `--emm` consoles that take its files (ids), or `'neutral'` when the file is the same for every console. */
  emm: string[] | 'neutral';
  checkedAgainst: string;
}

/** The registered targets as plain records, in registry order (no functions, ready for `--json`). */
export function describeTargets(targets: readonly Target[]): TargetInfo[] {
  return targets.map((t) => ({
    id: t.id,
    summary: t.summary,
    fileNames: [...t.fileNames],
    consoles: [...t.consoles],
    emm: t.emmConsoles === 'neutral' ? 'neutral' : [...t.emmConsoles],
    checkedAgainst: t.checkedAgainst,
  }));
}

/** The human listing: one block per target, fields aligned. */
export function formatTargets(targets: readonly TargetInfo[]): string {
  const blocks = targets.map((t) =>
    [
      `${t.id}`,
      `  ${t.summary}`,
      `  files:           ${t.fileNames.join(', ')}`,
      `  for:             ${t.consoles.join('; ')}`,
      `  --emm:           ${emmLine(t.emm)}`,
      `  checked against: ${t.checkedAgainst}`,
    ].join('\n'),
  );
  return blocks.join('\n\n') + '\n';
}

function emmLine(emm: TargetInfo['emm']): string {
  if (emm === 'neutral') return 'any (the same file for every console; written by every export)';
  if (emm.length === 0) return 'none (written when named with --target, or by an export without --emm)';
  return emm.join(', ');
}
