/**
 * The one rule engine over values read from any artifact: they are typed by the catalog exactly
 * as a profile's values are (src/profile/typing.ts), then the profile's value-format and
 * cross-field rules run over them (src/profile/check.ts), with the same diagnostic codes and
 * did-you-mean suggestions, placed at the positions the reader found the keys at. So a console
 * file passes `validate` exactly when the profile `import` makes from it passes, apart from the
 * rules of the file's own format (its verify and reader).
 */
import { getParameter, suggestKey } from '../catalog/index.js';
import type { Section } from '../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js';
import { checkProfile } from '../profile/check.js';
import { DEFAULT_APPS } from '../profile/resolve.js';
import type { SourceNode, SourceScalar } from '../profile/source-tree.js';
import type { ResolvedProfile, SettingValue } from '../profile/types.js';
import { typeValue } from '../profile/typing.js';
import { getTarget } from '../targets/registry.js';
import type { ParsedArtifact } from '../targets/types.js';
import { canonicalizeTokens, tokenSpelledLike, unknownTokensIn } from '../variables/consoles.js';
import { readNothingButErrors } from './normalize.js';

/** Name of the profile the rules run over (a valid name: the artifact's own name is not a profile rule). */
const RULES_PROFILE_NAME = 'artifact';

/** The profile an artifact's values make, and what the profile's rules say about them. */
export interface ArtifactProfile {
  /** Typed values; a value the rules reject is not in it (the diagnostics say why). */
  profile: ResolvedProfile;
  /** The profile's typing and check diagnostics, at positions inside the artifact. */
  diagnostics: Diagnostic[];
  /** Keys whose value the typing rejected, by section. */
  rejected: { section: Section; key: string; raw: unknown }[];
}

/** The raw value as the source node the profile typing takes, written at `pos`. */
function nodeOf(raw: unknown, pos: SourcePosition): SourceNode {
  if (Array.isArray(raw)) return { kind: 'sequence', items: raw.map((r) => nodeOf(r, pos)), pos };
  if (typeof raw === 'string') {
    const value = canonicalizeTokens(raw); // console tokens ({{mail}}, $EMAIL) become ${user.email}
    return { kind: 'scalar', value, text: value, pos } satisfies SourceScalar;
  }
  if (typeof raw === 'boolean' || typeof raw === 'number') return { kind: 'scalar', value: raw, text: String(raw), pos };
  if (raw === null || raw === undefined) return { kind: 'scalar', value: null, text: '', pos };
  return { kind: 'mapping', entries: new Map(), pos };
}

/** What a plist value no profile can hold is, for messages: `<data>` and `<date>` (undefined for anything else). */
function plistOnlyKind(raw: unknown): string | undefined {
  if (raw instanceof Uint8Array) return 'binary data (<data>)';
  if (raw instanceof Date) return 'a date (<date>)';
  return undefined;
}

/**
 * Types an artifact's values and runs the profile's rules over them. `file` names the artifact
 * where the reader gave no position (line 1, column 1 then).
 */
