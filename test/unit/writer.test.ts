import { chmodSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportError } from '../../src/export/errors.js';
import { checkOutDir, isTempName, profileDirFor, tempNameFor, writeProfileFiles } from '../../src/export/writer.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-writer-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('writeProfileFiles', () => {
  it('writes every file and leaves no temporary file behind', () => {
    const dir = path.join(tmp, 'acme');
    const out = writeProfileFiles(dir, [
      { fileName: 'a.xml', contents: '<a/>\n' },
      { fileName: 'b.json', contents: '{}\n' },
    ]);
    expect(out.map((o) => o.written)).toEqual([true, true]);
    expect(readdirSync(dir).sort()).toEqual(['a.xml', 'b.json']);
    expect(readFileSync(path.join(dir, 'a.xml'), 'utf8')).toBe('<a/>\n');
  });

  it('does not touch a file whose contents are already on disk (mtime kept)', () => {
    const dir = path.join(tmp, 'acme');
    writeProfileFiles(dir, [{ fileName: 'a.xml', contents: 'same\n' }]);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(path.join(dir, 'a.xml'), old, old);
    const out = writeProfileFiles(dir, [
      { fileName: 'a.xml', contents: 'same\n' },
      { fileName: 'b.xml', contents: 'new\n' },
    ]);
    expect(out.map((o) => o.written)).toEqual([false, true]);
    expect(statSync(path.join(dir, 'a.xml')).mtime.getTime()).toBe(old.getTime());
  });

  it('rewrites a file whose contents changed, even at the same size', () => {
    const dir = path.join(tmp, 'acme');
    writeProfileFiles(dir, [{ fileName: 'a.xml', contents: 'aaaa' }]);
    const out = writeProfileFiles(dir, [{ fileName: 'a.xml', contents: 'bbbb' }]);
    expect(out[0]!.written).toBe(true);
    expect(readFileSync(path.join(dir, 'a.xml'), 'utf8')).toBe('bbbb');
  });

  it('removes temporary files a dead process left, keeps those of a live one', () => {
    const dir = path.join(tmp, 'acme');
    mkdirSync(dir, { recursive: true });
    // pid 2^22+1 is above Linux's pid_max default, so no process has it.
    const dead = `.a.xml.${2 ** 22 + 1}-0123abcd.jabber-emm-tmp`;
    const live = `.a.xml.${process.ppid}-0123abcd.jabber-emm-tmp`;
    writeFileSync(path.join(dir, dead), 'half');
    writeFileSync(path.join(dir, live), 'half');
    writeProfileFiles(dir, [{ fileName: 'a.xml', contents: 'x' }]);
    expect(readdirSync(dir).sort()).toEqual([live, 'a.xml'].sort());
  });

  it('refuses to write through a profile folder that is a symbolic link', () => {
    const outside = path.join(tmp, 'outside');
    mkdirSync(outside);
    mkdirSync(path.join(tmp, 'out'));
    symlinkSync(outside, path.join(tmp, 'out', 'acme'));
    expect(() => writeProfileFiles(path.join(tmp, 'out', 'acme'), [{ fileName: 'a.xml', contents: 'x' }])).toThrow(/symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a file name that is a path', () => {
    expect(() => writeProfileFiles(path.join(tmp, 'p'), [{ fileName: '../x', contents: '' }])).toThrow(/not a plain file name/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('writes none of the files when one cannot be written', () => {
    const dir = path.join(tmp, 'acme');
    mkdirSync(path.join(dir, 'b.xml'), { recursive: true }); // a folder where a file should go
    expect(() =>
      writeProfileFiles(dir, [
        { fileName: 'a.xml', contents: 'x' },
        { fileName: 'b.xml', contents: 'y' },
      ]),
    ).toThrow();
    // a.xml must not appear: renames happen only after every temporary file is complete.
    expect(readdirSync(dir).filter((n) => !isTempName(n))).toEqual(['b.xml']);
    expect(readdirSync(dir).some(isTempName)).toBe(false);
  });
});

describe('writeProfileFiles into console folders', () => {
  it('writes a file of a console into <profile>/<console>/ in the same unit as the profile folder\'s', () => {
    const dir = path.join(tmp, 'acme');
    const out = writeProfileFiles(dir, [
      { fileName: 'ios-dict.xml', contents: 'intune\n', folder: 'intune' },
      { fileName: 'ios-dict.xml', contents: 'jamf\n', folder: 'jamf' },
      { fileName: 'url.txt', contents: 'u\n' },
    ]);
    expect(out.map((o) => path.relative(dir, o.path))).toEqual([path.join('intune', 'ios-dict.xml'), path.join('jamf', 'ios-dict.xml'), 'url.txt']);
    expect(readFileSync(path.join(dir, 'jamf', 'ios-dict.xml'), 'utf8')).toBe('jamf\n');
    expect(writeProfileFiles(dir, [{ fileName: 'ios-dict.xml', contents: 'jamf\n', folder: 'jamf' }])[0]!.written).toBe(false);
  });

  it('refuses a console folder that is a path or a symbolic link, writing nothing', () => {
    const dir = path.join(tmp, 'acme');
    for (const folder of ['..', 'a/b', '']) {
      expect(() => writeProfileFiles(dir, [{ fileName: 'x.txt', contents: 'x', folder }]), folder).toThrow(/not a plain folder name/);
    }
    const outside = path.join(tmp, 'outside');
    mkdirSync(outside);
    mkdirSync(dir);
    symlinkSync(outside, path.join(dir, 'intune'));
    expect(() =>
      writeProfileFiles(dir, [
        { fileName: 'url.txt', contents: 'u' },
        { fileName: 'x.txt', contents: 'x', folder: 'intune' },
      ]),
    ).toThrow(/symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['intune']);
  });
});

describe('temporary names', () => {
  it('are recognised and never look like a real export file', () => {
    const t = tempNameFor('ios-dict.xml');
    expect(isTempName(t)).toBe(true);
    expect(t.startsWith('.')).toBe(true);
    expect(isTempName('ios-dict.xml')).toBe(false);
    expect(tempNameFor('a')).not.toBe(tempNameFor('a'));
    // Many names in a row: all distinct, all in the pattern the cleanup of a killed run reads.
    const many = Array.from({ length: 5000 }, () => tempNameFor('ios-dict.xml'));
    expect(new Set(many).size).toBe(many.length);
    expect(many.every(isTempName)).toBe(true);
  });
});

describe('profileDirFor', () => {
  it('accepts a plain name', () => {
    expect(profileDirFor(tmp, 'acme-prod')).toEqual({ dir: path.join(tmp, 'acme-prod') });
  });
  it.each(['..', '.', '', '../x', 'a/b', 'a\\b', '/abs', 'CON', 'nul.txt', 'com1', 'trailing.', 'x\0y'])('rejects %j', (name) => {
    expect(profileDirFor(tmp, name)).toHaveProperty('problem');
  });
});

describe('checkOutDir', () => {
  it('accepts a directory that does not exist yet, and creates nothing', () => {
    const out = path.join(tmp, 'new', 'deeper');
    expect(checkOutDir(out)).toBe(path.resolve(out));
    expect(readdirSync(tmp)).toEqual([]);
  });
  it('rejects a file', () => {
    const file = path.join(tmp, 'f');
    writeFileSync(file, '');
    expect(() => checkOutDir(file)).toThrow(ExportError);
    expect(() => checkOutDir(file)).toThrow(/is a file/);
    expect(() => checkOutDir(path.join(file, 'sub'))).toThrow(/is a file/);
  });
  it('rejects a directory where nothing can be created', () => {
    // Root ignores permission bits; /proc refuses new files to everyone.
    expect(() => checkOutDir('/proc/jabber-emm-out')).toThrow(/not writable/);
    if (process.getuid?.() !== 0) {
      const ro = path.join(tmp, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o555);
      try {
        expect(() => checkOutDir(ro)).toThrow(/not writable/);
      } finally {
        chmodSync(ro, 0o755);
      }
    }
  });
});
