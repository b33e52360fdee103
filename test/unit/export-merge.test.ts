import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import { mergeNotCarried } from '../../src/export/merge-not-carried.js';

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
