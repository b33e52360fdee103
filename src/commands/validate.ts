import { Args, Command } from '@oclif/core';
import type { ProfileJson, ValidateJson } from '../report/json.js';

/** `jabber-emm validate`: checks profiles against the catalog and Cisco's documented rules. */
export default class Validate extends Command {
  static override summary = "Check deployment profiles against Cisco's documented rules.";
  static override description = [
    'Reads profiles (files, or folders searched recursively for .yaml, .yml and .json), follows `extends`, fills',
    '${env:NAME} from the environment, and checks every key and value against the parameter catalog and Cisco\'s',
    'cross-field rules. Every problem is reported as `file:line:column: severity code: message`; nothing is written.',
    '',
    'Exit codes: 0 no profile has errors (warnings allowed), 1 a profile has errors or a path does not exist, 2 usage error.',
  ].join('\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/',
    '<%= config.bin %> <%= command.id %> profiles/*.yaml',
    'JABBER_AUTOLOGIN_PASSWORD=... <%= config.bin %> <%= command.id %> acme-prod.yaml --json',
  ];
  // Paths are variadic (several files, folders, shell globs).
  static override strict = false;
  static override args = {
    paths: Args.string({ required: true, description: 'Profile files or folders (folders are searched recursively).' }),
  };
  static override enableJsonFlag = true;

  /** Prints each profile as it is checked (or, for --json, returns the document for oclif to print). */
  async run(): Promise<ValidateJson> {
    const { argv } = await this.parse(Validate);
    const [{ validateFiles }, format, { colourWanted }, { profileJson }] = await Promise.all([
      import('../profile/validate.js'),
      import('../report/format.js'),
      import('../report/colour.js'),
      import('../report/json.js'),
    ]);
    const json = this.jsonEnabled();
    const color = !json && colourWanted(process.stdout);
    const write = (text: string): void => {
      if (!json) process.stdout.write(text);
    };
    // Only the JSON form of each result is kept (and only for --json): tens of thousands of
    // profiles stream through without holding their resolved values.
    const profiles: ProfileJson[] = [];
    const report = await validateFiles(argv as string[], {
      env: process.env,
      keepProfiles: false,
      onProfile: (result) => {
        if (json) profiles.push(profileJson(result));
        else write(format.formatProfileResult(result, { color }));
      },
    });
    if (report.diagnostics.length > 0) write(format.formatDiagnostics(report.diagnostics, { color }));
    write(format.formatSummary(report.summary, { color }));
    if (report.summary.failed > 0 || report.diagnostics.some((d) => d.severity === 'error')) process.exitCode = 1;
    const { profiles: count, ok, failed, errors, warnings } = report.summary;
    return { profiles, summary: { profiles: count, ok, failed, errors, warnings }, diagnostics: report.diagnostics };
  }
}
