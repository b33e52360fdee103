import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { validateProfile } from '../src/profile/validate.js';

/**
 * One folder per kind of bad input: `profile.yaml` (or `.yml`/`.json`), any parents it extends,
 * an optional `options.json` ({env, limits}) and `expected.json`, the exact diagnostics (code,
 * severity, file, line, column, pointer) in order. UPDATE_GOLDEN=1 rewrites expected.json (then
 * review the diff: it is the specification).
 */
const root = fileURLToPath(new URL('./golden-diagnostics/', import.meta.url));
const cases = readdirSync(root)
  .filter((name) => statSync(join(root, name)).isDirectory())
  .sort();

interface CaseOptions {
  env?: Record<string, string>;
  limits?: { maxBytes?: number; maxDepth?: number; maxAliasNodes?: number };
}

// Codes about a whole file, which have no line to point at.
const WHOLE_FILE = new Set(['too-large', 'read-error', 'path-not-found']);

describe('golden diagnostics', () => {
  test('there is a case for every kind of bad input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  for (const name of cases) {
    test(name, async () => {
      const dir = join(root, name);
      const file = ['profile.yaml', 'profile.yml', 'profile.json'].map((f) => join(dir, f)).find((f) => existsSync(f));
      expect(file, `${name} has no profile file`).toBeDefined();
      const options: CaseOptions = existsSync(join(dir, 'options.json'))
        ? (JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) as CaseOptions)
        : {};
      const result = await validateProfile(file!, { env: options.env ?? {}, ...options.limits });
      const actual = result.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        file: relative(dir, d.file),
        line: d.line,
        column: d.column,
        pointer: d.pointer,
      }));
      const expectedFile = join(dir, 'expected.json');
      if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as typeof actual;
      expect(actual).toEqual(expected);
      expect(result.ok).toBe(!expected.some((d) => d.severity === 'error'));
      expect(expected.length, 'a bad-input case must produce a diagnostic').toBeGreaterThan(0);
      for (const d of result.diagnostics) {
        if (!WHOLE_FILE.has(d.code)) expect(d.line, `${d.code} has a position`).toBeGreaterThan(0);
        expect(d.message).not.toMatch(/\n|at .*\.js:\d+/); // one line, no stack trace
        for (const value of Object.values(options.env ?? {})) expect(d.message).not.toContain(value);
      }
    });
  }
});
