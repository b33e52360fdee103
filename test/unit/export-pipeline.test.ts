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
import { translateVariables, type EmmConsole } from '../../src/variables/consoles.js';
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
    emmConsoles: 'neutral',
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
    // Without --target, a target whose needs are not met is left out of the run, without a warning.
    const all = await runExport({ paths: [src], out }, deps);
    expect(all.summary.ok).toBe(1);
    expect(all.profiles[0]!.files.map((x) => x.target)).toEqual(['one', 'two']);
    expect(all.profiles[0]!.diagnostics).toEqual([]);
    // With what it needs, the default run includes it.
    const given = await runExport({ paths: [src], out: path.join(tmp, 'o4'), assetUrl: 'https://mdm.example.com/jabber/' }, deps);
    expect(given.profiles[0]!.files.map((x) => x.target)).toEqual(['one', 'two', 'ios-ddm']);
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

/** A target taken by `consoles` whose file holds the console's token for ${user.email}. */
function consoleTarget(id: string, consoles: readonly EmmConsole[] | 'neutral', extra: Partial<Target> = {}): Target {
  return {
    ...fakeTarget(id, []),
    emmConsoles: consoles,
    render(profile, options) {
      const token = options.emm ? translateVariables('${user.email}', options.emm).value : '${user.email}';
      return { artifacts: [{ target: id, fileName: `${id}.txt`, contents: `${id}:${String(profile.settings.get('ServicesDomain'))}:${token}\n` }], diagnostics: [] };
    },
    ...extra,
  };
}

