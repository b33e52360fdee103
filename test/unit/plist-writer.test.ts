import { describe, expect, it } from 'vitest';
import { dictPairs, plistValue, readPlistText } from '../../src/targets/ios/plist-reader.js';
import { realText, writePlist, type PlistValue } from '../../src/targets/ios/plist-writer.js';
import { escapeXmlAttribute, escapeXmlText, forbiddenXmlChar, serializeXml } from '../../src/targets/ios/xml-writer.js';

const dict = (entries: [string, PlistValue][]): PlistValue => ({ type: 'dict', value: entries.map(([key, value]) => ({ key, value })) });

describe('writePlist', () => {
  it('writes a whole document the way Apple does: declaration, DOCTYPE, root object flush left, tab indents', () => {
    const { text, problems } = writePlist(
      dict([
        ['s', { type: 'string', value: 'a' }],
        ['i', { type: 'integer', value: 42 }],
        ['r', { type: 'real', value: 2 }],
        ['t', { type: 'boolean', value: true }],
        ['d', { type: 'date', value: new Date('2024-03-01T12:34:56.789Z') }],
        ['b', { type: 'data', value: new Uint8Array([1, 2, 3]) }],
        ['a', { type: 'array', value: [{ type: 'string', value: '' }, { type: 'array', value: [] }] }],
        ['e', { type: 'dict', value: [] }],
      ]),
      'document',
    );
    expect(problems).toEqual([]);
    expect(text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
        '<plist version="1.0">',
        '<dict>',
        '\t<key>s</key>',
        '\t<string>a</string>',
        '\t<key>i</key>',
        '\t<integer>42</integer>',
        '\t<key>r</key>',
        '\t<real>2.0</real>',
        '\t<key>t</key>',
        '\t<true/>',
        '\t<key>d</key>',
        '\t<date>2024-03-01T12:34:56Z</date>',
        '\t<key>b</key>',
        '\t<data>AQID</data>',
        '\t<key>a</key>',
        '\t<array>',
        '\t\t<string></string>',
        '\t\t<array/>',
        '\t</array>',
        '\t<key>e</key>',
        '\t<dict/>',
        '</dict>',
        '</plist>',
        '',
      ].join('\n'),
    );
  });

  it('writes the same dict bytes as a bare fragment', () => {
    const v = dict([['k', { type: 'boolean', value: false }]]);
    const doc = writePlist(v, 'document').text!;
    const frag = writePlist(v, 'fragment').text!;
    expect(frag).toBe('<dict>\n\t<key>k</key>\n\t<false/>\n</dict>\n');
    expect(doc).toContain(frag);
  });

  it('never writes an integer in exponent form, and keeps 64-bit integers exact', () => {
    expect(writePlist({ type: 'integer', value: 2n ** 63n - 1n }, 'fragment').text).toBe('<integer>9223372036854775807</integer>\n');
    expect(writePlist({ type: 'integer', value: -5 }, 'fragment').text).toBe('<integer>-5</integer>\n');
    expect(writePlist({ type: 'integer', value: 1e21 }, 'fragment').problems).toHaveLength(1);
    expect(writePlist({ type: 'integer', value: 1.5 }, 'fragment').problems).toHaveLength(1);
    expect(writePlist({ type: 'integer', value: 2n ** 64n }, 'fragment').problems).toHaveLength(1);
  });

  it('writes reals in the DTD form, always with a decimal point', () => {
    expect([2, -0.5, 1e21, 1.5e-7, -0].map(realText)).toEqual(['2.0', '-0.5', '1.0E+21', '1.5E-7', '-0.0']);
    expect(writePlist({ type: 'real', value: Number.NaN }, 'fragment').problems[0]!.message).toContain('not a finite number');
  });

  it('escapes & < > and CR, and reads every nasty string back unchanged', () => {
    const nasty = ['<&>"\'', ']]>', '%#', 'a\r\nb\rc\n', '  lead and trail  ', '😀 \u202Eevil\u202C', '&amp; &#x41;', '\t'];
    const v = dict(nasty.map((s, i) => [`k${i}${s}`, { type: 'string', value: s }]));
    const { text } = writePlist(v, 'document');
    expect(text).toContain('<string>&lt;&amp;&gt;"\'</string>');
    expect(text).toContain('<string>]]&gt;</string>');
    expect(text).toContain('<string>a&#xD;\nb&#xD;c\n</string>');
    const read = readPlistText(text!);
    expect(read.xml.problems).toEqual([]);
    const back = plistValue(read.object!) as Map<string, unknown>;
    expect([...back.keys()]).toEqual(nasty.map((s, i) => `k${i}${s}`));
    expect([...back.values()]).toEqual(nasty);
  });

  it('rejects characters XML 1.0 forbids with a problem naming the key path, not the value', () => {
    const r = writePlist(dict([['ok', { type: 'string', value: 'x' }], ['bad', { type: 'array', value: [{ type: 'string', value: 'p\u0001w' }] }], ['k\uFFFE', { type: 'string', value: '' }]]), 'document');
    expect(r.text).toBeUndefined();
    expect(r.problems).toEqual([
      { path: ['bad', '0'], message: 'value holds U+0001 at character 2, a character XML 1.0 does not allow' },
      { path: ['k\uFFFE'], message: 'key name holds U+FFFE at character 2, a character XML 1.0 does not allow' },
    ]);
    expect(writePlist({ type: 'string', value: '\uD800' }, 'fragment').problems[0]!.message).toContain('U+D800');
  });

  it('reports duplicate keys instead of writing them', () => {
    const r = writePlist(dict([['a', { type: 'string', value: '1' }], ['a', { type: 'string', value: '2' }]]), 'fragment');
    expect(r.problems).toEqual([{ path: ['a'], message: 'is a duplicate key in its dict' }]);
  });
});

