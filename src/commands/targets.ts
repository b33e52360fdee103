import { JabberCommand } from '../cli/command.js';
import type { TargetInfo } from '../export/target-list.js';

/** `jabber-emm targets`: the export formats, the files they write, who takes them and what checks them. */
export default class Targets extends JabberCommand {
  static override summary = 'List the export targets: file names, consoles that take them, what they are checked against.';
  static override description =
    'Every id listed here can be given to `export --target`. Without --target, export writes all of them.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static override enableJsonFlag = true;

  /** Returns `{targets: [{id, summary, fileNames, consoles, checkedAgainst}]}`; oclif prints it for --json. */
  async run(): Promise<{ targets: TargetInfo[] }> {
    await this.parse(Targets);
    const [{ TARGETS }, { describeTargets, formatTargets }] = await Promise.all([
      import('../targets/registry.js'),
      import('../export/target-list.js'),
    ]);
    const targets = describeTargets(TARGETS);
    if (!this.jsonEnabled()) process.stdout.write(formatTargets(targets));
    return { targets };
  }
}
