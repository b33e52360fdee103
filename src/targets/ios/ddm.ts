/**
 * Target `ios-ddm`: Declarative Device Management app configuration (iOS 18.4+), as Apple's
 * schema describes it (apple/device-management declarative/declarations/configurations/
 * app.managed.yaml, assets/data.yaml, declarationbase.yaml; reference ios-appconfig.md §3.2):
 * a `com.apple.configuration.app.managed` declaration, the `com.apple.asset.data` declaration it
 * references, and the property list that asset points to (hosted by the admin over HTTPS).
 */
import { binaryPlistBytes, isBinaryPlistText } from '../artifact-bytes.js';
import { createHash } from 'node:crypto';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { holdsSecret, secretMark } from '../emm-entries.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { readJsonDocument, schemaValidator } from '../../verify/json-schema.js';
import { hasVariables } from '../../variables/consoles.js';
import { basename } from 'node:path';
import { emptyParsed, type Artifact, type ArtifactFile, type ParsedArtifact, type Recognition, type RenderOptions, type RenderResult, type Target } from '../types.js';
import { parseManagedPlist, renderManagedPlist } from './managed-config.js';
import { documentElement } from './xml-reader.js';
import { verifyPlists } from './plist-verify.js';
import { DDM_APP_MANAGED_SCHEMA, DDM_ASSET_DATA_SCHEMA } from './schema-files.js';

/** Target id (part of the CLI interface). */
export const IOS_DDM_TARGET = 'ios-ddm';
/** The configuration declaration. */
export const DDM_APP_MANAGED_FILE = 'ios-ddm-app-managed.json';
/** The data asset declaration. */
export const DDM_ASSET_FILE = 'ios-ddm-asset.json';
/** The property list the asset points to; same bytes as ios-plist's file. */
export const DDM_CONFIG_FILE = 'ios-ddm-config.plist';
/** Apple, "Configuring managed apps and extensions": "The asset data should be no larger than 1MB". */
export const DDM_ASSET_MAX_BYTES = 1_000_000;
/** data.yaml asset-content-types for app config: application/plist, application/x-plist, application/xml, text/xml. */
export const DDM_CONTENT_TYPE = 'application/x-plist';
/** declarationbase.yaml: Identifier and ServerToken are at most 64 octets. */
const MAX_OCTETS = 64;

/** A declaration envelope (declarationbase.yaml), members in Apple's order. */
interface Declaration {
  Type: string;
  Identifier: string;
  ServerToken: string;
  Payload: Record<string, unknown>;
}

/**
 * Renders the three files. Needs `options.assetUrl`, the https URL where ios-ddm-config.plist
 * will be hosted; without it nothing is written and a warning says what to pass.
 */
