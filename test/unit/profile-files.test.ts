import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findProfileFiles } from '../../src/profile/files.js';

const root = mkdtempSync(join(tmpdir(), 'jabber-emm-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function touch(path: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), 'name: x\n');
}

beforeAll(() => {
  for (const f of ['p/b.yaml', 'p/a.yml', 'p/sub/c.json', 'p/sub/deeper/d.YAML', 'p/notes.txt', 'p/node_modules/x.yaml', 'p/.git/y.yaml', 'p/.hidden/z.yaml', 'p/a-c.yaml']) touch(f);
  mkdirSync(join(root, 'empty'));
  touch('other/e.yaml');
  // A symlink loop must not hang the search.
  symlinkSync(join(root, 'p'), join(root, 'p', 'sub', 'loop'));
});

describe('findProfileFiles', () => {
  test('searches folders recursively for .yaml/.yml/.json, sorted, skipping node_modules and dot-folders', async () => {
    const { files, diagnostics } = await findProfileFiles([join(root, 'p')]);
    expect(diagnostics).toEqual([]);
    const rel = files.map((f) => f.slice(root.length + 1));
    expect(rel).toEqual(['p/a-c.yaml', 'p/a.yml', 'p/b.yaml', 'p/sub/c.json', 'p/sub/deeper/d.YAML']);
  });

  test('keeps argument order; lists a file reached twice once; takes a named file whatever its extension', async () => {
    const { files } = await findProfileFiles([join(root, 'other'), join(root, 'p', 'notes.txt'), join(root, 'other', 'e.yaml')]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['other/e.yaml', 'p/notes.txt']);
  });

  test('a missing path is path-not-found; a folder without profiles is no-profiles; the rest still count', async () => {
    const { files, diagnostics } = await findProfileFiles([join(root, 'nope.yaml'), join(root, 'empty'), join(root, 'other')]);
    expect(files).toHaveLength(1);
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['path-not-found', join(root, 'nope.yaml')],
      ['no-profiles', join(root, 'empty')],
    ]);
  });

  test('shows paths as the user wrote them (relative stays relative)', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const { files } = await findProfileFiles(['./other/']);
      expect(files).toEqual(['other/e.yaml']);
    } finally {
      process.chdir(cwd);
    }
  });

  test('scales to thousands of files in one folder', async () => {
    const many = join(root, 'many');
    mkdirSync(many);
    for (let i = 0; i < 3000; i += 1) writeFileSync(join(many, `p${String(i).padStart(5, '0')}.yaml`), '');
    const { files } = await findProfileFiles([many]);
    expect(files).toHaveLength(3000);
    expect(files[0]).toBe(join(many, 'p00000.yaml'));
    expect(files[2999]).toBe(join(many, 'p02999.yaml'));
  });
});
