import { Args, Flags } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';
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
  /** False when the input has errors (nothing was written; exit 1). */
  ok: boolean;
  /** The files read: the one given, then the other files of its set found beside it. */
  files: string[];
  diagnostics: Diagnostic[];
}

/** `jabber-emm import`: an exported file (or a configuration URL) back to a canonical profile. */
export default class Import extends JabberCommand {
  static override summary = 'Turn an exported file or a configuration URL back into a canonical profile.';
  static override description = [
    "Reads any format jabber-emm exports (every target), recognised by its contents, with the other files of its set found beside it (app_restrictions.xml with its values file, the three ios-ddm files, the page with its e-mail), or a ciscojabber://provision URL given as the argument (also wrapped over lines, as printed guides show it), and prints a profile: values in the catalog's types and spellings, console tokens ({{mail}}, $EMAIL ...) as canonical variables (${user.email}). Values go through the same rules as a profile's (the diagnostics `validate` gives the file): input its format rejects and values that break the rules are errors, and nothing is written. With --lenient what can be read is imported and each item dropped is named in a warning. Unknown keys are kept in comments at the end and named in warnings. Secrets are never written: the profile reads them from ${env:...}, and the warning names the variable to set.",
    'Exit codes: 0 imported, every item in the profile or named in a warning; 1 the input has errors (see --lenient), cannot be read or recognised, --out exists (pass --force to replace it) or cannot be written; 2 usage error.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> intune-ios.xml --name acme-prod --out profiles/acme-prod.yaml',
    '<%= config.bin %> <%= command.id %> intune-ios.xml --name acme-prod --out profiles/acme-prod.yaml --force',
    "<%= config.bin %> <%= command.id %> 'ciscojabber://provision?ServicesDomain=acme.com&Telephony_Enabled=True'",
    '<%= config.bin %> <%= command.id %> out/acme-prod/android-managed-config.json --json',
  ];
  static override args = {
    artifact: Args.string({ required: true, description: 'An exported file, or a ciscojabber://provision?... URL.' }),
  };
  static override flags = {
    out: Flags.string({ char: 'o', description: 'Write the profile to this file (atomically) instead of printing it.' }),
    force: Flags.boolean({ dependsOn: ['out'], description: 'With --out: replace the file if it exists (without it, an existing file is refused, exit 1).' }),
    name: Flags.string({ char: 'n', description: "The profile's name (default: from the file name)." }),
    lenient: Flags.boolean({ description: 'Import what can be read; name each item dropped in a warning instead of failing.', default: false }),
  };
  static override enableJsonFlag = true;

  /** Prints (or writes) the profile and its warnings; returns the --json document. */
  async run(): Promise<ImportJson> {
    const { args, flags } = await this.parse(Import);
    const [{ importArtifact }, { ArtifactError }, { formatDiagnostics }, { colourWanted }] = await Promise.all([
      import('../import/import-artifact.js'),
      import('../artifact/read.js'),
      import('../report/format.js'),
      import('../report/colour.js'),
    ]);
    const json = this.jsonEnabled();
    let result;
    try {
      result = await importArtifact(args.artifact, {
        ...(flags.name !== undefined ? { name: flags.name } : {}),
        ...(flags.out !== undefined ? { out: flags.out } : {}),
        ...(flags.lenient ? { lenient: true } : {}),
        ...(flags.force ? { force: true } : {}),
      });
    } catch (err) {
      if (!(err instanceof ArtifactError)) throw err;
      if (!json && err.diagnostics.length > 0) process.stderr.write(formatDiagnostics(err.diagnostics, { color: colourWanted(process.stderr) }));
      this.error(err.message, { exit: err.code === 'invalid-name' ? 2 : 1, code: err.code });
    }
    const file = result.file ?? null;
    if (!json) {
      if (result.diagnostics.length > 0) process.stderr.write(formatDiagnostics(result.diagnostics, { color: colourWanted(process.stderr) }));
      if (!result.ok) process.stderr.write(`${result.source} has errors: nothing imported. Fix them, or import what can be read with --lenient.\n`);
      else if (file === null) process.stdout.write(result.yaml);
      else process.stdout.write(`Wrote ${file} (profile ${result.name}, from ${result.target}).\n`);
    }
    if (!result.ok) process.exitCode = 1;
    return {
      name: result.name,
      target: result.target,
      source: result.source,
      file,
      profile: result.yaml,
      env: result.env,
      ok: result.ok,
      files: result.files,
      diagnostics: result.diagnostics,
    };
  }
}
