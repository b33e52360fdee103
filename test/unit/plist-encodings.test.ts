/**
 * Every plist is read like an XML one (issue 9 item 6): binary plists (`bplist00`, what plutil
 * and Apple Configurator write) and UTF-16 XML plists, wherever a plist is read (ios-plist, the
 * ios-ddm asset; ios-dict is XML text by definition). Binary fixtures are built with the `plist`
 * package's buildBinary (deterministic, no plutil here) from our own XML exports, so the reader
 * is checked against an independent writer; hostile files are built byte by byte.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBinary, parse as plistParse, type PlistValue } from 'plist';
import { afterAll, describe, expect, it } from 'vitest';
import { readCandidate } from '../../src/artifact/read.js';
import { importArtifact } from '../../src/import/import-artifact.js';
import { validatePaths } from '../../src/validate/validate-paths.js';
import { diffPaths } from '../../src/diff/diff.js';
import { recogniseFile } from '../../src/artifact/detect.js';
import { decodeArtifactBytes } from '../../src/targets/artifact-bytes.js';
import { readBinaryPlist } from '../../src/targets/ios/bplist-reader.js';
import { iosDdmTarget } from '../../src/targets/ios/ddm.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';
import { makeProfile } from '../helpers/profile.js';

const profile = makeProfile({
  settings: { ServicesDomain: 'example.com', VoiceServicesDomain: 'voice.example.com', ServicesDomainSsoEmailPrompt: true, ServiceDiscoveryExcludedServices: ['WEBEX', 'CUP'] },
});
const xml = iosPlistTarget.render(profile, { typedValues: true }).artifacts[0]!.contents;
const expected = { ServicesDomain: 'example.com', VoiceServicesDomain: 'voice.example.com', ServicesDomainSsoEmailPrompt: true, ServiceDiscoveryExcludedServices: 'WEBEX,CUP' };

const tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-plist-enc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A file's bytes as the readers get them (src/artifact/read.ts). */
async function viaDisk(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return (await readCandidate(file))!;
}

describe('binary plists', () => {
  const binary = buildBinary(plistParse(xml));

  it('are recognised as ios-plist and read like the XML export, each key positioned at its byte offset', async () => {
    const text = await viaDisk('config.plist', binary);
    expect(recogniseFile(text, 'config.plist')?.target.id).toBe('ios-plist');
    const parsed = iosPlistTarget.parse!([{ contents: text, fileName: 'config.plist' }]);
    expect(parsed.diagnostics).toEqual([]);
    expect(Object.fromEntries(parsed.settings)).toEqual(expected);
    for (const key of Object.keys(expected)) {
      const pos = parsed.positions.get(`/settings/${key}`)!;
      expect(pos.line).toBe(1);
      // The column is the key object's offset + 1: an ASCII string marker there, then the key.
      const at = pos.column - 1;
      expect(binary[at]! >> 4).toBe(0x5);
      // (a length of 15 or more follows the marker as an integer object: 0x1n and 2^n bytes)
      const start = (binary[at]! & 0xf) === 0xf ? at + 2 + (1 << (binary[at + 1]! & 0xf)) : at + 1;
      expect(Buffer.from(binary.subarray(start, start + key.length)).toString('latin1')).toBe(key);
    }
  });

  it('pass verify when the XML export would, and name what Jabber does not take', async () => {
    const text = decodeArtifactBytes(binary);
    const [ok] = await iosPlistTarget.verify([{ target: 'ios-plist', fileName: 'config.plist', contents: text }]);
    expect(ok).toEqual([]);
    const bad = decodeArtifactBytes(buildBinary({ ServicesDomainSsoEmailPrompt: 'maybe' }));
    const [found] = await iosPlistTarget.verify([{ target: 'ios-plist', fileName: 'bad.plist', contents: bad }]);
    expect(found!.map((d) => [d.severity, d.code, d.line])).toEqual([['error', 'value-type', 1]]);
    expect(found![0]!.column).toBeGreaterThan(1);
  });

  it('are read as the ios-ddm asset too, and the asset hash is of the binary bytes', async () => {
    const r = iosDdmTarget.render(profile, { typedValues: true, assetUrl: 'https://mdm.example.com/a/ios-ddm-config.plist' });
    const [appManaged, asset] = r.artifacts;
    const text = decodeArtifactBytes(binary);
    const parsed = iosDdmTarget.parse!([
      { contents: appManaged!.contents, fileName: appManaged!.fileName },
      { contents: asset!.contents, fileName: asset!.fileName },
      { contents: text, fileName: 'ios-ddm-config.plist' },
    ]);
    expect(Object.fromEntries(parsed.settings)).toEqual(expected);
    // The declaration was made for the XML bytes; the binary file's hash differs, and verify says so.
    const found = await iosDdmTarget.verify([appManaged!, asset!, { target: 'ios-ddm', fileName: 'ios-ddm-config.plist', contents: text }]);
    expect(found[1]!.map((d) => d.code)).toContain('ddm-asset-mismatch');
  });

  it('import and validate take a binary plist file as they take the XML one', async () => {
    const file = path.join(tmp, 'from-configurator.plist');
    writeFileSync(file, binary);
    const imported = await importArtifact(file);
    expect(imported.target).toBe('ios-plist');
    expect(imported.yaml).toContain('ServicesDomain: example.com');
    expect(imported.yaml).toContain('ServiceDiscoveryExcludedServices: [WEBEX, CUP]');
    const report = await validatePaths([file]);
    expect(report.diagnostics).toEqual([]);
    expect(report.results.map((r) => r.ok)).toEqual([true]);
    // diff: the profile against the binary file it was exported to (as XML) finds no drift.
    const yaml = path.join(tmp, 'p.yaml');
    writeFileSync(yaml, 'name: p\nsettings:\n  ServicesDomain: example.com\n  VoiceServicesDomain: voice.example.com\n  ServicesDomainSsoEmailPrompt: true\n  ServiceDiscoveryExcludedServices: [WEBEX, CUP]\n');
    const drift = await diffPaths(yaml, file, { env: {} });
    expect(drift.identical).toBe(true);
  });

  it('hostile files are problems, never a hang, a crash or a prototype change', () => {
    // dict {"a": <itself>}: a reference cycle.
    const cycle = bplist([[0xd1, 0x01, 0x00], [0x51, 0x61]]);
    expect(readBinaryPlist(cycle).problems.map((p) => p.message)).toEqual([expect.stringContaining('reference cycle')]);
    // 40 arrays each holding the next twice: 2^40 objects if expanded.
    const objects: number[][] = [];
    for (let i = 0; i < 40; i++) objects.push([0xa2, i + 1, i + 1]);
    objects.push([0x51, 0x78]);
    const bomb = readBinaryPlist(bplist(objects));
    expect(bomb.value).toBeUndefined();
    expect(bomb.problems[0]!.message).toContain('expands to more than');
    // A truncated file and one whose references point outside it.
    expect(readBinaryPlist(binary.subarray(0, binary.length - 5)).problems.length).toBeGreaterThan(0);
    expect(readBinaryPlist(bplist([[0xd1, 0x05, 0x05]])).problems[0]!.message).toContain('refers to object 5');
    // __proto__ is an ordinary key.
    const proto = readBinaryPlist(new Uint8Array(buildBinary(JSON.parse('{"__proto__": "x", "ServicesDomain": "a.com"}') as PlistValue)));
    expect(proto.keys?.map((k) => k.key).sort()).toEqual(['ServicesDomain', '__proto__'].sort());
    expect(Object.getPrototypeOf(proto.value)).toBe(Map.prototype);
  });
});

