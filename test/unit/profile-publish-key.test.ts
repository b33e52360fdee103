import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/profile/resolve.js';
import { schemaValidator } from '../../src/verify/json-schema.js';
import { PROFILE_SCHEMA_URL } from '../../src/catalog/profile-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'jabber-emm-publish-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
async function resolve(body: string, env: Record<string, string> = {}) {
  const file = join(dir, `p${(n += 1)}.yaml`);
  writeFileSync(file, `name: t\nsettings:\n  ServicesDomain: acme.com\n${body}`);
  const r = await resolveProfile(file, { env });
  return { publish: r.profile?.publish, diagnostics: r.diagnostics.map((d) => [d.code, d.line, d.column, d.message]) };
}

describe('profile key publish: {intune: {assign: [...]}}', () => {
  it('reads the group names, ${env:...} filled, and inherits like other keys', async () => {
    expect(await resolve('publish:\n  intune:\n    assign: [Jabber Users, "${env:PILOT}"]\n', { PILOT: 'Jabber Pilot' })).toEqual({
      publish: { intune: { assign: ['Jabber Users', 'Jabber Pilot'] } },
      diagnostics: [],
    });
    expect(await resolve('publish:\n  intune:\n    assign: []\n')).toEqual({ publish: { intune: { assign: [] } }, diagnostics: [] });
    expect((await resolve('')).publish).toBeUndefined();
  });

  it('reports misspelt keys, wrong shapes, empty and repeated names with positions', async () => {
    expect((await resolve('publish:\n  intnue:\n    assign: [A]\n')).diagnostics).toEqual([
      ['unknown-key', 5, 3, 'Unknown key intnue under publish (did you mean intune?): publish has intune (assign: the groups of the Intune policy); Jamf Pro takes no options.'],
    ]);
    expect((await resolve('publish:\n  intune:\n    assign: Jabber Users\n')).diagnostics.map((d) => d[0])).toEqual(['invalid-type']);
    expect((await resolve('publish:\n  intune:\n    asign: [A]\n')).diagnostics.map((d) => d[0])).toEqual(['unknown-key']);
    expect((await resolve('publish:\n  intune:\n    assign: [A, "", A]\n')).diagnostics.map((d) => d.slice(0, 3))).toEqual([
      ['empty-value', 6, 17],
      ['duplicate-value', 6, 21],
    ]);
    expect((await resolve('publish: yes\n')).diagnostics.map((d) => d[0])).toEqual(['invalid-type']);
  });

  it('is in the profile JSON Schema', () => {
    const check = schemaValidator(PROFILE_SCHEMA_URL);
    expect(check({ name: 't', publish: { intune: { assign: ['A'] } } })).toEqual([]);
    expect(check({ name: 't', publish: { intune: { assign: ['A', 'A'] } } }).map((e) => e.keyword)).toEqual(['uniqueItems']);
    expect(check({ name: 't', publish: { jamf: {} } }).map((e) => e.keyword)).toEqual(['additionalProperties']);
  });
});
