import { describe, expect, it } from 'vitest';
import { lintRestrictionFiles, MAX_NESTING_DEPTH, MAX_NUMBER_OF_NESTED_RESTRICTIONS } from '../../src/targets/android/restrictions-lint.js';

const NS = 'xmlns:android="http://schemas.android.com/apk/res/android"';
const VALUES = `<resources>
  <string name="t">Title</string>
  <string-array name="v"><item>a</item><item>b</item></string-array>
  <string-array name="one"><item>a</item></string-array>
  <string name="d">b</string>
</resources>`;

/** Lints one restrictions document (with the values file above, or none for null) and returns [code, line] pairs. */
async function lint(body: string, values: string | null = VALUES): Promise<[string, number][]> {
  const [result] = await lintRestrictionFiles([
    { restrictions: { fileName: 'app_restrictions.xml', contents: `<restrictions ${NS}>\n${body}\n</restrictions>` }, ...(values === null ? {} : { values: { fileName: 'v.xml', contents: values } }) },
  ]);
  return result!.restrictions.map((d) => [d.code, d.line]);
}

const r = (attrs: string, children = ''): string =>
  children === '' ? `<restriction ${attrs}/>` : `<restriction ${attrs}>${children}</restriction>`;
const ok = (key: string, type = 'string', extra = ''): string => r(`android:key="${key}" android:title="@string/t" android:restrictionType="${type}" ${extra}`);

describe('ValidRestrictions (lint RestrictionsDetector)', () => {
  it('accepts a clean file covering every type', async () => {
    const body = [
      ok('s', 'string', 'android:defaultValue="x"'),
      ok('b', 'bool', 'android:defaultValue="true"'),
      ok('i', 'integer', 'android:defaultValue="-0x10"'),
      ok('c', 'choice', 'android:entries="@array/v" android:entryValues="@array/v" android:defaultValue="@string/d"'),
      ok('m', 'multi-select', 'android:entries="@array/v" android:entryValues="@array/v" android:defaultValue="@array/one"'),
      ok('h', 'hidden', 'android:defaultValue="42"'),
      r('android:key="arr" android:title="Literal titles are fine" android:restrictionType="bundle_array"', r('android:key="item" android:title="@string/t" android:restrictionType="bundle"', ok('inner'))),
    ].join('\n');
    expect(await lint(body)).toEqual([]);
  });

  it('reports each missing required attribute', async () => {
    expect(await lint(r('android:title="t"'))).toEqual([
      ['restriction-missing-attribute', 2],
      ['restriction-missing-attribute', 2],
    ]);
  });

  it('rejects a localized key', async () => {
    expect(await lint(ok('@string/k'))).toEqual([['restriction-localized-key', 2]]);
  });

  it('rejects duplicate keys anywhere in the file, nested ones included', async () => {
    const body = [ok('k'), r('android:key="arr" android:title="t" android:restrictionType="bundle_array"', r('android:key="b" android:title="t" android:restrictionType="bundle"', ok('k')))].join('\n');
    const found = await lint(body);
    expect(found).toEqual([['restriction-duplicate-key', 3]]);
  });

  it('rejects a choice without entries (and reports entryValues too, which lint skips)', async () => {
    expect(await lint(ok('c', 'choice'))).toEqual([
      ['restriction-missing-entries', 2],
      ['restriction-missing-entries', 2],
    ]);
    expect(await lint(ok('m', 'multi-select', 'android:entries="@array/v"'))).toEqual([['restriction-missing-entries', 2]]);
  });

  it('rejects a hidden restriction without a default', async () => {
    expect(await lint(ok('h', 'hidden'))).toEqual([['restriction-hidden-default', 2]]);
  });

  it('checks a literal integer default the way Integer.decode does', async () => {
    for (const good of ['0', '-5', '+7', '0x1F', '#ff', '017', '2147483647', '-2147483648', '@integer/x']) {
      const found = await lint(ok('i', 'integer', `android:defaultValue="${good}"`), good.startsWith('@') ? '<resources><string name="t">T</string><integer name="x">1</integer></resources>' : VALUES);
      expect(found, good).toEqual([]);
    }
    for (const bad of ['08', '1.5', 'ten', '2147483648', '']) {
      expect(await lint(ok('i', 'integer', `android:defaultValue="${bad}"`)), bad).toEqual([['restriction-invalid-integer', 2]]);
    }
  });

  it('applies the bundle rules', async () => {
    const bundleArray = (children: string, extra = ''): string => r(`android:key="a" android:title="t" android:restrictionType="bundle_array" ${extra}`, children);
    const bundle = (key: string, children: string): string => r(`android:key="${key}" android:title="t" android:restrictionType="bundle"`, children);
    expect(await lint(bundleArray(''))).toEqual([['restriction-bundle-array-children', 2]]);
    expect(await lint(bundleArray(bundle('b1', ok('x')) + bundle('b2', ok('y'))))).toEqual([['restriction-bundle-array-children', 2]]);
    expect(await lint(bundleArray(bundle('b', ''), 'android:defaultValue="x"')).then((f) => f.map((x) => x[0]))).toEqual([
      'restriction-bundle-default',
      'restriction-bundle-empty',
    ]);
    expect(await lint(bundleArray(ok('s')))).toEqual([['restriction-bundle-array-child-type', 2]]);
    expect(await lint(bundle('top', ok('s')))).toEqual([['restriction-top-level-bundle', 2]]);
    expect(await lint(r('android:key="s" android:title="t" android:restrictionType="string"', ok('x')))).toEqual([['restriction-nested-not-allowed', 2]]);
  });

  it('limits nesting depth and the number of nested restrictions', async () => {
    let nested = ok('leaf');
    for (let i = MAX_NESTING_DEPTH + 1; i >= 1; i -= 1) nested = r(`android:key="b${i}" android:title="t" android:restrictionType="bundle"`, nested);
    const deep = await lint(nested);
    expect(deep.map((x) => x[0])).toContain('restriction-nesting-too-deep');
    const many = Array.from({ length: MAX_NUMBER_OF_NESTED_RESTRICTIONS + 1 }, (_, i) => ok(`k${i}`)).join('');
    const wide = await lint(r('android:key="a" android:title="t" android:restrictionType="bundle_array"', r('android:key="b" android:title="t" android:restrictionType="bundle"', many)));
    expect(wide.map((x) => x[0])).toContain('restriction-too-many-nested');
  });

  it('rejects unexpected tags and unknown types', async () => {
    expect(await lint('<item/>')).toEqual([['restriction-unexpected-tag', 2]]);
    expect(await lint(ok('x', 'number'))).toEqual([['restriction-unknown-type', 2]]);
  });
});

