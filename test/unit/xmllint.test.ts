import { describe, expect, it } from 'vitest';
import { XmllintSchemaError, validateWithXsd } from '../../src/verify/xmllint.js';

const XSD = {
  fileName: 'n.xsd',
  contents: `<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="n" type="xs:positiveInteger"/>
</xs:schema>
`,
};

describe('validateWithXsd', () => {
  it('maps each libxml2 report back to its document, in input order', async () => {
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

describe('validateWithXsd on large batches', () => {
  it('checks thousands of documents in a few runs, each with its own result', async () => {
    const docs = Array.from({ length: 2500 }, (_, i) => (i % 997 === 0 ? '<n>-1</n>' : `<n>${i + 1}</n>`));
    const r = await validateWithXsd(docs, [XSD]);
    expect(r).toHaveLength(2500);
    expect(r.flatMap((x, i) => (x.valid ? [] : [i]))).toEqual([0, 997, 1994]);
  });
});
