import { Args, Flags } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';
import type { ValidatedJson, ValidatePathsJson } from '../validate/report.js';
import { EMM_CONSOLES, type EmmConsole } from '../variables/consoles.js';
import { emmFlag } from '../cli/emm-flag.js';

/** `jabber-emm validate`: checks profiles against the catalog and Cisco's rules, and exported files against their vendor's schema. */
export default class Validate extends JabberCommand {
  static override summary = "Check profiles against Cisco's documented rules, and exported files against their vendor's schema.";
  static override description = [
    "Reads profiles (files, or folders searched recursively for .yaml, .yml and .json), follows `extends`, fills ${env:NAME} from the environment, and checks every key and value against the parameter catalog and Cisco's cross-field rules. Every problem is reported as `file:line:column: severity code: message`; nothing is written.",
    'Exported files you already hold are checked the way export checks them before writing: against the vendor\'s schema, then their values read back. Which file is what: .yaml and .yml are always profiles. A file named here is an export when a target recognises its contents (so a .json can be either), else a .json is a profile and an .xml, .plist, .txt, .cmd or .html is an error (unrecognised-file). Folder searches also take the .xml, .plist, .txt, .cmd and .html files a target recognises and leave other files alone. app_restrictions.xml is checked together with its values file from the same folder (the other sets likewise: the three ios-ddm files, the page and its e-mail). A ciscojabber://provision URL given as an argument is checked as a url export, also when wrapped over lines (a warning says so). Values read from an export go through the same rules as a profile\'s (same codes, positions inside the file). In --json each entry has kind "profile" or "artifact" (with its target); the summary counts both, and `artifacts` says how many were exported files.',
    '--emm names the consoles export will write tokens for: each ${user.email}-style variable a console has no token for is an error (variable-unsupported), as export reports it. Without --emm, a profile using such variables gets a warning (variables-need-emm) that export will need --emm, naming the consoles that have a token for all of them.',
    '--xsd also checks every AppConfig specfile (ios-appconfig) against an XML Schema you supply.',
    'Exit codes: 0 no file has errors (warnings allowed), 1 a profile or exported file has errors, a path does not exist or a file named is not recognised, 2 usage error (also an --xsd that is missing or does not compile).',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/',
    '<%= config.bin %> <%= command.id %> profiles/*.yaml',
    'JABBER_AUTOLOGIN_PASSWORD=... <%= config.bin %> <%= command.id %> acme-prod.yaml --json',
    '<%= config.bin %> <%= command.id %> out/acme-prod/ intune-ios.xml',
    '<%= config.bin %> <%= command.id %> out/ --xsd appconfig.xsd',
    '<%= config.bin %> <%= command.id %> acme-prod.yaml --emm intune --emm jamf',
    "<%= config.bin %> <%= command.id %> 'ciscojabber://provision?ServicesDomain=acme.com&VoiceServicesDomain=voice.acme.com'",
  ];
  // Paths are variadic (several files, folders, shell globs).
  static override strict = false;
  static override args = {
    paths: Args.string({ required: true, description: 'Profile or exported files, folders (searched recursively), or ciscojabber:// URLs.' }),
  };
  static override flags = {
    emm: emmFlag(
      'Console export will write tokens for (repeatable, or comma-separated): a ${user...}/${device...} variable the console has no token for is an error. Without it, variables get a warning that export will need --emm.',
    ),
    quiet: Flags.boolean({ char: 'q', default: false, description: 'List errors only (the counts still include warnings; --json keeps every diagnostic).' }),
    xsd: Flags.string({ description: 'Also check AppConfig specfiles (ios-appconfig) against this XML Schema file.', helpValue: '<file>' }),
  };
  static override enableJsonFlag = true;

  /** Prints each file as it is checked (or, for --json, returns the document for oclif to print). */
  async run(): Promise<ValidatePathsJson> {
    const { argv, flags } = await this.parse(Validate);
    const [{ validatePaths, ValidateUsageError }, report, { formatDiagnostics }, { colourWanted }] = await Promise.all([
      import('../validate/validate-paths.js'),
      import('../validate/report.js'),
      import('../report/format.js'),
      import('../report/colour.js'),
    ]);
    const json = this.jsonEnabled();
    const color = !json && colourWanted(process.stdout);
    const quiet = flags.quiet;
    const write = (text: string): void => {
      if (!json) process.stdout.write(text);
    };
    // Only the JSON form of each result is kept (and only for --json): tens of thousands of
    // files stream through without holding their resolved values.
    const profiles: ValidatedJson[] = [];
    let result;
    try {
      result = await validatePaths(argv as string[], {
        env: process.env,
        keepResults: false,
        emm: (flags.emm ?? []) as EmmConsole[],
        ...(flags.xsd !== undefined ? { xsd: flags.xsd } : {}),
        onResult: (r) => {
          if (json) profiles.push(report.validatedJson(r));
          else write(report.formatValidated(r, { color, quiet }));
        },
      });
    } catch (err) {
      if (err instanceof ValidateUsageError) this.error(err.message, { exit: err.exitCode, code: err.code });
      throw err;
    }
    const runLevel = quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
    if (runLevel.length > 0) write(formatDiagnostics(runLevel, { color }));
    write(report.formatPathsSummary(result.summary, { color }));
    if (result.summary.failed > 0 || result.diagnostics.some((d) => d.severity === 'error')) process.exitCode = 1;
    return { profiles, summary: report.summaryJson(result.summary), diagnostics: result.diagnostics };
  }
}