export function renderDdm(profile: ResolvedProfile, options: RenderOptions): RenderResult {
  const plist = renderManagedPlist(profile, options, IOS_DDM_TARGET, 'document');
  const diagnostics = plist.diagnostics;
  const at = { pointer: '', target: IOS_DDM_TARGET };
  if (options.assetUrl === undefined) {
    diagnostics.push(
      diagnostic(
        'warning',
        'asset-url-missing',
        `${IOS_DDM_TARGET} writes nothing without --asset-url: pass the https URL where ${DDM_CONFIG_FILE} will be hosted ` +
          '(the data asset declaration must name it, with the file\'s size and SHA-256 hash).',
        at,
      ),
    );
    return { artifacts: [], diagnostics };
  }
  const urlProblem = assetUrlProblem(options.assetUrl);
  if (urlProblem) diagnostics.push(diagnostic('error', urlProblem.code, urlProblem.message, at));
  if (plist.text === undefined || diagnostics.some((d) => d.severity === 'error')) return { artifacts: [], diagnostics };

  const bytes = Buffer.from(plist.text, 'utf8');
  if (bytes.length > DDM_ASSET_MAX_BYTES) {
    diagnostics.push(
      diagnostic('error', 'asset-too-large', `${DDM_CONFIG_FILE} would be ${bytes.length} bytes; Apple allows a DDM app config asset of at most 1 MB (${DDM_ASSET_MAX_BYTES} bytes).`, at),
    );
    return { artifacts: [], diagnostics };
  }
  // The asset is fetched from --asset-url by the device, without the MDM's authentication: a
  // secret in it is readable by anyone who learns the URL.
  if (holdsSecret(plist.entries) && options.allowSecretInAsset !== true) {
    const keys = plist.entries.filter((e) => holdsSecret([e])).map((e) => e.param.key);
    diagnostics.push(
      diagnostic(
        'error',
        'secret-in-asset',
        `${DDM_CONFIG_FILE} would hold ${keys.join(', ')}, but it is served at --asset-url, where anyone who learns the URL can fetch it. Leave ${keys.length === 1 ? 'it' : 'them'} out of this profile for ios-ddm (use ios-plist or ios-dict through the console instead), or pass --allow-secret-in-asset if the URL is protected.`,
        { ...profile.positions.get(jsonPointer('settings', keys[0]!)), pointer: jsonPointer('settings', keys[0]!), target: IOS_DDM_TARGET },
      ),
    );
    return { artifacts: [], diagnostics };
  }
  if (plist.entries.some((e) => typeof e.canonical === 'string' && hasVariables(e.canonical))) {
    diagnostics.push(
      diagnostic(
        'warning',
        'ddm-static-variables',
        `${DDM_CONFIG_FILE} holds ${options.emm ?? 'console'} variable tokens, but the device downloads it as it is: the tokens are replaced only if your MDM serves the asset itself.`,
        at,
      ),
    );
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const base = identifierBase(profile.name);
  const asset: Declaration = {
    Type: 'com.apple.asset.data',
    Identifier: `${base}.config-data`,
    ServerToken: token(['asset', hash, options.assetUrl]),
    Payload: {
      Reference: {
        DataURL: options.assetUrl,
        ContentType: DDM_CONTENT_TYPE,
        Size: bytes.length,
        'Hash-SHA-256': hash,
      },
    },
  };
  const payload = {
    BundleID: profile.apps.ios,
    // iOS 18.4: AppConfig.DataAssetReference hands the plist to apps that read it through the
    // ManagedApp framework; LegacyAppConfigAssetReference hands the same asset over "using the
    // MDMv1 behavior", i.e. UserDefaults com.apple.configuration.managed, which is how Jabber
    // reads its EMM keys. Both point at the one asset, so either reader gets the same values.
    AppConfig: { DataAssetReference: asset.Identifier },
    LegacyAppConfigAssetReference: asset.Identifier,
  };
  const appManaged: Declaration = {
    Type: 'com.apple.configuration.app.managed',
    Identifier: `${base}.config`,
    // The plist hash is part of the token: the configuration's revision changes with its asset.
    ServerToken: token(['app-managed', JSON.stringify(payload), hash]),
    Payload: payload,
  };
  return {
    artifacts: [
      { target: IOS_DDM_TARGET, fileName: DDM_APP_MANAGED_FILE, contents: JSON.stringify(appManaged, null, 2) + '\n' },
      { target: IOS_DDM_TARGET, fileName: DDM_ASSET_FILE, contents: JSON.stringify(asset, null, 2) + '\n' },
      { target: IOS_DDM_TARGET, fileName: DDM_CONFIG_FILE, contents: plist.text, ...secretMark(plist.entries) },
    ],
    diagnostics,
  };
}

/** data.yaml: "The URL must start with 'https://'". */
function assetUrlProblem(url: string): { code: string; message: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { code: 'asset-url-invalid', message: `--asset-url is not a URL; give the https URL where ${DDM_CONFIG_FILE} will be hosted.` };
  }
  if (parsed.protocol !== 'https:') {
    return { code: 'asset-url-not-https', message: `--asset-url must be an https URL (Apple: "The URL must start with 'https://'"); it starts with ${parsed.protocol}//.` };
  }
  return undefined;
}

/**
 * Declaration identifiers from the profile name: `jabber-emm.<name>.config` and
 * `.config-data`, kept within 64 octets. A name that is not plain ASCII letters, digits, dots
 * and dashes, or is long, is shortened and made unique with a hash of the full name.
 */
export function identifierBase(profileName: string): string {
  const slug = profileName.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  // 'jabber-emm.' (11) + base + '.config-data' (12) <= 64 octets.
  const room = MAX_OCTETS - 11 - 12;
  if (slug === profileName && slug.length <= room && slug !== '') return `jabber-emm.${slug}`;
  const hash = createHash('sha256').update(profileName, 'utf8').digest('hex').slice(0, 8);
  const kept = slug.slice(0, room - 9).replace(/[-.]+$/, '');
  return `jabber-emm.${kept === '' ? '' : kept + '-'}${hash}`;
}

/** A ServerToken: 32 hex digits of SHA-256 over the parts, deterministic and well under 64 octets. */
function token(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 32);
}

/** Where a pointer of a declaration stands (its key's line and column), else the file's start. */
function positioned(file: string, positions: ReadonlyMap<string, { line: number; column: number }>, pointer: string) {
  const at = positions.get(pointer);
  return { file, line: at?.line ?? 1, column: at?.column ?? 1, pointer, target: IOS_DDM_TARGET };
}

/**
 * Checks a batch of DDM artifacts: the plists (one DTD run for all, plus semantics and the 1 MB
 * limit), each declaration against our JSON Schema of Apple's keys, identifiers within 64
 * octets, and that references resolve within the batch (asset hash and size match a plist of
 * the batch; the configuration names an asset of the batch), when the batch holds them.
 */
