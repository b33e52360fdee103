import { Args, Flags } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';
import type { ExportJson } from '../export/types.js';
import { EMM_CONSOLES } from '../variables/consoles.js';
import { emmFlag } from '../cli/emm-flag.js';

/** `jabber-emm export`: every file the EMM consoles, users and installers take, checked before it is written. */
export default class Export extends JabberCommand {
  static override summary = "Write every file the EMM consoles, users and installers take, each checked against its vendor's schema.";
  static override description = [
    'Reads profiles (files, or folders searched recursively for .yaml, .yml and .json), checks them like `validate`, and writes <out>/<profile name>/<file> for every target (see `jabber-emm targets`). A file that fails its vendor check is never written, and a profile with any error writes none of its files; the other profiles are still exported.',
    'Without --target it writes every format, except ios-ddm, which is written only with --asset-url; with --emm, only the formats those consoles take plus the console-neutral ones (url, url-page, windows-installer). With several --emm, each console\'s files go to <out>/<profile name>/<console id>/ and the console-neutral ones stay in <out>/<profile name>/. A file written for one console is never replaced by one for another: such a run stops with an error and writes nothing of that profile.',
    'Warnings that a key is not written to a format (not-carried) are shown for the formats named with --target; the same warning for several formats is printed once, naming them all. --quiet prints errors only.',
    'Files are written atomically (a temporary file beside them, then renamed), and files whose contents did not change are not touched. Two profiles with the same name stop the run before anything is written.',
    'Exit codes: 0 every profile exported (warnings allowed), 1 a profile failed or --out cannot be written, 2 usage error.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/ --out out',
    '<%= config.bin %> <%= command.id %> profiles/ --out out --target ios-dict --target android-managed-config --emm intune',
    '<%= config.bin %> <%= command.id %> profiles/ --out out --emm intune --emm jamf --emm workspace-one',
    '<%= config.bin %> <%= command.id %> profiles/ --out out --target ios-ddm --asset-url https://mdm.acme.com/jabber/',
    '<%= config.bin %> <%= command.id %> profiles/ --out out --json',
  ];
  // Paths are variadic (several files, folders, shell globs).
  static override strict = false;
  static override args = {
    paths: Args.string({ required: true, description: 'Profile files or folders (folders are searched recursively).' }),
  };
  static override flags = {
    out: Flags.string({
      char: 'o',
      required: true,
      description: 'Folder to write into: <out>/<profile name>/<file> (with several --emm, <out>/<profile name>/<console id>/<file> for console files).',
    }),
    target: Flags.string({
      char: 't',
      multiple: true,
      multipleNonGreedy: true,
      delimiter: ',',
      description:
        'Target id to write (repeatable, or comma-separated). Default: every target (ios-ddm only with --asset-url), or with --emm the ones those consoles take plus url, url-page and windows-installer. See `jabber-emm targets`.',
    }),
    emm: emmFlag(
      'Console whose variable syntax to write for ${user.email} and the like (e.g. intune writes {{mail}}), and whose formats to write when --target is not given. Repeatable: with several, each console\'s files go to <out>/<profile name>/<console id>/.',
    ),
    quiet: Flags.boolean({
      char: 'q',
      default: false,
      description: 'Print errors only, no warnings (--json still reports every diagnostic).',
    }),
    'typed-values': Flags.boolean({
      default: false,
      description: "Write booleans and integers as typed values in EMM files instead of Cisco's text tokens (ON/OFF, true/false).",
    }),
    'asset-url': Flags.string({
      description:
        'HTTPS URL where the ios-ddm plist will be served (needed by ios-ddm, which is written only with it). Ending in "/", it is a base: each profile gets <asset-url><name>/ios-ddm-config.plist (<asset-url><name>/<console id>/ios-ddm-config.plist in a console folder), the layout of --out.',
    }),
    'allow-secret-in-asset': Flags.boolean({
      default: false,
      description:
        'Write the ios-ddm plist even when it holds a secret (AutoLoginUserPassword). It is served at --asset-url, so only do this when that URL is protected.',
    }),
  };
  static override enableJsonFlag = true;

  /**
   * Streams its report (the --json document included) while the export runs, so it returns nothing
   * for oclif to print; the exit code says whether every profile was exported.
   */
  async run(): Promise<ExportJson | undefined> {
    const { argv, flags } = await this.parse(Export);
    const [{ exportProfiles }, { ExportError }, reporting] = await Promise.all([
      import('../export/export-profiles.js'),
      import('../export/errors.js'),
      import('../export/cli-reporting.js'),
    ]);
    const json = this.jsonEnabled();
    const reporter = await reporting.createCliReporter({ json, quiet: flags.quiet });
    try {
      const result = await exportProfiles(
        {
          paths: argv as string[],
          out: flags.out,
          ...(flags.target !== undefined ? { targets: flags.target } : {}),
          ...(flags.emm !== undefined ? { emm: flags.emm as (typeof EMM_CONSOLES)[number][] } : {}),
          typedValues: flags['typed-values'],
          ...(flags['asset-url'] !== undefined ? { assetUrl: flags['asset-url'] } : {}),
          ...(flags['allow-secret-in-asset'] ? { allowSecretInAsset: true } : {}),
          keepProfiles: false,
        },
        reporter.hooks,
      );
      reporter.finish(result);
      if (result.summary.failed > 0) process.exitCode = 1;
      return undefined;
    } catch (err) {
      reporter.abort();
      if (err instanceof ExportError) this.error(err.message, { exit: err.exitCode, code: err.code });
      throw err;
    }
  }
}
