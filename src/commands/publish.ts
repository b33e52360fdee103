import { Args, Flags } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';
import type { PublishJson } from '../publish/types.js';

/** `jabber-emm publish`: plan, then with --apply make, each profile's app configuration in Intune or Jamf Pro. */
export default class Publish extends JabberCommand {
  static override summary = "Plan, then with --apply make, each profile's app configuration in Intune or Jamf Pro.";
  static override description = [
    "Reads profiles (files or folders, like export), exports each one's configuration for the console (ios-dict with the console's variable tokens; for Intune with --beta also android-managed-config), verified like export verifies it, reads what the console holds, and prints per profile and platform: create, update (the keys that change, before → after, secrets masked), in step, or refused. Values are compared after parsing, so whitespace, key order and encoding are not changes.",
    'Without --apply nothing is written. --apply makes the console match the plan; each object is read again right before it is written, and a change made since the plan refuses that write. Every request body is checked against the vendor schema (schemas/consoles/) before it is sent.',
    "Intune: one app configuration policy per profile and platform, named after the profile and marked as jabber-emm's in its description; a policy of that name without the marker is refused unless --adopt. Assignments come from the profile's publish.intune.assign (group display names). Android policies exist only in Microsoft Graph beta: add --beta. Jamf Pro: the app with the profile's iOS bundle id gets the dict as its App Configuration; preferences holding keys jabber-emm would not write are refused unless --adopt.",
    'Connection from the environment: JABBER_EMM_INTUNE_TENANT_ID, JABBER_EMM_INTUNE_CLIENT_ID, JABBER_EMM_INTUNE_CLIENT_SECRET (JABBER_EMM_INTUNE_GRAPH_URL, JABBER_EMM_INTUNE_LOGIN_URL for national clouds); JABBER_EMM_JAMF_URL, JABBER_EMM_JAMF_CLIENT_ID, JABBER_EMM_JAMF_CLIENT_SECRET. https only, except for this machine.',
    'Exit codes: 0 done (or planned), 1 a profile failed or was refused, or with --check something would change, 2 usage error, or the console cannot be reached or refuses the credentials.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> profiles/ --console intune',
    '<%= config.bin %> <%= command.id %> profiles/ --console intune --apply',
    '<%= config.bin %> <%= command.id %> profiles/ --console intune --beta --check --json',
    '<%= config.bin %> <%= command.id %> profiles/acme-prod.yaml --console jamf --apply',
  ];
  static override strict = false;
  static override args = {
    paths: Args.string({ required: true, description: 'Profile files or folders (folders are searched recursively).' }),
  };
  static override flags = {
    console: Flags.string({ required: true, options: ['intune', 'jamf'], description: "The console to publish to; its variable syntax is used (as export's --emm)." }),
    apply: Flags.boolean({ default: false, description: 'Make the changes (default: plan only, nothing is written).' }),
    adopt: Flags.boolean({ default: false, description: 'Take over an Intune policy jabber-emm did not create, or Jamf preferences holding keys it would not write.' }),
    check: Flags.boolean({ default: false, description: 'Exit 1 when anything would change (drift check for CI).' }),
    beta: Flags.boolean({ default: false, description: 'Intune: also publish Android policies, which exist only in Microsoft Graph beta (can change without notice).' }),
    'device-code': Flags.boolean({ default: false, description: 'Intune: sign in as an admin at this terminal (device-code flow) instead of with a client secret.' }),
    'tenant-id': Flags.string({ description: 'Intune tenant id or domain (overrides JABBER_EMM_INTUNE_TENANT_ID).' }),
    'client-id': Flags.string({ description: 'Application (client) id (overrides JABBER_EMM_INTUNE_CLIENT_ID or JABBER_EMM_JAMF_CLIENT_ID). Secrets are read from the environment only.' }),
    'jamf-url': Flags.string({ description: 'Jamf Pro URL (overrides JABBER_EMM_JAMF_URL).' }),
  };
  static override enableJsonFlag = true;

  /** Prints the plans (or, with --json, returns them) and sets the exit code. */
  async run(): Promise<PublishJson> {
    const { argv, flags } = await this.parse(Publish);
    const [{ publishProfiles, publishExitCode }, { ConsoleError }, { formatPlan, formatPublishSummary }, { formatDiagnostics }, { colourWanted }, { ProgressBar, progressWanted }] =
      await Promise.all([
        import('../publish/publish.js'),
        import('../consoles/errors.js'),
        import('../publish/format.js'),
        import('../report/format.js'),
        import('../report/colour.js'),
        import('../export/progress.js'),
      ]);
    const json = this.jsonEnabled();
    const color = !json && colourWanted(process.stderr);
    const progress = progressWanted({ isTTY: process.stderr.isTTY, env: process.env, json }) ? new ProgressBar(process.stderr) : undefined;
    let result: PublishJson;
    try {
      result = await publishProfiles(
        {
          paths: argv as string[],
          console: flags.console as 'intune' | 'jamf',
          apply: flags.apply,
          adopt: flags.adopt,
          beta: flags.beta,
          connection: {
            ...(flags['tenant-id'] !== undefined ? { tenantId: flags['tenant-id'] } : {}),
            ...(flags['client-id'] !== undefined ? { clientId: flags['client-id'] } : {}),
            ...(flags['jamf-url'] !== undefined ? { jamfUrl: flags['jamf-url'] } : {}),
            deviceCode: flags['device-code'],
          },
        },
        {
          onStart: (total) => progress?.start(total),
          onPlan: (plan, done) => {
            if (json) return;
            progress?.clear();
            if (plan.diagnostics.length > 0) process.stderr.write(formatDiagnostics(plan.diagnostics, { color }));
            process.stdout.write(formatPlan(plan, flags.apply));
            progress?.update(done);
          },
        },
      );
    } catch (err) {
      progress?.clear();
      if (err instanceof ConsoleError) {
        // oclif's catch keeps a set exit code under --json (its own would be 1).
        process.exitCode = err.exitCode;
        this.error(err.message, { exit: err.exitCode, code: err.code });
      }
      throw err;
    }
    progress?.clear();
    if (!json) {
      // Run-level notes belong to no file.
      for (const d of result.diagnostics) process.stderr.write(`${d.severity} ${d.code}: ${d.message}\n`);
      process.stdout.write(formatPublishSummary(result, { apply: flags.apply }));
    }
    process.exitCode = publishExitCode(result, flags.check);
    return result;
  }
}
