import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ProfileCache, resolveProfile } from '../../src/profile/resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'jabber-emm-resolve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Writes a profile (plus optional siblings) into a fresh folder and returns its path. */
function write(text: string, siblings: Record<string, string> = {}): string {
  const sub = join(dir, `case-${(counter += 1)}`);
  mkdirSync(sub, { recursive: true });
  for (const [name, body] of Object.entries(siblings)) {
    mkdirSync(join(sub, name, '..'), { recursive: true });
    writeFileSync(join(sub, name), body);
  }
  const file = join(sub, 'profile.yaml');
  writeFileSync(file, text);
  return file;
}

const HEAD = 'name: t\nsettings:\n  ServicesDomain: acme.com\n';

async function settingsOf(body: string, env: Record<string, string> = {}) {
  const r = await resolveProfile(write(HEAD + body), { env });
  return { settings: r.profile!.settings, windows: r.profile!.windows, codes: r.diagnostics.map((d) => d.code), r };
}

describe('values typed by the catalog', () => {
  test.each([
    ['true', true],
    ['false', false],
    ['ON', true],
    ['off', false],
    ['True', true],
    ['FALSE', false],
    ['"true"', true],
    ['yes', true],
    ['No', false],
  ])('boolean %s', async (text, value) => {
    const { settings, codes } = await settingsOf(`  Telephony_Enabled: ${text}\n`);
    expect(codes).toEqual([]);
    expect(settings.get('Telephony_Enabled')).toBe(value);
  });

  test.each(['yes please', 'y', '1', 'enabled'])('boolean %s is invalid-boolean', async (text) => {
    expect((await settingsOf(`  Telephony_Enabled: ${text}\n`)).codes).toEqual(['invalid-boolean']);
  });

  test("a switch whose true token is 1 (CLEAR) takes 1 and 0", async () => {
    expect((await settingsOf('windows:\n  CLEAR: 1\n')).windows.get('CLEAR')).toBe(true);
    expect((await settingsOf('windows:\n  CLEAR: 0\n')).windows.get('CLEAR')).toBe(false);
  });

  test('lists from arrays or comma strings, trimmed, Cisco tokens exact', async () => {
    expect((await settingsOf('  ServiceDiscoveryExcludedServices: [WEBEX, CUP]\n')).settings.get('ServiceDiscoveryExcludedServices')).toEqual(['WEBEX', 'CUP']);
    expect((await settingsOf('  ServiceDiscoveryExcludedServices: "CUCM,CUP"\n')).settings.get('ServiceDiscoveryExcludedServices')).toEqual(['CUCM', 'CUP']);
    expect((await settingsOf('  ServiceDiscoveryExcludedServices: CUCM, CUP\n')).settings.get('ServiceDiscoveryExcludedServices')).toEqual(['CUCM', 'CUP']);
    expect((await settingsOf('  ServiceDiscoveryExcludedServices: WEBEX\n')).settings.get('ServiceDiscoveryExcludedServices')).toEqual(['WEBEX']);
  });

  test('a documented variant is an error with a did-you-mean naming the allowed values, not an alias', async () => {
    const { r, settings } = await settingsOf('  ServiceDiscoveryExcludedServices: [CUP, WebEx]\n  IP_Mode: Dual_Stack\n');
    expect(settings.has('ServiceDiscoveryExcludedServices')).toBe(false);
    expect(settings.has('IP_Mode')).toBe(false);
    const [list, ip] = r.diagnostics;
    expect(list).toMatchObject({ code: 'invalid-enum', pointer: '/settings/ServiceDiscoveryExcludedServices/1', line: 4, column: 43 });
    expect(list!.message).toContain("did you mean 'WEBEX'");
    expect(list!.message).toContain('WEBEX, CUCM, CUP');
    expect(ip).toMatchObject({ code: 'invalid-enum', pointer: '/settings/IP_Mode' });
    expect(ip!.message).toContain("did you mean 'Two Stacks'");
    expect(ip!.message).toContain('jabber-config.xml');
  });

  test('an item in a comma string is located at its own column', async () => {
    const { r } = await settingsOf('  ServiceDiscoveryExcludedServices: "CUCM, Cupp"\n');
    expect(r.diagnostics).toMatchObject([{ code: 'invalid-enum', line: 4, column: 44, pointer: '/settings/ServiceDiscoveryExcludedServices/1' }]);
  });

  test('enums are exact: wrong case is an error', async () => {
    expect((await settingsOf('  IP_Mode: two stacks\n')).codes).toEqual(['invalid-enum']);
    expect((await settingsOf('  IP_Mode: Two Stacks\n')).settings.get('IP_Mode')).toBe('Two Stacks');
  });

  test('integers: whole numbers within bounds, from numbers or digit strings', async () => {
    expect((await settingsOf('windows:\n  LANGUAGE: 1033\n')).windows.get('LANGUAGE')).toBe(1033);
    expect((await settingsOf('windows:\n  LANGUAGE: "1036"\n')).windows.get('LANGUAGE')).toBe(1036);
    expect((await settingsOf('windows:\n  LANGUAGE: 10.5\n')).codes).toEqual(['invalid-integer']);
    expect((await settingsOf('windows:\n  LANGUAGE: 0\n')).codes).toEqual(['out-of-range']);
  });

  test('strings take numbers as written; booleans and null are errors', async () => {
    expect((await settingsOf('windows:\n  TFTP: 10.0.0.1\n  TFTP_FILE_NAME: 0123\n')).windows.get('TFTP_FILE_NAME')).toBe('0123');
    expect((await settingsOf('  PRTCertificateName: true\n')).codes).toEqual(['invalid-type']);
    expect((await settingsOf('  PRTCertificateName:\n')).codes).toEqual(['empty-value']);
  });
});

