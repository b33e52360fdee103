import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DDM_ASSET_MAX_BYTES, detectDdm, identifierBase, iosDdmTarget, verifyDdm } from '../../src/targets/ios/ddm.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';
import type { Artifact, RenderOptions } from '../../src/targets/types.js';
import { makeProfile } from '../helpers/profile.js';

const URL_ = 'https://mdm.example.com/assets/ios-ddm-config.plist';
const SETTINGS = { ServicesDomain: 'example.com', AllowUrlProvisioning: false };
const render = (options: RenderOptions, settings: Parameters<typeof makeProfile>[0]['settings'] = SETTINGS, name = 'acme-prod') =>
  iosDdmTarget.render(makeProfile({ name, settings }), options);
const json = (a: Artifact) => JSON.parse(a.contents) as Record<string, any>;

describe('ios-ddm render', () => {
  it('writes nothing without --asset-url, and says what to pass', () => {
    const r = render({});
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      [
        'warning',
        'asset-url-missing',
        "ios-ddm writes nothing without --asset-url: pass the https URL where ios-ddm-config.plist will be hosted (the data asset declaration must name it, with the file's size and SHA-256 hash).",
      ],
    ]);
  });

  it('refuses an asset URL that is not https, or not a URL', () => {
    expect(render({ assetUrl: 'http://mdm.example.com/a.plist' }).diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'asset-url-not-https']]);
    expect(render({ assetUrl: 'mdm.example.com/a.plist' }).diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'asset-url-invalid']]);
    expect(render({ assetUrl: 'http://x' }).artifacts).toEqual([]);
  });

  it('writes the two declarations and the plist, the plist byte for byte the ios-plist file', () => {
    const r = render({ assetUrl: URL_ });
    expect(r.diagnostics).toEqual([]);
    expect(r.artifacts.map((a) => [a.target, a.fileName])).toEqual([
      ['ios-ddm', 'ios-ddm-app-managed.json'],
      ['ios-ddm', 'ios-ddm-asset.json'],
      ['ios-ddm', 'ios-ddm-config.plist'],
    ]);
    const [app, asset, plist] = r.artifacts as [Artifact, Artifact, Artifact];
    expect(plist.contents).toBe(iosPlistTarget.render(makeProfile({ name: 'acme-prod', settings: SETTINGS }), {}).artifacts[0]!.contents);
    const bytes = Buffer.from(plist.contents, 'utf8');
    const a = json(asset);
    expect(Object.keys(a)).toEqual(['Type', 'Identifier', 'ServerToken', 'Payload']);
    expect(a).toMatchObject({
      Type: 'com.apple.asset.data',
      Identifier: 'jabber-emm.acme-prod.config-data',
      Payload: {
        Reference: { DataURL: URL_, ContentType: 'application/x-plist', Size: bytes.length, 'Hash-SHA-256': createHash('sha256').update(bytes).digest('hex') },
      },
    });
    expect(json(app)).toEqual({
      Type: 'com.apple.configuration.app.managed',
      Identifier: 'jabber-emm.acme-prod.config',
      ServerToken: json(app).ServerToken,
      Payload: {
        BundleID: 'com.cisco.jabberIM',
        AppConfig: { DataAssetReference: 'jabber-emm.acme-prod.config-data' },
        LegacyAppConfigAssetReference: 'jabber-emm.acme-prod.config-data',
      },
    });
    expect(app.contents).toMatch(/^\{\n {2}"Type": "com\.apple\.configuration\.app\.managed",\n/);
    expect(app.contents.endsWith('}\n')).toBe(true);
  });

  it('is deterministic, and changes both server tokens (never the identifiers) when the content changes', () => {
    const a = render({ assetUrl: URL_ });
    expect(render({ assetUrl: URL_ })).toEqual(a);
    const b = render({ assetUrl: URL_ }, { ...SETTINGS, ServicesDomain: 'other.example.com' });
    for (const i of [0, 1]) {
      expect(json(b.artifacts[i]!).Identifier).toBe(json(a.artifacts[i]!).Identifier);
      expect(json(b.artifacts[i]!).ServerToken).not.toBe(json(a.artifacts[i]!).ServerToken);
    }
  });

  it('keeps identifiers within 64 octets and unique for long or non-ASCII profile names', () => {
    const names = ['a'.repeat(200), 'ünïcødé prófile', 'ünïcødé prófile 2', '---', 'acme-prod'];
    const bases = names.map(identifierBase);
    for (const b of bases) expect(Buffer.byteLength(`${b}.config-data`)).toBeLessThanOrEqual(64);
    expect(new Set(bases).size).toBe(names.length);
    expect(bases[4]).toBe('jabber-emm.acme-prod');
    expect(bases[1]).toMatch(/^jabber-emm\.n-c-d-pr-file-[0-9a-f]{8}$/);
  });

  it('warns that console tokens in a hosted plist are not replaced by the device', () => {
    const r = render({ assetUrl: URL_, emm: 'intune' }, { AutoLoginUserName: '${user.email}' });
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'ddm-static-variables']]);
    expect(r.artifacts[2]!.contents).toContain('<string>{{mail}}</string>');
  });

  it('refuses a configuration larger than Apple allows for the asset', () => {
    const r = render({ assetUrl: URL_ }, { ServicesDomain: 'x'.repeat(DDM_ASSET_MAX_BYTES) });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'asset-too-large']]);
  });

  it('writes nothing when no key reaches iOS', () => {
    expect(render({ assetUrl: URL_ }, { PRTCertificateName: 'x' }).diagnostics.map((d) => d.code)).toEqual(['not-carried', 'nothing-to-write']);
  });
});

