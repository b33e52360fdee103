import { describe, expect, it } from 'vitest';
import { XmllintSchemaError, parseOutput, validateWithXsd } from '../../src/verify/xmllint.js';

const XSD = {
  fileName: 'n.xsd',
  contents: `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="n" type="xs:positiveInteger"/>
</xs:schema>
`,
};

describe('validateWithXsd', () => {
  it('maps each xmllint report back to its document, in input order', async () => {
    const docs = ['<n>1</n>', '<n>0</n>', '<n>2</n>', '<n>3</n', '<m/>'];
    const r = await validateWithXsd(docs, [XSD]);
    expect(r.map((x) => x.valid)).toEqual([true, false, true, false, false]);
    expect(r[0]!.errors).toEqual([]);
    expect(r[1]!.errors).toHaveLength(1);
    expect(r[1]!.errors[0]).toMatchObject({ line: 1, parser: false });
    expect(r[1]!.errors[0]!.message).toContain("'0' is not a valid value");
    expect(r[3]!.errors[0]!.parser).toBe(true);
    expect(r[4]!.errors[0]!.message).toContain('No matching global declaration');
  });

  it('gives the same per-file results when the batch is cut into several xmllint runs', async () => {
    const docs = Array.from({ length: 7 }, (_, i) => `<n>${i}</n>`);
    const whole = await validateWithXsd(docs, [XSD]);
    const chunked = await validateWithXsd(docs, [XSD], { maxFilesPerCall: 3 });
    expect(chunked).toEqual(whole);
    expect(chunked.map((x) => x.valid)).toEqual([false, true, true, true, true, true, true]);
  });

  it('reports line numbers of the document, not of the batch', async () => {
    const r = await validateWithXsd(['<n>1</n>', '\n\n<n>x</n>'], [XSD]);
    expect(r[1]!.errors[0]!.line).toBe(3);
  });

  it('throws XmllintSchemaError for a schema that does not compile', async () => {
    const broken = { fileName: 'b.xsd', contents: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="nope"/></xs:schema>' };
    await expect(validateWithXsd(['<a/>'], [broken])).rejects.toBeInstanceOf(XmllintSchemaError);
  });

  it('resolves xs:include through the extra schema files', async () => {
    const main = {
      fileName: 'main.xsd',
      contents: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="part.xsd"/><xs:element name="a" type="T"/></xs:schema>',
    };
    const part = { fileName: 'part.xsd', contents: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="T"><xs:restriction base="xs:int"/></xs:simpleType></xs:schema>' };
    const r = await validateWithXsd(['<a>5</a>', '<a>x</a>'], [main, part]);
    expect(r.map((x) => x.valid)).toEqual([true, false]);
  });
});

describe('parseOutput', () => {
  it('drops parser context lines and flags documents xmllint said nothing about', () => {
    const out = parseOutput(
      ['f0.xml validates', 'f1.xml:2: parser error : Premature end of data', '<secret value line>', '     ^', ''].join('\n'),
      3,
    );
    expect(out[0]).toEqual({ valid: true, errors: [] });
    expect(out[1]).toEqual({ valid: false, errors: [{ line: 2, message: 'parser error : Premature end of data', parser: true }] });
    expect(out[2]!.valid).toBe(false);
    expect(out[2]!.errors[0]!.message).toContain('not checked');
  });
});

describe('validateWithXsd on large batches', () => {
  it('checks thousands of documents in a few runs, each with its own result', async () => {
    const docs = Array.from({ length: 2500 }, (_, i) => (i % 997 === 0 ? '<n>-1</n>' : `<n>${i + 1}</n>`));
    const r = await validateWithXsd(docs, [XSD]);
    expect(r).toHaveLength(2500);
    expect(r.flatMap((x, i) => (x.valid ? [] : [i]))).toEqual([0, 997, 1994]);
  });
});

describe('validateWithXsd when an xmllint run breaks', () => {
  it('splits the run and retries, so the batch still gets a result per document', async () => {
    // 5,000 file arguments in one run overflow the WebAssembly stack ("memory access out of bounds").
    const docs = Array.from({ length: 5000 }, (_, i) => (i === 4321 ? '<n>0</n>' : '<n>1</n>'));
    const r = await validateWithXsd(docs, [XSD], { maxFilesPerCall: 5000 });
    expect(r.flatMap((x, i) => (x.valid ? [] : [i]))).toEqual([4321]);
  });
});