describe('keys', () => {
  test('unknown keys get a did-you-mean; documented variants say they are a doc typo', async () => {
    const { r } = await settingsOf('  VoiceServiceDomain: v.acme.com\n  telephony_enabled: true\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-key', 'unknown-key']);
    expect(r.diagnostics[0]!.message).toMatch(/did you mean VoiceServicesDomain\?.*typo/);
    expect(r.diagnostics[1]!.message).toContain('did you mean Telephony_Enabled?');
  });

  test('a key in the wrong section says where it belongs', async () => {
    const { r } = await settingsOf('  TFTP: tftp.acme.com\n  SERVICES_DOMAIN: acme.com\nwindows:\n  ServicesDomain: acme.com\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['wrong-section', 'wrong-section', 'wrong-section']);
    expect(r.diagnostics[0]!.message).toContain('move it under windows:');
    expect(r.diagnostics[1]!.message).toContain('or write ServicesDomain here');
    expect(r.diagnostics[2]!.message).toContain('move it under settings:');
  });

  test('__proto__ and constructor are unknown keys and pollute nothing', async () => {
    const { r } = await settingsOf('  __proto__: {x: 1}\n  constructor: 2\n__proto__: {polluted: true}\n');
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ['unknown-key', '/settings/__proto__'],
      ['unknown-key', '/settings/constructor'],
      ['unknown-key', '/__proto__'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.profile!.settings.size).toBe(1);
  });
});

