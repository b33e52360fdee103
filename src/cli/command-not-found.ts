import type { Hook } from '@oclif/core';
import { describeFailure, failureJson, failureText, unknownCommand } from './failure.js';

/**
 * oclif's `command_not_found` hook (package.json oclif.hooks, exported by the bundle): a mistyped
 * command is a usage error (`unknown-command`, exit 2) that names the closest command, printed
 * like every other failure (`{"error": ...}` on stdout with `--json`).
 */
export const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const { config, id } = options;
  const argv = options.argv ?? [];
  const ids = config.commands.filter((c) => !c.hidden).map((c) => c.id);
  // With topics separated by spaces, oclif joins the words that follow into the id it could not
  // find (`exprot examples/` arrives as `exprot:examples/`): the command typed is the topics that
  // exist, then one word.
  const words = id.split(':');
  let n = 1;
  while (n < words.length && config.findTopic(words.slice(0, n).join(':')) !== undefined) n += 1;
  const failure = describeFailure(unknownCommand(config.bin, words.slice(0, n).join(':'), ids));
  const end = argv.indexOf('--');
  const json = argv.slice(0, end === -1 ? argv.length : end).includes('--json');
  if (json) process.stdout.write(`${JSON.stringify(failureJson(failure), null, 2)}\n`);
  else process.stderr.write(failureText(failure));
  this.exit(failure.exitCode);
};
