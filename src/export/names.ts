import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { LineCounter, parse, parseDocument, isMap, isScalar } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * The cheap first pass of a batch export: read only each profile's `name`, so that two profiles
 * that would write into the same folder are found before anything is written. Memory holds one
 * name per file, nothing else.
 */

// Profiles are small; a file past this size is left to the validator, which reports it.
const NAME_SCAN_LIMIT = 1 << 20;

/** Reads the top-level `name` of a profile file without resolving it; undefined when absent or unreadable. */
export async function readRawName(file: string): Promise<{ name?: string; extends: boolean }> {
  const text = await readHead(file);
  if (text === undefined) return { extends: false };
  try {
    // YAML 1.2 reads JSON too; the alias limit keeps an alias bomb from costing anything here.
    const doc: unknown = parse(text, { maxAliasCount: 50, uniqueKeys: false, prettyErrors: false });
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { extends: false };
    const rec = doc as Record<string, unknown>;
    const name = Object.hasOwn(rec, 'name') && typeof rec.name === 'string' ? rec.name : undefined;
    return { ...(name !== undefined ? { name } : {}), extends: Object.hasOwn(rec, 'extends') };
  } catch {
    return { extends: false };
  }
}

async function readHead(file: string): Promise<string | undefined> {
  // Only regular files of a profile's size: a FIFO would block open(), /dev/zero never ends. The
  // validator reports such files itself; this pass just learns no name from them.
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile() || st.size > NAME_SCAN_LIMIT) return undefined;
  let handle;
  try {
    // O_NONBLOCK: should the file have been swapped for a FIFO since stat, open() still returns.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    // One byte more than stat promised tells a file that grew since (left to the validator).
    const buffer = Buffer.alloc(st.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > st.size) return undefined;
    }
    return buffer.toString('utf8', 0, length);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** Names that more than one file uses, with the files, in first-seen order. */
export function findDuplicates(files: readonly string[], names: readonly (string | undefined)[]): { name: string; sources: string[] }[] {
  const first = new Map<string, number>();
  const dupes = new Map<string, string[]>();
  names.forEach((name, i) => {
    if (name === undefined) return;
    const at = first.get(name);
    if (at === undefined) {
      first.set(name, i);
      return;
    }
    const list = dupes.get(name) ?? [files[at]!];
    list.push(files[i]!);
    dupes.set(name, list);
  });
  return [...dupes].map(([name, sources]) => ({ name, sources }));
}

/**
 * The `duplicate-name` error for one file of a colliding group, at the position of its `name`
 * value when the file states it itself.
 */
export async function duplicateNameDiagnostic(source: string, name: string, sources: readonly string[]): Promise<Diagnostic> {
  const others = sources.filter((s) => s !== source);
  const message =
    `Another profile is also named "${name}" (${others.join(', ')}); both would write into the same folder. ` +
    'Give each profile its own name. Nothing was written.';
  return diagnostic('error', 'duplicate-name', message, { file: source, ...(await namePosition(source)), pointer: '/name' });
}

async function namePosition(file: string): Promise<{ line: number; column: number }> {
  const text = await readHead(file);
  if (text === undefined) return { line: 0, column: 0 };
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
    if (!isMap(doc.contents)) return { line: 0, column: 0 };
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'name');
    const node = pair && isScalar(pair.value) ? pair.value : undefined;
    if (!node?.range) return { line: 0, column: 0 };
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  } catch {
    return { line: 0, column: 0 };
  }
}
