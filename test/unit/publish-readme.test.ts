import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONSOLE_ENV, INTUNE_NEEDS, JAMF_NEEDS } from '../../src/consoles/auth.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Publish to Intune and Jamf'), readme.indexOf('\n## ', readme.indexOf('## Publish to Intune and Jamf') + 5));

describe('README: Publish to Intune and Jamf', () => {
  it('exists, with the app registration, permissions, environment, a plan and an apply, and what is refused', () => {
    expect(section.length).toBeGreaterThan(1000);
    for (const part of ['**What the admin sets up once.**', '**The environment.**', '**A plan, then an apply.**', '**What is refused, and why**']) expect(section).toContain(part);
    expect(section).toContain('publish profiles/ --console intune\n');
    expect(section).toContain('--console intune --apply');
  });

  it('names every environment variable the code reads, and the permissions its errors name', () => {
    for (const name of Object.values(CONSOLE_ENV)) expect(section).toContain(`\`${name}`);
    for (const permission of [...INTUNE_NEEDS.matchAll(/[A-Z][A-Za-z]+\.[A-Za-z.]+All/g)].map((m) => m[0])) expect(section).toContain(permission);
    for (const privilege of [...JAMF_NEEDS.matchAll(/"([^"]+)"/g)].map((m) => m[1]!)) expect(section).toContain(privilege);
  });

  it('documents refusal codes the code emits', () => {
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!);
    expect(rows).toEqual(['not-owned', 'foreign-keys', 'console-unreadable', 'changed-since-plan', 'ambiguous-policy']);
    const src = readdirSync(join(ROOT, 'src', 'publish'))
      .map((f) => readFileSync(join(ROOT, 'src', 'publish', f), 'utf8'))
      .join('\n');
    for (const code of rows) expect(src).toContain(`'${code}'`);
  });
});
