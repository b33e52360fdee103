import { Args, Flags } from '@oclif/core';
import { JabberCommand } from '../cli/command.js';
import type { DoctorJson } from '../doctor/json.js';

/** `jabber-emm doctor`: checks a profile's service discovery against real DNS before users try it. */
export default class Doctor extends JabberCommand {
  static override summary = "Check a profile's service discovery against real DNS before users try it.";
  static override description = [
    "For each profile, works out the lookups the Jabber client will make (Webex CAS, then the _cisco-uds, _cuplogin and _collab-edge SRV records, given ServicesDomain, VoiceServicesDomain and ServiceDiscoveryExcludedServices), asks DNS for them and for each SRV target's addresses, and reports what would stop users from signing in. Every step has a timeout, and each profile's run ends within the 20 seconds Jabber for Windows gives service discovery. The Webex CAS lookup is HTTPS, not DNS: it is listed, not performed.",
    'Split DNS: run it once against the inside resolver (the default view) and once against the outside one with --view outside, e.g. --resolver 10.0.0.53 and then --resolver 9.9.9.9 --view outside.',
    'Exit codes: 0 no profile has an error finding (warnings allowed), 1 a profile has one or a path does not exist, 2 usage error.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> <%= command.id %> examples/acme-prod.yaml',
    '<%= config.bin %> <%= command.id %> profiles/ --resolver 10.0.0.53 --connect',
    '<%= config.bin %> <%= command.id %> profiles/ --resolver 9.9.9.9 --view outside --json',
  ];
  // Paths are variadic (several files, folders, shell globs).
  static override strict = false;
  static override args = {
    paths: Args.string({ required: true, description: 'Profile files or folders (folders are searched recursively).' }),
  };
  static override flags = {
    resolver: Flags.string({
      description: "DNS server to ask, host[:port] with an IP address (IPv6 as [2001:db8::53]:53). Default: this machine's resolvers.",
    }),
    view: Flags.string({
      options: ['inside', 'outside'],
      default: 'inside',
      description:
        'Which side of split DNS the resolver shows. inside: the corporate network (expects _cisco-uds/_cuplogin, flags _collab-edge); outside: the Internet (expects _collab-edge, flags the internal records).',
    }),
    connect: Flags.boolean({
      default: false,
      description: 'Also open a TCP connection to each address DNS returned for an SRV target, on the SRV port (nothing else is contacted; nothing is sent).',
    }),
  };
  static override enableJsonFlag = true;

  /** Prints each profile as it is checked (or, for --json, returns the document for oclif to print). */
  async run(): Promise<DoctorJson> {
    const { argv, flags } = await this.parse(Doctor);
    const [{ doctorFiles, DoctorSession, DoctorUsageError }, { formatDoctorResult }, format, { colourWanted }, { doctorJson }] = await Promise.all([
      import('../doctor/doctor.js'),
      import('../doctor/format.js'),
      import('../report/format.js'),
      import('../report/colour.js'),
      import('../doctor/json.js'),
    ]);
    const json = this.jsonEnabled();
    const color = !json && colourWanted(process.stdout);
    const write = (text: string): void => {
      if (!json) process.stdout.write(text);
    };
    let session;
    try {
      session = new DoctorSession({
        ...(flags.resolver !== undefined ? { resolver: flags.resolver } : {}),
        view: flags.view as 'inside' | 'outside',
        connect: flags.connect,
      });
    } catch (err) {
      if (err instanceof DoctorUsageError) this.error(err.message, { exit: err.exitCode, code: err.code });
      throw err;
    }
    const report = await doctorFiles(argv as string[], {
      session,
      env: process.env,
      onProfile: (result) => write(formatDoctorResult(result, { color })),
    }).finally(() => session.close());
    if (report.diagnostics.length > 0) write(format.formatDiagnostics(report.diagnostics, { color }));
    write(format.formatSummary(report.summary, { color }));
    if (report.summary.failed > 0 || report.diagnostics.some((d) => d.severity === 'error')) process.exitCode = 1;
    return doctorJson(report);
  }
}