describe('environment and per-user variables', () => {
  test('${env:NAME} is filled in, marked as from the environment, and never printed', async () => {
    const { r, settings } = await settingsOf('  AutoLoginUserName: ${user.email}\n  AutoLoginUserPassword: ${env:PW}\n', { PW: 'hunter2' });
    expect(settings.get('AutoLoginUserPassword')).toBe('hunter2');
    expect(settings.get('AutoLoginUserName')).toBe('${user.email}');
    expect(r.profile!.envSourced!.has('/settings/AutoLoginUserPassword')).toBe(true);
    expect(r.diagnostics).toEqual([]);
  });

  test('a missing variable is env-missing naming it; the key is left out', async () => {
    const { r, settings } = await settingsOf('  VoiceServicesDomain: ${env:VOICE_DOMAIN}\n');
    expect(r.diagnostics).toMatchObject([{ code: 'env-missing', line: 4, column: 24 }]);
    expect(r.diagnostics[0]!.message).toContain('VOICE_DOMAIN');
    expect(settings.has('VoiceServicesDomain')).toBe(false);
  });

  test('an env value is not echoed in a type error', async () => {
    const { r } = await settingsOf('  IP_Mode: ${env:MODE}\n', { MODE: 'S3CRET-ish' });
    expect(r.diagnostics[0]!.code).toBe('invalid-enum');
    expect(r.diagnostics[0]!.message).not.toContain('S3CRET');
    expect(r.diagnostics[0]!.message).toContain('${env:MODE}');
  });

  test('unknown ${user.foo} lists the known variables; a secret value is not echoed', async () => {
    const { r } = await settingsOf('  AutoLoginUserName: ${user.foo}\n  AutoLoginUserPassword: pa${ss}word\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-variable', 'unknown-variable']);
    expect(r.diagnostics[0]!.message).toContain('${user.email}');
    expect(r.diagnostics[1]!.message).not.toContain('${ss}');
  });

  test('a value from the environment is not scanned again for references', async () => {
    const { settings, codes } = await settingsOf('  AutoLoginUserName: ${env:U}\n  AutoLoginUserPassword: ${env:P}\n', { U: '${env:P}', P: 'x' });
    expect(codes).toEqual([]);
    expect(settings.get('AutoLoginUserName')).toBe('${env:P}');
  });
});

