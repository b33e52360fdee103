/**
 * The CLI's one error path, in process: oclif's real parse errors (its parser run on the commands'
 * own flag and argument definitions) mapped to usage errors with stable codes, the commands' own
 * errors kept with their codes and exit codes, and the base command printing each failure once.
 */
import { Errors, Parser, type Command } from '@oclif/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JabberCommand } from '../../src/cli/command.js';
import {
  commandNotFound,
  describeFailure,
  failureJson,
  failureText,
  parseFailure,
  suggestion,
  unknownCommand,
  usageLine,
  UsageError,
  type CommandInfo,
} from '../../src/cli/failure.js';
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

const root = new URL('../../', import.meta.url).pathname;

type CommandClass = typeof Command;

function info(id: string, cmd: CommandClass): CommandInfo {
  return { bin: 'jabber-emm', id, flags: { ...(cmd.flags as CommandInfo['flags']), json: { type: 'boolean', description: 'Format output as json.' } }, args: { ...cmd.args }, strict: cmd.strict !== false };
}

/** What oclif's parser throws for `argv` given to the command (undefined: it parsed). */
async function parseError(cmd: CommandClass, argv: string[]): Promise<unknown> {
  try {
    await Parser.parse(argv, { flags: { ...cmd.flags }, args: { ...cmd.args }, strict: cmd.strict !== false });
  } catch (err) {
    return err;
  }
  return undefined;
}

async function mapped(id: string, cmd: CommandClass, argv: string[]): Promise<UsageError> {
  const err = await parseError(cmd, argv);
  expect(err, `${id} ${argv.join(' ')} should not parse`).toBeDefined();
  return parseFailure(err, info(id, cmd));
}

describe('parse errors become usage errors with stable codes', () => {
  it('export with no paths names what it needs: profile files or folders, and --out', async () => {
    const e = await mapped('export', Export, []);
    expect(e.code).toBe('missing-argument');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      'Missing PATHS and --out. Usage: jabber-emm export PATHS... --out <value> [flags]. PATHS: Profile files or folders (folders are searched recursively). --out: Folder to write into: <out>/<profile name>/<file> (with several --emm, <out>/<profile name>/<console id>/<file> for console files).',
    );
    expect(e.help).toBe('jabber-emm export --help');
  });

  it('a missing required flag is missing-flag, with what the flag is for', async () => {
    const e = await mapped('export', Export, ['profiles/prod.yaml']);
    expect(e.code).toBe('missing-flag');
    expect(e.message).toBe('Missing --out. Usage: jabber-emm export PATHS... --out <value> [flags]. --out: Folder to write into: <out>/<profile name>/<file> (with several --emm, <out>/<profile name>/<console id>/<file> for console files).');
    const both = await mapped('pull', Pull, ['--app', 'com.cisco.jabberIM']);
    expect(both.code).toBe('missing-flag');
    expect(both.message).toMatch(/^Missing --console\. Usage: jabber-emm pull --console <value> --app <value> \[flags\]\. --console: The console to read\.$/);
  });

  it('a value outside a flag\'s options is invalid-flag-value, naming the choices', async () => {
    const e = await mapped('export', Export, ['p/', '--out', 'o', '--emm', 'bogus']);
    expect(e.code).toBe('invalid-flag-value');
    expect(e.message).toBe('Expected --emm=bogus to be one of: intune, workspace-one, jamf, ivanti-core, ivanti-neurons, maas360.');
    expect(e.message).not.toContain('See more help');
  });

  it('a flag without its value is missing-flag-value', async () => {
    const e = await mapped('export', Export, ['p/', '--out']);
    expect(e.code).toBe('missing-flag-value');
    expect(e.message).toBe('--out needs a value: Folder to write into: <out>/<profile name>/<file> (with several --emm, <out>/<profile name>/<console id>/<file> for console files).');
  });

  it('an unknown flag is unknown-flag, with the closest flag when one is close', async () => {
    const near = await mapped('validate', Validate, ['p/', '--xds', 'a.xsd']);
    expect(near.code).toBe('unknown-flag');
    expect(near.message).toBe('Unknown flag --xds. Did you mean --xsd?');
    const far = await mapped('diff', Diff, ['a', 'b', '--completely-different']);
    expect(far.message).toBe('Unknown flag --completely-different.');
  });

  it('an extra argument is unexpected-argument, a missing one missing-argument', async () => {
    const extra = await mapped('diff', Diff, ['a', 'b', 'c']);
    expect(extra.code).toBe('unexpected-argument');
    expect(extra.message).toBe('Unexpected argument: c. Usage: jabber-emm diff A B [flags].');
    const missing = await mapped('diff', Diff, ['a']);
    expect(missing.code).toBe('missing-argument');
    expect(missing.message).toMatch(/^Missing B\. Usage: jabber-emm diff A B \[flags\]\. B: After: a profile/);
  });

  it('never carries oclif internals (the parse input, the config) into the message', async () => {
    for (const [id, cmd, argv] of [
      ['export', Export, ['p/', '--json']],
      ['export', Export, []],
      ['doctor', Doctor, ['p/', '--view', 'sideways']],
    ] as const) {
      const e = await mapped(id, cmd, [...argv]);
      expect(JSON.stringify(failureJson(describeFailure(e)))).not.toMatch(/oclif|pjson|"parse"|\/home\//);
    }
  });
});