describe('runExport with --emm consoles', () => {
  const targets = (): Target[] => [consoleTarget('dict', ['intune', 'jamf']), consoleTarget('android', ['intune']), consoleTarget('spec', ['workspace-one']), consoleTarget('link', 'neutral')];
  const deps = (): ExportDeps => ({ ...fixture([{ name: 'a' }]).deps, targets: targets() });
  const rel = (p: ExportedProfile) => p.files.map((f) => [path.relative(out, f.path), f.console ?? null]);

  it('without --target, one --emm writes the formats that console takes plus the neutral ones, flat as before', async () => {
    const jamf = await runExport({ paths: [src], out, emm: 'jamf' }, deps());
    expect(rel(jamf.profiles[0]!)).toEqual([
      [path.join('a', 'dict.txt'), 'jamf'],
      [path.join('a', 'link.txt'), null],
    ]);
    expect(readFileSync(path.join(out, 'a', 'dict.txt'), 'utf8')).toBe('dict:example.com:$EMAIL\n');
    // Without --emm every format is written, for no console.
    const none = await runExport({ paths: [src], out: path.join(tmp, 'none') }, deps());
    expect(none.profiles[0]!.files.map((f) => [f.target, f.console ?? null])).toEqual([
      ['dict', null],
      ['android', null],
      ['spec', null],
      ['link', null],
    ]);
  });

  it('several --emm put each console\'s files in <profile>/<console id>/ and the neutral ones in <profile>/', async () => {
    const run = await runExport({ paths: [src], out, emm: ['intune', 'jamf', 'workspace-one', 'intune'] }, deps());
    expect(run.profiles[0]!.ok).toBe(true);
    expect(rel(run.profiles[0]!)).toEqual([
      [path.join('a', 'intune', 'dict.txt'), 'intune'],
      [path.join('a', 'jamf', 'dict.txt'), 'jamf'],
      [path.join('a', 'intune', 'android.txt'), 'intune'],
      [path.join('a', 'workspace-one', 'spec.txt'), 'workspace-one'],
      [path.join('a', 'link.txt'), null],
    ]);
    expect(readFileSync(path.join(out, 'a', 'intune', 'dict.txt'), 'utf8')).toBe('dict:example.com:{{mail}}\n');
    expect(readFileSync(path.join(out, 'a', 'jamf', 'dict.txt'), 'utf8')).toBe('dict:example.com:$EMAIL\n');
    expect(readFileSync(path.join(out, 'a', 'workspace-one', 'spec.txt'), 'utf8')).toBe('spec:example.com:{EmailAddress}\n');
    // A second run over unchanged profiles rewrites nothing, console folders included.
    const again = await runExport({ paths: [src], out, emm: ['intune', 'jamf', 'workspace-one'] }, deps());
    expect(again.summary).toMatchObject({ files: 5, written: 0, unchanged: 5 });
  });

  it('writes a --target no named console takes for each named console, and one some take only for those', async () => {
    const run = await runExport({ paths: [src], out, emm: ['intune', 'jamf'], targets: ['spec', 'android'] }, deps());
    expect(rel(run.profiles[0]!)).toEqual([
      [path.join('a', 'intune', 'android.txt'), 'intune'],
      [path.join('a', 'intune', 'spec.txt'), 'intune'],
      [path.join('a', 'jamf', 'spec.txt'), 'jamf'],
    ]);
  });

  it('maps an --asset-url base onto the console folder the DDM plist is written to', async () => {
    const seen: (string | undefined)[] = [];
    const ddm = consoleTarget('ios-ddm', ['intune', 'jamf'], {
      needs: ['assetUrl'],
      render(profile, options) {
        seen.push(options.assetUrl);
        return { artifacts: [{ target: 'ios-ddm', fileName: 'ios-ddm-config.plist', contents: `${options.emm}\n` }], diagnostics: [] };
      },
    });
    const run = await runExport({ paths: [src], out, emm: ['intune', 'jamf'], assetUrl: 'https://mdm.example.com/jabber/' }, { ...deps(), targets: [ddm] });
    expect(seen).toEqual(['https://mdm.example.com/jabber/a/intune/ios-ddm-config.plist', 'https://mdm.example.com/jabber/a/jamf/ios-ddm-config.plist']);
    // The URL is the file's place under --out, so publishing --out under the base serves it.
    expect(run.profiles[0]!.files.map((f) => path.relative(out, f.path).split(path.sep).join('/'))).toEqual(['a/intune/ios-ddm-config.plist', 'a/jamf/ios-ddm-config.plist']);
  });

  it('never replaces a file written for another console: the profile fails and nothing of it is written', async () => {
    const first = await runExport({ paths: [src], out, emm: 'intune' }, deps());
    expect(first.summary.failed).toBe(0);
    const link = path.join(out, 'a', 'link.txt');
    writeFileSync(link, 'older\n');
    const second = await runExport({ paths: [src], out, emm: 'jamf' }, deps());
    const p = second.profiles[0]!;
    expect(p.ok).toBe(false);
    expect(p.files).toEqual([]);
    expect(p.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'other-console-file',
        file: path.join(out, 'a', 'dict.txt'),
        target: 'dict',
      }),
    ]);
    expect(p.diagnostics[0]!.message).toContain('written for --emm intune');
    expect(p.diagnostics[0]!.message).toContain('for --emm jamf');
    expect(p.diagnostics[0]!.message).toContain('--emm intune --emm jamf');
    expect(readFileSync(path.join(out, 'a', 'dict.txt'), 'utf8')).toBe('dict:example.com:{{mail}}\n');
    expect(readFileSync(link, 'utf8')).toBe('older\n'); // not even the neutral file was touched
    // The same console again, or both consoles in their own folders, is fine.
    expect((await runExport({ paths: [src], out, emm: 'intune' }, deps())).summary.failed).toBe(0);
    expect((await runExport({ paths: [src], out, emm: ['intune', 'jamf'] }, deps())).summary.failed).toBe(0);
  });

  it('refuses to write two different files to one path', async () => {
    const clash = [consoleTarget('dict', 'neutral'), { ...consoleTarget('other', 'neutral'), render: () => ({ artifacts: [{ target: 'other', fileName: 'dict.txt', contents: 'x\n' }], diagnostics: [] }) }];
    const run = await runExport({ paths: [src], out }, { ...deps(), targets: clash });
    expect(run.profiles[0]!.ok).toBe(false);
    expect(run.profiles[0]!.diagnostics.map((d) => d.code)).toEqual(['path-clash']);
    expect(run.profiles[0]!.diagnostics[0]!.message).toContain(path.join(out, 'a', 'dict.txt'));
    expect(listOut()).toEqual([]);
  });

  it('reports not-carried only for targets named with --target, or for a key no target of the run writes', async () => {
    const f = fixture([{ name: 'w', macOnly: true }]);
    const carrying = { ...fakeTarget('three', []), render: consoleTarget('three', 'neutral').render };
    const withCarrier = { ...f.deps, targets: [...f.deps.targets, carrying] };
    const quiet = await runExport({ paths: [src], out }, withCarrier);
    expect(quiet.profiles[0]!.diagnostics).toEqual([]);
    const asked = await runExport({ paths: [src], out: path.join(tmp, 'o5'), targets: ['one', 'three'] }, withCarrier);
    expect(asked.profiles[0]!.diagnostics).toEqual([expect.objectContaining({ code: 'not-carried', target: 'one' })]);
  });
});
