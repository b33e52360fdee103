import { Flags } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';
import type { PullJson } from '../publish/pull.js';

/** `jabber-emm pull`: the canonical profile of what Intune or Jamf Pro holds for an app. */
export default class Pull extends JabberCommand {
  static override summary = 'Print (or write) the canonical profile of what Intune or Jamf Pro holds for an app.';
  static override description = [
    "Finds the app configuration the console holds for the app (Intune: the policies targeting the app with that bundle id or package; Jamf Pro: the App Configuration of the app with that bundle id) and reads it through the same reader as `import`: values in the catalog's types and spellings, console tokens as canonical variables, the Intune policy's group assignments as publish.intune.assign. Secrets are never written: the profile reads them from ${env:...}, and a warning names the variable.",
    'Connection from the environment, as for publish.',
    'Exit codes: 0 pulled (warnings allowed), 1 the app has no policy, or several (they are listed; pick one with --policy), or the policy cannot be read, or --out cannot be written, 2 usage error, or the console cannot be reached or refuses the credentials.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> --console intune --app com.cisco.jabberIM',
    '<%= config.bin %> <%= command.id %> --console intune --app com.cisco.jabberIM --policy acme-prod --out profiles/acme-prod.yaml',
    '<%= config.bin %> <%= command.id %> --console jamf --app com.cisco.jabberIM --name acme-prod --json',
  ];
  static override flags = {
    console: Flags.string({ required: true, options: ['intune', 'jamf'], description: 'The console to read.' }),
    app: Flags.string({ required: true, description: 'iOS bundle id or Android package name of the app.' }),
    policy: Flags.string({ description: 'Intune: the policy to read (display name or id) when the app has several.' }),
    name: Flags.string({ char: 'n', description: "The profile's name (default: from the policy's or app's name)." }),
    out: Flags.string({ char: 'o', description: 'Write the profile to this file (atomically) instead of printing it.' }),
    lenient: Flags.boolean({ default: false, description: "Pull what can be read, as import --lenient does: values that break the profile's rules become warnings naming each item dropped." }),
    'device-code': Flags.boolean({ default: false, description: 'Intune: sign in as an admin at this terminal (device-code flow) instead of with a client secret.' }),
    'tenant-id': Flags.string({ description: 'Intune tenant id or domain (overrides JABBER_EMM_INTUNE_TENANT_ID).' }),
    'client-id': Flags.string({ description: 'Application (client) id (overrides JABBER_EMM_INTUNE_CLIENT_ID or JABBER_EMM_JAMF_CLIENT_ID).' }),
    'jamf-url': Flags.string({ description: 'Jamf Pro URL (overrides JABBER_EMM_JAMF_URL).' }),
  };
  static override enableJsonFlag = true;

  /** Prints (or writes) the profile and its warnings; returns the --json document. */
  async run(): Promise<PullJson> {
    const { flags } = await this.parse(Pull);
    const [{ pullProfile, PullError }, { ConsoleError }, { formatDiagnostics }, { colourWanted }] = await Promise.all([
      import('../publish/pull.js'),
      import('../consoles/errors.js'),
      import('../report/format.js'),
      import('../report/colour.js'),
    ]);
    const json = this.jsonEnabled();
    let result: PullJson;
    try {
      result = await pullProfile({
        console: flags.console as 'intune' | 'jamf',
        app: flags.app,
        ...(flags.policy !== undefined ? { policy: flags.policy } : {}),
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        ...(flags.out !== undefined ? { out: flags.out } : {}),
        ...(flags.lenient ? { lenient: true } : {}),
        connection: {
          ...(flags['tenant-id'] !== undefined ? { tenantId: flags['tenant-id'] } : {}),
          ...(flags['client-id'] !== undefined ? { clientId: flags['client-id'] } : {}),
          ...(flags['jamf-url'] !== undefined ? { jamfUrl: flags['jamf-url'] } : {}),
          deviceCode: flags['device-code'],
        },
      });
    } catch (err) {
      if (err instanceof ConsoleError || err instanceof PullError) {
        // oclif's catch keeps a set exit code under --json (its own would be 1).
        process.exitCode = err.exitCode;
        this.error(err.message, { exit: err.exitCode, code: err.code });
      }
      throw err;
    }
    if (!json) {
      if (result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics, { color: colourWanted(process.stderr) }));
      if (!result.ok) process.stderr.write(`${result.policy.name} holds values the profile's rules reject: nothing pulled. Fix them in the console, or pull what can be read with --lenient.\n`);
      else if (result.file === null) process.stdout.write(result.profile);
      else process.stdout.write(`Wrote ${result.file} (profile ${result.name}, from ${result.console} ${result.policy.name}).\n`);
    }
    if (!result.ok) process.exitCode = 1;
    return result;
  }
}
