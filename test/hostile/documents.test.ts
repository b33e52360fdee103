/**
 * Hostile documents: YAML alias bombs, 20,000-deep nesting, duplicate keys, `__proto__` and
 * `constructor` keys, binary files, a 40 MB file, special files (a FIFO, /dev/zero). All of them
 * sit in one folder beside one good profile and go through one `export`: each bad file gets its
 * exact diagnostics and nothing written, the good profile is still exported, and the run neither
 * hangs, crashes nor prints a stack trace. Then the cases that could block a reader (a FIFO,
 * an endless device) are run alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCodes,
  expectCleanExit,
  expectNothingOutside,
  expectXmlWellFormed,
  listTree,
  makeSandbox,
  removeSandbox,
  runCli,
  type CliRun,
  type ExportJson,
} from './hostile-helpers.js';

const GOOD = 'name: doc-good\nsettings:\n  ServicesDomain: acme.com\n';
const HEAD = 'settings:\n  ServicesDomain: acme.com\n';

/** The billion-laughs bomb: 9 levels of 10 aliases each, 10^9 nodes when expanded. */
function aliasBomb(where: 'top' | 'value'): string {
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const lines = ['  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels.length; i += 1) {
    const prev = levels[i - 1];
    lines.push(`  ${levels[i]}: &${levels[i]} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  if (where === 'top') return `name: doc-bomb-top\n${HEAD}bomb:\n${lines.join('\n')}\n`;
  // The bomb defined in an unknown key and expanded where a list of services is expected.
  return `name: doc-bomb-value\nx-defs:\n${lines.join('\n')}\nsettings:\n  ServicesDomain: acme.com\n  ServiceDiscoveryExcludedServices: *i\n`;
}

/** Each hostile file: its name in the folder, its bytes, and the exact error codes expected. */
interface DocumentCase {
  file: string;
  bytes: string | Buffer;
  errors: string[];
}

const DEEP = 20_000;
const CASES: DocumentCase[] = [
  { file: 'bomb-top.yaml', bytes: aliasBomb('top'), errors: ['too-many-aliases', 'unknown-key'] },
  { file: 'bomb-value.yaml', bytes: aliasBomb('value'), errors: ['too-many-aliases', 'unknown-key'] },
  // A big scalar aliased many times: few nodes, but a lot of text if each alias were copied out.
  {
    file: 'bomb-string.yaml',
    bytes: `name: doc-bomb-string\n${HEAD}  PRTCertificateName: &s "${'x'.repeat(1 << 20)}"\nmore: [${Array(2000).fill('*s').join(', ')}]\n`,
    errors: ['unknown-key', 'value-too-long'],
  },
  { file: 'recursive-alias.yaml', bytes: `name: doc-recursive\n${HEAD}x: &a [*a]\n`, errors: ['parse-error', 'unknown-key'] },
  { file: 'deep-flow.yaml', bytes: `name: doc-deep-flow\n${HEAD}x: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`, errors: ['too-deep'] },
  // Block sequences nest on one line: `- - - ... 1` (indented mappings would make a 200 MB file).
  { file: 'deep-block.yaml', bytes: `name: doc-deep-block\n${HEAD}x: ${'- '.repeat(DEEP)}1\n`, errors: ['parse-error'] },
  { file: 'deep.json', bytes: `{"name": "doc-deep-json", "settings": {"ServicesDomain": "acme.com"}, "x": ${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}}`, errors: ['too-deep'] },
  { file: 'duplicate-key.yaml', bytes: `name: doc-dup\nsettings:\n  ServicesDomain: acme.com\n  ServicesDomain: evil.example\n`, errors: ['duplicate-key'] },
  { file: 'duplicate-section.yaml', bytes: `name: doc-dup-section\nsettings:\n  ServicesDomain: acme.com\nsettings:\n  ServicesDomain: evil.example\n`, errors: ['duplicate-key'] },
  // JSON.parse keeps the last of two equal keys without a word; a profile must not.
  { file: 'duplicate-key.json', bytes: '{"name": "doc-dup-json", "settings": {"ServicesDomain": "acme.com", "ServicesDomain": "evil.example"}}', errors: ['duplicate-key'] },
  {
    file: 'proto.yaml',
    bytes: `name: doc-proto\nsettings:\n  ServicesDomain: acme.com\n  __proto__: {polluted: true}\n  constructor: {prototype: {polluted: true}}\n__proto__: {polluted: true}\nconstructor: x\n`,
    errors: ['unknown-key'],
  },
  {
    file: 'proto.json',
    bytes: '{"name": "doc-proto-json", "settings": {"ServicesDomain": "acme.com", "__proto__": {"polluted": true}}, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    errors: ['unknown-key'],
  },
  { file: 'proto-windows.yaml', bytes: `name: doc-proto-windows\n${HEAD}windows:\n  __proto__: 1\n  hasOwnProperty: 2\n  toString: 3\n`, errors: ['unknown-key'] },
  { file: 'binary.yaml', bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256)), errors: ['not-text'] },
  { file: 'png.yaml', bytes: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64)]), errors: ['not-text'] },
  { file: 'nul.yaml', bytes: `name: doc-nul\n${HEAD}\0\n`, errors: ['not-text'] },
  { file: 'utf16.yaml', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD.replace('doc-good', 'doc-utf16'), 'utf16le')]), errors: ['not-text'] },
  { file: 'latin1.yaml', bytes: Buffer.from(`name: doc-latin1\ndescription: caf\xe9\n${HEAD}`, 'latin1'), errors: ['not-text'] },
  // 40 MB: refused by its size before it is read.
  { file: 'huge.yaml', bytes: `name: doc-huge\n${HEAD}description: "${'x'.repeat(40 * 1024 * 1024)}"\n`, errors: ['too-large'] },
  { file: 'huge-lines.json', bytes: `{"name": "doc-huge-json", ${'"k": 1,\n'.repeat(5 * 1024 * 1024)} "settings": {}}`, errors: ['too-large'] },
  { file: 'yaml-binary.yaml', bytes: `name: doc-binary\n${HEAD}  PRTCertificateName: !!binary aGVsbG8=\n`, errors: ['invalid-type'] },
  // An unknown tag is refused like !!binary is: the admin wrote something jabber-emm cannot read
  // as they meant it (js-yaml would even have run it). The yaml library alone takes it as the text.
  { file: 'yaml-tag.yaml', bytes: `name: doc-tag\n${HEAD}  PRTCertificateName: !!js/function "function () { return 1 }"\n`, errors: ['invalid-type'] },
  { file: 'yaml-local-tag.yaml', bytes: `name: doc-local-tag\n${HEAD}  PRTCertificateName: !custom Acme\n`, errors: ['invalid-type'] },
  { file: 'multi-doc.yaml', bytes: `${GOOD.replace('doc-good', 'doc-multi')}---\nname: doc-multi-2\n${HEAD}`, errors: ['multiple-documents'] },
  { file: 'not-a-map.yaml', bytes: '- name: doc-list\n- settings: {}\n', errors: ['invalid-type'] },
  { file: 'empty.yaml', bytes: '', errors: ['empty-file'] },
];

let sandbox: string;
let out: string;
let run: CliRun;
let json: ExportJson;

beforeAll(async () => {
  sandbox = makeSandbox('documents');
  const input = path.join(sandbox, 'profiles');
  out = path.join(sandbox, 'out');
  mkdirSync(input);
  writeFileSync(path.join(input, 'good.yaml'), GOOD);
  for (const c of CASES) writeFileSync(path.join(input, c.file), c.bytes);
  const before = listTree(sandbox);
  run = await runCli(['export', input, '--out', out, '--json', '--asset-url', 'https://example.invalid/jabber/'], { timeoutMs: 120_000 });
  expectNothingOutside(sandbox, before, out);
  json = JSON.parse(run.stdout) as ExportJson;
}, 180_000);
afterAll(() => removeSandbox(sandbox));

describe('hostile documents in one batch', () => {
  it('the batch finishes cleanly, exit 1, and the good profile is still exported', () => {
    expectCleanExit(run);
    expect(run.code).toBe(1);
    expect(json.summary.profiles).toBe(CASES.length + 1);
    // Each bad file's outcome is its own test below; here: the good one was not held back.
    expect(json.profiles.find((p) => p.name === 'doc-good')?.ok).toBe(true);
    expect(readdirSync(out)).toContain('doc-good');
    expect(expectXmlWellFormed(out)).toBeGreaterThan(0);
  });

  it.each(CASES.map((c) => [c.file, c] as const))('%s: the exact diagnostics, nothing written', (file, c) => {
    const p = json.profiles.find((x) => path.basename(x.source) === file);
    expect(p, file).toBeDefined();
    expect(p!.ok).toBe(false);
    expect(p!.files).toEqual([]);
    expect(errorCodes(p!)).toEqual(c.errors);
    // Messages stay short: a hostile file's content is never echoed whole.
    for (const d of p!.diagnostics) expect(d.message.length, d.message.slice(0, 200)).toBeLessThan(2000);
  });

  it('no prototype was polluted: the output says nothing of "polluted"', () => {
    expect(run.stdout).not.toMatch(/"polluted"\s*:\s*true/);
  });
});

describe('special files that could block a reader', () => {
  // A hang would run into runCli's timeout (the run is killed and the test fails); a normal run
  // of these takes about a second.
  const HANG = { timeoutMs: 20_000 };
  let dir: string;
  beforeAll(() => {
    dir = path.join(sandbox, 'special');
    mkdirSync(path.join(dir, 'folder'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    execFileSync('mkfifo', [path.join(dir, 'folder', 'pipe.yaml')]);
    symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    writeFileSync(path.join(dir, 'folder', 'good.yaml'), GOOD.replace('doc-good', 'special-good'));
    writeFileSync(path.join(dir, 'text.yaml'), 'just a line of text\n');
    writeFileSync(path.join(dir, 'list.yaml'), '- a\n- b\n');
    writeFileSync(path.join(dir, 'huge.yaml'), `name: big\n${HEAD}description: "${'x'.repeat(40 * 1024 * 1024)}"\n`);
  });

  async function exportOne(args: string[]): Promise<ExportJson> {
    const outDir = path.join(sandbox, `special-out-${Math.random().toString(36).slice(2)}`);
    const before = listTree(sandbox);
    const r = await runCli(['export', ...args, '--out', outDir, '--json'], HANG);
    expectCleanExit(r);
    expectNothingOutside(sandbox, before, outDir);
    const j = JSON.parse(r.stdout) as ExportJson;
    expect(r.code).toBe(j.summary.failed > 0 ? 1 : 0);
    return j;
  }

  /** A child profile in its own folder whose extends names `parent`. */
  function child(name: string, parent: string): string {
    const file = path.join(dir, 'children', name, 'profile.yaml');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `name: ${name}\nextends: ${parent}\n${HEAD}`);
    return file;
  }

  it('a FIFO inside a folder is not a profile file: skipped, the rest exported', async () => {
    const j = await exportOne([path.join(dir, 'folder')]);
    expect(j.summary).toMatchObject({ profiles: 1, ok: 1, failed: 0 });
  });

  it('validate of a FIFO named on the command line: read-error at once, not a blocked open()', async () => {
    const r = await runCli(['validate', path.join(dir, 'pipe.yaml'), '--json'], HANG);
    expectCleanExit(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"read-error"');
  });

  it('export of a FIFO named on the command line: read-error at once', async () => {
    const j = await exportOne([path.join(dir, 'pipe.yaml')]);
    expect(j.profiles.map(errorCodes)).toEqual([['read-error']]);
  });

  it('validate of a link to /dev/zero: read-error, not an endless read', async () => {
    const r = await runCli(['validate', path.join(dir, 'zero.yaml'), '--json'], HANG);
    expectCleanExit(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"read-error"');
  });

  it('export of a link to /dev/zero: read-error, not an endless read', async () => {
    const j = await exportOne([path.join(dir, 'zero.yaml')]);
    expect(j.profiles.map(errorCodes)).toEqual([['read-error']]);
  });

  it('extends naming /dev/zero, a folder or a 40 MB file: an error at the extends', async () => {
    const j = await exportOne([child('ext-zero', '/dev/zero'), child('ext-dir', '../..'), child('ext-huge', '../../huge.yaml')]);
    expect(Object.fromEntries(j.profiles.map((p) => [p.name, errorCodes(p)]))).toEqual({
      'ext-zero': ['extends-not-found'],
      'ext-dir': ['extends-not-found'],
      'ext-huge': ['too-large'],
    });
  });

  it('extends naming a FIFO: an error at the extends, not a blocked open()', async () => {
    const j = await exportOne([child('ext-fifo', '../../pipe.yaml')]);
    expect(j.profiles.map(errorCodes)).toEqual([['extends-not-found']]);
  });

  it('extends naming a file that is not a profile (text, a list, /etc/passwd): an error, not an empty parent', async () => {
    const j = await exportOne([child('ext-text', '../../text.yaml'), child('ext-list', '../../list.yaml'), child('ext-passwd', '/etc/passwd')]);
    for (const p of j.profiles) {
      expect(p.ok, `${p.name} inherits from a file that holds no profile`).toBe(false);
      expect(errorCodes(p)).toEqual(['invalid-type']);
    }
  });
});
