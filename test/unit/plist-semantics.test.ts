import { describe, expect, it } from 'vitest';
import { checkPlistSemantics } from '../../src/targets/ios/plist-semantics.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n';
const doc = (body: string) => `${HEAD}${body}\n</plist>\n`;
const check = (text: string, shape: 'document' | 'fragment' = 'document', maxBytes?: number) =>
  checkPlistSemantics(text, { shape, file: 'x.plist', target: 'ios-plist', ...(maxBytes ? { maxBytes: { bytes: maxBytes, source: 'a test budget' } } : {}) });
const codes = (text: string, shape: 'document' | 'fragment' = 'document') => check(text, shape).map((d) => `${d.severity}:${d.code}:${d.line}`);

describe('checkPlistSemantics', () => {
  it('passes a well-formed plist with every type in its proper form', () => {
    const body = `<dict>
	<key>i</key><integer>-9223372036854775808</integer>
	<key>u</key><integer>18446744073709551615</integer>
	<key>r</key><real>-1.5E+3</real>
	<key>r2</key><real>2.</real>
	<key>d</key><date>2024-02-29T23:59:59Z</date>
	<key>b</key><data>AQID
	BA==</data>
	<key>a</key><array><true/><false/><string/></array>
</dict>`;
    expect(check(doc(body))).toEqual([]);
  });

  it('rejects duplicate keys, with the line of the repetition', () => {
    const d = check(doc('<dict>\n<key>a</key><string>1</string>\n<key>a</key><string>2</string>\n</dict>'));
    expect(d).toEqual([
      {
        severity: 'error',
        code: 'plist-duplicate-key',
        message: 'Key "a" appears twice in one dict (first on line 5).',
        file: 'x.plist',
        line: 6,
        column: 1,
        pointer: '',
        target: 'ios-plist',
      },
    ]);
  });

  it('finds duplicate keys in nested dicts too', () => {
    expect(codes(doc('<dict><key>o</key><array><dict><key>x</key><true/><key>x</key><true/></dict></array></dict>'))).toEqual(['error:plist-duplicate-key:4']);
  });

  it('rejects integers, reals, dates and data in forms a parser misreads', () => {
    const body = `<dict>
<key>big</key><integer>1e+21</integer>
<key>hex</key><integer>0x10</integer>
<key>huge</key><integer>18446744073709551616</integer>
<key>r</key><real>NaN</real>
<key>d1</key><date>2024-01-01</date>
<key>d2</key><date>2023-02-29T00:00:00Z</date>
<key>b</key><data>A*==</data>
</dict>`;
    expect(codes(doc(body))).toEqual([
      'error:plist-integer:5',
      'error:plist-integer:6',
      'error:plist-integer:7',
      'error:plist-real:8',
      'error:plist-date:9',
      'error:plist-date:10',
      'error:plist-data:11',
    ]);
    expect(check(doc('<dict><key>big</key><integer>1e+21</integer></dict>'))[0]!.message).toBe(
      '<integer> (key big) must be decimal digits with an optional sign; "1e+21" is not (a parser may read 1e+21 as 1).',
    );
  });

  it('never quotes the value of a secret key', () => {
    const d = check(doc('<dict><key>AutoLoginUserPassword</key><integer>hunter2</integer></dict>'));
    expect(d.map((x) => x.message)).toEqual(['<integer> (key AutoLoginUserPassword) must be decimal digits with an optional sign; the value given is not (a parser may read 1e+21 as 1).']);
  });

  it('rejects <null/> with a hint', () => {
    const d = check(doc('<dict><key>n</key><null/></dict>'));
    expect(d.map((x) => x.message)).toEqual(['<null> (key n) is not a property list type. Property lists have no null: leave the key out instead.']);
  });

  it('rejects characters XML 1.0 forbids, also when written as references', () => {
    expect(codes(doc('<dict><key>a</key><string>&#x1;</string></dict>'))).toEqual(['error:plist-xml:4']);
    expect(codes(doc('<dict><key>a</key><string>\u0008</string></dict>'))).toEqual(['error:plist-xml:4']);
  });

  it('wants a bare <dict> for a fragment: no declaration, no DOCTYPE, no <plist>', () => {
    expect(codes('<dict><key>a</key><true/></dict>\n', 'fragment')).toEqual([]);
    expect(codes(doc('<dict/>'), 'fragment')).toEqual(['error:plist-fragment-shape:3', 'error:plist-fragment-shape:1', 'error:plist-fragment-shape:1']);
    expect(codes('<array/>', 'fragment')).toEqual(['error:plist-fragment-shape:1']);
  });

  it('wants <plist> at the root of a document, and warns about a missing declaration or DOCTYPE', () => {
    expect(codes('<dict/>')).toEqual(['error:plist-document-shape:1', 'warning:plist-document-shape:1', 'warning:plist-document-shape:1']);
    expect(codes('<plist version="1.0"><dict/></plist>')).toEqual(['warning:plist-document-shape:1', 'warning:plist-document-shape:1']);
    expect(codes(doc('<dict/>').replace('<plist version="1.0">', '<plist version="2.0">'))).toEqual(['error:plist-document-shape:3']);
  });

  it('reports text that is not well-formed XML', () => {
    expect(codes('<dict><key>a</key><string>x</dict>', 'fragment')).toEqual(['error:plist-xml:1']);
  });

  it('enforces a size budget in UTF-8 bytes', () => {
    const text = `<dict><key>a</key><string>${'é'.repeat(60)}</string></dict>`;
    expect(check(text, 'fragment', 100).map((d) => d.message)).toEqual([`The property list is ${Buffer.byteLength(text)} bytes; a test budget allows at most 100.`]);
    expect(check(text, 'fragment', 1000)).toEqual([]);
  });
});