describe('UTF-16 XML plists', () => {
  const bodyLE = Buffer.from('\ufeff' + xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le');
  const bodyBE = Buffer.from(bodyLE).swap16();
  const noMark = Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le');

  it.each([
    ['UTF-16LE with a byte-order mark', bodyLE],
    ['UTF-16BE with a byte-order mark', bodyBE],
    ['UTF-16LE without one', noMark],
  ])('%s is read and verified like the UTF-8 file, with the same positions', async (_what, bytes) => {
    const text = await viaDisk('utf16.plist', new Uint8Array(bytes));
    expect(recogniseFile(text, 'utf16.plist')?.target.id).toBe('ios-plist');
    const parsed = iosPlistTarget.parse!([{ contents: text, fileName: 'utf16.plist' }]);
    const utf8 = iosPlistTarget.parse!([{ contents: xml, fileName: 'utf16.plist' }]);
    expect(parsed.diagnostics).toEqual([]);
    expect(Object.fromEntries(parsed.settings)).toEqual(expected);
    expect(parsed.positions).toEqual(utf8.positions);
    const [found] = await iosPlistTarget.verify([{ target: 'ios-plist', fileName: 'utf16.plist', contents: text }]);
    expect(found).toEqual([]);
  });
});

describe('UTF-16 without a byte-order mark or a declaration', () => {
  it('a document that starts <plist is told by its encoded "<"', async () => {
    const body = xml.slice(xml.indexOf('<plist'));
    const text = await viaDisk('bare.plist', new Uint8Array(Buffer.from(body, 'utf16le').swap16()));
    expect(text).toBe(body);
    expect(Object.fromEntries(iosPlistTarget.parse!([{ contents: text, fileName: 'bare.plist' }]).settings)).toEqual(expected);
  });
});

/** A bplist00 file from raw objects (each its marker and bytes), 1-byte offsets and references, top object 0. */
function bplist(objects: number[][]): Uint8Array {
  const head = [...Buffer.from('bplist00', 'latin1')];
  const offsets: number[] = [];
  const body: number[] = [];
  for (const o of objects) {
    offsets.push(head.length + body.length);
    body.push(...o);
  }
  const tableOffset = head.length + body.length;
  const be8 = (n: number) => [0, 0, 0, 0, 0, 0, 0, n];
  const trailer = [0, 0, 0, 0, 0, 0, 1, 1, ...be8(objects.length), ...be8(0), ...be8(tableOffset)];
  return new Uint8Array([...head, ...body, ...offsets, ...trailer]);
}
