/**
 * Writes the files generated from the parameter catalog: schemas/profile.schema.json and
 * docs/parameters.md. Run `npx tsx scripts/generate-profile-schema.ts` after editing
 * schemas/parameters.json; `--check` only reports stale files (exit 1), for CI.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/index.js';
import { PARAMETERS_DOC_URL, renderParametersDoc } from '../src/catalog/parameters-doc.js';
import { buildProfileSchema, PROFILE_SCHEMA_URL, serializeProfileSchema } from '../src/catalog/profile-schema.js';

const check = process.argv.includes('--check');
const index = loadCatalog();
const outputs: [URL, string][] = [
  [PROFILE_SCHEMA_URL, serializeProfileSchema(buildProfileSchema(index))],
  [PARAMETERS_DOC_URL, renderParametersDoc(index)],
];

let stale = 0;
for (const [url, text] of outputs) {
  const path = fileURLToPath(url);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) {
    console.error(`stale: ${path}`);
    stale += 1;
    continue;
  }
  // Write beside the target and rename, so an interrupted run never leaves half a file.
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  console.log(`wrote ${path}`);
}
if (stale > 0) process.exit(1);
