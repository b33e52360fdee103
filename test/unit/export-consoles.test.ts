/**
 * Several consoles in one export, with the real targets: the formats each --emm console takes,
 * the console folders, the never-replaced rule read back through the target's reader, and the
 * readers of an export folder (folder drift, import's default name) across console folders.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffPaths, type ExportsDiff } from '../../src/diff/diff.js';
import { exportProfiles } from '../../src/export/export-profiles.js';
import { importArtifact } from '../../src/import/import-artifact.js';
import { TARGETS } from '../../src/targets/registry.js';

let tmp: string;
let profiles: string;
const env = { CONSOLES_PW: 'pw-not-in-any-message' };
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'jabber-emm-consoles-'));
  profiles = path.join(tmp, 'profiles');
  mkdirSync(profiles);
  // ${user.email}: each of Intune, Jamf and Workspace ONE has its own token for it.
  writeFileSync(
    path.join(profiles, 'multi.yaml'),
    'name: multi\nsettings:\n  ServicesDomain: acme.com\n  AutoLoginUserName: ${user.email}\n  AutoLoginUserPassword: ${env:CONSOLES_PW}\n',
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rel = (out: string, files: { path: string; console?: string }[]) => files.map((f) => [path.relative(out, f.path).split(path.sep).join('/'), f.console ?? null]);

describe('export for several consoles', () => {
  it('--emm workspace-one writes the formats Workspace ONE takes, so a format it does not use cannot fail the profile', async () => {
    const out = path.join(tmp, 'ws1');
    const run = await exportProfiles({ paths: [profiles], out, emm: 'workspace-one', env });
    expect(run.profiles[0]!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(rel(out, run.profiles[0]!.files)).toEqual([
      ['multi/ios-appconfig.xml', 'workspace-one'],
      ['multi/jabber-config-url.txt', null],
      ['multi/jabber-config-page.html', null],
      ['multi/jabber-config-email.txt', null],
      ['multi/install-jabber.cmd', null],
    ]);
    // A variable Workspace ONE has no token for fails the specfile too (it follows the console's table).
    const other = path.join(tmp, 'ws1-profiles');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'named.yaml'), 'name: named\nsettings:\n  ServicesDomain: acme.com\n  AutoLoginUserName: ${user.displayName}\n  AutoLoginUserPassword: ${env:CONSOLES_PW}\n');
    const named = await exportProfiles({ paths: [other], out: path.join(tmp, 'ws1-named'), emm: 'workspace-one', env });
    expect(named.profiles[0]!.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.target])).toEqual([['variable-unsupported', 'ios-appconfig']]);
  });

  it('Intune, Jamf and Workspace ONE in one run: console folders, read back by folder drift with no differences', async () => {
    const out = path.join(tmp, 'three');
    const run = await exportProfiles({ paths: [profiles], out, emm: ['intune', 'jamf', 'workspace-one'], env });
    expect(run.summary.failed).toBe(0);
    expect(rel(out, run.profiles[0]!.files)).toEqual([
      ['multi/workspace-one/ios-appconfig.xml', 'workspace-one'],
      ['multi/intune/ios-dict.xml', 'intune'],
      ['multi/jamf/ios-dict.xml', 'jamf'],
      ['multi/intune/android-managed-config.json', 'intune'],
      ['multi/jabber-config-url.txt', null],
      ['multi/jabber-config-page.html', null],
      ['multi/jabber-config-email.txt', null],
      ['multi/install-jabber.cmd', null],
    ]);
    expect(readFileSync(path.join(out, 'multi', 'intune', 'ios-dict.xml'), 'utf8')).toContain('{{mail}}');
    expect(readFileSync(path.join(out, 'multi', 'jamf', 'ios-dict.xml'), 'utf8')).toContain('$EMAIL');
    const drift = (await diffPaths(profiles, out, { env })) as ExportsDiff;
    expect(drift.mode).toBe('exports');
    expect(drift.profiles.map((p) => [p.name, p.status])).toEqual([['multi', 'identical']]);
    // Every console's file is compared, not only the profile folder's: a changed one is found.
    for (const file of ['jamf/ios-dict.xml', 'workspace-one/ios-appconfig.xml']) {
      const where = path.join(out, 'multi', file);
      const before = readFileSync(where, 'utf8');
      writeFileSync(where, before.replace('acme.com', 'evil.example'));
      const changed = (await diffPaths(profiles, out, { env })) as ExportsDiff;
      expect(changed.profiles[0]!.files.map((f) => path.relative(out, f.file).split(path.sep).join('/')), file).toEqual([`multi/${file}`]);
      writeFileSync(where, before);
    }
    // import's default name comes from the profile folder above the console folder.
    const imported = await importArtifact(path.join(out, 'multi', 'jamf', 'ios-dict.xml'));
    expect(imported.name).toBe('multi');
  });

  it('a console folder alone (only console formats asked for) is still an export folder for drift', async () => {
    const out = path.join(tmp, 'dict-only');
    await exportProfiles({ paths: [profiles], out, emm: ['intune', 'jamf'], targets: ['ios-dict'], env });
    const drift = (await diffPaths(profiles, out, { env })) as ExportsDiff;
    expect(drift.mode).toBe('exports');
    expect(drift.profiles.map((p) => [p.name, p.status])).toEqual([['multi', 'identical']]);
    const where = path.join(out, 'multi', 'intune', 'ios-dict.xml');
    writeFileSync(where, readFileSync(where, 'utf8').replace('acme.com', 'evil.example'));
    const changed = (await diffPaths(profiles, out, { env })) as ExportsDiff;
    expect(changed.profiles.map((p) => [p.name, p.status, p.files.map((f) => f.file)])).toEqual([['multi', 'changed', [where]]]);
  });

  it('a run for Jamf does not replace the ios-dict.xml written for Intune (read back through its reader)', async () => {
    const out = path.join(tmp, 'flat');
    expect((await exportProfiles({ paths: [profiles], out, emm: 'intune', env })).summary.failed).toBe(0);
    const intune = readFileSync(path.join(out, 'multi', 'ios-dict.xml'), 'utf8');
    const jamf = await exportProfiles({ paths: [profiles], out, emm: 'jamf', env });
    const p = jamf.profiles[0]!;
    expect(p.ok).toBe(false);
    const refused = p.diagnostics.filter((d) => d.code === 'other-console-file');
    expect(refused.map((d) => d.file)).toEqual([path.join(out, 'multi', 'ios-dict.xml')]);
    expect(refused[0]!.message).toContain('--emm intune --emm jamf');
    expect(JSON.stringify(p.diagnostics)).not.toContain(env.CONSOLES_PW);
    expect(readFileSync(path.join(out, 'multi', 'ios-dict.xml'), 'utf8')).toBe(intune);
  });

  it('every target declares the --emm consoles that take it by id, or is console-neutral', () => {
    for (const t of TARGETS) {
      expect(t.emmConsoles === 'neutral' || Array.isArray(t.emmConsoles), t.id).toBe(true);
    }
    const takes = (c: string) => TARGETS.filter((t) => t.emmConsoles !== 'neutral' && t.emmConsoles.includes(c as never)).map((t) => t.id);
    expect(takes('intune')).toEqual(['ios-dict', 'android-managed-config']);
    expect(takes('jamf')).toEqual(['ios-dict']);
    expect(takes('workspace-one')).toEqual(['ios-appconfig']);
    expect(TARGETS.filter((t) => t.emmConsoles === 'neutral').map((t) => t.id)).toEqual(['url', 'url-page', 'windows-installer']);
  });
});
