import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/profile/codes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Diagnostic codes written as literals in the profile stage's sources (`diagnostic('error', 'code'` and friends). */
function codesInSources(): Set<string> {
  const found = new Set<string>();
  for (const name of readdirSync(join(ROOT, 'src/profile'))) {
    const text = readFileSync(join(ROOT, 'src/profile', name), 'utf8');
    if (name === 'codes.ts') continue;
    for (const m of text.matchAll(/(?:diagnostic\(|error\(|report\(|fail\(|notText\(|push\()\s*(?:'(?:error|warning)',\s*)?'([a-z]+(?:-[a-z]+)+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/code: '([a-z]+(?:-[a-z]+)+)'/g)) found.add(m[1]!);
  }
  for (const m of readFileSync(join(ROOT, 'src/profile/check.ts'), 'utf8').matchAll(/'(invalid-(?:domain|host|url|path|text))'/g)) found.add(m[1]!);
  return found;
}

describe('DIAGNOSTIC_CODES', () => {
  const listed = new Set(DIAGNOSTIC_CODES.map((c) => c.code));

  test('codes are unique and kebab-case', () => {
    expect(listed.size).toBe(DIAGNOSTIC_CODES.length);
    for (const c of listed) expect(c).toMatch(/^[a-z]+(-[a-z]+)+$/);
  });

  test('every code the sources report is listed, and every listed code is reported somewhere', () => {
    const used = codesInSources();
    expect([...used].filter((c) => !listed.has(c)).sort()).toEqual([]);
    expect([...listed].filter((c) => !used.has(c)).sort()).toEqual([]);
  });

  test('every code in the golden cases is listed with the same severity', () => {
    const dir = join(ROOT, 'test/golden-diagnostics');
    const severity = new Map(DIAGNOSTIC_CODES.map((c) => [c.code, c.severity]));
    let seen = 0;
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.ts')) continue;
      for (const d of JSON.parse(readFileSync(join(dir, name, 'expected.json'), 'utf8')) as { code: string; severity: string }[]) {
        expect(severity.get(d.code), d.code).toBe(d.severity);
        seen += 1;
      }
    }
    expect(seen).toBeGreaterThan(50);
  });
});
