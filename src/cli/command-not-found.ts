import type { Hook } from '@oclif/core';
import { commandNotFound as notFound, describeFailure, failureJson, failureText, type FlagInfo } from './failure.js';

/**
 * oclif's `command_not_found` hook (package.json oclif.hooks, exported by the bundle): a mistyped
 * command is a usage error (`unknown-command`, exit 2) that names the closest command, and words
 * after a command that takes none are `unexpected-argument`; printed like every other failure
 * (`{"error": ...}` on stdout with `--json`).
 */
export const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const { config, id } = options;
  const argv = options.argv ?? [];
  const commands = config.commands
    .filter((c) => !c.hidden)
    .map((c) => ({ id: c.id, flags: c.flags as Record<string, FlagInfo>, args: c.args, strict: c.strict !== false }));
  const failure = describeFailure(notFound(config.bin, id, commands));
  const end = argv.indexOf('--');
  const json = argv.slice(0, end === -1 ? argv.length : end).includes('--json');
  if (json) process.stdout.write(`${JSON.stringify(failureJson(failure), null, 2)}\n`);
  else process.stderr.write(failureText(failure));
  this.exit(failure.exitCode);
};
