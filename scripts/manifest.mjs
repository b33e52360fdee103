#!/usr/bin/env node
// The build's last step (npm run build): `oclif manifest`, writing oclif.manifest.json.
// The oclif devDependency checks npm for a newer oclif and prints "oclif update available" (its
// @oclif/plugin-warn-if-update-available plugin). A build does not need that check, nor its
// background request to the registry; OCLIF_SKIP_NEW_VERSION_CHECK=true is the plugin's
// documented switch for both (<CLI>_SKIP_NEW_VERSION_CHECK, the CLI here being oclif).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pjsonFile = require.resolve('oclif/package.json');
const { bin } = require(pjsonFile);
const oclif = path.join(path.dirname(pjsonFile), typeof bin === 'string' ? bin : bin.oclif);
const run = spawnSync(process.execPath, [oclif, 'manifest'], {
  cwd: ROOT,
  env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
  stdio: 'inherit',
});
if (run.error) throw run.error;
process.exit(run.status ?? 1);