describe('extends', () => {
  test('deep merge: the child wins, lists replace, name is not inherited, positions point into the parent', async () => {
    const file = write('name: child\nextends: ./base.yaml\nsettings:\n  ServiceDiscoveryExcludedServices: [CUP]\n', {
      'base.yaml': 'name: base\ndescription: shared\nsettings:\n  ServicesDomain: acme.com\n  ServiceDiscoveryExcludedServices: [WEBEX, CUCM]\nwindows:\n  TFTP: tftp.acme.com\n',
    });
    const { profile, diagnostics } = await resolveProfile(file, { env: {} });
    expect(diagnostics).toEqual([]);
    expect(profile!.name).toBe('child');
    expect(profile!.description).toBe('shared');
    expect(profile!.settings.get('ServiceDiscoveryExcludedServices')).toEqual(['CUP']);
    expect(profile!.settings.get('ServicesDomain')).toBe('acme.com');
    expect(profile!.windows.get('TFTP')).toBe('tftp.acme.com');
    expect(profile!.positions.get('/settings/ServicesDomain')).toMatchObject({ file: join(file, '..', 'base.yaml'), line: 4, column: 3 });
    expect(profile!.positions.get('/settings/ServiceDiscoveryExcludedServices')).toMatchObject({ file, line: 4 });
    expect(profile!.chain).toEqual([file, join(file, '..', 'base.yaml')]);
  });

  test('extends is relative to the file that names it, through several levels', async () => {
    const file = write('name: c\nextends: ./mid/mid.yaml\n', {
      'mid/mid.yaml': 'extends: ../root/root.yaml\nsettings:\n  Telephony_Enabled: false\n',
      'root/root.yaml': 'settings:\n  ServicesDomain: acme.com\n',
    });
    const { profile, diagnostics } = await resolveProfile(file, { env: {} });
    expect(diagnostics).toEqual([]);
    expect(Object.fromEntries(profile!.settings)).toEqual({ ServicesDomain: 'acme.com', Telephony_Enabled: false });
  });

  test('a missing parent names the chain', async () => {
    const file = write('name: c\nextends: ./a.yaml\n', { 'a.yaml': 'extends: ./gone.yaml\n' });
    const { diagnostics } = await resolveProfile(file, { env: {} });
    expect(diagnostics).toMatchObject([{ code: 'extends-not-found', file: join(file, '..', 'a.yaml'), line: 1, column: 10 }]);
    expect(diagnostics[0]!.message).toContain('profile.yaml → ');
    expect(diagnostics[0]!.message).toContain('a.yaml → ');
    expect(diagnostics[0]!.message).toContain('gone.yaml');
  });

  test('a parent that holds no profile (text, a list) is invalid-type at the extends, not an empty parent', async () => {
    for (const parent of ['just a line of text\n', '- a\n- b\n', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n']) {
      const file = write('name: c\nextends: ./notes.txt\nsettings:\n  ServicesDomain: acme.com\n', { 'notes.txt': parent });
      const { diagnostics } = await resolveProfile(file, { env: {} });
      expect(diagnostics, parent).toMatchObject([{ code: 'invalid-type', file, line: 2, column: 10, pointer: '/extends' }]);
      expect(diagnostics[0]!.message).toContain('not a profile');
    }
  });

  test('a name written as something other than text is invalid-type, flagged for the checks', async () => {
    for (const name of ['true', '[a, b]', '']) {
      const r = await resolveProfile(write(`name: ${name}\nsettings:\n  ServicesDomain: acme.com\n`), { env: {} });
      expect(r.diagnostics.map((d) => d.code), name).toEqual(['invalid-type']);
      expect(r.profile!.nameNotText).toBe(true);
    }
    const empty = await resolveProfile(write("name: ''\nsettings:\n  ServicesDomain: acme.com\n"), { env: {} });
    expect(empty.diagnostics).toEqual([]);
    expect(empty.profile).toMatchObject({ name: '' });
    expect(empty.profile!.nameNotText).toBeUndefined();
  });

  test('a cycle names the chain a → b → a', async () => {
    const file = write('name: c\nextends: ./b.yaml\n', { 'b.yaml': 'extends: ./profile.yaml\n' });
    const { diagnostics } = await resolveProfile(file, { env: {} });
    expect(diagnostics.map((d) => d.code)).toEqual(['extends-cycle']);
    expect(diagnostics[0]!.message).toMatch(/profile\.yaml → .*b\.yaml → .*profile\.yaml/);
  });

  test('a parent is parsed once per run through the cache', async () => {
    const base = 'settings:\n  ServicesDomain: acme.com\n';
    const a = write('name: a\nextends: ./base.yaml\n', { 'base.yaml': base });
    const cache = new ProfileCache();
    const load = cache.load.bind(cache);
    let loads = 0;
    cache.load = (f, o) => {
      loads += 1;
      return load(f, o);
    };
    await resolveProfile(a, { env: {}, cache });
    await resolveProfile(a, { env: {}, cache });
    expect(loads).toBe(4); // two calls each, the second pair served from the cache
    expect((await cache.load(a, {})) === (await cache.load(a, {}))).toBe(true);
  });
});

describe('profile shape', () => {
  test('apps default to Cisco Jabber; a whole-file problem gives no profile', async () => {
    expect((await resolveProfile(write(HEAD), { env: {} })).profile!.apps).toEqual({ ios: 'com.cisco.jabberIM', android: 'com.cisco.im' });
    const r = await resolveProfile(write('- a\n- b\n'), { env: {} });
    expect(r.profile).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-type']);
  });

  test('an unknown top-level key gets a did-you-mean; a setting at the top says where it belongs', async () => {
    const r = await resolveProfile(write(HEAD + 'setings: {}\nServicesDomain: acme.com\n'), { env: {} });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-key', 'wrong-section']);
    expect(r.diagnostics[0]!.message).toContain('did you mean settings?');
    expect(r.diagnostics[1]!.message).toContain('belongs under settings:');
  });
});
