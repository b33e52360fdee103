/**
 * Golden files: every folder test/golden/<case>/ holds a profile.yaml (plus an optional
 * options.json with export options) and, beside it, the exact files the export writes for it.
 * The runner exports the profile through the real pipeline, compares every file byte for byte,
 * and checks every expected file against its target's vendor check again.
 *
 * UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts   rewrites the expected files from the
 * current output; review the diff before committing it.
 */
import { expectPlistReadBack, isPlistText } from './helpers/plist-readback.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportProfiles } from '../src/export/export-profiles.js';
import type { ExportInput } from '../src/export/types.js';
import { TARGETS } from '../src/targets/registry.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** options.json: export options of a case, and inputs beside profile.yaml that are not outputs. */
interface CaseOptions {
  targets?: string[];
  emm?: ExportInput['emm'];
  typedValues?: boolean;
  assetUrl?: string;
  /** Write the DDM asset although it holds a secret (`--allow-secret-in-asset`). */
  allowSecretInAsset?: boolean;
  env?: Record<string, string>;
  /** Other input files in the folder (e.g. a parent profile named by `extends`). */
  inputs?: string[];
}

const cases = readdirSync(GOLDEN)
  .filter((name) => statSync(path.join(GOLDEN, name)).isDirectory())
  .filter((name) => readdirSync(path.join(GOLDEN, name)).includes('profile.yaml'))
  .sort();

const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Targets every case together must cover, so a new target cannot ship without a golden case. */
const covered = new Set<string>();

describe.each(cases)('golden case %s', (name) => {
  const dir = path.join(GOLDEN, name);
  const optionsFile = path.join(dir, 'options.json');
  const options: CaseOptions = readdirSync(dir).includes('options.json') ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
  const inputs = new Set(['profile.yaml', 'options.json', ...(options.inputs ?? [])]);

  it('exports byte for byte what is committed, and every file passes its vendor check', async () => {
    const out = path.join(tmp, name);
    const result = await exportProfiles({
      paths: [path.join(dir, 'profile.yaml')],
      out,
      ...(options.targets ? { targets: options.targets } : {}),
      ...(options.emm ? { emm: options.emm } : {}),
      ...(options.typedValues ? { typedValues: true } : {}),
      ...(options.assetUrl ? { assetUrl: options.assetUrl } : {}),
      ...(options.allowSecretInAsset ? { allowSecretInAsset: true } : {}),
      env: { ...options.env },
    });
    const profile = result.profiles[0]!;
    expect(profile.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(profile.ok).toBe(true);

    const produced = new Map(profile.files.map((f) => [path.basename(f.path), { target: f.target, contents: readFileSync(f.path) }]));
    const expectedNames = () => readdirSync(dir).filter((f) => !inputs.has(f)).sort();

    if (UPDATE) {
      for (const f of expectedNames()) unlinkSync(path.join(dir, f));
      for (const [file, { contents }] of produced) writeFileSync(path.join(dir, file), contents);
    }

    expect(expectedNames()).toEqual([...produced.keys()].sort());
    for (const [file, { contents }] of produced) {
      const expected = readFileSync(path.join(dir, file));
      // Compare as text first for a readable diff, then as bytes for the final word.
      expect(contents.toString('utf8'), `${name}/${file}`).toBe(expected.toString('utf8'));
      expect(contents.equals(expected), `${name}/${file} bytes`).toBe(true);
      // Every plist export read back by the plist package, independently of our reader.
      if (isPlistText(contents.toString('utf8'))) expectPlistReadBack(contents.toString('utf8'), `${name}/${file}`);
    }

    // The committed files themselves pass each target's check (one call per target).
    for (const target of TARGETS) {
      const artifacts = [...produced]
        .filter(([, p]) => p.target === target.id)
        .map(([file]) => ({ target: target.id, fileName: file, contents: readFileSync(path.join(dir, file), 'utf8') }));
      if (artifacts.length === 0) continue;
      covered.add(target.id);
      const found = await target.verify(artifacts);
      expect(found.flat().filter((d) => d.severity === 'error'), `${name}: ${target.id}`).toEqual([]);
    }
  });
});

describe('golden cases', () => {
  it('cover every registered target', () => {
    // Runs after the cases above (vitest keeps file order within a file).
    expect(TARGETS.map((t) => t.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
