import { Args, Command, Flags } from '@oclif/core';
import type { ExportJson } from '../export/types.js';
import { EMM_CONSOLES } from '../variables/consoles.js';

/** `jabber-emm export`: every file the EMM consoles, users and installers take, checked before it is written. */
export default class Export extends Command {
  static override summary = "Write every file the EMM consoles, users and installers take, each checked against its vendor's schema.";
  static override description = [
    'Reads profiles (files, or folders searched recursively for .yaml, .yml and .json), checks them like `validate`, and writes <out>/<profile name>/<file> for every target (see `jabber-emm targets`). A file that fails its vendor check is never written, and a profile with any error writes none of its files; the other profiles are still exported.',
    'Files are written atomically (a temporary file beside them, then renamed), and files whose contents did not change are not touched. Two profiles with the same name stop the run before anything is written.',
    'Exit codes: 0 every profile exported (warnings allowed), 1 a profile failed or --out cannot be written, 2 usage error.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/ --out out',
    '<%= config.bin %> <%= command.id %> profiles/ --out out --target ios-dict --target android-managed-config --emm intune',
    '<%= config.bin %> <%= command.id %> profiles/ --out out --target ios-ddm --asset-url https://mdm.acme.com/jabber/',
    '<%= config.bin %> <%= command.id %> profiles/ --out out --json',
  ];
  // Paths are variadic (several files, folders, shell globs).
  static override strict = false;
  static override args = {
    paths: Args.string({ required: true, description: 'Profile files or folders (folders are searched recursively).' }),
  };
  static override flags = {
    out: Flags.string({ char: 'o', required: true, description: 'Folder to write into: <out>/<profile name>/<file>.' }),
    target: Flags.string({
      char: 't',
      multiple: true,
      multipleNonGreedy: true,
      delimiter: ',',
      description: 'Target id to write (repeatable, or comma-separated). Default: every target. See `jabber-emm targets`.',
    }),
    emm: Flags.string({
      options: [...EMM_CONSOLES],
      description: 'Console whose variable syntax to write for ${user.email} and the like (e.g. intune writes {{mail}}).',
    }),
    'typed-values': Flags.boolean({
      default: false,
      description: "Write booleans and integers as typed values in EMM files instead of Cisco's text tokens (ON/OFF, true/false).",
    }),
    'asset-url': Flags.string({
      description:
        'HTTPS URL where the ios-ddm plist will be served (needed by --target ios-ddm). Ending in "/", it is a base: each profile gets <asset-url><name>/ios-ddm-config.plist, the layout of --out.',
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
    const reporter = await reporting.createCliReporter({ json });
    try {
      const result = await exportProfiles(
        {
          paths: argv as string[],
          out: flags.out,
          ...(flags.target !== undefined ? { targets: flags.target } : {}),
          ...(flags.emm !== undefined ? { emm: flags.emm as (typeof EMM_CONSOLES)[number] } : {}),
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
