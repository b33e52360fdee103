#!/usr/bin/env node
// The installed entry point: runs the compiled commands in dist/ (npm run build).
import { existsSync, readFileSync } from 'node:fs';
import { arch, release } from 'node:os';

// `jabber-emm --version` alone is answered before @oclif/core is imported: loading oclif is
// nearly all of its start-up (bench/RESULTS.md). The line is oclif's Config.userAgent
// (@oclif/core lib/config/config.js), byte for byte; test/cli/version.test.ts compares the two.
if (process.argv.length === 3 && process.argv[2] === '--version' && !mayBeWsl()) {
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const cpu = arch() === 'ia32' ? 'x86' : arch();
  process.stdout.write(`${pjson.name}/${pjson.version || '0.0.0'} ${process.platform}-${cpu} node-${process.version}\n`);
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}

/**
 * True where oclif could name the platform 'wsl' instead of 'linux' (it asks is-wsl); oclif then
 * answers itself. The same signs is-wsl checks (is-wsl/index.js), without its container test.
 */
function mayBeWsl() {
  if (process.platform !== 'linux') return false;
  if (release().toLowerCase().includes('microsoft')) return true;
  try {
    if (readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return true;
  } catch {
    // No /proc: fall through to the path checks, as is-wsl does.
  }
  return existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || existsSync('/run/WSL');
}
