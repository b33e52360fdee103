import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import { mergeAcrossTargets, mergeNotCarried } from '../../src/export/merge-not-carried.js';
import { createExportReporter } from '../../src/export/reporter.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

const at = (target: string, pointer = '/settings/DiagnosticsToolEnabled') => ({ file: 'p.yaml', line: 4, column: 3, pointer, target });

describe('mergeNotCarried', () => {
  it('folds one key into one warning listing the targets, at the first one\'s place', () => {
    const out = mergeNotCarried([
      diagnostic('warning', 'secret-literal', 'use ${env:...}', { file: 'p.yaml' }),
      diagnostic('warning', 'not-carried', 'DiagnosticsToolEnabled is not written to ios-plist: it applies to mac only, not ios.', at('ios-plist')),
      diagnostic('warning', 'not-carried', 'DiagnosticsToolEnabled is not written to android-amapi: it applies to mac only, not android.', at('android-amapi')),
      diagnostic('warning', 'not-carried', 'DiagnosticsToolEnabled is not written to ios-dict: it applies to mac only, not ios.', at('ios-dict')),
      diagnostic('warning', 'other', 'x', { file: 'p.yaml' }),
    ]);
    expect(out.map((d) => d.code)).toEqual(['secret-literal', 'not-carried', 'other']);
    expect(out[1]).toMatchObject({
      line: 4,
      column: 3,
      target: 'ios-plist, android-amapi, ios-dict',
      message:
        'DiagnosticsToolEnabled is not written to ios-plist, ios-dict: it applies to mac only, not ios; nor to android-amapi: it applies to mac only, not android.',
    });
  });

  it('keeps different keys apart and a lone warning as it was', () => {
    const lone = diagnostic('warning', 'not-carried', 'A is not written to url: Cisco documents it for EMM only.', at('url', '/settings/A'));
    const out = mergeNotCarried([
      lone,
      diagnostic('warning', 'not-carried', 'B is not written to url: r.', at('url', '/settings/B')),
      diagnostic('warning', 'not-carried', 'B is not written to windows-installer: r.', at('windows-installer', '/settings/B')),
    ]);
    expect(out[0]).toBe(lone);
    expect(out[1]!.message).toBe('B is not written to url, windows-installer: r.');
  });

  it('keeps a message it cannot read as its own reason', () => {
    const out = mergeNotCarried([
      diagnostic('warning', 'not-carried', 'custom text', at('one', '/settings/C')),
      diagnostic('warning', 'not-carried', 'custom text', at('two', '/settings/C')),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toBe('C is not written to one, two: custom text.');
  });
});

describe('mergeAcrossTargets', () => {
  const where = (target: string) => ({ file: 'p.yaml', line: 2, column: 3, target });
  it('prints the same diagnostic for several targets once, naming them all', () => {
    const out = mergeAcrossTargets([
      diagnostic('warning', 'asset-url-shared', 'ios-ddm points every profile at one plist.', where('ios-ddm')),
      diagnostic('warning', 'long-value', 'The value is long for ios-dict.', where('ios-dict')),
      diagnostic('warning', 'long-value', 'The value is long for ios-plist.', where('ios-plist')),
      diagnostic('warning', 'long-value', 'The value is long for ios-dict.', { ...where('ios-dict'), line: 9 }),
      diagnostic('warning', 'long-value', 'The value is long for url.', where('url')),
    ]);
    expect(out.map((d) => [d.line, d.target, d.message])).toEqual([
      [2, 'ios-ddm', 'ios-ddm points every profile at one plist.'],
      [2, 'ios-dict, ios-plist, url', 'The value is long for ios-dict, ios-plist, url.'],
      [9, 'ios-dict', 'The value is long for ios-dict.'],
    ]);
  });

  it('drops exact repeats (one check run for several consoles) and keeps different messages apart', () => {
    const twice = diagnostic('warning', 'ddm-static-variables', 'ios-ddm-config.plist holds tokens.', where('ios-ddm'));
    const other = diagnostic('warning', 'ddm-static-variables', 'Something else about ios-ddm.', where('ios-ddm'));
    expect(mergeAcrossTargets([twice, { ...twice }, other])).toEqual([twice, other]);
  });

  it('does not take a target id inside a file name or a longer id for the target', () => {
    const a = diagnostic('warning', 'x', 'url: see jabber-config-url.txt', where('url'));
    const b = diagnostic('warning', 'x', 'url-page: see jabber-config-url.txt', where('url-page'));
    expect(mergeAcrossTargets([a, b])).toEqual([{ ...a, target: 'url, url-page', message: 'url, url-page: see jabber-config-url.txt' }]);
  });
});

describe('export reporter', () => {
  const profile = (diagnostics: Diagnostic[]) => ({ source: 'p.yaml', name: 'p', ok: true, files: [], diagnostics });
  const run = (quiet: boolean, diagnostics: Diagnostic[]) => {
    let text = '';
    const seen: Diagnostic[][] = [];
    const reporter = createExportReporter({
      json: false,
      quiet,
      color: false,
      write: (t) => {
        text += t;
      },
      formatDiagnostics: (ds) => {
        seen.push([...ds]);
        return ds.map((d) => `${d.severity} ${d.code} [${d.target ?? ''}]`).join('\n');
      },
    });
    reporter.hooks.onProfile!(profile(diagnostics), 1, 1);
    return { text, seen };
  };
  const warnings = [
    diagnostic('warning', 'w', 'ios-dict says so.', { file: 'p.yaml', target: 'ios-dict' }),
    diagnostic('warning', 'w', 'ios-plist says so.', { file: 'p.yaml', target: 'ios-plist' }),
    diagnostic('error', 'e', 'broken', { file: 'p.yaml' }),
  ];

  it('prints one line for what several targets report alike', () => {
    expect(run(false, warnings).seen).toEqual([[expect.objectContaining({ target: 'ios-dict, ios-plist', message: 'ios-dict, ios-plist says so.' }), warnings[2]]]);
  });

  it('--quiet hides warnings and keeps errors', () => {
    const { text, seen } = run(true, warnings);
    expect(seen).toEqual([[warnings[2]]]);
    expect(text).not.toContain('warning');
    expect(text).toContain('error e');
  });

  it('--json keeps every diagnostic, --quiet or not', () => {
    let text = '';
    const reporter = createExportReporter({ json: true, quiet: true, color: false, write: (t) => (text += t), formatDiagnostics: () => '' });
    reporter.hooks.onStart!(1);
    reporter.hooks.onProfile!(profile(warnings), 1, 1);
    reporter.finish({ profiles: [], summary: { profiles: 1, ok: 1, failed: 0, skipped: 0, files: 0, written: 0, unchanged: 0 } });
    expect((JSON.parse(text) as { profiles: { diagnostics: unknown[] }[] }).profiles[0]!.diagnostics).toHaveLength(3);
  });
});
