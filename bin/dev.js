#!/usr/bin/env -S node --import tsx --no-warnings=ExperimentalWarning
// Development entry point: runs the TypeScript commands through tsx (loaded by the shebang),
// no build needed. the oclif TypeScript path mapping follows the tsconfig rootDir, which is
// the repository root here, so the commands folder is named directly instead.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execute } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
pjson.oclif = { ...pjson.oclif, commands: './src/commands' };

await execute({ loadOptions: { root, pjson } });
