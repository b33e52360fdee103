#!/usr/bin/env node
// The build steps after tsc (npm run build): the single-file libxml2 bundle that
// src/verify/libxml2.ts restarts after a WebAssembly fault.
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url);
const at = (rel) => new URL(rel, ROOT).pathname;

/** libxml2-wasm as one ES module, so a fresh instance is one fresh module evaluation (`?instance=N`). */
await build({
  entryPoints: [at('node_modules/libxml2-wasm/lib/index.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: at('dist/vendor/libxml2.mjs'),
  legalComments: 'eof',
  logLevel: 'warning',
});
