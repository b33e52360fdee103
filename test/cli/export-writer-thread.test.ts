/**
 * The writer thread (src/export/writer-thread.ts) keeps every guarantee of writing in this thread:
 * a profile is one unit, unchanged files keep their mtime, secrets are 0600, a symlinked folder is
 * refused, an error fails that profile only, and closing waits for what was handed over. Runs the
 * built library (dist/), because worker threads load compiled modules.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { exportProfiles as ExportProfiles } from '../../src/export/export-profiles.js';
import type { WriterThread as WriterThreadClass, writerThreadAvailable as Available } from '../../src/export/writer-thread.js';
import { readTree, ROOT } from '../helpers/cli.js';

let tmp: string;
let WriterThread: typeof WriterThreadClass;
let writerThreadAvailable: typeof Available;
let exportProfiles: typeof ExportProfiles;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-writer-thread-'));
  const dist = (rel: string) => pathToFileURL(path.join(ROOT, 'dist', 'export', rel)).href;
  ({ WriterThread, writerThreadAvailable } = (await import(dist('writer-thread.js'))) as { WriterThread: typeof WriterThreadClass; writerThreadAvailable: typeof Available });
  ({ exportProfiles } = (await import(dist('export-profiles.js'))) as { exportProfiles: typeof ExportProfiles });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('WriterThread', () => {
  it('is available in the build', () => {
    expect(writerThreadAvailable()).toBe(true);
  });

  it('writes each profile as a unit, keeps unchanged files, and sets the secret mode', async () => {
    const writer = new WriterThread();
    const dir = path.join(tmp, 'units', 'acme');
    try {
      const first = await writer.write(dir, [
        { fileName: 'a.xml', contents: '<a/>\n' },
        { fileName: 's.txt', contents: 'secret\n', secret: true },
        { fileName: 'c.xml', contents: '<c/>\n', folder: 'intune' },
      ]);
      expect(first).toEqual([
        { path: path.join(dir, 'a.xml'), written: true },
        { path: path.join(dir, 's.txt'), written: true },
        { path: path.join(dir, 'intune', 'c.xml'), written: true },
      ]);
      expect(statSync(path.join(dir, 's.txt')).mode & 0o777).toBe(0o600);
      const old = new Date('2020-01-01T00:00:00Z');
      utimesSync(path.join(dir, 'a.xml'), old, old);
      const second = await writer.write(dir, [
        { fileName: 'a.xml', contents: '<a/>\n' },
        { fileName: 's.txt', contents: 'changed\n', secret: true },
        { fileName: 'c.xml', contents: '<c/>\n', folder: 'intune' },
      ]);
      expect(second.map((o) => o.written)).toEqual([false, true, false]);
      expect(statSync(path.join(dir, 'a.xml')).mtime.getTime()).toBe(old.getTime());
      expect(readFileSync(path.join(dir, 's.txt'), 'utf8')).toBe('changed\n');
      expect(statSync(path.join(dir, 's.txt')).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir).sort()).toEqual(['a.xml', 'intune', 's.txt']);
    } finally {
      await writer.close();
    }
  });

  it('rejects a profile whose folder is a symbolic link, with the code and message the pipeline reports, and goes on with the next', async () => {
    const writer = new WriterThread();
    const root = path.join(tmp, 'links');
    mkdirSync(path.join(root, 'elsewhere'), { recursive: true });
    symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'linked'));
    try {
      const refused = writer.write(path.join(root, 'linked'), [{ fileName: 'a.xml', contents: 'x\n' }]);
      const next = writer.write(path.join(root, 'fine'), [{ fileName: 'a.xml', contents: 'y\n' }]);
      await expect(refused).rejects.toMatchObject({ code: 'ELINK', message: `${path.join(root, 'linked')} is a symbolic link; profile folders must be real folders under --out` });
      await expect(next).resolves.toEqual([{ path: path.join(root, 'fine', 'a.xml'), written: true }]);
      expect(readdirSync(path.join(root, 'elsewhere'))).toEqual([]);
      // A name that is not a plain file name is refused before anything is written, without a code.
      await expect(writer.write(path.join(root, 'bad'), [{ fileName: '../escape', contents: 'z\n' }])).rejects.toMatchObject({
        message: 'refusing to write ../escape: not a plain file name',
      });
    } finally {
      await writer.close();
    }
  });

  it('removes its temporary files when a rename fails, so the profile leaves no file of its own behind', async () => {
    const writer = new WriterThread();
    const dir = path.join(tmp, 'clash');
    // A folder under a real name: refused before any rename, and no temporary file stays.
    mkdirSync(path.join(dir, 'b.xml'), { recursive: true });
    try {
      await expect(
        writer.write(dir, [
          { fileName: 'a.xml', contents: 'a\n' },
          { fileName: 'b.xml', contents: 'b\n' },
        ]),
      ).rejects.toMatchObject({ code: 'EISDIR' });
      expect(readdirSync(dir)).toEqual(['b.xml']);
    } finally {
      await writer.close();
    }
  });

  it('closes only once every profile handed over is written', async () => {
    const writer = new WriterThread();
    const root = path.join(tmp, 'close');
    const writes = Array.from({ length: 50 }, (_, i) => writer.write(path.join(root, `p${i}`), [{ fileName: 'a.xml', contents: `${i}\n` }]));
    await writer.close();
    const settled = await Promise.allSettled(writes);
    expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
    expect(readdirSync(root)).toHaveLength(50);
    for (let i = 0; i < 50; i += 1) expect(readdirSync(path.join(root, `p${i}`))).toEqual(['a.xml']);
    await expect(writer.write(path.join(root, 'late'), [{ fileName: 'a.xml', contents: 'x\n' }])).rejects.toThrow('the writer thread was closed');
  });
});

describe('export with the writer thread', () => {
  it('writes the same files, modes and results as writing in one chunk in this thread', async () => {
    const src = path.join(tmp, 'profiles');
    mkdirSync(src);
    for (let i = 0; i < 60; i += 1) {
      const bad = i % 17 === 5;
      writeFileSync(
        path.join(src, `p${String(i).padStart(3, '0')}.yaml`),
        `name: w${i}\nsettings:\n  ServicesDomain: ${bad ? 'not a domain' : `w${i}.example.com`}\n  Telephony_Enabled: ${i % 2 === 0}\n`,
      );
    }
    const common = { paths: [src], env: {} };
    // 60 profiles in one chunk: nothing to overlap, written in this thread; in chunks of 8: the writer thread.
    const one = await exportProfiles({ ...common, out: path.join(tmp, 'one'), chunkSize: 256 });
    const seen: string[] = [];
    const many = await exportProfiles({ ...common, out: path.join(tmp, 'many'), chunkSize: 8 }, { onProfile: (p) => seen.push(p.source) });
    expect(one.summary.failed).toBeGreaterThan(0);
    expect(many.summary).toEqual(one.summary);
    expect(seen).toEqual(one.profiles.map((p) => p.source));
    const strip = (r: typeof one) => r.profiles.map((p) => ({ ...p, files: p.files.map((f) => ({ ...f, path: path.relative(path.dirname(f.path), f.path) })) }));
    expect(strip(many)).toEqual(strip(one));
    const a = readTree(path.join(tmp, 'one'));
    const b = readTree(path.join(tmp, 'many'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [rel, bytes] of a) {
      expect(bytes.equals(b.get(rel)!), rel).toBe(true);
      expect(lstatSync(path.join(tmp, 'many', rel)).mode, rel).toBe(lstatSync(path.join(tmp, 'one', rel)).mode);
    }
    // A second run over the same output rewrites nothing.
    const again = await exportProfiles({ ...common, out: path.join(tmp, 'many'), chunkSize: 8 });
    expect(again.summary).toMatchObject({ written: 0, unchanged: one.summary.files });
  });
});
