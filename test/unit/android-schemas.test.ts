import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it, vi } from 'vitest';
import { schemaValidator } from '../../src/verify/json-schema.js';
import { MANAGED_CONFIG_SCHEMA } from '../../src/targets/android/managed-config.js';
import { AMAPI_SCHEMA } from '../../src/targets/android/amapi.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const VENDOR = join(REPO, '..', 'shared', 'vendor', 'android');
const COMMITTED = join(REPO, 'schemas', 'android');

describe('derived Android schemas', () => {
  // The vendor copies live beside the repository (../shared/vendor); a plain clone may not have them.
  it.skipIf(!existsSync(VENDOR))('match what scripts/derive-android-schemas.mjs derives from ../shared/vendor/android', () => {
    const out = mkdtempSync(join(tmpdir(), 'android-schemas-'));
    try {
      execFileSync(process.execPath, [join(REPO, 'scripts', 'derive-android-schemas.mjs'), '--vendor', VENDOR, '--out', out], { stdio: 'pipe' });
      const derived = readdirSync(out).sort();
      expect(derived).toEqual(readdirSync(COMMITTED).sort());
      for (const file of derived) {
        expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(COMMITTED, file), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('record their provenance (vendor file, revision, sha256) in $comment', () => {
    const play = JSON.parse(readFileSync(MANAGED_CONFIG_SCHEMA, 'utf8'));
    const amapi = JSON.parse(readFileSync(AMAPI_SCHEMA, 'utf8'));
    expect(play.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(play.$comment).toMatch(/androidenterprise\.v1\.discovery\.json .*revision 20260422, sha256 [0-9a-f]{64}/);
    expect(amapi.$comment).toMatch(/androidmanagement\.v1\.discovery\.json .*revision 20260408, sha256 [0-9a-f]{64}/);
    expect(Object.keys(play.$defs)).toEqual(['ConfigurationVariables', 'ManagedConfiguration', 'ManagedProperty', 'ManagedPropertyBundle', 'VariableSet']);
    expect(amapi.$defs.ApplicationPolicy.properties.managedConfiguration.additionalProperties).toEqual({ $ref: '#/$defs/ManagedConfigurationValue' });
  });

  it('state the vendor prose as rules', () => {
    const play = schemaValidator(MANAGED_CONFIG_SCHEMA);
    const base = { productId: 'app:com.cisco.im' };
    expect(play({ ...base, managedProperty: [{ key: 'k', valueString: 'x' }] })).toEqual([]);
    expect(play({ ...base, managedProperty: [{ key: 'k', valueString: 'x', valueBool: true }] }).map((e) => e.keyword)).toEqual(['oneOf']);
    expect(play({ ...base, managedProperty: [{ key: 'k', valueInteger: -2147483649 }] }).map((e) => e.keyword)).toEqual(['minimum']);
    expect(play({ ...base, managedProperty: [{ key: 'k', valueString: 'x'.repeat(65536) }] }).map((e) => e.keyword)).toEqual(['maxLength']);
    expect(play({ ...base, configurationVariables: { variableSet: [{ placeholder: 'FIRSTNAME', userValue: 'Alice' }] } }).map((e) => e.keyword)).toEqual(['pattern']);
    expect(play({ ...base, managedProperty: [{ key: 'b', valueBundleArray: [{ managedProperty: [{ key: 'k', valueBool: true }] }] }] })).toEqual([]);
    expect(play({ productId: 'app:im' }).map((e) => e.keyword)).toEqual(['pattern']);
    const amapi = schemaValidator(AMAPI_SCHEMA);
    expect(amapi({ packageName: 'com.cisco.im', managedConfiguration: { a: 'x', b: true, c: 1, d: ['x'], e: [{ f: 1 }], g: { h: 'y' } } })).toEqual([]);
    expect(amapi({ packageName: 'com.cisco.im', installPriority: 10001 }).map((e) => e.keyword)).toEqual(['maximum']);
    expect(amapi({ packageName: 'com.cisco.im', installType: 'SOMETIMES' }).map((e) => e.keyword)).toEqual(['enum']);
    expect(amapi({ packageName: 'com.cisco.im', managedConfiguration: { a: 1.5 } }).map((e) => e.keyword)).toEqual(['anyOf']);
  });

  it('are compiled once per process and reused', () => {
    schemaValidator(MANAGED_CONFIG_SCHEMA);
    schemaValidator(AMAPI_SCHEMA);
    const compile = vi.spyOn(Ajv2020.prototype, 'compile');
    try {
      for (let i = 0; i < 3; i += 1) {
        schemaValidator(new URL(MANAGED_CONFIG_SCHEMA.href))({ productId: 'app:a.b' });
        schemaValidator(AMAPI_SCHEMA)({ packageName: 'a.b' });
      }
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
  });
});