describe('xml-writer', () => {
  it('escapes attribute whitespace as references so parsers keep it', () => {
    expect(escapeXmlAttribute('a"b\tc\nd\re<&>')).toBe('a&quot;b&#x9;c&#xA;d&#xD;e&lt;&amp;&gt;');
    expect(escapeXmlText('"\'\t\n')).toBe('"\'\t\n');
  });

  it('allows every XML 1.0 character, including astral ones, and names the first forbidden one', () => {
    expect(forbiddenXmlChar('\t\n\r \uD7FF\uE000\uFFFD😀\u{10FFFF}')).toBeUndefined();
    expect(forbiddenXmlChar('ab\u000B')).toBe('U+000B at character 3');
    expect(forbiddenXmlChar('😀\u0000')).toBe('U+0000 at character 2');
  });

  it('throws (a bug, not user input) when an unchecked forbidden character reaches it', () => {
    expect(() => serializeXml({ name: 'a', text: '\u0007' }, { declaration: false })).toThrow(/unchecked/);
  });
});

describe('readPlistText', () => {
  it('pairs dict keys with values and keeps significant whitespace and leading zeros', () => {
    const read = readPlistText('<dict>\n\t<key> k </key>\n\t<string> 00123 </string>\n\t<key>n</key>\n\t<integer>00123</integer>\n\t<key>orphan</key>\n</dict>\n');
    const pairs = dictPairs(read.object!);
    expect(pairs.map((p) => [p.key, p.line, p.value?.name])).toEqual([
      [' k ', 2, 'string'],
      ['n', 4, 'integer'],
      ['orphan', 6, undefined],
    ]);
    expect(plistValue(read.object!)).toEqual(new Map<string, unknown>([[' k ', ' 00123 '], ['n', 123]]));
  });

  it('reads CDATA, character references and CRLF line ends as XML defines them', () => {
    const read = readPlistText('<dict>\r\n<key>a</key><string><![CDATA[<&>]]>&#x1F600;&#13;x\r\ny</string></dict>');
    expect(plistValue(read.object!)).toEqual(new Map([['a', '<&>😀\rx\ny']]));
  });

  it('reads __proto__ as an ordinary key', () => {
    const m = plistValue(readPlistText('<dict><key>__proto__</key><string>x</string></dict>').object!) as Map<string, unknown>;
    expect(m.get('__proto__')).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
