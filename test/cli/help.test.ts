/**
 * Help like every CLI: `help`, `help <command>`, `-h`, `--help`; help text in clean paragraphs at
 * 80 columns; and what makes `npm link` / `npm install -g .` put `jabber-emm` on the PATH.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '@oclif/core';
import Diff from '../../src/commands/diff.js';
import Doctor from '../../src/commands/doctor.js';
import Export from '../../src/commands/export.js';
import Help from '../../src/commands/help.js';
import Import from '../../src/commands/import.js';
import Publish from '../../src/commands/publish.js';
import Pull from '../../src/commands/pull.js';
import Schema from '../../src/commands/schema.js';
import Targets from '../../src/commands/targets.js';
import Validate from '../../src/commands/validate.js';
import Version from '../../src/commands/version.js';
import { ROOT, runCli } from '../helpers/cli.js';

const COMMANDS = ['diff', 'doctor', 'export', 'import', 'publish', 'pull', 'schema', 'targets', 'validate'];

describe('jabber-emm help', () => {
  it('help, -h and --help print the root help, which lists every command', async () => {
    const [help, short, long] = await Promise.all([runCli(['help']), runCli(['-h']), runCli(['--help'])]);
    for (const run of [help, short, long]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(help.stdout);
    }
    expect(help.stdout).toContain('USAGE\n  $ jabber-emm [COMMAND]');
    for (const id of [...COMMANDS, 'help', 'version']) expect(help.stdout).toMatch(new RegExp(`^  ${id} `, 'm'));
  });

  it('help <command> is <command> --help and <command> -h', async () => {
    const [help, long, short] = await Promise.all([runCli(['help', 'export']), runCli(['export', '--help']), runCli(['export', '-h'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ jabber-emm export PATHS... -o <value>');
    expect(long.stdout).toBe(help.stdout);
    expect(short.stdout).toBe(help.stdout);
  });

  it('help for an unknown command suggests the closest one, exit 2', async () => {
    const run = await runCli(['help', 'exprot']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Error: exprot is not a jabber-emm command. Did you mean export? See `jabber-emm help`.\n');
  });

  it.each(COMMANDS)('%s --help at 80 columns: paragraphs wrapped by oclif only (no line broken in the source)', async (id) => {
    const run = await runCli([id, '--help'], { env: { OCLIF_COLUMNS: '80' } });
    expect(run.code).toBe(0);
    // oclif prints the summary line and the examples as they are; it wraps the description.
    const description = run.stdout.slice(run.stdout.indexOf('DESCRIPTION\n'), run.stdout.indexOf('\nEXAMPLES\n'));
    expect(description).not.toBe('');
    // A paragraph oclif wrapped fills its lines: a line followed by a word of the same paragraph
    // that would have fitted on it is a break that came from the source.
    const paragraphs = description.split('\n\n').slice(1);
    for (const p of paragraphs) {
      const body = p.split('\n').filter((line) => line.trim() !== '');
      for (const line of body) expect(line.length, line).toBeLessThanOrEqual(80);
      body.slice(0, -1).forEach((line, i) => {
        const next = body[i + 1]!.trim().split(' ')[0]!;
        expect(line.length + 1 + next.length, `${id}: "${line}" is followed by "${next}", which fits on it`).toBeGreaterThan(80);
      });
    }
  });
});

describe('help texts in the source', () => {
  const classes: [string, typeof Command][] = Object.entries({ Diff, Doctor, Export, Help, Import, Publish, Pull, Schema, Targets, Validate, Version });

  it.each(classes)('%s: summary, description paragraphs, flag and argument descriptions are each one line', (_name, cmd) => {
    expect(cmd.summary).toBeTruthy();
    expect(cmd.summary).not.toContain('\n');
    for (const paragraph of (cmd.description ?? '').split('\n\n')) {
      expect(paragraph.trim()).not.toBe('');
      expect(paragraph).not.toContain('\n');
    }
    for (const [name, def] of [...Object.entries(cmd.flags ?? {}), ...Object.entries(cmd.args ?? {})]) {
      expect(def.description ?? '', name).not.toContain('\n');
    }
  });
});

describe('on the PATH', () => {
  it('package.json names bin/run.js as the jabber-emm command, and it is an executable node script', () => {
    const pjson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pjson.bin).toEqual({ 'jabber-emm': './bin/run.js' });
    const bin = path.join(ROOT, 'bin', 'run.js');
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    if (process.platform !== 'win32') expect(statSync(bin).mode & 0o111).not.toBe(0);
  });

  it('the README says how to run it as a command from a clone', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm link');
    expect(readme).toContain('npm install -g .');
  });
});
