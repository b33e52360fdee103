#!/usr/bin/env node
// The build's last step (npm run build): `oclif manifest`, writing oclif.manifest.json.
// The oclif devDependency checks npm for a newer oclif and prints "oclif update available" (its
// @oclif/plugin-warn-if-update-available plugin). A build does not need that check, nor its
// background request to the registry; OCLIF_SKIP_NEW_VERSION_CHECK=true is the plugin's
// documented switch for both (<CLI>_SKIP_NEW_VERSION_CHECK, the CLI here being oclif).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The oclif devDependency's own entry point. */
export function oclifBin() {
  const require = createRequire(import.meta.url);
  const pjsonFile = require.resolve('oclif/package.json');
  const { bin } = require(pjsonFile);
  return path.join(path.dirname(pjsonFile), typeof bin === 'string' ? bin : bin.oclif);
}

/** The environment oclif runs in during the build: `env` with its update check switched off. */
export function buildEnv(env) {
  return { ...env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const run = spawnSync(process.execPath, [oclifBin(), 'manifest'], { cwd: ROOT, env: buildEnv(process.env), stdio: 'inherit' });
  if (run.error) throw run.error;
  process.exit(run.status ?? 1);
}
