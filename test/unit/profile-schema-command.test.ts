import { afterEach, describe, expect, it, vi } from 'vitest';
import Schema from '../../src/commands/schema.js';
import { readProfileSchemaText } from '../../src/catalog/profile-schema.js';

const root = new URL('../../', import.meta.url).pathname;

/** Runs the command in-process and returns what it printed (oclif 4 prints through console.log). */
async function run(argv: string[]): Promise<{ stdout: string; result: unknown }> {
  let stdout = '';
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    stdout += `${args.join(' ')}\n`;
  });
  const result = await Schema.run(argv, root);
  return { stdout, result };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('jabber-emm schema', () => {
  it('prints schemas/profile.schema.json byte for byte', async () => {
    const { stdout, result } = await run([]);
    expect(stdout).toBe(readProfileSchemaText());
    expect(result).toEqual(JSON.parse(readProfileSchemaText()));
  });

  it('prints the schema object with --json', async () => {
    const { stdout } = await run(['--json']);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readProfileSchemaText()));
  });
});
