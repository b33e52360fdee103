import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { loadProfile, parseProfileBytes, parseProfileText } from '../../src/profile/load.js';
import type { SourceMapping, SourceNode } from '../../src/profile/source-tree.js';

const dir = mkdtempSync(join(tmpdir(), 'jabber-emm-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mapping(node: SourceNode | undefined): SourceMapping {
  expect(node?.kind).toBe('mapping');
  return node as SourceMapping;
}

describe('parseProfileText', () => {
  test('builds a positioned tree: key and value positions are 1-based', () => {
    const { root, diagnostics } = parseProfileText('name: a\nsettings:\n  ServicesDomain: acme.com\n', 'p.yaml');
    expect(diagnostics).toEqual([]);
    const settings = mapping(mapping(root).entries.get('settings')!.value);
    const entry = settings.entries.get('ServicesDomain')!;
    expect(entry.keyPos).toEqual({ file: 'p.yaml', line: 3, column: 3 });
    expect(entry.value).toMatchObject({ kind: 'scalar', value: 'acme.com', pos: { line: 3, column: 19 }, textColumn: 19 });
  });

  test('keeps the written text of numbers (0x1F, 1.0) and the JS value', () => {
    const { root } = parseProfileText('a: 0x1F\nb: 1.0\nc: "q"\n', 'p.yaml');
    const m = mapping(root);
    expect(m.entries.get('a')!.value).toMatchObject({ value: 31, text: '0x1F' });
    expect(m.entries.get('b')!.value).toMatchObject({ value: 1, text: '1.0' });
    expect(m.entries.get('c')!.value).toMatchObject({ value: 'q', textColumn: 5 });
  });

  test('__proto__ and constructor are ordinary keys; Object.prototype is untouched', () => {
    const { root } = parseProfileText('__proto__: {polluted: true}\nconstructor: {prototype: {polluted: true}}\n', 'p.yaml');
    const m = mapping(root);
    expect([...m.entries.keys()]).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('duplicate keys: an error at the second occurrence, the first value kept', () => {
    const { root, diagnostics } = parseProfileText('a: 1\nb: 2\na: 3\n', 'p.yaml');
    expect(diagnostics).toMatchObject([{ code: 'duplicate-key', line: 3, column: 1, pointer: '/a' }]);
    expect(mapping(root).entries.get('a')!.value).toMatchObject({ value: 1 });
  });

  test('JSON is strict: a trailing comma is a parse error at its position', () => {
    const r = parseProfileText('{\n  "a": 1,\n}\n', 'p.json', { json: true });
    expect(r.root).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ code: 'parse-error', line: 3, column: 1 }]);
  });

  test('a JSON error message never quotes the file (it may hold a secret)', () => {
    const r = parseProfileText('{"AutoLoginUserPassword": "s3cr3t-value" x}', 'p.json', { json: true });
    expect(r.diagnostics[0]!.code).toBe('parse-error');
    expect(r.diagnostics[0]!.message).not.toContain('s3cr3t');
  });

  test('YAML errors carry the parser position', () => {
    const r = parseProfileText('a: [1, 2\nb: 3\n', 'p.yaml');
    expect(r.diagnostics[0]).toMatchObject({ code: 'parse-error', line: 2, column: 1 });
  });

  test('aliases resolve; an alias bomb stops at the node budget', () => {
    const ok = parseProfileText('a: &x [WEBEX]\nb: *x\n', 'p.yaml');
    expect(ok.diagnostics).toEqual([]);
    expect(mapping(ok.root).entries.get('b')!.value).toMatchObject({ kind: 'sequence' });
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i += 1) lines.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    const bomb = parseProfileText(lines.join('\n') + '\n', 'p.yaml', { maxAliasNodes: 1000 });
    expect(bomb.diagnostics.map((d) => d.code)).toEqual(['too-many-aliases']);
  });

  test('20,000-deep nesting is too-deep, twice in one process (no stack overflow, no abort)', () => {
    for (const text of ['- '.repeat(20_000) + 'x', '['.repeat(20_000) + ']'.repeat(20_000), '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)]) {
      const r = parseProfileText(text, 'p.yaml');
      expect(r.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    }
  });

  test('YAML tags other than the core schema\'s are refused at the value, never read as text', () => {
    for (const [text, column] of [
      ['a: !!binary aGVsbG8=\n', 13],
      ['a: !!js/function "function () { return 1 }"\n', 18],
      ['a: !custom Acme\n', 12],
      ['a: !custom {b: 1}\n', 12],
      ['a: !!set {b: null}\n', 10],
      ['a: !!timestamp 2001-12-14\n', 16],
      ['a: ! 12\n', 6],
    ] as const) {
      const r = parseProfileText(text, 'p.yaml');
      expect(r.diagnostics, text).toMatchObject([{ code: 'invalid-type', line: 1, column, pointer: '/a' }]);
      expect(r.diagnostics[0]!.message).toMatch(/YAML tag !\S* is not read/);
      expect(mapping(r.root).entries.get('a')!.value.kind).toBe('invalid');
    }
  });

  test('core schema tags are read where they fit the value, refused where they do not', () => {
    const ok = parseProfileText('a: !!str 12\nb: !!int 7\nc: !!bool true\nd: !!seq [x]\ne: !!map {x: 1}\nf: !!null\ng: !!float 1.5\n', 'p.yaml');
    expect(ok.diagnostics).toEqual([]);
    expect(mapping(ok.root).entries.get('a')!.value).toMatchObject({ kind: 'scalar', value: '12' });
    // The yaml library would take these as plain text and only warn.
    for (const text of ['a: !!int abc\n', 'a: !!bool yes\n', 'a: !!map x\n', 'a: !!seq {x: 1}\n']) {
      const r = parseProfileText(text, 'p.yaml');
      expect(r.diagnostics, text).toMatchObject([{ code: 'invalid-type', line: 1, pointer: '/a' }]);
      expect(r.diagnostics[0]!.message).toMatch(/does not fit this value/);
    }
  });

  test('a tag repeated through aliases is reported once; a tagged key is invalid-key', () => {
    const r = parseProfileText(`a: &t !custom x\nb: [${Array(50).fill('*t').join(', ')}]\n`, 'p.yaml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-type']);
    expect(parseProfileText('!custom k: v\n', 'p.yaml').diagnostics).toMatchObject([{ code: 'invalid-key', line: 1 }]);
  });

  test('multiple documents and empty files are errors', () => {
    expect(parseProfileText('a: 1\n---\nb: 2\n', 'p.yaml').diagnostics[0]!.code).toBe('multiple-documents');
    expect(parseProfileText('', 'p.yaml').diagnostics[0]!.code).toBe('empty-file');
    expect(parseProfileText('# c\n', 'p.yaml').diagnostics[0]!.code).toBe('empty-file');
  });

  test('a UTF-8 byte order mark is skipped', () => {
    expect(parseProfileBytes(Buffer.from('\uFEFFname: a\n'), 'p.yaml').diagnostics).toEqual([]);
  });
});

