import { Args, Command, Flags } from '@oclif/core';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** What `import --json` prints. */
export interface ImportJson {
  name: string;
  target: string;
  source: string;
  /** The file written with --out, or null when the profile went to stdout (here: in `profile`). */
  file: string | null;
  /** The profile as YAML. */
  profile: string;
  /** Environment variables to set (secrets are imported as ${env:...} references). */
  env: string[];
  diagnostics: Diagnostic[];
}

/** `jabber-emm import`: an exported file (or a configuration URL) back to a canonical profile. */
export default class Import extends Command {
  static override summary = 'Turn an exported file or a configuration URL back into a canonical profile.';
  static override description = [
    'Reads any format jabber-emm exports and can read back (ios-appconfig, ios-plist, ios-dict, android-managed-config,',
    'android-amapi, url, windows-installer), recognised by its contents, or a ciscojabber://provision URL given as the',
    'argument, and prints a profile: values in the catalog\'s types and spellings, console tokens ({{mail}}, $EMAIL ...)',
    'as canonical variables (${user.email}). Unknown keys and values Jabber does not take are kept in comments at the',
    'end and reported as warnings. Secrets are never written: the profile reads them from ${env:...}, and the warning',
    'names the variable to set.',
    '',
    'Exit codes: 0 imported (warnings allowed), 1 the file cannot be read or recognised, or --out cannot be written, 2 usage error.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> intune-ios.xml --name acme-prod --out profiles/acme-prod.yaml',
    "<%= config.bin %> <%= command.id %> 'ciscojabber://provision?ServicesDomain=acme.com&Telephony_Enabled=True'",
    '<%= config.bin %> <%= command.id %> out/acme-prod/android-managed-config.json --json',
  ];
  static override args = {
    artifact: Args.string({ required: true, description: 'An exported file, or a ciscojabber://provision?... URL.' }),
  };
  static override flags = {
    out: Flags.string({ char: 'o', description: 'Write the profile to this file (atomically) instead of printing it.' }),
    name: Flags.string({ char: 'n', description: "The profile's name (default: from the file name)." }),
  };
  static override enableJsonFlag = true;

  /** Prints (or writes) the profile and its warnings; returns the --json document. */
  async run(): Promise<ImportJson> {
    const { args, flags } = await this.parse(Import);
    const [{ importArtifact }, { ArtifactError }, { formatDiagnostics }, { colourWanted }] = await Promise.all([
      import('../import/import-artifact.js'),
      import('../import/read-artifact.js'),
      import('../report/format.js'),
      import('../report/colour.js'),
    ]);
    const json = this.jsonEnabled();
    let result;
    try {
      result = await importArtifact(args.artifact, {
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        ...(flags.out !== undefined ? { out: flags.out } : {}),
      });
    } catch (err) {
      if (!(err instanceof ArtifactError)) throw err;
      if (!json && err.diagnostics.length > 0) process.stderr.write(formatDiagnostics(err.diagnostics, { color: colourWanted(process.stderr) }));
      this.error(err.message, { exit: err.code === 'invalid-name' ? 2 : 1, code: err.code });
    }
    const file = result.file ?? null;
    if (!json) {
      if (result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics, { color: colourWanted(process.stderr) }));
      if (file === null) process.stdout.write(result.yaml);
      else process.stdout.write(`Wrote ${file} (profile ${result.name}, from ${result.target}).\n`);
    }
    return { name: result.name, target: result.target, source: result.source, file, profile: result.yaml, env: result.env, diagnostics: result.diagnostics };
  }
}
