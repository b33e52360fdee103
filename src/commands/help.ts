import { Args } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';

/** `jabber-emm help [COMMAND]`: the same help as `--help`, for people who type it as a command. */
export default class Help extends JabberCommand {
  static override summary = 'Show help for jabber-emm, or for one command.';
  static override description = 'The same text as `--help` (or `-h`): without a command, the list of commands; with one, its usage, arguments and flags.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> export'];
  static override strict = false;
  static override args = {
    command: Args.string({ required: false, description: 'The command to show help for.' }),
  };

  /** Prints the help of the command named (or of the CLI). */
  async run(): Promise<void> {
    const { argv } = await this.parse(Help);
    const words = argv as string[];
    const [{ loadHelpClass }, { unknownCommand }] = await Promise.all([import('@oclif/core'), import('../cli/failure.js')]);
    // As oclif's own help: a flag where the command would be means the root help.
    const first = words[0];
    if (first !== undefined && !first.startsWith('-') && this.config.findCommand(first) === undefined && this.config.findTopic(first) === undefined) {
      throw unknownCommand(this.config.bin, first, this.config.commands.filter((c) => !c.hidden).map((c) => c.id));
    }
    const HelpClass = await loadHelpClass(this.config);
    const help = new HelpClass(this.config, this.config.pjson.oclif.helpOptions ?? {});
    await help.showHelp(words);
  }
}