describe('parseProfileBytes', () => {
  test('NUL bytes, invalid UTF-8 and UTF-16 are not-text, with a position', () => {
    expect(parseProfileBytes(Buffer.from('a: 1\nb: x\0'), 'p.yaml').diagnostics).toMatchObject([{ code: 'not-text', line: 2, column: 5 }]);
    expect(parseProfileBytes(Buffer.from([0x61, 0x3a, 0x20, 0xc3]), 'p.yaml').diagnostics).toMatchObject([{ code: 'not-text', line: 1, column: 4 }]);
    expect(parseProfileBytes(Buffer.from('a: 1', 'utf16le'), 'p.yaml').diagnostics[0]!.code).toBe('not-text');
    expect(parseProfileBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1', 'utf16le')]), 'p.yaml').diagnostics[0]!.code).toBe('not-text');
  });

  test('property: any bytes give diagnostics or a tree, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = parseProfileBytes(bytes, 'p.yaml');
        expect(Array.isArray(r.diagnostics)).toBe(true);
        for (const d of r.diagnostics) expect(d.line).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  test('property: any YAML-ish text gives diagnostics or a tree, never an exception', () => {
    const pieces = fc.constantFrom('a', ':', ' ', '\n', '-', '[', ']', '{', '}', ',', '&x', '*x', '!!str', '"', "'", '#', '?', '|', '>', '\t', 'é', '\u0000');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        for (const json of [false, true]) {
          const r = parseProfileText(text, 'p', { json });
          expect(r.root !== undefined || r.diagnostics.length > 0).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('loadProfile', () => {
  test('a missing file is path-not-found; a folder is read-error', async () => {
    expect((await loadProfile(join(dir, 'nope.yaml'))).diagnostics[0]!.code).toBe('path-not-found');
    expect((await loadProfile(dir)).diagnostics[0]!.code).toBe('read-error');
  });

  test('a FIFO, or a link to one or to /dev/zero, is read-error at once: never opened for a blocking read', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, join(dir, 'pipe-link.yaml'));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    // Without a writer, a blocking open of the FIFO would never return and the test would time out.
    for (const file of [fifo, join(dir, 'pipe-link.yaml'), join(dir, 'zero.yaml')]) {
      expect((await loadProfile(file)).diagnostics, file).toMatchObject([{ code: 'read-error', file, line: 0, column: 0 }]);
    }
  });

  test('a file over the size cap is too-large, judged by stat before reading', async () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, 'name: a\n' + '#'.repeat(2000) + '\n');
    const r = await loadProfile(file, { maxBytes: 1000 });
    expect(r.diagnostics).toMatchObject([{ code: 'too-large', file, line: 0, column: 0 }]);
    expect((await loadProfile(file)).diagnostics).toEqual([]);
  });

  test('.json files are parsed as JSON, anything else as YAML', async () => {
    const file = join(dir, 'p.json');
    writeFileSync(file, '{"name": "a", // no comments in JSON\n"x": 1}');
    expect((await loadProfile(file)).diagnostics[0]!.code).toBe('parse-error');
    const yaml = join(dir, 'p.yaml');
    writeFileSync(yaml, '{"name": "a", "x": 1}\n');
    expect((await loadProfile(yaml)).diagnostics).toEqual([]);
  });
});
