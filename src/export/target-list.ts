import type { Target } from '../targets/types.js';

/** What `jabber-emm targets` shows about one target. */
export interface TargetInfo {
  id: string;
  summary: string;
  fileNames: string[];
  consoles: string[];
  checkedAgainst: string;
}

/** The registered targets as plain records, in registry order (no functions, ready for `--json`). */
export function describeTargets(targets: readonly Target[]): TargetInfo[] {
  return targets.map((t) => ({
    id: t.id,
    summary: t.summary,
    fileNames: [...t.fileNames],
    consoles: [...t.consoles],
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
      `  checked against: ${t.checkedAgainst}`,
    ].join('\n'),
  );
  return blocks.join('\n\n') + '\n';
}
