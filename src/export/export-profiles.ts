import { runExport } from './pipeline.js';
import type { ExportHooks, ExportInput, ExportResult } from './types.js';

/**
 * Exports profiles to every requested target: the library form of `jabber-emm export`. Profiles
 * with errors are reported, not thrown; an ExportError is thrown only for a usage error (exit 2)
 * or an `out` that cannot be written (exit 1).
 */
export async function exportProfiles(input: ExportInput, hooks: ExportHooks = {}): Promise<ExportResult> {
  // Loaded here, not at the top, so importing the library (or `--help`) stays fast.
  const [discover, validate, registry] = await Promise.all([
    import('../profile/files.js'),
    import('../profile/validate.js'),
    import('../targets/registry.js'),
  ]);
  return runExport(
    input,
    {
      findProfileFiles: discover.findProfileFiles,
      validateStream: validate.validateStream,
      validateProfile: validate.validateProfile,
      targets: registry.TARGETS,
    },
    hooks,
  );
}
