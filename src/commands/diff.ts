import { Args, Flags } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';
import type { DiffJson } from '../diff/json.js';

/** `jabber-emm diff`: what differs between two profiles, two environments, or a profile and a console. */
export default class Diff extends JabberCommand {
  static override summary = 'Compare two profiles, two folders of profiles, or a profile with what a console holds.';
  static override description = [
    "Each side is a profile, a folder of profiles (paired by name), or an exported file (any target, recognised by its contents; a configuration URL can be given as the argument itself). Profiles are compared after extends and ${env:NAME} are resolved, key by key, so two profiles written differently but meaning the same are identical. A profile against an exported file reports drift: what the console holds against what the profile says, on the keys that file carries (with the other files of its set from its folder: app_restrictions.xml with its values file, the ios-ddm files, the page with its e-mail). A setting carried by two channels compares as one key (a URL's VoiceServicesDomain against an installer's VOICE_SERVICES_DOMAIN).",
    'A folder of profiles against an export folder (its subfolders hold exported files; a console subfolder <out>/<profile>/<console>/ of --emm belongs to its profile) compares each profile with the files exported for it, paired by profile name, and names each profile, file and key that drifted (--json: `drift` entries with profile, file, key, before, after). Secrets are shown as *** unless --show-secrets.',
    'Exit codes: 0 identical, 1 different, 2 error (an invalid profile, an unreadable file, a usage error), like diff(1).',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> staging/acme.yaml prod/acme.yaml',
    '<%= config.bin %> <%= command.id %> profiles/staging/ profiles/prod/ --format markdown',
    '<%= config.bin %> <%= command.id %> acme-prod.yaml intune-export.xml',
    "<%= config.bin %> <%= command.id %> acme-prod.yaml 'ciscojabber://provision?ServicesDomain=acme.com'",
    '<%= config.bin %> <%= command.id %> profiles/ out/ --json',
  ];
  static override args = {
    a: Args.string({ required: true, description: 'Before: a profile, a folder of profiles, an export folder, an exported file or a configuration URL.' }),
    b: Args.string({ required: true, description: 'After: a profile, a folder of profiles, an export folder, an exported file or a configuration URL.' }),
  };
  static override flags = {
    format: Flags.string({ options: ['text', 'markdown'], default: 'text', description: 'text for a terminal, markdown for a change request.' }),
    'show-secrets': Flags.boolean({ default: false, description: 'Show secret values (AutoLoginUserPassword ...) instead of ***.' }),
  };
  static override enableJsonFlag = true;

  /** Prints the report (or returns the --json document) and sets the exit code: 0 identical, 1 different, 2 error. */
  async run(): Promise<DiffJson> {
    const { args, flags } = await this.parse(Diff);
    const [{ diffPaths }, { DiffError }, { diffJson, diffErrorJson }, { formatDiffText }, { formatDiffMarkdown }, { colourWanted }, { formatDiagnostics }] =
      await Promise.all([
        import('../diff/diff.js'),
        import('../diff/sides.js'),
        import('../diff/json.js'),
        import('../diff/format-text.js'),
        import('../diff/format-markdown.js'),
        import('../report/colour.js'),
        import('../report/format.js'),
      ]);
    const json = this.jsonEnabled();
    try {
      const result = await diffPaths(args.a, args.b, { env: process.env, showSecrets: flags['show-secrets'] });
      process.exitCode = result.identical ? 0 : 1;
      if (!json) {
        if (result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics, { color: colourWanted(process.stderr) }));
        process.stdout.write(flags.format === 'markdown' ? formatDiffMarkdown(result) : formatDiffText(result, { color: colourWanted(process.stdout) }));
      }
      return diffJson(result);
    } catch (err) {
      // Anything else is a failure of the tool itself: still exit 2, as diff(1) does for trouble.
      if (!(err instanceof DiffError)) this.error(err instanceof Error ? err : String(err), { exit: 2 });
      process.exitCode = 2;
      if (!json) {
        const color = colourWanted(process.stderr);
        process.stderr.write(formatDiagnostics(err.diagnostics, { color }));
        process.stderr.write(`Error: ${err.message}\n`);
      }
      return diffErrorJson(err.code, err.message, err.diagnostics);
    }
  }
}