export async function verifyDdm(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  const out: Diagnostic[][] = artifacts.map(() => []);
  const plistIdx = artifacts.map((a, i) => (a.fileName.endsWith('.plist') ? i : -1)).filter((i) => i >= 0);
  const plistResults = await verifyPlists(
    plistIdx.map((i) => ({ artifact: artifacts[i]!, shape: 'document' as const, maxBytes: { bytes: DDM_ASSET_MAX_BYTES, source: 'Apple (DDM app config asset, 1 MB)' } })),
  );
  plistIdx.forEach((i, k) => out[i]!.push(...plistResults[k]!));
  // The asset's hash and size are of the file's bytes: a binary plist's are kept as a binary string.
  const fileBytes = (text: string) => (isBinaryPlistText(text) ? binaryPlistBytes(text) : Buffer.from(text, 'utf8'));
  const plistDigests = new Set(plistIdx.map((i) => `${fileBytes(artifacts[i]!.contents).length}:${createHash('sha256').update(fileBytes(artifacts[i]!.contents)).digest('hex')}`));

  const decls = new Map<number, Declaration>();
  const positionsOf = new Map<number, ReadonlyMap<string, { line: number; column: number }>>();
  artifacts.forEach((a, i) => {
    if (a.fileName.endsWith('.plist')) return;
    const doc = readJsonDocument(a.contents, a.fileName, IOS_DDM_TARGET);
    out[i]!.push(...doc.diagnostics);
    if (doc.value === undefined) return;
    const type = (doc.value as { Type?: unknown } | null)?.Type;
    const url = type === 'com.apple.asset.data' ? DDM_ASSET_DATA_SCHEMA : type === 'com.apple.configuration.app.managed' ? DDM_APP_MANAGED_SCHEMA : undefined;
    const pos = (pointer: string) => positioned(a.fileName, doc.positions, pointer);
    if (!url) {
      out[i]!.push(diagnostic('error', 'ddm-type', 'Type must be com.apple.configuration.app.managed or com.apple.asset.data.', pos('/Type')));
      return;
    }
    const errors = schemaValidator(url)(doc.value);
    for (const e of errors) {
      const what = e.keyword === 'additionalProperties' ? `has a key Apple does not define: "${String(e.params.additionalProperty)}"` : e.message;
      out[i]!.push(diagnostic('error', 'ddm-schema', `${e.pointer === '' ? 'The declaration' : e.pointer} ${what}${e.description ? ` (${e.description})` : ''}.`, pos(e.pointer)));
    }
    if (errors.length > 0) return;
    const decl = doc.value as Declaration;
    for (const k of ['Identifier', 'ServerToken'] as const) {
      if (Buffer.byteLength(decl[k], 'utf8') > MAX_OCTETS) {
        out[i]!.push(diagnostic('error', 'ddm-schema', `${k} is longer than ${MAX_OCTETS} octets (declarationbase.yaml).`, pos(`/${k}`)));
      }
    }
    decls.set(i, decl);
    positionsOf.set(i, doc.positions);
  });

  const assetIds = new Set([...decls.values()].filter((d) => d.Type === 'com.apple.asset.data').map((d) => d.Identifier));
  for (const [i, d] of decls) {
    const a = artifacts[i]!;
    const pos = (pointer: string) => positioned(a.fileName, positionsOf.get(i)!, pointer);
    if (d.Type === 'com.apple.asset.data' && plistIdx.length > 0) {
      const ref = d.Payload.Reference as { Size?: number; 'Hash-SHA-256'?: string };
      if (!plistDigests.has(`${ref.Size}:${ref['Hash-SHA-256']}`)) {
        out[i]!.push(diagnostic('error', 'ddm-asset-mismatch', `The asset's Size and Hash-SHA-256 match no ${DDM_CONFIG_FILE} of this export; the device would reject the download.`, pos('/Payload/Reference')));
      }
    }
    if (d.Type === 'com.apple.configuration.app.managed' && assetIds.size > 0) {
      const refs = [(d.Payload.AppConfig as { DataAssetReference?: string } | undefined)?.DataAssetReference, d.Payload.LegacyAppConfigAssetReference as string | undefined];
      for (const r of refs) {
        if (r !== undefined && !assetIds.has(r)) {
          out[i]!.push(diagnostic('error', 'ddm-asset-reference', `The configuration references asset "${r}", which is not among the declarations of this export.`, pos('/Payload')));
        }
      }
    }
  }
  return out;
}

