import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnostic, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { ExportError } from '../../src/export/errors.js';
import { runExport, type ExportDeps } from '../../src/export/pipeline.js';
import type { ExportedProfile } from '../../src/export/types.js';
import type { ProfileResult } from '../../src/profile/types.js';
import type { Artifact, Target } from '../../src/targets/types.js';
import { makeProfile } from '../helpers/profile.js';

let tmp: string;
let src: string;
let out: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-pipeline-'));
  src = path.join(tmp, 'profiles');
  out = path.join(tmp, 'out');
  mkdirSync(src);
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A target whose render writes the profile's ServicesDomain and whose verify rejects "BAD". */
function fakeTarget(id: string, calls: Artifact[][]): Target {
  return {
    id,
    summary: id,
    fileNames: [`${id}.txt`],
    consoles: [],
    checkedAgainst: 'nothing',
    carries: { channel: 'url' },
    render(profile) {
      const domain = String(profile.settings.get('ServicesDomain'));
      if (domain === 'THROW') throw new Error('renderer bug');
      const diagnostics: Diagnostic[] = [];
      if (profile.settings.has('MacOnly')) {
        diagnostics.push(
          diagnostic('warning', 'not-carried', `MacOnly is not written to ${id}: it applies to mac only, not ios.`, {
            file: profile.source,
            pointer: '/settings/MacOnly',
            target: id,
          }),
        );
      }
      if (domain === 'RENDER-ERROR' && id === 'two') {
        diagnostics.push(diagnostic('error', 'variable-needs-emm', 'needs --emm', { file: profile.source, target: id }));
      }
      return { artifacts: [{ target: id, fileName: `${id}.txt`, contents: `${id}:${domain}\n` }], diagnostics };
    },
    async verify(artifacts) {
      calls.push([...artifacts]);
      return artifacts.map((a) => (a.contents.includes('BAD') ? [diagnostic('error', 'schema', 'vendor says no', { file: a.fileName })] : []));
    },
  };
}

interface Fixture {
  deps: ExportDeps;
  calls: Record<string, Artifact[][]>;
}

/** Writes profile files named `<name>.yaml` and fakes the loader over them. */
function fixture(profiles: { name: string; file?: string; domain?: string; error?: boolean; macOnly?: boolean }[]): Fixture {
  const table = new Map<string, ProfileResult>();
  const files: string[] = [];
  for (const p of profiles) {
    const file = path.join(src, p.file ?? `${p.name}.yaml`);
    writeFileSync(file, `name: ${p.name}\nsettings:\n  ServicesDomain: ${p.domain ?? 'example.com'}\n`);
    files.push(file);
    const settings: Record<string, string> = { ServicesDomain: p.domain ?? 'example.com' };
    if (p.macOnly) settings.MacOnly = 'x';
    const profile = { ...makeProfile({ name: p.name, settings }), source: file };
    const diagnostics = p.error ? [diagnostic('error', 'unknown-key', 'Unknown key Foo', { file, line: 3, column: 3, pointer: '/settings/Foo' })] : [];
    table.set(file, { source: file, name: p.name, ...(p.error ? {} : { profile }), diagnostics, ok: !p.error });
  }
  const calls: Record<string, Artifact[][]> = { one: [], two: [] };
  const deps: ExportDeps = {
    async findProfileFiles() {
      return { files, diagnostics: [] };
    },
    async *validateStream(list) {
      for (const f of list) yield table.get(f)!;
    },
    async validateProfile(f) {
      return table.get(f)!;
    },
    targets: [fakeTarget('one', calls.one!), fakeTarget('two', calls.two!)],
  };
  return { deps, calls };
}

function listOut(): string[] {
  if (!existsSync(out)) return [];
  return readdirSync(out, { recursive: true, encoding: 'utf8' }).sort();
}

