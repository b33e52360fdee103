/**
 * One rule for the words a boolean takes (src/catalog/boolean-words.ts): the profile loader and
 * the generated JSON Schema (what an editor checks) must give the same verdict on every value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { readProfileSchemaText } from '../../src/catalog/profile-schema.js';
import { resolveProfile } from '../../src/profile/resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'jabber-emm-booleans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const validate = new Ajv2020({ allErrors: true, logger: false }).compile(JSON.parse(readProfileSchemaText()) as object);

/** Boolean parameters with each kind of Cisco token: True/False, ON/OFF, TRUE/FALSE, 1 only (CLEAR). */
const KEYS = [
  ['settings', 'Telephony_Enabled'],
  ['settings', 'ServicesDomainSsoEmailPrompt'],
  ['windows', 'SSO_ENABLED'],
  ['windows', 'CLEAR'],
] as const;

/** YAML source of a value: YAML 1.1's yes/no/on/off in every case, Cisco's tokens, numbers, near misses. */
const VALUES = [
  'true', 'false', 'True', 'FALSE', 'tRuE',
  'yes', 'no', 'Yes', 'No', 'YES', 'NO', 'yEs', '"yes"', "'no'",
  'on', 'off', 'On', 'Off', 'ON', 'OFF', '"on"', '" on "',
  'y', 'n', 'Y', 'N', 'yes please', 'enabled', 'nope', 'onn', '"yes\\n"',
  '1', '0', '"1"', '"0"', '2', '-1', '1.5', '"01"',
  '""', '[yes]', '{a: 1}',
];

let counter = 0;
async function verdicts(value: string): Promise<{ loader: Map<string, boolean>; schema: Map<string, boolean> }> {
  const text = `name: t\nsettings:\n  ServicesDomain: acme.com\n${KEYS.filter(([s]) => s === 'settings').map(([, k]) => `  ${k}: ${value}\n`).join('')}windows:\n${KEYS.filter(([s]) => s === 'windows').map(([, k]) => `  ${k}: ${value}\n`).join('')}`;
  const file = join(dir, `p${(counter += 1)}.yaml`);
  writeFileSync(file, text);
  const r = await resolveProfile(file, { env: {} });
  const schemaOk = validate(parse(text));
  const errors = schemaOk ? [] : (validate.errors ?? []);
  const loader = new Map<string, boolean>();
  const schema = new Map<string, boolean>();
  for (const [section, key] of KEYS) {
    const pointer = `/${section}/${key}`;
    loader.set(key, r.profile![section].has(key) && !r.diagnostics.some((d) => d.pointer === pointer || d.pointer.startsWith(`${pointer}/`)));
    schema.set(key, !errors.some((e) => e.instancePath === pointer || e.instancePath.startsWith(`${pointer}/`)));
  }
  return { loader, schema };
}

describe('booleans: the loader and the JSON Schema agree', () => {
  test.each(VALUES)('%s', async (value) => {
    const { loader, schema } = await verdicts(value);
    expect(Object.fromEntries(schema)).toEqual(Object.fromEntries(loader));
  });

  test('the rule: yes/no and on/off in any case are booleans, a word that only starts like one is not', async () => {
    for (const v of ['yes', 'NO', 'On', 'off', 'tRuE', '" on "']) {
      const { loader } = await verdicts(v);
      expect([...loader.values()], v).toEqual([true, true, true, true]);
    }
    for (const v of ['y', 'yes please', 'enabled', 'onn', '2']) {
      const { loader } = await verdicts(v);
      expect([...loader.values()], v).toEqual([false, false, false, false]);
    }
    // 1 and 0 only where Cisco's true token is 1 (CLEAR).
    for (const v of ['1', '0', '"0"']) expect(Object.fromEntries((await verdicts(v)).loader), v).toEqual({ Telephony_Enabled: false, ServicesDomainSsoEmailPrompt: false, SSO_ENABLED: false, CLEAR: true });
  });

  test('yes and no are read as true and false', async () => {
    const file = join(dir, 'typed.yaml');
    writeFileSync(file, 'name: t\nsettings:\n  ServicesDomain: acme.com\n  Telephony_Enabled: Yes\n  ServicesDomainSsoEmailPrompt: no\n');
    const r = await resolveProfile(file, { env: {} });
    expect(r.diagnostics).toEqual([]);
    expect(r.profile!.settings.get('Telephony_Enabled')).toBe(true);
    expect(r.profile!.settings.get('ServicesDomainSsoEmailPrompt')).toBe(false);
  });
});
