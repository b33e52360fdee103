import { JabberCommand } from '../cli/command.js';
import type { JsonSchema } from '../catalog/profile-schema.js';

/** `jabber-emm schema`: prints the profile JSON Schema, for editors and for `$schema` in profiles. */
export default class Schema extends JabberCommand {
  static override summary = 'Print the JSON Schema of the deployment profile.';
  static override description =
    'Prints schemas/profile.schema.json, generated from the parameter catalog. Save it next to your profiles and name it with "$schema" (JSON) or a yaml-language-server comment (YAML) so your editor completes and checks keys and values.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> > profile.schema.json',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  static override enableJsonFlag = true;

  /** Returns the schema object; oclif prints it for --json, otherwise the file text is printed as is. */
  async run(): Promise<JsonSchema> {
    await this.parse(Schema);
    const { readProfileSchemaText } = await import('../catalog/profile-schema.js');
    const text = readProfileSchemaText();
    if (!this.jsonEnabled()) this.log(text.replace(/\n$/, ''));
    return JSON.parse(text) as JsonSchema;
  }
}