describe('beyond lint: references, defaults, limits, XML', () => {
  it('needs @array references for entries and resolves every reference in the values file', async () => {
    expect(await lint(ok('c', 'choice', 'android:entries="a,b" android:entryValues="@array/v"'))).toEqual([['restriction-entries-not-array', 2]]);
    expect(await lint(ok('c', 'choice', 'android:entries="@array/nope" android:entryValues="@array/v"'))).toEqual([['resource-unresolved', 2]]);
    expect(await lint(r('android:key="k" android:title="@string/missing" android:restrictionType="string"'))).toEqual([['resource-unresolved', 2]]);
    expect(await lint(ok('c', 'choice', 'android:entries="@array/one" android:entryValues="@array/v"'))).toEqual([['restriction-entries-length', 2]]);
  });

  it('warns once when references cannot be checked without the values file', async () => {
    expect(await lint(ok('k'), null)).toEqual([['resource-not-checked', 1]]);
  });

  it('checks defaults per type', async () => {
    expect(await lint(ok('m', 'multi-select', 'android:entries="@array/v" android:entryValues="@array/v" android:defaultValue="a"'))).toEqual([
      ['restriction-multiselect-default', 2],
    ]);
    expect(await lint(ok('b', 'bool', 'android:defaultValue="yes"'))).toEqual([['restriction-bool-default', 2]]);
    expect(await lint(ok('c', 'choice', 'android:entries="@array/v" android:entryValues="@array/v" android:defaultValue="z"'))).toEqual([
      ['restriction-choice-default', 2],
    ]);
  });

  it('enforces the 65,535-character limit on keys and values', async () => {
    expect(await lint(ok('k', 'string', `android:defaultValue="${'x'.repeat(65536)}"`))).toEqual([['string-too-long', 2]]);
    const [result] = await lintRestrictionFiles([{ values: { fileName: 'v.xml', contents: `<resources><string name="s">${'é'.repeat(40000)}</string></resources>` } }]);
    expect(result!.values.map((d) => [d.severity, d.code])).toEqual([['warning', 'string-too-long']]);
  });

  it('reports XML that is not well-formed, with its line, and keeps checking the other files', async () => {
    const results = await lintRestrictionFiles([
      { restrictions: { fileName: 'bad.xml', contents: `<restrictions ${NS}>\n<restriction android:key="a" & />\n</restrictions>` } },
      { restrictions: { fileName: 'undeclared.xml', contents: '<restrictions><restriction android:key="a"/></restrictions>' } },
      { restrictions: { fileName: 'good.xml', contents: `<restrictions ${NS}>${ok('d', 'choice')}</restrictions>` } },
    ]);
    expect(results[0]!.restrictions[0]).toMatchObject({ code: 'xml-not-well-formed', line: 2, file: 'bad.xml' });
    expect(results[1]!.restrictions.map((d) => d.code)).toContain('xml-not-well-formed');
    expect(results[2]!.restrictions.map((d) => d.code)).toEqual(['restriction-missing-entries', 'restriction-missing-entries', 'resource-not-checked']);
  });

  it('finds what aapt2 rejects in the values file', async () => {
    const [result] = await lintRestrictionFiles([
      {
        values: {
          fileName: 'v.xml',
          contents: `<resources>\n<string name="a">it's</string>\n<string name="b">%s and %d</string>\n<string name="a">x</string>\n<string>no name</string>\n</resources>`,
        },
      },
    ]);
    expect(result!.values.map((d) => [d.code, d.line])).toEqual([
      ['resource-apostrophe', 2],
      ['resource-format', 3],
      ['resource-duplicate', 4],
      ['resource-missing-name', 5],
    ]);
  });
});

describe('lintRestrictionFiles at scale', () => {
  // Issue 9: a folder of 2,048 app_restrictions.xml pairs failed every file with
  // "internal-error: memory access out of bounds" (the lint ran xmllint-wasm itself, one run over 4,096 files).
  it('checks 2,048 restrictions/values pairs in one call, each with its own verdict', async () => {
    const sets = Array.from({ length: 2048 }, (_, i) => ({
      restrictions: { fileName: `p${i}/app_restrictions.xml`, contents: `<restrictions ${NS}>\n${ok(`k${i}`)}\n</restrictions>` },
      values: { fileName: `p${i}/v.xml`, contents: i === 1500 ? '<resources>' : VALUES },
    }));
    const results = await lintRestrictionFiles(sets);
    expect(results).toHaveLength(2048);
    const codes = results.flatMap((r, i) => [...r.restrictions, ...r.values].map((d) => `${i}:${d.code}`));
    // Only the broken values file, and the references that then cannot be resolved, are reported.
    expect(codes.filter((c) => !c.startsWith('1500:'))).toEqual([]);
    expect(codes).toContain('1500:xml-not-well-formed');
  });
});
