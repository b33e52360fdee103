import { JabberCommand } from '../cli/command.js';

/** `jabber-emm version`: the line `--version` (or `-v`) prints. */
export default class Version extends JabberCommand {
  static override summary = 'Show the jabber-emm version, platform and Node.js version.';
  static override description = 'The same line as `--version` (or `-v`): name/version platform-arch node-version.';
  static override examples = ['<%= config.bin %> <%= command.id %>'];

  /** Prints oclif's user agent line, as `--version` does. */
  async run(): Promise<void> {
    await this.parse(Version);
    this.log(this.config.userAgent);
  }
}
