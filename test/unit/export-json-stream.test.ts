import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonResultStream, toJsonProfile, toJsonSummary } from '../../src/export/json-stream.js';
import type { ExportedProfile, ExportSummary } from '../../src/export/types.js';

function streamed(profiles: ExportedProfile[], summary: ExportSummary): string {
  let text = '';
  const s = new JsonResultStream((t) => (text += t));
  s.begin();
  for (const p of profiles) s.profile(p);
  s.end(summary);
  return text;
}

const summary: ExportSummary = { profiles: 3, ok: 1, failed: 1, skipped: 1, files: 2, written: 2, unchanged: 0 };

describe('JsonResultStream', () => {
  it('prints what JSON.stringify(document, null, 2) prints', () => {
    const profiles: ExportedProfile[] = [
      {
        source: 'a.yaml',
        name: 'a',
        ok: true,
        files: [
          { target: 'url', path: 'out/a/url.txt', written: true },
          { target: 'ios-plist', path: 'out/a/ios-managed.plist', written: true, secret: true },
        ],
        diagnostics: [],
      },
      { source: 'base.yaml', name: 'base', ok: true, skipped: 'abstract', files: [], diagnostics: [] },
      { source: 'b.yaml', ok: false, files: [], diagnostics: [{ severity: 'error', code: 'x', message: 'line\n"two"', file: 'b.yaml', line: 1, column: 2, pointer: '' }] },
    ];
    const expected = JSON.stringify({ profiles: profiles.map(toJsonProfile), summary: toJsonSummary(summary) }, null, 2) + '\n';
    expect(streamed(profiles, summary)).toBe(expected);
    const doc = JSON.parse(streamed(profiles, summary));
    expect(doc.profiles[0].files).toEqual([
      { target: 'url', path: 'out/a/url.txt' },
      { target: 'ios-plist', path: 'out/a/ios-managed.plist', secret: true },
    ]);
    expect(doc.profiles[1]).toEqual({ source: 'base.yaml', name: 'base', ok: true, skipped: 'abstract', files: [], diagnostics: [] });
    expect('skipped' in doc.profiles[0]).toBe(false);
    expect(doc.summary).toEqual({ profiles: 3, ok: 1, failed: 1, skipped: 1, files: 2 });
  });

  it('prints an empty list as []', () => {
    const empty = { profiles: 0, ok: 0, failed: 0, skipped: 0, files: 0, written: 0, unchanged: 0 };
    expect(streamed([], empty)).toBe(JSON.stringify({ profiles: [], summary: toJsonSummary(empty) }, null, 2) + '\n');
  });

  it('agrees with JSON.stringify for any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ source: fc.string(), name: fc.option(fc.string(), { nil: undefined }), msg: fc.string() }), { maxLength: 5 }), (rows) => {
        const profiles: ExportedProfile[] = rows.map((r) => ({
          source: r.source,
          ...(r.name !== undefined ? { name: r.name } : {}),
          ok: false,
          files: [],
          diagnostics: [{ severity: 'warning', code: 'c', message: r.msg, file: r.source, line: 0, column: 0, pointer: '' }],
        }));
        const expected = JSON.stringify({ profiles: profiles.map(toJsonProfile), summary: toJsonSummary(summary) }, null, 2) + '\n';
        expect(streamed(profiles, summary)).toBe(expected);
      }),
    );
  });
});