export function artifactProfile(parsed: ParsedArtifact, file: string): ArtifactProfile {
  const diagnostics: Diagnostic[] = [];
  const whole: SourcePosition = { file, line: 1, column: 1 };
  const positions = new Map<string, SourcePosition>([
    ['', whole],
    ['/settings', whole],
    ['/windows', whole],
    ['/apps', whole],
  ]);
  for (const [pointer, pos] of parsed.positions) positions.set(pointer, { file: pos.file, line: pos.line, column: pos.column });
  const profile: ResolvedProfile = {
    name: RULES_PROFILE_NAME,
    source: file,
    apps: { ...DEFAULT_APPS },
    settings: new Map(),
    windows: new Map(),
    positions,
    valuePositions: new Map(),
    // The console file has to hold a secret's value; that it is not an ${env:...} reference is no finding here.
    envSourced: new Set(),
  };
  const rejected: ArtifactProfile['rejected'] = [];
  const carriage = getTarget(parsed.target)?.carries;
  if (parsed.app !== undefined && carriage?.channel === 'emm') profile.apps[carriage.platform] = parsed.app;
  for (const section of ['settings', 'windows'] as const) {
    for (const [key, raw] of parsed[section]) {
      const p = getParameter(section, key);
      if (!p) continue; // the reader names keys the catalog does not know
      const pointer = jsonPointer(section, key);
      const pos = positions.get(pointer) ?? whole;
      const foreign = plistOnlyKind(raw);
      if (foreign !== undefined) {
        // The profile's typing knows YAML's kinds only and would call this "a mapping".
        diagnostics.push(
          diagnostic('error', 'invalid-type', `${p.key} is given as ${foreign}, which Jabber does not read for it; write the value as text (<string>).`, { ...pos, pointer }),
        );
        rejected.push({ section, key, raw });
        continue;
      }
      // A secret's text is never quoted in a message.
      const texts = p.secret ? [] : typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((r): r is string => typeof r === 'string') : [];
      const tokens = [...new Set(texts.flatMap((t) => unknownTokensIn(canonicalizeTokens(t))))];
      if (tokens.length > 0) {
        const near = tokens.map((t) => [t, tokenSpelledLike(t)] as const).filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
        const hint = near.length > 0 ? ` Did you mean ${near.map(([t, known]) => `${known} for ${t}`).join(', ')}, as the console documents it?` : '';
        diagnostics.push(
          diagnostic(
            'warning',
            'unknown-console-token',
            `${p.key} holds ${tokens.join(', ')}, which looks like a console variable but is none this tool translates (Intune: {{mail}}, {{userprincipalname}}, {{partialupn}}, ...; Workspace ONE: {EmailAddress}, {EnrollmentUser}, ...); it is imported as literal text.${hint} Check the spelling, or write a \${user...} variable in the profile.`,
            { ...pos, pointer },
          ),
        );
      }
      const typed = typeValue(p, nodeOf(raw, pos), pointer, {}, diagnostics);
      if (p.secret) profile.envSourced!.add(pointer);
      if (typed.value === undefined) {
        rejected.push({ section, key, raw });
        continue;
      }
      profile[section].set(key, typed.value as SettingValue);
    }
  }
  diagnostics.push(...checkProfile(profile));
  diagnostics.push(...unknownKeyWarnings(parsed, positions, whole));
  return { profile, diagnostics: diagnostics.map((d) => ({ ...d, target: d.target ?? parsed.target })), rejected };
}

/** True when a reader's own diagnostic already names this unknown key. */
function readerNames(parsed: ParsedArtifact, key: string): boolean {
  return parsed.diagnostics.some((d) => /unknown/.test(d.code) && (d.message.includes(`"${key}"`) || d.message.startsWith(`${key} `)));
}

/**
 * A warning for each key the catalog does not know, at its position, with the profile's
 * did-you-mean (a typo such as VoiceServiceDomain), unless the reader already named it.
 */
function unknownKeyWarnings(parsed: ParsedArtifact, positions: ReadonlyMap<string, SourcePosition>, whole: SourcePosition): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const key of parsed.unknown.keys()) {
    if (readerNames(parsed, key)) continue;
    const pointer = jsonPointer('unknown', key);
    const near = suggestKey('settings', key);
    const hint = near && near.section === 'settings' ? ` Did you mean ${near.key}?` : '';
    out.push(
      diagnostic('warning', 'unknown-key', `${key} is not a parameter Cisco documents for Jabber (the catalog has no such key); Jabber ignores it.${hint}`, {
        ...(positions.get(pointer) ?? whole),
        pointer,
        target: parsed.target,
      }),
    );
  }
  return out;
}

/** The profile's rules over an artifact's values: diagnostics only (for `validate`). */
export function checkArtifactValues(parsed: ParsedArtifact, file: string): Diagnostic[] {
  // A file its reader could not read at all (not well-formed, a truncated binary plist) holds no
  // values to judge: "settings needs ServicesDomain" would only bury the reader's error (import
  // and diff stop at it: "cannot be read").
  if (readNothingButErrors(parsed)) return [];
  return artifactProfile(parsed, file).diagnostics;
}
