import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateFiles, validateProfile, validateStream } from '../../src/profile/validate.js';
import { iosPlistTarget } from '../../src/targets/ios/plist.js';
import { windowsInstallerTarget } from '../../src/targets/windows/index.js';

const root = mkdtempSync(join(tmpdir(), 'jabber-emm-validate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const GOOD = (name: string): string => `name: ${name}\nextends: ./base.yaml\nsettings:\n  Telephony_Enabled: true\n`;

beforeAll(() => {
  mkdirSync(join(root, 'set'));
  writeFileSync(join(root, 'set', 'base.yaml'), 'name: base\nsettings:\n  ServicesDomain: acme.com\n');
  writeFileSync(join(root, 'set', 'a.yaml'), GOOD('a'));
  writeFileSync(join(root, 'set', 'b.yaml'), 'name: b\nsettings:\n  ServicesDomain: acme.com\n  IP_Mode: Dual_Stack\n  AutoLoginUserName: u\n  AutoLoginUserPassword: pw\n');
  writeFileSync(join(root, 'set', 'c.yaml'), GOOD('a'));
});

describe('validateProfile', () => {
  test('load + resolve + check, diagnostics sorted by file (own first) then position', async () => {
    mkdirSync(join(root, 'sorted'));
    writeFileSync(join(root, 'sorted', 'base.yaml'), 'settings:\n  ServicesDomain: acme.com\n  Flux: 1\n');
    writeFileSync(join(root, 'sorted', 'p.yaml'), 'name: P\nextends: ./base.yaml\nsettings:\n  Bogus: 2\n');
    const r = await validateProfile(join(root, 'sorted', 'p.yaml'), { env: {} });
    expect(r.ok).toBe(false);
    expect(r.name).toBe('P');
    expect(r.diagnostics.map((d) => [d.file.slice(root.length + 1), d.line, d.code])).toEqual([
      ['sorted/p.yaml', 1, 'invalid-name'],
      ['sorted/p.yaml', 4, 'unknown-key'],
      ['sorted/base.yaml', 3, 'unknown-key'],
    ]);
  });

  test('warnings alone leave the profile ok', async () => {
    mkdirSync(join(root, 'warn'));
    writeFileSync(join(root, 'warn', 'p.yaml'), 'name: w\nsettings:\n  ServicesDomain: acme.com\n  ServiceDiscoveryExcludedServices: WEBEX,CUCM,CUP\n');
    const r = await validateProfile(join(root, 'warn', 'p.yaml'), { env: {} });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

describe('validateStream', () => {
  test('yields one result per file, in input order, from a generator', async () => {
    const files = ['a.yaml', 'b.yaml', 'base.yaml', 'missing.yaml'].map((f) => join(root, 'set', f));
    async function* source(): AsyncGenerator<string> {
      yield* files;
    }
    const seen: string[] = [];
    for await (const r of validateStream(source(), { env: {}, concurrency: 2 })) seen.push(r.source);
    expect(seen).toEqual(files);
  });

  test('many profiles sharing a parent stream through (parent parsed once)', async () => {
    const dir = join(root, 'many');
    mkdirSync(dir);
    writeFileSync(join(dir, 'base.yaml'), 'name: base\nsettings:\n  ServicesDomain: acme.com\n');
    const files: string[] = [];
    for (let i = 0; i < 500; i += 1) {
      const f = join(dir, `p${i}.yaml`);
      writeFileSync(f, GOOD(`p${i}`));
      files.push(f);
    }
    let ok = 0;
    for await (const r of validateStream(files, { env: {} })) if (r.ok) ok += 1;
    expect(ok).toBe(500);
  });
});

describe('validateFiles', () => {
  test('summary counts, path diagnostics, duplicate names', async () => {
    const seen: string[] = [];
    const report = await validateFiles([join(root, 'set'), join(root, 'nope')], { env: {}, onProfile: (r) => seen.push(r.source) });
    expect(report.summary).toEqual({ profiles: 4, ok: 2, failed: 2, errors: 2, warnings: 1 });
    expect(seen).toEqual(report.profiles.map((p) => p.source));
    expect(report.diagnostics.map((d) => d.code)).toEqual(['path-not-found']);
    const c = report.profiles.find((p) => p.source.endsWith('c.yaml'))!;
    expect(c.diagnostics).toMatchObject([{ code: 'duplicate-name', line: 1, column: 7, pointer: '/name' }]);
    expect(c.diagnostics[0]!.message).toContain('a.yaml');
    const b = report.profiles.find((p) => p.source.endsWith('b.yaml'))!;
    expect(b.diagnostics.map((d) => d.code)).toEqual(['invalid-enum', 'literal-secret']);
    expect(JSON.stringify(report.profiles.map((p) => p.diagnostics))).not.toContain('pw"');
  });
});

describe('validate catches what export rejects', () => {
  const write = (name: string, text: string): string => {
    mkdirSync(join(root, 'export-rules'), { recursive: true });
    const file = join(root, 'export-rules', name);
    writeFileSync(file, text);
    return file;
  };
  const VARS = 'name: vars\nsettings:\n  ServicesDomain: acme.com\n  AutoLoginUserName: "${user.displayName}"\n  AutoLoginUserPassword: ${env:PW}\n';
  const env = { PW: 'never-shown' };

  test('variables are not checked unless the consoles are given (export checks them while rendering)', async () => {
    const r = await validateProfile(write('vars.yaml', VARS), { env });
    expect(r.diagnostics).toEqual([]);
  });

  test('without --emm: one warning at the value that export will need --emm, naming the consoles that fit', async () => {
    const r = await validateProfile(write('vars.yaml', VARS), { env, emm: [] });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.column, d.pointer])).toEqual([
      ['warning', 'variables-need-emm', 4, 22, '/settings/AutoLoginUserName'],
    ]);
    expect(r.diagnostics[0]!.message).toBe(
      "AutoLoginUserName uses ${user.displayName}: export will need --emm <console> to write the console's tokens into the EMM files. " +
        'Consoles with a token for every variable used: intune, jamf, ivanti-neurons.',
    );
  });

  test('without --emm and no console fitting every variable, the warning says so', async () => {
    const file = write('none.yaml', VARS.replace('${user.displayName}', '${user.displayName}-${device.udid}-${user.upn}'));
    const r = await validateProfile(file, { env, emm: [] });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['variables-need-emm']);
    expect(r.diagnostics[0]!.message).toContain('uses ${user.displayName}, ${device.udid}, ${user.upn}:');
    expect(r.diagnostics[0]!.message).toContain('No console has a token for all of them');
  });

  test('with --emm: an error per console lacking a token, with export\'s own code and message, at the value', async () => {
    const file = write('vars.yaml', VARS);
    const r = await validateProfile(file, { env, emm: ['intune', 'workspace-one', 'maas360'] });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([
      ['error', 'variable-unsupported', 4, 22],
      ['error', 'variable-unsupported', 4, 22],
    ]);
    const rendered = iosPlistTarget.render(r.profile!, { emm: 'workspace-one' }).diagnostics.filter((d) => d.severity === 'error');
    expect(rendered.map((d) => [d.code, d.message])).toEqual([[r.diagnostics[0]!.code, r.diagnostics[0]!.message]]);
    expect(r.diagnostics[1]!.message).toContain('maas360 has no token');
    expect(JSON.stringify(r.diagnostics)).not.toContain('never-shown');
    const fine = await validateProfile(file, { env, emm: ['intune', 'jamf'] });
    expect(fine.diagnostics).toEqual([]);
  });

  test('a windows switch differing from its shared setting is reported by validate, not only by the installer export', async () => {
    const file = write('override.yaml', 'name: o\nsettings:\n  ServicesDomain: mobile.acme.com\nwindows:\n  SERVICES_DOMAIN: desktop.acme.com\n');
    const r = await validateProfile(file, { env: {} });
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.pointer])).toEqual([['warning', 'windows-overrides-setting', 5, '/windows/SERVICES_DOMAIN']]);
    const same = await validateProfile(write('same.yaml', 'name: s\nsettings:\n  ServicesDomain: acme.com\nwindows:\n  SERVICES_DOMAIN: acme.com\n'), { env: {} });
    expect(same.diagnostics).toEqual([]);
  });

  test('a variable in a windows switch is an error in validate, as in the installer export', async () => {
    const file = write('win-var.yaml', 'name: w\nwindows:\n  TFTP_FILE_NAME: "${user.email}.xml"\n');
    const r = await validateProfile(file, { env: {} });
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([['error', 'variable-in-installer', 3, 19]]);
    const rendered = windowsInstallerTarget.render(r.profile!, {}).diagnostics;
    expect(rendered.map((d) => [d.code, d.message])).toEqual([[r.diagnostics[0]!.code, r.diagnostics[0]!.message]]);
  });
});
