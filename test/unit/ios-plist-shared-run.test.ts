import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jobsOf, renderChunk, verifyChunk } from '../../src/export/chunk.js';
import type { ProfileResult } from '../../src/profile/types.js';
import { iosDdmTarget } from '../../src/targets/ios/ddm.js';
import { iosDictTarget } from '../../src/targets/ios/dict.js';
import { verifyPlists } from '../../src/targets/ios/plist-verify.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';
import * as libxml2 from '../../src/verify/libxml2.js';
import { makeProfile } from '../helpers/profile.js';

// Counts the libxml2 calls against the plist DTD, while still running them.
vi.mock('../../src/verify/libxml2.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/verify/libxml2.js')>();
  return { ...real, checkXmlDocuments: vi.fn(real.checkXmlDocuments) };
});
const validate = vi.mocked(libxml2.checkXmlDocuments);
const plistRuns = () => validate.mock.calls.filter(([, grammar]) => grammar.kind === 'dtd' && grammar.file.fileName === 'PropertyList-1.0.dtd');

const TARGETS = [iosPlistTarget, iosDictTarget, iosDdmTarget];

/** A chunk of profiles no other test has rendered (results are kept by document text). */
function chunk(tag: string, n: number): ProfileResult[] {
  return Array.from({ length: n }, (_, i) => {
    const profile = makeProfile({ name: `shared-${tag}-${i}`, settings: { ServicesDomain: `${tag}-${i}.example.com` } });
    return { source: `${profile.name}.yaml`, name: profile.name, profile, diagnostics: [], ok: true } as ProfileResult;
  });
}

beforeEach(() => {
  validate.mockClear(); // in braces: a function returned from beforeEach would be run as its cleanup
});

describe('plist DTD checks shared between ios-plist, ios-dict and ios-ddm', () => {
  it('one libxml2 call checks the three targets\u2019 plists of an export chunk', async () => {
    const rendered = renderChunk(chunk('a', 5), jobsOf(TARGETS, { assetUrl: 'https://mdm.example.com/jabber/' }));
    expect(rendered.every((r) => r.ok)).toBe(true);
    const plists = rendered.flatMap((r) => r.artifacts).filter((a) => !a.fileName.endsWith('.json'));
    expect(plists.map((a) => a.target).sort()).toEqual([...Array(5).fill('ios-ddm'), ...Array(5).fill('ios-dict'), ...Array(5).fill('ios-plist')]);
    await verifyChunk(rendered, TARGETS, '/out');
    expect(plistRuns()).toHaveLength(1);
    expect(plistRuns()[0]![0]).toHaveLength(5); // the five profiles' document, once each
    expect(rendered.every((r) => r.ok && r.diagnostics.length === 0)).toBe(true);
  });

  it('a document not seen before is still run, and a failing one reports the same either way', async () => {
    const bad = { target: 'ios-plist', fileName: 'ios-managed.plist', contents: '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict><key>a</key></dict>\n</plist>\n' };
    const first = await verifyPlists([{ artifact: bad, shape: 'document' }]);
    const second = await verifyPlists([{ artifact: bad, shape: 'document' }]);
    expect(plistRuns()).toHaveLength(1);
    expect(first[0]!.some((d) => d.code === 'plist-dtd')).toBe(true);
    expect(second).toEqual(first);
    const other = { ...bad, contents: bad.contents.replace('<key>a</key>', '<key>b</key>') };
    expect((await verifyPlists([{ artifact: other, shape: 'document' }]))[0]!.some((d) => d.code === 'plist-dtd')).toBe(true);
    expect(plistRuns()).toHaveLength(2);
  });
});
