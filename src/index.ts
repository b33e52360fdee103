/**
 * jabber-emm as a library: what the CLI does, for scripts and other tools.
 *
 * ```ts
 * import { validateFiles } from 'jabber-emm';
 * const report = await validateFiles(['profiles/'], { env: process.env });
 * if (report.summary.failed > 0) process.exitCode = 1;
 * ```
 */

// Diagnostics: the one shape every stage reports problems in.
export { diagnostic, hasErrors, jsonPointer, pointerToken } from './diagnostics/diagnostic.js';
export type { Diagnostic, Severity, SourcePosition } from './diagnostics/diagnostic.js';

// The parameter catalog.
export { emmCarries, getParameter, inCatalogOrder, loadCatalog, suggestKey, suggestValue } from './catalog/index.js';
export type { CatalogIndex, KeySuggestion } from './catalog/index.js';
export type * from './catalog/types.js';
export { decodeText, encodeText } from './catalog/encode.js';

// Profiles: load → resolve → check.
export { findProfileFiles, PROFILE_EXTENSIONS } from './profile/files.js';
export type { FoundFiles } from './profile/files.js';
export { loadProfile, LOAD_LIMITS, parseProfileText } from './profile/load.js';
export type { LoadedProfile, LoadOptions } from './profile/load.js';
export type { SourceEntry, SourceMapping, SourceNode, SourceScalar, SourceSequence } from './profile/source-tree.js';
export { DEFAULT_APPS, ProfileCache, resolveProfile } from './profile/resolve.js';
export type { ResolveOptions, ResolveResult } from './profile/resolve.js';
export type { ProfileEnv } from './profile/substitute.js';
export { checkProfile, NAME_PATTERN } from './profile/check.js';
export { DIAGNOSTIC_CODES } from './profile/codes.js';
export type { DiagnosticCode } from './profile/codes.js';
export { validateFiles, validateProfile, validateStream } from './profile/validate.js';
export type { ValidateOptions, ValidationReport, ValidationSummary } from './profile/validate.js';
export type { DistributionText, ProfileApps, ProfileResult, ResolvedProfile, SettingValue } from './profile/types.js';

// Reports, as `validate` prints them.
export { formatDiagnostic, formatDiagnostics, formatProfileResult, formatSummary } from './report/format.js';
export { colourWanted } from './report/colour.js';
export { profileJson, validateJson } from './report/json.js';
export type { ProfileJson, ValidateJson } from './report/json.js';

// Per-user variables (${user.email}) and the EMM consoles' tokens for them.
export { EMM_CONSOLES, VARIABLES } from './variables/consoles.js';
export type { EmmConsole, VariableName } from './variables/consoles.js';

// Export: every target's files for many profiles, checked before they are written, written atomically.
export { exportProfiles } from './export/export-profiles.js';
export { ExportError } from './export/errors.js';
export { describeTargets } from './export/target-list.js';
export type { TargetInfo } from './export/target-list.js';
export type { ExportedFile, ExportedProfile, ExportHooks, ExportInput, ExportJson, ExportResult, ExportSummary } from './export/types.js';
export { getTarget, targetIds, TARGETS } from './targets/registry.js';
export type { Artifact, ArtifactFile, ArtifactPosition, ParsedArtifact, Recognition, RenderOptions, RenderResult, Target, WrittenWith } from './targets/types.js';
export { emptyParsed } from './targets/types.js';

// Doctor: a profile's service discovery checked against real DNS (and, on request, TCP).
export { DEFAULT_TIMEOUTS, doctorFiles, doctorProfile, doctorResult, DoctorSession, doctorStream, DoctorUsageError } from './doctor/doctor.js';
export type { DoctorBatchOptions, DoctorReport, DoctorSummary } from './doctor/doctor.js';
export { FINDING_CODES } from './doctor/codes.js';
export type { FindingCode, FindingCodeInfo } from './doctor/codes.js';
export { discoveryInputs, planDiscovery, srvName } from './doctor/plan.js';
export type { DiscoveryInputs, DiscoveryPlan, DomainSetting, PlannedStep } from './doctor/plan.js';
export { parseResolverAddress } from './doctor/resolver-address.js';
export type { ResolverAddress } from './doctor/resolver-address.js';
export { formatDoctorResult, formatFinding } from './doctor/format.js';
export { doctorJson } from './doctor/json.js';
export type { DoctorJson, DoctorProfileJson } from './doctor/json.js';
export type * from './doctor/types.js';

