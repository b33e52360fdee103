import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { duplicateNameDiagnostic, findDuplicates, readRawName } from '../../src/export/names.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-names-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer): string => {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('readRawName', () => {
  it('reads the top-level name of YAML and JSON profiles', async () => {
    expect(await readRawName(file('a.yaml', 'name: acme\nsettings: {}\n'))).toEqual({ name: 'acme', extends: false });
    expect(await readRawName(file('b.json', '{"extends": "./a.yaml", "name": "json-one"}'))).toEqual({ name: 'json-one', extends: true });
  });

  it('says when the name may come from a parent', async () => {
    expect(await readRawName(file('c.yaml', 'extends: ./a.yaml\n'))).toEqual({ extends: true });
  });

  it('learns nothing from files the validator will reject, without hanging or throwing', async () => {
    expect(await readRawName(file('broken.yaml', 'name: [unclosed\n'))).toEqual({ extends: false });
    expect(await readRawName(file('list.yaml', '- name: x\n'))).toEqual({ extends: false });
    expect(await readRawName(file('number.yaml', 'name: 42\n'))).toEqual({ extends: false });
    expect(await readRawName(file('bomb.yaml', 'a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nname: bomb\n'))).toEqual({ extends: false });
    expect(await readRawName(file('huge.yaml', Buffer.alloc(2 << 20, 0x20)))).toEqual({ extends: false });
    expect(await readRawName(path.join(tmp, 'missing.yaml'))).toEqual({ extends: false });
    const zero = path.join(tmp, 'zero.yaml');
    symlinkSync('/dev/zero', zero);
    expect(await readRawName(zero)).toEqual({ extends: false });
    const fifo = path.join(tmp, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await readRawName(fifo)).toEqual({ extends: false });
  });
});

describe('findDuplicates', () => {
  it('groups files that share a name, in first-seen order', () => {
    expect(findDuplicates(['a', 'b', 'c', 'd', 'e'], ['x', 'y', 'x', undefined, 'x'])).toEqual([{ name: 'x', sources: ['a', 'c', 'e'] }]);
    expect(findDuplicates(['a', 'b'], ['x', 'y'])).toEqual([]);
  });

  it('points the error at the name value', async () => {
    const a = file('dup-a.yaml', '# comment\nname:   same\n');
    const d = await duplicateNameDiagnostic(a, 'same', [a, '/elsewhere/b.yaml']);
    expect(d).toMatchObject({ severity: 'error', code: 'duplicate-name', file: a, line: 2, column: 9, pointer: '/name' });
    expect(d.message).toContain('/elsewhere/b.yaml');
    expect(d.message).not.toContain(a);
  });
});
