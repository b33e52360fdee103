/**
 * An export folder read back: `<out>/<profile>/` (and its console subfolders
 * `<out>/<profile>/<console>/`, one per --emm) holding files the detector recognises, grouped into
 * each target's sets as the targets pair them. Drift of a folder of profiles is compared on these.
 */
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { EMM_CONSOLES } from '../variables/consoles.js';
import type { ParsedArtifact, Target } from '../targets/types.js';
import { recogniseFile } from './detect.js';
import { groupFolder } from './file-sets.js';
import { readCandidate } from './read.js';

/** Extensions of profile files: a folder holding one is a folder of profiles, not an export. */
const PROFILE_ONLY = new Set(['.yaml', '.yml']);

/** One set of exported files of a profile, read back. */
export interface ExportedSet {
  target: Target;
  /** Its files (paths), the first one naming it in reports. */
  files: string[];
  parsed: ParsedArtifact;
}

/** A file of a folder with what the detector says it is. */
interface FolderFile {
  path: string;
  name: string;
  contents: string;
  target: Target;
  member: string;
  onlyWith?: string;
}

async function entries(dir: string): Promise<{ files: string[]; dirs: string[] }> {
  const list = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return {
    files: list.filter((e) => e.isFile()).map((e) => e.name).sort(),
    dirs: list.filter((e) => e.isDirectory()).map((e) => e.name).sort(),
  };
}

/** The recognised files of one folder, grouped into sets by their targets' `companions`. */
async function setsOfFolder(dir: string): Promise<ExportedSet[]> {
  const { files } = await entries(dir);
  const found: FolderFile[] = [];
  for (const name of files) {
    const path = join(dir, name);
    const contents = await readCandidate(path);
    if (contents === undefined) continue;
    const r = recogniseFile(contents, name);
    if (!r?.target.parse) continue;
    found.push({ path, name, contents, target: r.target, member: r.recognition.member, ...(r.recognition.onlyWith !== undefined ? { onlyWith: r.recognition.onlyWith } : {}) });
  }
  const { sets: groups } = groupFolder(found);
  const sets: ExportedSet[] = [];
  for (const group of groups) {
    const members = group.map((i) => found[i]!);
    const target = members[0]!.target;
    const parsed = target.parse!(members.map((m) => ({ fileName: m.path, contents: m.contents })));
    sets.push({ target, files: members.map((m) => m.path), parsed });
  }
  return sets;
}

/**
 * True when `dir` is an export folder: no profile file at its top, and a subfolder holding a
 * recognised file (in the profile folder itself or in one of its console subfolders).
 */
export async function isExportFolder(dir: string): Promise<boolean> {
  const { files, dirs } = await entries(dir);
  if (files.some((f) => PROFILE_ONLY.has(extname(f).toLowerCase()))) return false;
  for (const sub of dirs) {
    const inner = await entries(join(dir, sub));
    if (inner.files.some((f) => PROFILE_ONLY.has(extname(f).toLowerCase()))) return false;
    const folders = [join(dir, sub), ...inner.dirs.filter((d) => (EMM_CONSOLES as readonly string[]).includes(d)).map((d) => join(dir, sub, d))];
    for (const folder of folders) {
      const { files: names } = folder === join(dir, sub) ? inner : await entries(folder);
      for (const name of names) {
        const contents = await readCandidate(join(folder, name));
        if (contents !== undefined && recogniseFile(contents, name)) return true;
      }
    }
  }
  return false;
}

/**
 * Every profile folder of an export folder, by folder name (the profile name), with the sets
 * found in it and in its console subfolders (`<profile>/<console id>/`, console ids of --emm).
 */
export async function readExportFolder(dir: string): Promise<Map<string, ExportedSet[]>> {
  const out = new Map<string, ExportedSet[]>();
  const { dirs } = await entries(dir);
  for (const name of dirs) {
    const folder = join(dir, name);
    const sets = await setsOfFolder(folder);
    const { dirs: subs } = await entries(folder);
    for (const sub of subs) {
      if ((EMM_CONSOLES as readonly string[]).includes(sub)) sets.push(...(await setsOfFolder(join(folder, sub))));
    }
    if (sets.length > 0) out.set(name, sets);
  }
  return out;
}