/** True for JSON that is one of the two declarations this target writes. */
export function detectDdm(contents: string): boolean {
  const text = contents.trimStart();
  if (!text.startsWith('{')) return false;
  try {
    const type = (JSON.parse(text) as { Type?: unknown } | null)?.Type;
    return type === 'com.apple.configuration.app.managed' || type === 'com.apple.asset.data';
  } catch {
    return false;
  }
}

/** The ios-ddm target. */
export const iosDdmTarget: Target = {
  id: IOS_DDM_TARGET,
  summary: 'Declarative Device Management (iOS 18.4+): app.managed configuration + data asset declarations, and the plist the asset points to (needs --asset-url)',
  fileNames: [DDM_APP_MANAGED_FILE, DDM_ASSET_FILE, DDM_CONFIG_FILE],
  consoles: ['MDMs that take raw DDM declarations (iOS 18.4+)'],
  // Raw DDM declarations: no console of --emm documents taking them (reference ios-appconfig.md §3.2).
  emmConsoles: [],
  carries: { channel: 'emm', platform: 'ios' },
  needs: ['assetUrl'],
  checkedAgainst: "JSON Schemas of Apple's app.managed and asset.data declarations (apple/device-management), the plist DTD plus semantics, the 1 MB asset limit",
  render: renderDdm,
  verify: verifyDdm,
  recognise: recogniseDdmFile,
  companions: (fileName, folder) => (DDM_FILES.includes(basename(fileName)) ? folder.filter((f) => f !== basename(fileName) && DDM_FILES.includes(f)) : []),
  parse: parseDdmSet,
};

const DDM_FILES = [DDM_APP_MANAGED_FILE, DDM_ASSET_FILE, DDM_CONFIG_FILE];

/**
 * The declarations by their Type (whatever they are called); the data asset plist by its export
 * name (any other plist is ios-plist's), which wins over ios-plist's content-only recognition.
 */
export function recogniseDdmFile(contents: string, fileName: string): Recognition | undefined {
  const text = contents.trimStart();
  if (text.startsWith('{')) {
    try {
      const type = (JSON.parse(text) as { Type?: unknown } | null)?.Type;
      if (type === 'com.apple.configuration.app.managed') return { member: DDM_APP_MANAGED_FILE };
      if (type === 'com.apple.asset.data') return { member: DDM_ASSET_FILE };
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (basename(fileName) === DDM_CONFIG_FILE && documentElement(contents) === 'plist') return { member: DDM_CONFIG_FILE, byName: true };
  return undefined;
}

/**
 * Reads the set back: values from the data asset plist, the app id from the configuration's
 * BundleID, the asset URL and the profile name (from the identifiers, when not shortened) for
 * writing the same files again. A declaration that does not read is an error of its file.
 */
export function parseDdmSet(files: readonly ArtifactFile[]): ParsedArtifact {
  const plist = files.find((f) => !f.contents.trimStart().startsWith('{'));
  const parsed = plist ? parseManagedPlist(plist.contents, plist.fileName, IOS_DDM_TARGET) : emptyParsed(IOS_DDM_TARGET);
  const options: RenderOptions = {};
  let name: string | undefined;
  for (const f of files) {
    if (f === plist) continue;
    const doc = readJsonDocument(f.contents, f.fileName, IOS_DDM_TARGET);
    if (doc.value === undefined || doc.value === null || typeof doc.value !== 'object') {
      parsed.diagnostics.push(...doc.diagnostics);
      continue;
    }
    const decl = doc.value as Partial<Declaration>;
    const payload = (decl.Payload ?? {}) as Record<string, unknown>;
    const at = (pointer: string) => ({ file: f.fileName, line: doc.positions.get(pointer)?.line ?? 1, column: doc.positions.get(pointer)?.column ?? 1 });
    if (decl.Type === 'com.apple.configuration.app.managed' && typeof payload.BundleID === 'string') {
      parsed.app = payload.BundleID;
      parsed.positions.set('/apps/ios', at('/Payload/BundleID'));
    }
    if (decl.Type === 'com.apple.asset.data') {
      const url = (payload.Reference as { DataURL?: unknown } | undefined)?.DataURL;
      if (typeof url === 'string') options.assetUrl = url;
    }
    const id = typeof decl.Identifier === 'string' ? /^jabber-emm\.(.+)\.config(?:-data)?$/.exec(decl.Identifier)?.[1] : undefined;
    if (id !== undefined && identifierBase(id) === `jabber-emm.${id}`) name = id;
  }
  if (!plist) {
    parsed.diagnostics.push(
      diagnostic('warning', 'ddm-asset-missing', `The settings are in ${DDM_CONFIG_FILE}, which was not given with the declarations: no value is read.`, {
        file: files[0]?.fileName ?? '',
        line: 1,
        column: 1,
        target: IOS_DDM_TARGET,
      }),
    );
  }
  parsed.written = { ...(name !== undefined ? { name } : {}), options };
  return parsed;
}
