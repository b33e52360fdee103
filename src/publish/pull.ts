/**
 * `pull`: the canonical profile of what a console holds for one app, read through the same reader
 * as `import` (target detection, parser, catalog normalisation, secrets as `${env:...}`), with the
 * Intune policy's group assignments as `publish.intune.assign`.
 */
import type { ConnectionOverrides, PublishConsole } from '../consoles/auth.js';
import type { IntuneConfiguration } from '../consoles/intune.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { writeProfileFiles } from '../export/writer.js';
import { outLocation } from '../import/import-artifact.js';
import { nameProblem, sanitizeName } from '../import/profile-name.js';
import { ArtifactError } from '../artifact/read.js';
import type { PublishTargets } from '../profile/types.js';
import { connectConsole, type ConnectDeps } from './connect.js';
import { INTUNE_PLATFORMS, IntunePublisher, profileDescription } from './intune.js';
import { importConsoleText } from './read-console.js';

/** What `pull` is asked for. */
export interface PullInput {
  console: PublishConsole;
  /** iOS bundle id or Android package name. */
  app: string;
  /** The policy's display name or id, when the app has several (Intune). */
  policy?: string;
  /** The profile's name (default: from the policy's or app's name). */
  name?: string;
  /** Write the profile here (atomically) instead of returning it only. */
  out?: string;
  /** Pull what can be read, as `import --lenient` does: values that break the profile's rules become warnings naming each item dropped. */
  lenient?: boolean;
  env?: Record<string, string | undefined>;
  connection?: ConnectionOverrides;
}

/** What `pull --json` prints. */
export interface PullJson {
  console: PublishConsole;
  app: string;
  platform: 'ios' | 'android';
  /** The policy (Intune) or app record (Jamf) read. */
  policy: { id: string; name: string };
  /** The profile's name. */
  name: string;
  /** The profile as YAML. */
  profile: string;
  /** The file written with `out`, else null. */
  file: string | null;
  /** False when the console holds something the profile's rules reject (diagnostics say what): nothing written, exit 1. */
  ok: boolean;
  /** Environment variables the profile reads secrets from. */
  env: string[];
  diagnostics: Diagnostic[];
}

