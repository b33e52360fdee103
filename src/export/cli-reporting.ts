import { ProgressBar, progressWanted } from './progress.js';
import { createExportReporter, type ExportReporter } from './reporter.js';

/** The export reporter wired to this process: stdout, a progress bar on a terminal's stderr, colour rules. */
export async function createCliReporter(opts: { json: boolean; quiet?: boolean }): Promise<ExportReporter & { abort(): void }> {
  const [{ formatDiagnostics }, { colourWanted }] = await Promise.all([import('../report/format.js'), import('../report/colour.js')]);
  const env = process.env;
  const progress = progressWanted({ isTTY: process.stderr.isTTY, env, json: opts.json }) ? new ProgressBar(process.stderr) : undefined;
  const color = !opts.json && colourWanted(process.stdout, env);
  const reporter = createExportReporter({
    json: opts.json,
    write: (text) => {
      process.stdout.write(text);
    },
    ...(progress ? { progress } : {}),
    formatDiagnostics: (diagnostics) => formatDiagnostics(diagnostics, { color }),
    color,
    ...(opts.quiet ? { quiet: true } : {}),
    stdoutIsTerminal: process.stdout.isTTY === true,
  });
  return { ...reporter, abort: () => progress?.clear() };
}
