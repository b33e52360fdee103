import { Command, Errors, type Interfaces } from '@oclif/core';
import { describeFailure, failureJson, failureText, parseFailure, type CommandInfo, type FlagInfo } from './failure.js';

/**
 * The base of every jabber-emm command: the one error path. A parse error becomes a usage error
 * (exit 2) with a stable code; every failure is printed once, as `{"error": {"code", "message"}}`
 * on stdout under `--json`, else as a short message on stderr (the stack only with DEBUG set).
 * Commands raise errors (`this.error(message, {exit, code})`) and never print them.
 */
export abstract class JabberCommand extends Command {
  /** Parses like oclif, but a command line it rejects is a {@link UsageError} (exit 2). */
  protected override async parse<F extends Interfaces.OutputFlags<any>, B extends Interfaces.OutputFlags<any>, A extends Interfaces.OutputArgs<any>>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv);
    } catch (err) {
      // The command line was parsed, and rejected: not the "did you forget to call this.parse" case.
      this.parsed = true;
      throw parseFailure(err, this.commandInfo());
    }
  }

  /** Prints the failure once (JSON or text) and sets the exit code; `this.exit()` passes through. */
  protected override async catch(err: Interfaces.CommandError): Promise<void> {
    if (err instanceof Errors.ExitError) throw err;
    const failure = describeFailure(err);
    process.exitCode = failure.exitCode;
    if (this.jsonEnabled()) this.logJson(failureJson(failure));
    else process.stderr.write(failureText(failure));
    if (process.env.DEBUG && err.stack) process.stderr.write(`${err.stack}\n`);
  }

  /** The definitions the usage messages name (the command's flags with oclif's --json). */
  private commandInfo(): CommandInfo {
    const ctor = this.ctor as typeof Command;
    const flags: Record<string, FlagInfo> = { ...(ctor.flags as Record<string, FlagInfo> | undefined) };
    if (ctor.enableJsonFlag) flags.json = { description: 'Format output as json.', type: 'boolean' };
    return { bin: this.config.bin, id: this.id ?? ctor.id, flags, args: { ...ctor.args }, strict: ctor.strict !== false };
  }
}