describe('describeFailure', () => {
  it("keeps the code and exit code of a command's own error (this.error(message, {exit, code}))", () => {
    const f = describeFailure(new Errors.CLIError('--xsd /missing.xsd does not exist.', { exit: 2, code: 'xsd-not-found' }));
    expect(f).toEqual({ code: 'xsd-not-found', message: '--xsd /missing.xsd does not exist.', exitCode: 2, usage: false });
    expect(describeFailure(new Errors.CLIError('Cannot write', { exit: 1, code: 'out-not-writable' })).exitCode).toBe(1);
    expect(describeFailure(new Errors.CLIError('no code', { exit: 1 })).code).toBe('failed');
    expect(describeFailure(new Errors.CLIError('no code, exit 2', { exit: 2 }))).toMatchObject({ code: 'failed', exitCode: 2 });
  });

  it('treats any other exception as a fault of the tool (internal-error, exit 1)', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toEqual({ code: 'internal-error', message: 'x is undefined', exitCode: 1, usage: false });
  });
});

describe('rendering', () => {
  const usage = describeFailure(new UsageError('missing-flag', 'Missing --out.', 'jabber-emm export --help'));

  it('--json: {"error": {"code", "message"}} and nothing else', () => {
    expect(failureJson(usage)).toEqual({ error: { code: 'missing-flag', message: 'Missing --out.' } });
  });

  it('text: a usage error is one line pointing at --help; another failure its message and code', () => {
    expect(failureText(usage)).toBe('Error: Missing --out. See `jabber-emm export --help`.\n');
    expect(failureText(describeFailure(new Errors.CLIError('Cannot write to --out out.', { exit: 1, code: 'out-not-writable' })))).toBe(
      'Error: Cannot write to --out out.\nCode: out-not-writable\n',
    );
  });

  it('usage line: arguments (variadic last), required flags, [flags]', () => {
    expect(usageLine(info('export', Export))).toBe('jabber-emm export PATHS... --out <value> [flags]');
    expect(usageLine(info('diff', Diff))).toBe('jabber-emm diff A B [flags]');
  });
});

