import { afterEach, describe, expect, it } from 'vitest';
import { checkXmlDocuments, instancesStarted, setBeforeDocumentHook, XmlGrammarError } from '../../src/verify/libxml2.js';

const XSD = {
  fileName: 'n.xsd',
  contents: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="n" type="xs:positiveInteger"/></xs:schema>',
};
const xsd = { kind: 'xsd', files: [XSD] } as const;
/** The error a WebAssembly trap throws (lib ES2023 does not declare the WebAssembly namespace). */
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new (message: string) => Error } }).WebAssembly;

afterEach(() => setBeforeDocumentHook(undefined));

describe('the persistent libxml2', () => {
  it('gives parser errors their line and column, validity errors their line', async () => {
    const [broken, invalid] = await checkXmlDocuments(['<n>\n  <b></n>', '\n\n<n>0</n>'], xsd);
    expect(broken).toMatchObject({ valid: false, checked: true });
    expect(broken!.errors[0]).toMatchObject({ line: 2, parser: true });
    expect(broken!.errors[0]!.column).toBeGreaterThan(0);
    expect(invalid!.errors).toEqual([expect.objectContaining({ line: 3, column: 0, parser: false })]);
  });

  it('loads no external entity and fetches nothing', async () => {
    const xxe = '<!DOCTYPE n [<!ENTITY e SYSTEM "file:///etc/hostname">]><n>&e;</n>';
    const [r] = await checkXmlDocuments([xxe], xsd);
    // The entity stays unexpanded, so the content is not a positive integer taken from a file.
    expect(r!.valid).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/localhost|\bhost\b/);
  });

  it('checks a well-formedness-only batch and shows each valid document to the visitor', async () => {
    const seen: number[] = [];
    const r = await checkXmlDocuments(['<a/>', '<a>', '<b x="1"/>'], { kind: 'none' }, (doc, i) => {
      seen.push(i);
      expect(doc.root.name).toMatch(/^[ab]$/);
    });
    expect(r.map((x) => x.valid)).toEqual([true, false, true]);
    expect(seen).toEqual([0, 2]);
  });

  it('gives every document the verdict, errors and positions libxml2-wasm gives its fromString text', async () => {
    // checkXmlDocuments hands libxml2 the text's UTF-8 bytes (Buffer); the reference is the
    // library's own string path, over non-ASCII, emoji, a lone surrogate, declared encodings, a
    // byte-order mark, bad characters and broken markup.
    const lib = await import('libxml2-wasm');
    const option = lib.ParseOption.XML_PARSE_NONET | lib.ParseOption.XML_PARSE_NO_XXE;
    const schema = lib.XsdValidator.fromDoc(lib.XmlDocument.fromString(XSD.contents, { option }));
    const lines = (e: unknown) => {
      const found = ((e as { details?: { line: number; message: string }[] }).details ?? []).filter((d) => d.message.trim() !== '').map((d) => d.line);
      return found.length > 0 ? found : [0];
    };
    const reference = (text: string) => {
      try {
        const doc = lib.XmlDocument.fromString(text, { option });
        try {
          schema.validate(doc);
          return { valid: true, lines: [] as number[], parser: false };
        } catch (e) {
          return { valid: false, lines: lines(e), parser: false };
        } finally {
          doc.dispose();
        }
      } catch (e) {
        return { valid: false, lines: lines(e), parser: true };
      }
    };
    const docs = [
      '<n>12</n>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<n>7</n>',
      '<?xml version="1.0" encoding="ISO-8859-1"?>\n<n>é</n>',
      '<?xml version="1.0" encoding="UTF-16"?><n>1</n>',
      '\ufeff<n>3</n>',
      '<n>\u00e9\u4e2d</n>',
      '<n>😀</n>',
      '<n>\ud83d</n>',
      '<n>\ude00x</n>',
      '<n>\u0001</n>',
      '<n>\n\n<b></n>',
      '<n a="é" a="2">1</n>',
      '',
    ];
    const results = await checkXmlDocuments(docs, xsd);
    docs.forEach((text, i) => {
      const want = reference(text);
      const got = results[i]!;
      expect({ valid: got.valid, lines: got.errors.map((e) => e.line), parser: got.errors.some((e) => e.parser) }, JSON.stringify(text)).toEqual(want);
    });
    schema.dispose();
  });

  it('throws XmlGrammarError for a DTD or XSD that does not compile', async () => {
    await expect(checkXmlDocuments(['<a/>'], { kind: 'xsd', files: [{ fileName: 'b.xsd', contents: '<nope' }] })).rejects.toBeInstanceOf(XmlGrammarError);
  });
});

describe('a WebAssembly fault in the middle of a batch', () => {
  it('reports the document it hit as not checked, starts a fresh instance, and checks the rest', async () => {
    await checkXmlDocuments(['<n>1</n>'], xsd); // an instance exists
    const before = instancesStarted();
    setBeforeDocumentHook((_lib, text) => {
      if (text === '<n>13</n>') throw new RuntimeError('memory access out of bounds');
    });
    const docs = Array.from({ length: 30 }, (_, i) => `<n>${i}</n>`);
    const r = await checkXmlDocuments(docs, xsd);
    expect(instancesStarted()).toBe(before + 1);
    expect(r[13]).toMatchObject({ valid: false, checked: false });
    expect(r[13]!.errors[0]!.message).toMatch(/^not checked: .*memory access out of bounds/);
    // Every other document got a real verdict, from the old instance or the fresh one.
    expect(r.map((x, i) => (i === 13 ? 'skip' : x.checked && x.valid))).toEqual(docs.map((_, i) => (i === 13 ? 'skip' : i !== 0)));
  });

  it('stops after repeated faults and reports every remaining document as not checked', async () => {
    setBeforeDocumentHook(() => {
      throw new RuntimeError('unreachable');
    });
    const r = await checkXmlDocuments(Array.from({ length: 10 }, () => '<n>1</n>'), xsd);
    expect(r.every((x) => !x.checked && !x.valid)).toBe(true);
    setBeforeDocumentHook(undefined);
    expect((await checkXmlDocuments(['<n>1</n>'], xsd))[0]).toMatchObject({ valid: true, checked: true });
  });
});