describe('ios-ddm verify', () => {
  const good = render({ assetUrl: URL_ }).artifacts;
  const other = render({ assetUrl: URL_ }, { ServicesDomain: 'b.example.com' }, 'second').artifacts;
  const change = (a: Artifact, f: (v: Record<string, any>) => void): Artifact => {
    const v = json(a);
    f(v);
    return { ...a, contents: JSON.stringify(v, null, 2) + '\n' };
  };

  it('passes what render writes, for several profiles in one batch', async () => {
    expect(await verifyDdm([...good, ...other])).toEqual([[], [], [], [], [], []]);
  });

  it('checks declarations against Apple keys and types, with the JSON position', async () => {
    const [app, asset, plist] = good as [Artifact, Artifact, Artifact];
    const r = await verifyDdm([
      change(app, (v) => {
        v.Payload.AppConfig.DataAsset = 'x';
      }),
      change(asset, (v) => {
        v.Payload.Reference.DataURL = 'http://insecure.example.com/x.plist';
        v.Identifier = 'i'.repeat(65);
      }),
      plist,
    ]);
    expect(r[0]!.map((d) => [d.code, d.pointer])).toEqual([['ddm-schema', '/Payload/AppConfig']]);
    expect(r[0]![0]!.message).toContain('has a key Apple does not define: "DataAsset"');
    expect(r[1]!.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ['ddm-schema', '/Identifier', 3],
      ['ddm-schema', '/Payload/Reference/DataURL', 7],
    ]);
    expect(r[2]).toEqual([]);
  });

  it('finds an asset whose hash matches no plist, and a reference to an asset that is not there', async () => {
    const [app, asset, plist] = good as [Artifact, Artifact, Artifact];
    const edited = { ...plist, contents: plist.contents.replace('example.com', 'example.org') };
    const r = await verifyDdm([
      change(app, (v) => {
        v.Payload.LegacyAppConfigAssetReference = 'jabber-emm.nope';
      }),
      asset,
      edited,
    ]);
    expect(r[0]!.map((d) => d.code)).toEqual(['ddm-asset-reference']);
    expect(r[1]!.map((d) => d.code)).toEqual(['ddm-asset-mismatch']);
    expect(r[2]).toEqual([]);
    // Each at its key in the declaration (they had no line or column).
    const at = (d: { line?: number; column?: number }, text: string, key: string) => {
      const lines = text.split('\n');
      return [d.line, d.column, lines[d.line! - 1]!.indexOf(`"${key}"`) + 1];
    };
    const mismatch = r[1]![0]!;
    expect(at(mismatch, asset.contents, 'Reference')).toEqual([mismatch.line, mismatch.column, mismatch.column]);
    const reference = r[0]![0]!;
    expect(at(reference, app.contents, 'Payload')).toEqual([reference.line, reference.column, reference.column]);
    expect(mismatch.line).toBeGreaterThan(1);
  });

  it('checks the plist like ios-plist, with the 1 MB budget', async () => {
    const plist = good[2]!;
    const big = { ...plist, contents: plist.contents.replace('example.com', 'x'.repeat(DDM_ASSET_MAX_BYTES)) };
    const dup = { ...plist, contents: plist.contents.replace('<key>AllowUrlProvisioning</key>', '<key>ServicesDomain</key>') };
    const r = await verifyDdm([big, dup]);
    expect(r[0]!.map((d) => d.code)).toEqual(['plist-too-large']);
    expect(r[1]!.map((d) => d.code)).toEqual(['plist-duplicate-key']);
  });

  it('reports JSON that does not parse or is not a declaration type it knows', async () => {
    const r = await verifyDdm([
      { target: 'ios-ddm', fileName: 'ios-ddm-asset.json', contents: '{"Type": ' },
      { target: 'ios-ddm', fileName: 'ios-ddm-asset.json', contents: '{"Type": "com.apple.configuration.passcode.settings"}' },
    ]);
    expect(r.map((ds) => ds.map((d) => d.code))).toEqual([['json-syntax'], ['ddm-type']]);
  });
});

describe('ios-ddm detect', () => {
  it('recognises the two declarations, not other JSON', () => {
    const [app, asset, plist] = render({ assetUrl: URL_ }).artifacts as [Artifact, Artifact, Artifact];
    expect([detectDdm(app.contents), detectDdm(asset.contents), detectDdm(plist.contents)]).toEqual([true, true, false]);
    expect(detectDdm('{"kind": "androidenterprise#managedConfiguration"}')).toBe(false);
    expect(detectDdm('{"Type": ')).toBe(false);
  });
});