describe('runExport', () => {
  it('verifies in chunks: one call per target per chunk, never per file', async () => {
    const f = fixture(Array.from({ length: 600 }, (_, i) => ({ name: `p${i}` })));
    const result = await runExport({ paths: [src], out, chunkSize: 256 }, f.deps);
    expect(result.summary).toEqual({ profiles: 600, ok: 600, failed: 0, skipped: 0, files: 1200, written: 1200, unchanged: 0 });
    expect(f.calls.one!.map((c) => c.length)).toEqual([256, 256, 88]);
    expect(f.calls.two!.map((c) => c.length)).toEqual([256, 256, 88]);
    expect(readFileSync(path.join(out, 'p599', 'one.txt'), 'utf8')).toBe('one:example.com\n');
  });

  it('reports profiles in input order', async () => {
    const f = fixture(Array.from({ length: 20 }, (_, i) => ({ name: `p${i}` })));
    const seen: string[] = [];
    await runExport({ paths: [src], out, chunkSize: 3, keepProfiles: false }, f.deps, {
      onProfile: (p: ExportedProfile) => seen.push(p.name!),
    });
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`));
  });

  it('writes nothing of a profile that fails its vendor check, and still writes the others', async () => {
    const f = fixture([{ name: 'good' }, { name: 'bad', domain: 'BAD' }, { name: 'also-good' }]);
    const result = await runExport({ paths: [src], out }, f.deps);
    expect(result.profiles.map((p) => [p.name, p.ok, p.files.length])).toEqual([
      ['good', true, 2],
      ['bad', false, 0],
      ['also-good', true, 2],
    ]);
    const bad = result.profiles[1]!;
    expect(bad.diagnostics.map((d) => [d.code, d.target, d.file])).toEqual([
      ['schema', 'one', path.join(out, 'bad', 'one.txt')],
      ['schema', 'two', path.join(out, 'bad', 'two.txt')],
    ]);
    expect(listOut()).toEqual(['also-good', 'also-good/one.txt', 'also-good/two.txt', 'good', 'good/one.txt', 'good/two.txt']);
  });

  it('writes no file of a profile when one target fails to render', async () => {
    const f = fixture([{ name: 'r', domain: 'RENDER-ERROR' }]);
    const result = await runExport({ paths: [src], out }, f.deps);
    expect(result.summary.failed).toBe(1);
    expect(result.profiles[0]!.diagnostics.map((d) => d.code)).toEqual(['variable-needs-emm']);
    expect(f.calls.one).toEqual([]);
    expect(listOut()).toEqual([]);
  });

  it('turns a crashing renderer into a diagnostic for that profile only', async () => {
    const f = fixture([{ name: 'crash', domain: 'THROW' }, { name: 'fine' }]);
    const result = await runExport({ paths: [src], out }, f.deps);
    expect(result.profiles.map((p) => p.ok)).toEqual([false, true]);
    expect(result.profiles[0]!.diagnostics[0]!.code).toBe('internal-error');
  });

  it('does not export a profile with validation errors and reports them', async () => {
    const f = fixture([{ name: 'broken', error: true }, { name: 'fine' }]);
    const result = await runExport({ paths: [src], out }, f.deps);
    expect(result.profiles[0]).toMatchObject({ name: 'broken', ok: false, files: [] });
    expect(result.profiles[0]!.diagnostics.map((d) => d.code)).toEqual(['unknown-key']);
    expect(result.summary).toMatchObject({ profiles: 2, ok: 1, failed: 1 });
    expect(listOut()).toEqual(['fine', 'fine/one.txt', 'fine/two.txt']);
  });

  it('stops before writing anything when two profiles share a name', async () => {
    const f = fixture([{ name: 'a' }, { name: 'same', file: 'x.yaml' }, { name: 'b' }, { name: 'same', file: 'y.yaml' }]);
    const result = await runExport({ paths: [src], out }, f.deps);
    expect(listOut()).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(result.summary).toMatchObject({ profiles: 4, ok: 0, failed: 4, files: 0 });
    expect(result.duplicateNames).toEqual([{ name: 'same', sources: [path.join(src, 'x.yaml'), path.join(src, 'y.yaml')] }]);
    const x = result.profiles[1]!.diagnostics[0]!;
    expect(x).toMatchObject({ code: 'duplicate-name', severity: 'error', line: 1, column: 7, pointer: '/name' });
    expect(x.message).toContain(path.join(src, 'y.yaml'));
    expect(result.profiles[0]!.diagnostics[0]!.code).toBe('not-exported');
    expect(f.calls.one).toEqual([]);
  });

  it('merges the per-target not-carried warnings of a key into one', async () => {
    const f = fixture([{ name: 'w', macOnly: true }]);
    const result = await runExport({ paths: [src], out }, f.deps);
    expect(result.profiles[0]!.ok).toBe(true);
    expect(result.profiles[0]!.diagnostics).toHaveLength(1);
    expect(result.profiles[0]!.diagnostics[0]).toMatchObject({
      code: 'not-carried',
      target: 'one, two',
      message: 'MacOnly is not written to one, two: it applies to mac only, not ios.',
    });
  });

  it('rewrites nothing on a second run over unchanged profiles', async () => {
    const f = fixture([{ name: 'a' }, { name: 'b' }]);
    await runExport({ paths: [src], out }, f.deps);
    const before = statSync(path.join(out, 'a', 'one.txt')).mtimeMs;
    const second = await runExport({ paths: [src], out }, f.deps);
    expect(second.summary).toMatchObject({ files: 4, written: 0, unchanged: 4 });
    expect(second.profiles[0]!.files).toHaveLength(2);
    expect(statSync(path.join(out, 'a', 'one.txt')).mtimeMs).toBe(before);
  });

  it('writes only the targets asked for, in registry order', async () => {
    const f = fixture([{ name: 'a' }]);
    const result = await runExport({ paths: [src], out, targets: ['two', 'one'] }, f.deps);
    expect(result.profiles[0]!.files.map((x) => x.target)).toEqual(['one', 'two']);
    await runExport({ paths: [src], out: path.join(tmp, 'o2'), targets: ['two'] }, f.deps);
    expect(readdirSync(path.join(tmp, 'o2', 'a'))).toEqual(['two.txt']);
  });

  it('rejects an unknown target id with exit 2, listing the choices', async () => {
    const f = fixture([{ name: 'a' }]);
    const err = await runExport({ paths: [src], out, targets: ['nope'] }, f.deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    expect(err).toMatchObject({ exitCode: 2, code: 'unknown-target' });
    expect((err as Error).message).toContain('one, two');
    expect(listOut()).toEqual([]);
  });

  it('rejects an unknown console and a non-https asset URL with exit 2', async () => {
    const f = fixture([{ name: 'a' }]);
    await expect(runExport({ paths: [src], out, emm: 'nope' as never }, f.deps)).rejects.toMatchObject({ exitCode: 2, code: 'unknown-emm' });
    await expect(runExport({ paths: [src], out, assetUrl: 'http://x.example/p' }, f.deps)).rejects.toMatchObject({ exitCode: 2 });
  });

  it('requires --asset-url when a target that declares it needs one is named explicitly', async () => {
    const f = fixture([{ name: 'a' }]);
    const deps = { ...f.deps, targets: [...f.deps.targets, { ...fakeTarget('ios-ddm', []), needs: ['assetUrl'] as const }] };
    await expect(runExport({ paths: [src], out, targets: ['ios-ddm'] }, deps)).rejects.toMatchObject({ exitCode: 2, code: 'asset-url-missing' });
    // Implied by "every target", the renderer itself decides (here the fake writes a file).
    const all = await runExport({ paths: [src], out }, deps);
    expect(all.summary.ok).toBe(1);
  });

  it('gives each profile its own DDM asset URL under a base ending in "/", and warns about a shared one', async () => {
    const f = fixture([{ name: 'a' }, { name: 'b' }]);
    const seen: (string | undefined)[] = [];
    const ddm: Target = {
      ...fakeTarget('ios-ddm', []),
      needs: ['assetUrl'],
      render(profile, options) {
        seen.push(options.assetUrl);
        return { artifacts: [{ target: 'ios-ddm', fileName: 'd.json', contents: `${profile.name}\n` }], diagnostics: [] };
      },
    };
    const deps = { ...f.deps, targets: [ddm] };
    const based = await runExport({ paths: [src], out, assetUrl: 'https://mdm.example.com/jabber/' }, deps);
    expect(seen).toEqual(['https://mdm.example.com/jabber/a/ios-ddm-config.plist', 'https://mdm.example.com/jabber/b/ios-ddm-config.plist']);
    expect(based.profiles.flatMap((p) => p.diagnostics)).toEqual([]);
    const shared = await runExport({ paths: [src], out: path.join(tmp, 'o3'), assetUrl: 'https://mdm.example.com/one.plist' }, deps);
    expect(shared.profiles.map((p) => p.diagnostics.map((d) => d.code))).toEqual([['asset-url-shared'], ['asset-url-shared']]);
    expect(shared.summary.ok).toBe(2);
  });

  it('rejects an --out that is a file with exit 1 before reading profiles', async () => {
    const f = fixture([{ name: 'a' }]);
    writeFileSync(out, 'not a folder');
    await expect(runExport({ paths: [src], out }, f.deps)).rejects.toMatchObject({ exitCode: 1, code: 'out-not-directory' });
  });

  it('never reads its own output back as profiles when --out is inside a searched folder', async () => {
    const f = fixture([{ name: 'a' }]);
    const inner = path.join(src, 'out');
    mkdirSync(path.join(inner, 'a'), { recursive: true });
    writeFileSync(path.join(inner, 'a', 'x.json'), '{}');
    const deps: ExportDeps = {
      ...f.deps,
      async findProfileFiles(paths) {
        const found = await f.deps.findProfileFiles(paths);
        return { ...found, files: [...found.files, path.join(inner, 'a', 'x.json')] };
      },
    };
    const result = await runExport({ paths: [src], out: inner }, deps);
    expect(result.profiles.map((p) => p.source)).toEqual([path.join(src, 'a.yaml')]);
  });

  it('reports paths that could not be searched as failed entries', async () => {
    const f = fixture([{ name: 'a' }]);
    const deps: ExportDeps = {
      ...f.deps,
      async findProfileFiles(paths) {
        const found = await f.deps.findProfileFiles(paths);
        return { ...found, diagnostics: [diagnostic('error', 'path-not-found', 'No such file: missing.yaml', { file: 'missing.yaml' })] };
      },
    };
    const result = await runExport({ paths: [src, 'missing.yaml'], out }, deps);
    expect(result.profiles.map((p) => [p.source, p.ok])).toEqual([
      ['missing.yaml', false],
      [path.join(src, 'a.yaml'), true],
    ]);
  });
});
