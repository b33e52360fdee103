/**
 * The build's last step (scripts/manifest.mjs, `oclif manifest`) prints no "oclif update available"
 * notice: the oclif devDependency's update check is switched off in the environment it runs oclif
 * in. The check reads the newest version from its cache, so a cache saying 99.0.0 makes the notice
 * certain wherever the check is on. (The manifest itself is not rewritten here: other tests read it.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildEnv, oclifBin } from '../../scripts/manifest.mjs';
import { ROOT } from '../helpers/cli.js';

const cache = mkdtempSync(path.join(tmpdir(), 'jabber-emm-oclif-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** Runs the oclif devDependency (`oclif --version`) with a cache that says 99.0.0 is out. */
function oclif(env: NodeJS.ProcessEnv): string {
  writeFileSync(path.join(cache, 'version'), '{"latest":"99.0.0"}\n');
  rmSync(path.join(cache, 'last-warning'), { force: true });
  const r = spawnSync(process.execPath, [oclifBin(), '--version'], { cwd: ROOT, env: { ...env, OCLIF_CACHE_DIR: cache }, encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout + r.stderr;
}

describe('npm run build', () => {
  const plain = { ...process.env };
  delete plain.OCLIF_SKIP_NEW_VERSION_CHECK;

  it('runs oclif without its update notice', () => {
    // The check is real: without the build's environment, this cache prints the notice.
    expect(oclif(plain)).toContain('oclif update available from');
    const output = oclif(buildEnv(plain));
    expect(output).toMatch(/^oclif\/\S+ /);
    expect(output).not.toContain('update available');
  });

  it('runs the manifest step through that environment', () => {
    const pjson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } };
    expect(pjson.scripts.build).toMatch(/&& node scripts\/manifest\.mjs$/);
    expect(pjson.scripts.build).not.toMatch(/oclif manifest/);
  });
});