describe('command suggestions', () => {
  const ids = ['diff', 'doctor', 'export', 'help', 'import', 'publish', 'pull', 'schema', 'targets', 'validate', 'version'];

  it('names the closest command for a typo, and none for something unrelated', () => {
    expect(unknownCommand('jabber-emm', 'exprot', ids).message).toBe('exprot is not a jabber-emm command. Did you mean export?');
    expect(unknownCommand('jabber-emm', 'valdiate', ids).message).toBe('valdiate is not a jabber-emm command. Did you mean validate?');
    const none = unknownCommand('jabber-emm', 'kubernetes', ids);
    expect(none.message).toBe('kubernetes is not a jabber-emm command.');
    expect(none.code).toBe('unknown-command');
    expect(none.exitCode).toBe(2);
    expect(none.help).toBe('jabber-emm help');
  });

  it('words after a command that takes no arguments are unexpected-argument, not an unknown command', () => {
    const commands: Omit<CommandInfo, 'bin'>[] = [
      { id: 'targets', flags: { json: { type: 'boolean' } }, args: {}, strict: true },
      { id: 'export', flags: { out: { required: true } }, args: { paths: { required: true } }, strict: false },
      { id: 'console:list', flags: {}, args: {}, strict: true },
    ];
    const extra = commandNotFound('jabber-emm', 'targets:extra:more', commands);
    expect(extra.code).toBe('unexpected-argument');
    expect(extra.message).toBe('Unexpected arguments: extra, more. Usage: jabber-emm targets [flags].');
    expect(extra.help).toBe('jabber-emm targets --help');
    // oclif joins the words after an unknown one too: the command typed is the first word.
    expect(commandNotFound('jabber-emm', 'exprot:examples/', commands).message).toBe('exprot is not a jabber-emm command. Did you mean export?');
    // A flag where the command belongs.
    const flag = commandNotFound('jabber-emm', '--nope', commands);
    expect(flag.code).toBe('unknown-flag');
    expect(flag.message).toBe('Unknown flag --nope: jabber-emm itself takes only --help (-h) and --version (-v); other flags follow a command.');
    // Within a topic, the topic and the word after it.
    expect(commandNotFound('jabber-emm', 'console:lsit', commands).message).toBe('console lsit is not a jabber-emm command. Did you mean console list?');
  });

  it('suggestion() accepts about a third of the letters wrong, at least two', () => {
    expect(suggestion('--ot', ['--out', '--target'])).toBe('--out');
    expect(suggestion('xyz', ['export'])).toBeUndefined();
    expect(suggestion('a', [])).toBeUndefined();
  });
});

describe('the base command prints each failure once', () => {
  let stdout = '';
  let stderr = '';
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    stdout = '';
    stderr = '';
  });
  function capture(): void {
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${args.join(' ')}\n`));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  }

  it('every command extends it', () => {
    for (const cmd of [Diff, Doctor, Export, Help, Import, Publish, Pull, Schema, Targets, Validate, Version]) expect(cmd.prototype).toBeInstanceOf(JabberCommand);
  });

  it('export without --out, --json: one short JSON object on stdout, exit 2', async () => {
    capture();
    await Export.run(['examples/', '--json'], root);
    expect(process.exitCode).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'missing-flag', message: expect.stringMatching(/^Missing --out\./) } });
    expect(stderr).toBe('');
  });

  it('an unknown --target, --json: the export error with its own code, exit 2', async () => {
    capture();
    await Export.run(['examples/', '--out', '/nonexistent-out-never-written', '--target', 'nope', '--json'], root);
    expect(process.exitCode).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'unknown-target', message: expect.stringMatching(/^Unknown target "nope"\./) } });
  });

  it('text mode: one line on stderr, nothing on stdout, no stack', async () => {
    capture();
    const debug = process.env.DEBUG;
    delete process.env.DEBUG;
    try {
      await Validate.run(['examples/', '--nope'], root);
    } finally {
      if (debug !== undefined) process.env.DEBUG = debug;
    }
    expect(process.exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('Error: Unknown flag --nope. See `jabber-emm validate --help`.\n');
  });

  it('with DEBUG set, the stack follows the message', async () => {
    capture();
    const debug = process.env.DEBUG;
    process.env.DEBUG = '*';
    try {
      await Validate.run(['examples/', '--nope'], root);
    } finally {
      if (debug === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = debug;
    }
    expect(stderr).toMatch(/^Error: Unknown flag --nope\..*\n.*UsageError/s);
    expect(stderr).toMatch(/\n\s+at /);
  });
});
