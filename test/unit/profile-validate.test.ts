import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateFiles, validateProfile, validateStream } from '../../src/profile/validate.js';

const root = mkdtempSync(join(tmpdir(), 'jabber-emm-validate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const GOOD = (name: string): string => `name: ${name}\nextends: ./base.yaml\nsettings:\n  Telephony_Enabled: true\n`;

beforeAll(() => {
  mkdirSync(join(root, 'set'));
  writeFileSync(join(root, 'set', 'base.yaml'), 'name: base\nsettings:\n  ServicesDomain: acme.com\n');
  writeFileSync(join(root, 'set', 'a.yaml'), GOOD('a'));
  writeFileSync(join(root, 'set', 'b.yaml'), 'name: b\nsettings:\n  ServicesDomain: acme.com\n  IP_Mode: Dual_Stack\n  AutoLoginUserName: u\n  AutoLoginUserPassword: pw\n');
  writeFileSync(join(root, 'set', 'c.yaml'), GOOD('a'));
});

describe('validateProfile', () => {
  test('load + resolve + check, diagnostics sorted by file (own first) then position', async () => {
    mkdirSync(join(root, 'sorted'));
    writeFileSync(join(root, 'sorted', 'base.yaml'), 'settings:\n  ServicesDomain: acme.com\n  Flux: 1\n');
    writeFileSync(join(root, 'sorted', 'p.yaml'), 'name: P\nextends: ./base.yaml\nsettings:\n  Bogus: 2\n');
    const r = await validateProfile(join(root, 'sorted', 'p.yaml'), { env: {} });
    expect(r.ok).toBe(false);
    expect(r.name).toBe('P');
    expect(r.diagnostics.map((d) => [d.file.slice(root.length + 1), d.line, d.code])).toEqual([
      ['sorted/p.yaml', 1, 'invalid-name'],
      ['sorted/p.yaml', 4, 'unknown-key'],
      ['sorted/base.yaml', 3, 'unknown-key'],
    ]);
  });

  test('warnings alone leave the profile ok', async () => {
    mkdirSync(join(root, 'warn'));
    writeFileSync(join(root, 'warn', 'p.yaml'), 'name: w\nsettings:\n  ServicesDomain: acme.com\n  ServiceDiscoveryExcludedServices: WEBEX,CUCM,CUP\n');
    const r = await validateProfile(join(root, 'warn', 'p.yaml'), { env: {} });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

describe('validateStream', () => {
  test('yields one result per file, in input order, from a generator', async () => {
    const files = ['a.yaml', 'b.yaml', 'base.yaml', 'missing.yaml'].map((f) => join(root, 'set', f));
    async function* source(): AsyncGenerator<string> {
      yield* files;
    }
    const seen: string[] = [];
    for await (const r of validateStream(source(), { env: {}, concurrency: 2 })) seen.push(r.source);
    expect(seen).toEqual(files);
  });

  test('many profiles sharing a parent stream through (parent parsed once)', async () => {
    const dir = join(root, 'many');
    mkdirSync(dir);
    writeFileSync(join(dir, 'base.yaml'), 'name: base\nsettings:\n  ServicesDomain: acme.com\n');
    const files: string[] = [];
    for (let i = 0; i < 500; i += 1) {
      const f = join(dir, `p${i}.yaml`);
      writeFileSync(f, GOOD(`p${i}`));
      files.push(f);
    }
    let ok = 0;
    for await (const r of validateStream(files, { env: {} })) if (r.ok) ok += 1;
    expect(ok).toBe(500);
  });
});

describe('validateFiles', () => {
  test('summary counts, path diagnostics, duplicate names', async () => {
    const seen: string[] = [];
    const report = await validateFiles([join(root, 'set'), join(root, 'nope')], { env: {}, onProfile: (r) => seen.push(r.source) });
    expect(report.summary).toEqual({ profiles: 4, ok: 2, failed: 2, errors: 2, warnings: 1 });
    expect(seen).toEqual(report.profiles.map((p) => p.source));
    expect(report.diagnostics.map((d) => d.code)).toEqual(['path-not-found']);
    const c = report.profiles.find((p) => p.source.endsWith('c.yaml'))!;
    expect(c.diagnostics).toMatchObject([{ code: 'duplicate-name', line: 1, column: 7, pointer: '/name' }]);
    expect(c.diagnostics[0]!.message).toContain('a.yaml');
    const b = report.profiles.find((p) => p.source.endsWith('b.yaml'))!;
    expect(b.diagnostics.map((d) => d.code)).toEqual(['invalid-enum', 'literal-secret']);
    expect(JSON.stringify(report.profiles.map((p) => p.diagnostics))).not.toContain('pw"');
  });
});
