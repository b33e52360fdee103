#!/usr/bin/env node
// The installed entry point: runs the bundled CLI, dist/cli.cjs (npm run build).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, release } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// `jabber-emm --version` (or -v) alone is answered before @oclif/core is loaded: loading oclif is
// nearly all of its start-up (bench/RESULTS.md). The line is oclif's Config.userAgent
// (@oclif/core lib/config/config.js), byte for byte; test/cli/version.test.ts compares the two.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-v') && !mayBeWsl()) {
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const cpu = arch() === 'ia32' ? 'x86' : arch();
  process.stdout.write(`${pjson.name}/${pjson.version || '0.0.0'} ${process.platform}-${cpu} node-${process.version}\n`);
} else {
  const { execute } = loadBundle();
  await execute({ dir: import.meta.url });
}

/**
 * Loads dist/cli.cjs (oclif, every command and what they import, in one file; package.json's
 * oclif.commands names its COMMANDS map). Node >= 22.1 keeps its own compile cache
 * (module.enableCompileCache). On older Node the bundle is compiled with the V8 code cache the
 * build wrote (dist/cli.cjs.cache), so its functions are not parsed and compiled again on every
 * start; V8 ignores a cache from another V8 or other flags and compiles as usual. Either way the
 * module lands in require's cache, where oclif's own require of the command map finds it.
 */
function loadBundle() {
  const file = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
  const require = createRequire(import.meta.url);
  const Module = require('node:module');
  // V8 flags, set before anything is compiled so the code cache is made and used under the same
  // flags. WebAssembly in the baseline tier only (see src/verify/libxml2.ts). The heap grows by
  // 15% at a time instead of V8's default factor (up to 4x): a batch's live data is small
  // (~80 MiB at 10,000 profiles) but V8 let the heap grow to ~400 MiB of mostly garbage before
  // collecting; with this, export and validate of 10,000 profiles peak under 200 MiB
  // (bench/RESULTS.md).
  const v8 = require('node:v8');
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--heap-growing-percent=15');
  const cacheFile = `${file}.cache`;
  const writeCache = process.env.JABBER_EMM_WRITE_CODE_CACHE === cacheFile;
  if (typeof Module.enableCompileCache === 'function' && !writeCache) {
    Module.enableCompileCache();
    return require(file);
  }
  // A script compiled by vm has no import() of its own that works with a code cache (Node 20:
  // "A dynamic import callback was not specified"), so the bundle imports ES modules (the
  // libxml2 bundle) through this function, made here in an ordinary module.
  globalThis[Symbol.for('jabber-emm.import')] = (specifier) => import(specifier);
  let cachedData;
  if (!writeCache && existsSync(cacheFile)) cachedData = readFileSync(cacheFile);
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (process.env.JABBER_EMM_REPORT_CODE_CACHE) {
    process.stderr.write(`code cache: ${cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
  }
  const mod = new Module(file, undefined);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  Module._cache[file] = mod;
  // The build runs one command with this set, then keeps the code of every function it compiled.
  if (writeCache) process.once('beforeExit', () => writeFileSync(cacheFile, script.createCachedData()));
  return mod.exports;
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
