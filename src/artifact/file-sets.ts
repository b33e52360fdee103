/**
 * How the recognised files of one folder form their targets' sets, as each target declares it
 * (`companions`): one rule for `validate` (which verifies a set together) and for drift of an
 * export folder (which reads a set together).
 */
import type { Target } from '../targets/types.js';

/** A recognised file of a folder. */
export interface SetCandidate {
  /** Base name in the folder. */
  name: string;
  target: Target;
  /** Which file of the target's set it is (one of its fileNames). */
  member: string;
  /** Set when the file is read only together with another file of its set. */
  onlyWith?: string;
}

/** The sets of one folder (indexes into `files`, each in its target's fileNames order) and the files left out because they are read only with a pair they lack. */
export function groupFolder(files: readonly SetCandidate[]): { sets: number[][]; alone: number[] } {
  const sets: number[][] = [];
  const alone: number[] = [];
  const used = new Set<number>();
  files.forEach((f, i) => {
    if (used.has(i)) return;
    const others = files.map((_, k) => k).filter((k) => k !== i && !used.has(k) && files[k]!.target === f.target);
    const names = f.target.companions?.(f.name, others.map((k) => files[k]!.name)) ?? [];
    const members = [i, ...others.filter((k) => names.includes(files[k]!.name))];
    if (members.length === 1 && f.onlyWith !== undefined) {
      alone.push(i);
      return;
    }
    for (const m of members) used.add(m);
    const order = (m: number) => f.target.fileNames.indexOf(files[m]!.member);
    sets.push(members.sort((x, y) => order(x) - order(y) || x - y));
  });
  return { sets, alone };
}