// Diff across environments, drift against what a console holds, and import of exported files.
export { diffPaths, diffSides, SECRET_MASK } from './diff/diff.js';
export type { DiffChange, DiffOptions, DiffResult, DirectoryDiff, ExportsDiff, FileDrift, ProfileDiff, ProfileDrift, SideInfo, SingleDiff } from './diff/diff.js';
export { DiffError, loadSide } from './diff/sides.js';
export type { ExportedArtifact, KeptProfile, Side, SideOptions } from './diff/sides.js';
export { appPlatformOf, consolesOf, projectProfile, targetCarries, targetsCarrying } from './artifact/carriage.js';
export type { Carriage, KeyRef, Projection } from './artifact/carriage.js';
export { compareSnapshots, valuesEqual } from './diff/compare.js';
export type { ChangeKind, CompareScope, RawChange, Snapshot } from './diff/compare.js';
export { formatDiffText } from './diff/format-text.js';
export { formatDiffMarkdown } from './diff/format-markdown.js';
export { diffErrorJson, diffJson } from './diff/json.js';
export type { DiffErrorJson, DiffJson, DirectoryDiffJson, DriftEntryJson, ExportsDiffJson, SingleDiffJson } from './diff/json.js';
export { importArtifact, importInput, importSet, secretEnvName } from './import/import-artifact.js';
export type { ImportOptions, ImportResult } from './import/import-artifact.js';
export { ArtifactError, loadArtifact, openArtifact, parseArtifactSet, readableTargetIds, readArtifactInput } from './artifact/read.js';
export { readableTargets, recogniseFile } from './artifact/detect.js';
export type { Recognised } from './artifact/detect.js';
export { artifactProfile, checkArtifactValues } from './artifact/rules.js';
export type { ArtifactProfile } from './artifact/rules.js';
export { groupFolder } from './artifact/file-sets.js';
export type { SetCandidate } from './artifact/file-sets.js';
export { isExportFolder, readExportFolder } from './artifact/export-folder.js';
export type { ExportedSet } from './artifact/export-folder.js';
export type { ArtifactInput, ArtifactSet } from './artifact/read.js';
export { looksSecret, normalizeArtifact, normalizeValue } from './artifact/normalize.js';
export type { NormalizedArtifact, UndecodableValue } from './artifact/normalize.js';
export { nameFromFile, sanitizeName } from './import/profile-name.js';

// validate over profiles and exported files together: exports an admin holds, checked like export checks them.
export type { FindOptions } from './profile/files.js';
export { DEFAULT_ARTIFACT_CHUNK, validatePaths, ValidateUsageError } from './validate/validate-paths.js';
export type { PathsReport, PathsSummary, ProfileEntryResult, ValidatedResult, ValidatePathsOptions } from './validate/validate-paths.js';
export { verifyArtifacts } from './validate/artifacts.js';
export type { ArtifactResult, PlannedArtifact, UserXsd, VerifyArtifactsOptions } from './validate/artifacts.js';
export { classifyContents, EXPORT_EXTENSIONS, WALK_EXTENSIONS } from './validate/classify.js';
export type { FileKind } from './validate/classify.js';
export { formatPathsSummary, formatValidated, summaryJson, validatedJson } from './validate/report.js';
export type { ValidatedJson, ValidatePathsJson } from './validate/report.js';

// Publish to and pull from the consoles (Intune through Microsoft Graph, Jamf Pro's Classic API).
export { publishExitCode, publishProfiles } from './publish/publish.js';
export type { PublishHooks, PublishInput } from './publish/publish.js';
export type { PlanAction, PlanChange, PlanJson, PublishJson, PublishSummary } from './publish/types.js';
export { pullProfile, PullError } from './publish/pull.js';
export type { PullInput, PullJson } from './publish/pull.js';
export { formatPlan, formatPublishSummary } from './publish/format.js';
export { CONSOLE_ENV, PUBLISH_CONSOLES } from './consoles/auth.js';
export type { ConnectionOverrides, PublishConsole } from './consoles/auth.js';
export { ConsoleError } from './consoles/errors.js';
export type { FetchFn, HttpOptions, SleepFn } from './consoles/http.js';
export type { ConnectDeps } from './publish/connect.js';
export { CONSOLE_SCHEMAS, requestBodyErrors } from './consoles/request-schemas.js';