/** Why pull has nothing to show (exit 1), or cannot start (exit 2). */
export class PullError extends Error {
  /** `app-not-found`, `no-policy`, `several-policies`, `empty-policy`, `invalid-name`, `out-not-writable`, or a console read error code. */
  readonly code: string;
  readonly exitCode: 1 | 2;
  constructor(code: string, message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'PullError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Reads the console and returns (and with `out` writes) the profile. */
export async function pullProfile(input: PullInput, deps: ConnectDeps = {}): Promise<PullJson> {
  if (input.name !== undefined) {
    const why = nameProblem(input.name);
    if (why) throw new PullError('invalid-name', `--name ${JSON.stringify(input.name)} cannot be a profile name: ${why}.`, 2);
  }
  const connection = connectConsole(input.console, input.env ?? process.env, input.connection ?? {}, deps);
  let held: { text: string; source: string; fileName: string; platform: 'ios' | 'android'; policy: { id: string; name: string }; description?: string; publish?: PublishTargets; diagnostics: Diagnostic[] };
  if (connection.console === 'intune') held = await intuneHeld(new IntunePublisher(connection.client, { adopt: false }), input);
  else {
    const app = await connection.client.appByBundleId(input.app);
    if (!app) throw new PullError('app-not-found', `Jamf Pro has no mobile device app with the bundle id ${input.app}.`);
    if (app.preferences.trim() === '') throw new PullError('no-policy', `The Jamf Pro app ${app.name} (${input.app}, id ${app.id}) has no App Configuration.`);
    const diagnostics: Diagnostic[] = [];
    if (input.policy !== undefined) {
      diagnostics.push(diagnostic('warning', 'policy-ignored', `--policy is ignored for Jamf Pro: an app has one App Configuration, read from the app with the bundle id ${input.app}.`));
    }
    held = { text: app.preferences, source: `Jamf Pro app ${app.name} (id ${app.id})`, fileName: 'ios-dict.xml', platform: 'ios', policy: { id: String(app.id), name: app.name }, diagnostics };
  }
  const name = input.name ?? sanitizeName(held.policy.name);
  let result;
  try {
    result = importConsoleText(held.text, held.source, held.fileName, {
      name,
      app: input.app,
      ...(held.description !== undefined ? { description: held.description } : {}),
      ...(held.publish ? { publish: held.publish } : {}),
      ...(input.lenient ? { lenient: true } : {}),
    });
  } catch (err) {
    if (err instanceof ArtifactError) throw new PullError(err.code, err.message);
    throw err;
  }
  let file: string | null = null;
  if (input.out !== undefined && result.ok) {
    const { dir, fileName } = outLocation(input.out);
    try {
      writeProfileFiles(dir, [{ fileName, contents: result.yaml }]);
    } catch (err) {
      throw new PullError('out-not-writable', `Cannot write ${input.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
    }
    file = input.out;
  }
  return {
    console: input.console,
    app: input.app,
    platform: held.platform,
    policy: held.policy,
    name: result.name,
    profile: result.yaml,
    file,
    ok: result.ok,
    env: result.env,
    diagnostics: [...held.diagnostics, ...result.diagnostics],
  };
}

async function intuneHeld(publisher: IntunePublisher, input: PullInput) {
  let platform: 'ios' | 'android' = 'ios';
  let appIds = await publisher.appIds(INTUNE_PLATFORMS.ios, input.app);
  if (appIds.length === 0) {
    platform = 'android';
    appIds = await publisher.appIds(INTUNE_PLATFORMS.android, input.app);
  }
  if (appIds.length === 0) throw new PullError('app-not-found', `Intune has no iOS app with the bundle id ${input.app} and no Android app with that package.`);
  const spec = INTUNE_PLATFORMS[platform];
  // Android app configuration policies exist only in Graph beta.
  const all = (await publisher.policies(spec)).filter(
    (c) => (c.targetedMobileApps ?? []).some((id) => appIds.includes(id)) || (platform === 'android' && c.packageId === `app:${input.app}`),
  );
  const chosen = input.policy === undefined ? all : all.filter((c) => c.displayName === input.policy || c.id === input.policy);
  const listing = (list: IntuneConfiguration[]): string => list.map((c) => `${c.displayName} (${c.id})`).join(', ');
  if (all.length === 0) throw new PullError('no-policy', `Intune has no app configuration policy for ${input.app}.`);
  if (chosen.length === 0) throw new PullError('no-policy', `Intune has no policy ${JSON.stringify(input.policy)} for ${input.app}; its policies: ${listing(all)}.`);
  if (chosen.length > 1) {
    throw new PullError('several-policies', `Intune has ${chosen.length} app configuration policies for ${input.app}: ${listing(chosen)}. Pick one with --policy <name or id>.`);
  }
  const policy = chosen[0]!;
  const text = spec.heldText(policy);
  if (text === undefined) throw new PullError('empty-policy', `The Intune policy ${policy.displayName} (${policy.id}) holds no configuration.`);
  const names = await publisher.assignmentNames(spec.version, policy.id);
  const diagnostics: Diagnostic[] = [];
  const groups = names.filter((n) => !/^(all devices|all licensed users|exclude: )/.test(n) && !n.startsWith('#'));
  for (const n of names.filter((x) => !groups.includes(x))) {
    diagnostics.push(diagnostic('warning', 'assignment-not-kept', `The policy is also assigned to "${n}"; publish.intune.assign holds group names only, so it is not in the profile.`, { file: `Intune policy ${policy.displayName}` }));
  }
  return {
    text,
    source: `Intune policy ${policy.displayName} (${policy.id})`,
    fileName: spec.fileName,
    platform,
    policy: { id: policy.id, name: policy.displayName },
    ...(profileDescription(policy.description) !== undefined ? { description: profileDescription(policy.description)! } : {}),
    ...(names.length > 0 ? { publish: { intune: { assign: groups } } } : {}),
    diagnostics,
  };
}
