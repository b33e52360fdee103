import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/** Command ids as oclif derives them from src/commands (folders are topics). */
const COMMAND_IDS = readdirSync(path.join(ROOT, 'src', 'commands'), { recursive: true, encoding: 'utf8' })
  .filter((rel) => rel.endsWith('.ts'))
  .map((rel) => rel.replace(/\.ts$/, '').split(path.sep).join(':').replace(/:index$/, ''))
  .sort();

describe('the bundled CLI (dist/cli.cjs)', () => {
  it('carries a command map generated from every file in src/commands, which oclif is told to use', () => {
    const pjson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pjson.oclif.commands).toEqual({ strategy: 'explicit', target: './dist/cli.cjs', identifier: 'COMMANDS' });
    const bundle = createRequire(import.meta.url)(path.join(ROOT, 'dist', 'cli.cjs')) as { COMMANDS: Record<string, unknown> };
    expect(Object.keys(bundle.COMMANDS).sort()).toEqual(COMMAND_IDS);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8'));
    expect(Object.keys(manifest.commands).sort()).toEqual(COMMAND_IDS);
  });

  it('does not bundle the TypeScript compiler oclif can load for linked plugins', () => {
    expect(readFileSync(path.join(ROOT, 'dist', 'cli.cjs'), 'utf8')).not.toContain('typescript.js');
  });

  const hasCompileCache = typeof (createRequire(import.meta.url)('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  it.skipIf(hasCompileCache)('starts from the V8 code cache the build wrote (Node before 22.1)', async () => {
    const run = await runCli(['targets'], { env: { JABBER_EMM_REPORT_CODE_CACHE: '1' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('code cache: accepted\n');
  });
});
