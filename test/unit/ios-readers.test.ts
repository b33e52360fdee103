/**
 * The iOS readers lose nothing (issue 9): specfile entries the 2018 AppConfig schema rejects are
 * read and each named in an error at its position; a hand-made plist typo gets the catalog's
 * did-you-mean at its position; every key read carries line and column from 1.
 */
import { describe, expect, it } from 'vitest';
import { iosAppConfigTarget } from '../../src/targets/ios/appconfig.js';
import { iosDictTarget } from '../../src/targets/ios/dict.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';

const parseSpec = (text: string) => iosAppConfigTarget.parse!([{ contents: text, fileName: 'spec.xml' }]);

describe('ios-appconfig reader: entries the 2018 schema rejects are read and named', () => {
  it('keys written as attributes (<string apiKey="...">) are read, each an error at its position', () => {
    // The shape of a real vendor README (PlaceOS booking panel, bundle place.technology.bookingPanel):
    // three keys as attributes of empty <string> elements, no keyName, no defaultValue. It used to
    // import as an empty profile.
    const text = `<?xml version="1.0"?>
<managedAppConfiguration>
  <version>1</version>
  <bundleId>com.cisco.jabberIM</bundleId>
  <dict>
    <string ServicesDomain="example.com"></string>
    <string VoiceServicesDomain="voice.example.com"></string>
    <string apiKey="x1"></string>
  </dict>
</managedAppConfiguration>
`;
    const parsed = parseSpec(text);
    expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'example.com', VoiceServicesDomain: 'voice.example.com' });
    expect(Object.fromEntries(parsed.unknown)).toEqual({ apiKey: 'x1' });
    const errors = parsed.diagnostics.filter((d) => d.code === 'specfile-entry');
    expect(errors.map((d) => [d.severity, d.line, d.column])).toEqual([
      ['error', 6, 5],
      ['error', 7, 5],
      ['error', 8, 5],
    ]);
    expect(errors[0]!.message).toContain('keyName="ServicesDomain"');
    expect(parsed.positions.get('/settings/VoiceServicesDomain')).toMatchObject({ line: 7, column: 5 });
    expect(parsed.positions.get('/unknown/apiKey')).toMatchObject({ line: 8, column: 5 });
  });

  it('a value outside <value>, an element the schema has no place for, a boolean xs:boolean rejects: read, each an error', () => {
    const text = `<managedAppConfiguration>
  <version>1</version>
  <bundleId>com.cisco.jabberIM</bundleId>
  <dict>
    <string keyName="ServicesDomain"><defaultValue>example.com</defaultValue></string>
    <string keyName="VoiceServicesDomain"><value>voice.example.com</value></string>
    <bool keyName="ServicesDomainSsoEmailPrompt"><defaultValue><value>true</value></defaultValue></bool>
    <boolean keyName="Telephony_Enabled"><defaultValue><value>True</value></defaultValue></boolean>
    <integer keyName="Other"><defaultValue><value>ten</value></defaultValue></integer>
    <string><defaultValue><value>orphan</value></defaultValue></string>
  </dict>
</managedAppConfiguration>
`;
    const parsed = parseSpec(text);
    expect(Object.fromEntries(parsed.settings)).toEqual({
      ServicesDomain: 'example.com',
      VoiceServicesDomain: 'voice.example.com',
      ServicesDomainSsoEmailPrompt: 'true',
      Telephony_Enabled: 'True',
    });
    expect(Object.fromEntries(parsed.unknown)).toEqual({ Other: 'ten' });
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.line])).toEqual([
      ['specfile-entry', 5],
      ['specfile-entry', 6],
      ['specfile-entry', 7],
      ['specfile-value', 8],
      ['specfile-value', 9],
      ['specfile-entry', 10],
    ]);
    expect(errors[3]!.message).toContain('"True"');
    expect(errors[5]!.message).toContain('keyName');
  });

  it('elements a specfile has no place for are named', () => {
    const text = `<managedAppConfiguration>
  <version>1</version>
  <bundleId>com.cisco.jabberIM</bundleId>
  <comment>made by hand</comment>
  <dict>
    <string keyName="ServicesDomain"><defaultValue><value>example.com</value></defaultValue></string>
  </dict>
</managedAppConfiguration>
`;
    const parsed = parseSpec(text);
    const d = parsed.diagnostics.find((x) => x.code === 'specfile-entry')!;
    expect([d.severity, d.line, d.column]).toEqual(['error', 4, 3]);
    expect(d.message).toContain('<comment>');
  });

  it('an exported specfile reads with no diagnostics and a position per key', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<managedAppConfiguration>
  <version>1</version>
  <bundleId>com.cisco.jabberIM</bundleId>
  <dict>
    <string keyName="ServicesDomain">
      <defaultValue>
        <value>example.com</value>
      </defaultValue>
    </string>
  </dict>
</managedAppConfiguration>
`;
    const parsed = parseSpec(text);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.positions.get('/settings/ServicesDomain')).toMatchObject({ line: 6, column: 5 });
  });
});

describe('plist readers: did-you-mean and positions', () => {
  it('<key>VoiceServiceDomain</key> gets a did-you-mean at its line and column (import and validate both read it through parse)', () => {
    const text = '<dict>\n\t<key>ServicesDomain</key>\n\t<string>example.com</string>\n\t<key>VoiceServiceDomain</key>\n\t<string>voice.example.com</string>\n</dict>\n';
    const parsed = iosDictTarget.parse!([{ contents: text, fileName: 'ios-dict.xml' }]);
    expect(parsed.positions.get('/settings/ServicesDomain')).toMatchObject({ line: 2, column: 2 });
    expect(parsed.positions.get('/unknown/VoiceServiceDomain')).toMatchObject({ line: 4, column: 2 });
    const d = parsed.diagnostics.find((x) => x.code === 'unknown-key')!;
    expect([d.line, d.column]).toEqual([4, 2]);
    expect(d.message).toContain('Did you mean VoiceServicesDomain');
  });

  it('a key without a value is named, not dropped', () => {
    const text =
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n<key>ServicesDomain</key>\n</dict>\n</plist>\n';
    const parsed = iosPlistTarget.parse!([{ contents: text, fileName: 'x.plist' }]);
    const d = parsed.diagnostics.find((x) => x.code === 'plist-orphan-key')!;
    expect([d.severity, d.line, d.column]).toEqual(['error', 5, 1]);
  });
});
