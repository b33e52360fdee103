import { describe, expect, test } from 'vitest';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { ProfileResult } from '../../src/profile/types.js';
import { colourWanted } from '../../src/report/colour.js';
import { formatDiagnostic, formatDiagnostics, formatProfileResult, formatSummary } from '../../src/report/format.js';
import { validateJson } from '../../src/report/json.js';

const err = diagnostic('error', 'unknown-key', 'Unknown key X.', { file: 'p.yaml', line: 3, column: 5, pointer: '/settings/X' });
const warn = diagnostic('warning', 'literal-secret', 'Clear text.', { file: 'base.yaml', line: 7, column: 26, pointer: '/settings/P' });
const whole = diagnostic('error', 'too-large', 'Too big.', { file: 'big.yaml' });

describe('formatDiagnostic', () => {
  test('file:line:column: severity code: message, first on the line', () => {
    expect(formatDiagnostic(err, { color: false })).toBe('p.yaml:3:5: error unknown-key: Unknown key X.');
    expect(formatDiagnostic(warn, { color: false })).toBe('base.yaml:7:26: warning literal-secret: Clear text.');
  });

  test('a whole-file problem has no line and column', () => {
    expect(formatDiagnostic(whole, { color: false })).toBe('big.yaml: error too-large: Too big.');
  });

  test('colour only when asked, and the plain text survives stripping it', () => {
    const coloured = formatDiagnostic(err, { color: true });
    expect(coloured).toContain('\x1b[31m');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(formatDiagnostic(err, { color: false }));
    expect(formatDiagnostic(err, { color: false })).not.toContain('\x1b');
  });

  test('formatDiagnostics: one per line, trailing newline, empty for none', () => {
    expect(formatDiagnostics([err, warn], { color: false })).toBe(
      'p.yaml:3:5: error unknown-key: Unknown key X.\nbase.yaml:7:26: warning literal-secret: Clear text.\n',
    );
    expect(formatDiagnostics([], { color: false })).toBe('');
  });
});

describe('profile blocks and summary', () => {
  const failed: ProfileResult = { source: 'p.yaml', name: 'p', ok: false, diagnostics: [err, warn] };
  const ok: ProfileResult = { source: 'q.yaml', name: 'q', ok: true, diagnostics: [] };

  test('a failed profile: status line, its diagnostics, a blank line', () => {
    expect(formatProfileResult(failed, { color: false })).toBe(
      'p.yaml: failed (p), 1 error, 1 warning\np.yaml:3:5: error unknown-key: Unknown key X.\nbase.yaml:7:26: warning literal-secret: Clear text.\n\n',
    );
  });

  test('--quiet lists errors only; the status line still counts the warnings', () => {
    expect(formatProfileResult(failed, { color: false, quiet: true })).toBe('p.yaml: failed (p), 1 error, 1 warning\np.yaml:3:5: error unknown-key: Unknown key X.\n\n');
    const warned: ProfileResult = { source: 'w.yaml', name: 'w', ok: true, diagnostics: [warn] };
    expect(formatProfileResult(warned, { color: false, quiet: true })).toBe('w.yaml: ok (w), 1 warning\n');
  });

  test('a clean profile: one line', () => {
    expect(formatProfileResult(ok, { color: false })).toBe('q.yaml: ok (q)\n');
  });

  test('summary line', () => {
    expect(formatSummary({ profiles: 3, ok: 2, failed: 1, errors: 2, warnings: 1 }, { color: false })).toBe('3 profiles: 2 ok, 1 failed (2 errors, 1 warning)\n');
    expect(formatSummary({ profiles: 1, ok: 1, failed: 0, errors: 0, warnings: 0 }, { color: false })).toBe('1 profile: 1 ok, 0 failed\n');
  });

  test('validateJson: {profiles: [{source, name, ok, diagnostics}], summary, diagnostics}; no resolved profile', () => {
    const withProfile = { ...ok, profile: { secret: 'x' } as never };
    const json = validateJson({ profiles: [failed, withProfile], summary: { profiles: 2, ok: 1, failed: 1, errors: 1, warnings: 1 }, diagnostics: [] });
    expect(Object.keys(json)).toEqual(['profiles', 'summary', 'diagnostics']);
    expect(json.profiles[1]).toEqual({ source: 'q.yaml', name: 'q', ok: true, diagnostics: [] });
    expect(Object.keys(json.profiles[0]!)).toEqual(['source', 'name', 'ok', 'diagnostics']);
    expect(validateJson({ profiles: [{ source: 'x', ok: false, diagnostics: [] }], summary: json.summary, diagnostics: [] }).profiles[0]!.name).toBeNull();
  });
});

describe('colourWanted', () => {
  const tty = { isTTY: true };
  test.each([
    [tty, {}, true],
    [{ isTTY: false }, {}, false],
    [{}, {}, false],
    [tty, { NO_COLOR: '1' }, false],
    [tty, { NO_COLOR: '' }, true],
    [tty, { CI: 'true' }, false],
    [tty, { TERM: 'dumb' }, false],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, true],
    [tty, { FORCE_COLOR: '0' }, true],
    [tty, { FORCE_COLOR: '1', NO_COLOR: '1' }, false],
  ])('%j %j → %s', (stream, env, expected) => {
    expect(colourWanted(stream, env)).toBe(expected);
  });
});
