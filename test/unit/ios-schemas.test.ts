import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { APPCONFIG_2016_XSD, APPCONFIG_2018_XSD, PLIST_DTD, schemaFile } from '../../src/targets/ios/schema-files.js';
import { checkXmlDocuments } from '../../src/verify/libxml2.js';
import { validateWithXsd } from '../../src/verify/xmllint.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VENDOR = path.resolve(ROOT, '..', 'shared', 'vendor', 'ios');
const hasVendor = existsSync(path.join(VENDOR, 'appconfigschema.xsd'));
const hasNativeXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasVendor) console.warn(`ios-schemas: ${VENDOR} not found; skipping the comparison with the vendor copies.`);
if (!hasNativeXmllint) console.warn('ios-schemas: native xmllint not found (Debian package libxml2-utils); skipping the DTD comparison.');

const vendorXsd = (name: string) => ({ fileName: name, contents: readFileSync(path.join(VENDOR, name), 'utf8') });

const key = (name: string, value = 'x') => `<string keyName="${name}"><defaultValue><value>${value}</value></defaultValue></string>`;
const spec = (o: { bundle?: string; version?: string; dict?: string; presentation?: string; license?: string } = {}) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<managedAppConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://storage.googleapis.com/appconfig-media/appconfigschema.xsd">
<version>${o.version ?? '1'}</version>
<bundleId>${o.bundle ?? 'com.cisco.jabberIM'}</bundleId>
<dict>${o.dict ?? key('a')}</dict>
${o.presentation ?? ''}${o.license ?? ''}
</managedAppConfiguration>
`;

/** Specfiles and the verdicts of the 2018 and 2016 generations (reference ios-appconfig.md §1). */
const SPECFILES: [string, string, boolean, boolean][] = [
  ['minimal', spec(), true, true],
  [
    'with presentation and every field type',
    spec({
      dict: `${key('a')}<boolean keyName="b"><defaultValue><value>true</value></defaultValue></boolean><integer keyName="i"><defaultValue><value>5</value></defaultValue><constraint min="1" max="9"/></integer><string keyName="v"><defaultValue><userVariable value="emailAddress"/></defaultValue></string><date keyName="d"><defaultValue><value>2024-01-01T00:00:00Z</value></defaultValue></date>`,
      presentation:
        '<presentation defaultLocale="en-US"><field keyName="a" type="select"><label><language value="en-US">A</language></label><options><option value="x"><language>X</language></option></options></field><field keyName="b" type="checkbox"/></presentation>',
    }),
    true,
    true,
  ],
  ['hyphen in bundle id', spec({ bundle: 'com.my-company.app' }), true, false],
  ['underscore in bundle id', spec({ bundle: 'com.my_company.app' }), false, false],
  ['empty dict', spec({ dict: '' }), false, false],
  ['duplicate keyName', spec({ dict: key('a') + key('a') }), false, false],
  ['field for a key not in the dict', spec({ presentation: '<presentation defaultLocale="en-US"><field keyName="zz" type="input"/></presentation>' }), false, false],
  ['presentation without fields', spec({ presentation: '<presentation defaultLocale="en-US"/>' }), false, false],
  ['version 123456', spec({ version: '123456' }), false, false],
  ['date-only date default', spec({ dict: '<date keyName="d"><defaultValue><value>2024-01-01</value></defaultValue></date>' }), false, false],
  ['userVariable userName (SpecCreator bug)', spec({ dict: '<string keyName="v"><defaultValue><userVariable value="userName"/></defaultValue></string>' }), false, false],
  ['license element', spec({ license: '<license>Apache-2.0</license>' }), true, false],
];

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';
/** Plists and the verdict of Apple's DTD (reference ios-appconfig.md §2.6). */
const PLISTS: [string, string, boolean][] = [
  ['string dict', '<plist version="1.0"><dict><key>a</key><string>x</string></dict></plist>', true],
  ['every type', '<plist version="1.0"><dict> <key>a</key> <data>AAA=</data> <key>b</key> <date>2024</date> <key>c</key><array><real>1</real><true/><integer>2</integer><dict/></array></dict></plist>', true],
  ['comments, PIs and CDATA', '<plist version="1.0"><dict><!-- c --><key>a</key><?pi x?><string><![CDATA[<>]]></string></dict></plist>', true],
  ['other version', '<plist version="2.0"><array/></plist>', true],
  ['bare dict (DTD cannot tell)', '<dict><key>a</key><integer>1e+21</integer></dict>', true],
  ['duplicate key (DTD cannot tell)', '<plist><dict><key>a</key><true/><key>a</key><false/></dict></plist>', true],
  ['null', '<plist version="1.0"><dict><key>a</key><null/></dict></plist>', false],
  ['orphan key', '<plist version="1.0"><dict><key>a</key></dict></plist>', false],
  ['two root objects', '<plist version="1.0"><dict/><dict/></plist>', false],
  ['text in true', '<plist version="1.0"><dict><key>a</key><true>x</true></dict></plist>', false],
  ['space in true', '<plist version="1.0"><dict><key>a</key><true> </true></dict></plist>', false],
  ['attribute on dict', '<plist version="1.0"><dict x="1"/></plist>', false],
  ['element in key', '<plist><dict><key><string/></key><false/></dict></plist>', false],
  ['empty plist', '<plist/>', false],
  ['value without key', '<plist version="1.0"><dict><key>a</key><string>x</string><string>y</string></dict></plist>', false],
  ['key in array', '<plist version="1.0"><array><key>a</key></array></plist>', false],
  ['text in plist', '<plist version="1.0">text<dict/></plist>', false],
  ['unknown root', '<foo/>', false],
];

const tmp = mkdtempSync(path.join(tmpdir(), 'ios-schemas-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Verdicts of native xmllint, one run for all files. With --schema it prints "<file> validates"
 * per valid file; with --dtdvalid it prints nothing for a valid file and "Document <file> does
 * not validate" (or a parser error) for an invalid one.
 */
function native(args: string[], docs: string[]): boolean[] {
  const files = docs.map((d, i) => {
    const f = path.join(tmp, `n${i}.xml`);
    writeFileSync(f, d);
    return f;
  });
  const r = spawnSync('xmllint', ['--noout', '--nonet', ...args, ...files], { encoding: 'utf8' });
  const lines = r.stderr.split('\n');
  return files.map((f) =>
    args[0] === '--schema'
      ? lines.includes(`${f} validates`)
      : !lines.some((l) => l.startsWith(`Document ${f} does not validate`) || (l.startsWith(`${f}:`) && l.includes('parser error'))),
  );
}

describe('our AppConfig schemas', () => {
  const docs = SPECFILES.map((s) => s[1]);

  it('give the expected verdicts, generation by generation', async () => {
    const [ours18, ours16] = await Promise.all([validateWithXsd(docs, [schemaFile(APPCONFIG_2018_XSD)]), validateWithXsd(docs, [schemaFile(APPCONFIG_2016_XSD)])]);
    expect(SPECFILES.map((s, i) => [s[0], ours18[i]!.valid, ours16[i]!.valid])).toEqual(SPECFILES.map((s) => [s[0], s[2], s[3]]));
  });

  it.skipIf(!hasVendor)('accept and reject exactly what the vendor copies in ../shared/vendor do', async () => {
    const [ours18, ours16, v18, v16] = await Promise.all([
      validateWithXsd(docs, [schemaFile(APPCONFIG_2018_XSD)]),
      validateWithXsd(docs, [schemaFile(APPCONFIG_2016_XSD)]),
      validateWithXsd(docs, [vendorXsd('appconfigschema.xsd')]),
      validateWithXsd(docs, [vendorXsd('appconfig.xsd')]),
    ]);
    expect(ours18).toEqual(v18);
    expect(ours16).toEqual(v16);
  });
});

describe("Apple's PropertyList-1.0.dtd, checked by the in-process libxml2", () => {
  const docs = PLISTS.map((p) => HEAD + p[1] + '\n');
  const ours = async () => (await checkXmlDocuments(docs, { kind: 'dtd', file: schemaFile(PLIST_DTD) })).map((r) => r.valid);

  it('gives the DTD verdicts recorded in the reference', async () => {
    const r = await ours();
    expect(PLISTS.map((p, i) => [p[0], r[i]])).toEqual(PLISTS.map((p) => [p[0], p[2]]));
  });

  it.skipIf(!hasNativeXmllint)('agrees with native `xmllint --dtdvalid` on our DTD copy and on the vendor copy', async () => {
    const inProcess = await ours();
    expect(native(['--dtdvalid', path.join(ROOT, 'schemas/ios/PropertyList-1.0.dtd')], docs)).toEqual(inProcess);
    if (hasVendor) expect(native(['--dtdvalid', path.join(VENDOR, 'PropertyList-1.0.dtd')], docs)).toEqual(inProcess);
  });
});
