import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadValidator, schemaValidatorSource } from '../../src/verify/json-schema.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Every schema the build generates a standalone validator for (scripts/build-validators.mjs). */
const SCHEMAS = readdirSync(path.join(ROOT, 'schemas'), { recursive: true, encoding: 'utf8' })
  .filter((rel) => rel.includes(path.sep) && rel.endsWith('.schema.json'))
  .sort();

describe('JSON Schema validators generated at build time', () => {
  it('cover the Android and DDM schemas (and any schema folder added later)', () => {
    expect(SCHEMAS).toEqual(expect.arrayContaining([
      path.join('android', 'amapi-application-policy.schema.json'),
      path.join('android', 'play-emm-managed-configuration.schema.json'),
      path.join('ios', 'ddm-app-managed.schema.json'),
      path.join('ios', 'ddm-asset-data.schema.json'),
    ]));
  });

  it.each(SCHEMAS)('%s: the build’s standalone code is used while its hash matches the schema', (rel) => {
    expect(schemaValidatorSource(pathToFileURL(path.join(ROOT, 'schemas', rel)))).toBe('standalone');
  });

  it.each(SCHEMAS)('%s: a schema text that differs from the one the code was built from is compiled instead, and both judge alike', (rel) => {
    const url = pathToFileURL(path.join(ROOT, 'schemas', rel));
    const text = readFileSync(url, 'utf8');
    const standalone = loadValidator(url, text);
    const compiled = loadValidator(url, `${text}\n`); // same schema, other bytes: the hash no longer matches
    expect(standalone.source).toBe('standalone');
    expect(compiled.source).toBe('compiled');
    const verdict = (v: typeof standalone, data: unknown) => (v.fn(data) ? [] : v.fn.errors!.map((e) => [e.instancePath, e.schemaPath, e.keyword, e.message]));
    const samples: unknown[] = [{}, [], null, { productId: 'app:com.cisco.im', managedProperty: [{ key: 'a', valueBool: true }] }, { packageName: 'x' }];
    for (const s of samples) expect(verdict(standalone, s)).toEqual(verdict(compiled, s));
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (data) => {
        expect(verdict(standalone, data)).toEqual(verdict(compiled, data));
      }),
      { numRuns: 300 },
    );
  });
});
