import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { duplicateNameDiagnostic, findDuplicates, readRawName, scanRawName } from '../../src/export/names.js';
import { LOAD_LIMITS } from '../../src/profile/load.js';

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

describe('the name pass on deeply nested files', () => {
  // The YAML composer recurses once per level; at the bottom of a 20,000-deep file the stack is
  // gone, and V8 aborts the process should it compile a regular expression there. So the name
  // pass measures the depth on the CST first and composes nothing deeper than the loader's limit
  // (the validator reports those files as too-deep).
  const nestedJson = (depth: number): string => `{"name": "nested", "x": ${'['.repeat(depth)}1${']'.repeat(depth)}}`;

  it('reads the name of a file within the depth limit, and composes none deeper', async () => {
    // maxDepth levels of collections, the root mapping included, as the loader counts them.
    expect(await readRawName(file('within.json', nestedJson(LOAD_LIMITS.maxDepth - 1)))).toEqual({ name: 'nested', extends: false });
    expect(await readRawName(file('beyond.json', nestedJson(LOAD_LIMITS.maxDepth)))).toEqual({ extends: false });
  });

  it('learns nothing from the 20,000-deep hostile files, without throwing', async () => {
    const head = 'settings:\n  ServicesDomain: acme.com\n';
    expect(await readRawName(file('deep-flow.yaml', `name: doc-deep-flow\n${head}x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`))).toEqual({ extends: false });
    const json = `{"name": "doc-deep-json", "settings": {"ServicesDomain": "acme.com"}, "x": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
    expect(await readRawName(file('deep.json', json))).toEqual({ extends: false });
  });

  it('points a duplicate-name error at the name value of a 200,000-deep file, read from the CST', async () => {
    // Deep enough that composing it always runs out of stack (20,000 compact lists sometimes fit).
    // The line scan reads this name (the deep list is on an indented line) so it can collide.
    const deep = 200_000;
    const yaml = file('dup-deep.yaml', `name: same\nsettings:\n  ServicesDomain: acme.com\nx:\n  ${'- '.repeat(deep)}1\n`);
    expect(await readRawName(yaml)).toEqual({ name: 'same', extends: false });
    expect(await duplicateNameDiagnostic(yaml, 'same', [yaml, '/elsewhere/b.yaml'])).toMatchObject({ line: 1, column: 7, pointer: '/name' });
    const json = file('dup-deep.json', `{\n  "name": "same",\n  "x": ${'['.repeat(deep)}${']'.repeat(deep)}}`);
    expect(await duplicateNameDiagnostic(json, 'same', [json, yaml])).toMatchObject({ line: 2, column: 11, pointer: '/name' });
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

describe('scanRawName, the name pass without a YAML parse', () => {
  /** The YAML parse's answer, as readRawName gave it before the scan existed. */
  const parsed = (text: string): { name?: string; extends: boolean } | 'error' => {
    try {
      const doc: unknown = parseYaml(text, { maxAliasCount: 50, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { extends: false };
      const rec = doc as Record<string, unknown>;
      return { ...(typeof rec.name === 'string' ? { name: rec.name } : {}), extends: Object.hasOwn(rec, 'extends') };
    } catch {
      return 'error';
    }
  };
  const ROOT = path.resolve(import.meta.dirname, '..', '..');
  const corpus = async () => {
    // The benchmark's generator (JavaScript, no types): the profiles a large batch is made of.
    const { generateProfiles } = (await import('../../bench/generate-profiles.mjs' as string)) as {
      generateProfiles(dir: string, n: number, o: { emm: boolean }): string[];
    };
    const texts: string[] = [];
    for (const dir of ['examples', 'test', 'bench']) {
      for (const rel of readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
        if (/\.ya?ml$/.test(rel)) texts.push(readFileSync(path.join(ROOT, dir, rel), 'utf8'));
      }
    }
    const gen = mkdtempSync(path.join(tmp, 'gen-'));
    const files = generateProfiles(gen, 300, { emm: true });
    for (const f of files) texts.push(readFileSync(f, 'utf8'));
    return texts;
  };

  it('agrees with the YAML parse on every profile in the repository and 300 generated ones, and skips the parse for most', async () => {
    let fast = 0;
    const texts = await corpus();
    for (const text of texts) {
      const scanned = scanRawName(text);
      if (scanned === undefined) continue;
      fast += 1;
      const full = parsed(text);
      // A text YAML cannot parse fails validation anyway; only parseable ones must agree.
      if (full !== 'error') expect(scanned).toEqual(full);
    }
    expect(texts.length).toBeGreaterThan(400);
    expect(fast / texts.length).toBeGreaterThan(0.6);
  });

  it('declines every text where a column-0 line could be part of a value', () => {
    const declined = [
      'settings:\n  a: "x\nname: y"\n',
      "settings:\n  a: 'x\nname: y'\n",
      'settings: [a,\nname]\n',
      'settings: {a: 1,\nname: 2}\n',
      'name: |\n  x\n',
      'name: &n x\n',
      'name: !!str 12\n',
      '%YAML 1.2\n---\nname: x\n',
      'name: x\n---\nname: y\n',
      'name: x\nname: y\n',
      '\ufeffname: x\n',
      'name:\tx\n',
      '"name": x\n',
      '? name\n: x\n',
      '<<: {name: x}\n',
      '{"name": "x"}\n',
      'name: true\n',
      'name: "a\\"b"\n',
    ];
    for (const text of declined) expect([text, scanRawName(text)]).toEqual([text, undefined]);
  });

  it('reads plain and simply quoted names, comments and extends', () => {
    expect(scanRawName('# profile\nname: acme-1 # the site\nextends: ./base.yaml\nsettings:\n  ServicesDomain: acme.com\n')).toEqual({ name: 'acme-1', extends: true });
    expect(scanRawName("name: 'a b'\n")).toEqual({ name: 'a b', extends: false });
    expect(scanRawName('name: "a b"\r\ndescription: Acme\'s profile\r\n')).toEqual({ name: 'a b', extends: false });
    expect(scanRawName('description: no name\n')).toEqual({ extends: false });
  });
});
