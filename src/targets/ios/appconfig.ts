/**
 * Target `ios-appconfig`: the AppConfig Community specfile (managedAppConfiguration XML) that
 * Workspace ONE, Ivanti EPMM, BlackBerry UEM and MaaS360 import to build their app
 * configuration form (../shared/reference/ios-appconfig.md §1). It holds the profile's values as
 * `defaultValue`s of a typed `dict`, and a `presentation` with the catalog's labels.
 */
import type { Parameter } from '../../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { SPECFILE_VARIABLES, VARIABLES, hasVariables, isVariableName } from '../../variables/consoles.js';
import { XmllintSchemaError, validateWithXsd, type XmllintResult } from '../../verify/xmllint.js';
import { emmEntries, type EmmEntry } from '../emm-entries.js';
import type { Artifact, ParsedArtifact, RenderOptions, RenderResult, Target } from '../types.js';
import { iosKeyDiagnostics, parameterForIosKey } from './ios-keys.js';
import { nothingToWrite } from './managed-config.js';
import { cleanMessage } from './plist-verify.js';
import { APPCONFIG_2016_XSD, APPCONFIG_2018_XSD, schemaFile } from './schema-files.js';
import { documentElement, readXml, type XmlNode } from './xml-reader.js';
import { forbiddenXmlChar, serializeXml, type XmlElement } from './xml-writer.js';

/** Target id (part of the CLI interface). */
export const IOS_APPCONFIG_TARGET = 'ios-appconfig';
/** File the target writes. */
export const IOS_APPCONFIG_FILE = 'ios-appconfig.xml';
/** Where Chromium's writer points xsi:noNamespaceSchemaLocation (reference §1.7). */
export const APPCONFIG_SCHEMA_LOCATION = 'https://storage.googleapis.com/appconfig-media/appconfigschema.xsd';
/** The only locale the catalog's labels are written in; SpecCreator also emits only en-US (§1.4). */
const LOCALE = 'en-US';

/** A whole value that is exactly one variable, e.g. `${user.email}`. */
const WHOLE_VARIABLE = /^\$\{((?:user|device)\.[A-Za-z]+)\}$/;

/** One dict key and its presentation field, built together so they always match. */
interface SpecfileKey {
  key: XmlElement;
  field: XmlElement;
}

/** Renders the specfile. Variables become `<userVariable>`/`<deviceVariable>`, which every importer fills in itself. */
export function renderAppConfig(profile: ResolvedProfile, options: RenderOptions): RenderResult {
  const { entries, diagnostics } = emmEntries(profile, 'ios', IOS_APPCONFIG_TARGET, options, 'keep');
  const keys: SpecfileKey[] = [];
  for (const entry of entries) {
    const at = {
      ...profile.positions.get(jsonPointer('settings', entry.param.key)),
      pointer: jsonPointer('settings', entry.param.key),
      target: IOS_APPCONFIG_TARGET,
    };
    const built = specfileKey(entry);
    if ('problem' in built) diagnostics.push(diagnostic('error', built.code, built.problem, at));
    else keys.push(built);
  }
  const badBundle = forbiddenXmlChar(profile.apps.ios);
  if (badBundle) {
    const at = { ...profile.positions.get('/apps/ios'), pointer: '/apps/ios', target: IOS_APPCONFIG_TARGET };
    diagnostics.push(diagnostic('error', 'xml-character', `apps.ios holds ${badBundle}, a character XML 1.0 does not allow.`, at));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { artifacts: [], diagnostics };
  if (keys.length === 0) {
    // appconfigschema.xsd: dict needs at least one key, so an empty specfile would not validate.
    diagnostics.push(nothingToWrite(IOS_APPCONFIG_TARGET));
    return { artifacts: [], diagnostics };
  }
  const root: XmlElement = {
    name: 'managedAppConfiguration',
    attributes: [
      ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
      ['xsi:noNamespaceSchemaLocation', APPCONFIG_SCHEMA_LOCATION],
    ],
    children: [
      // appconfigschema.xsd: version is 1..99999 and "increments for each revision"; a profile
      // has no revision counter, so every export is version 1.
      { name: 'version', text: '1' },
      { name: 'bundleId', text: profile.apps.ios },
      { name: 'dict', children: keys.map((k) => k.key) },
      { name: 'presentation', attributes: [['defaultLocale', LOCALE]], children: keys.map((k) => k.field) },
    ],
  };
  const contents = serializeXml(root, { declaration: true });
  return { artifacts: [{ target: IOS_APPCONFIG_TARGET, fileName: IOS_APPCONFIG_FILE, contents }], diagnostics };
}

/**
 * The dict key and presentation field of one entry. The element follows the EMM value kind
 * (string/boolean/integer), so `--typed-values` is decided once, in emmEntries.
 */
function specfileKey(entry: EmmEntry): SpecfileKey | { problem: string; code: string } {
  const { param, name, value } = entry;
  const attrs = [['keyName', name]] as const;
  const labels: XmlElement[] = [language('label', param.title), language('description', param.description)];
  switch (value.kind) {
    case 'boolean':
      return {
        key: { name: 'boolean', attributes: attrs, children: [defaultValue({ name: 'value', text: String(value.value) })] },
        field: { name: 'field', attributes: [...attrs, ['type', 'checkbox']], children: labels },
      };
    case 'integer': {
      const bounds: [string, string][] = [];
      if (param.minimum !== undefined) bounds.push(['min', String(param.minimum)]);
      if (param.maximum !== undefined) bounds.push(['max', String(param.maximum)]);
      const children = [defaultValue({ name: 'value', text: String(value.value) })];
      if (bounds.length > 0) children.push({ name: 'constraint', attributes: bounds });
      return {
        key: { name: 'integer', attributes: attrs, children },
        field: { name: 'field', attributes: [...attrs, ['type', 'input']], children: labels },
      };
    }
    default: {
      const s = value.value;
      let content: XmlElement;
      if (hasVariables(s)) {
        const m = WHOLE_VARIABLE.exec(s);
        if (!m) {
          return {
            code: 'specfile-variable-mixed',
            problem:
              `${param.key} mixes text with a variable; an AppConfig specfile can only hold a whole value as a ` +
              `<userVariable> or <deviceVariable>. Use the variable alone, or export ios-plist/ios-dict with --emm.`,
          };
        }
        if (!isVariableName(m[1]!)) {
          return { code: 'variable-unsupported', problem: `${param.key} uses \${${m[1]}}, which is not one of ${VARIABLES.map((v) => `\${${v}}`).join(', ')}.` };
        }
        const v = SPECFILE_VARIABLES[m[1]];
        content = { name: v.element, attributes: [['value', v.value]] };
      } else {
        const bad = forbiddenXmlChar(s);
        // Never quote the value: it may be a secret (AutoLoginUserPassword).
        if (bad) return { code: 'xml-character', problem: `${param.key} cannot be written to ${IOS_APPCONFIG_TARGET}: its value holds ${bad}, a character XML 1.0 does not allow.` };
        content = { name: 'value', text: s };
      }
      const choices = textChoices(param);
      const children: XmlElement[] = [defaultValue(content)];
      if (choices) children.push({ name: 'constraint', children: [{ name: 'values', children: choices.map((c) => ({ name: 'value', text: c })) }] });
      const fieldChildren = choices
        ? [...labels, { name: 'options', children: choices.map((c) => ({ name: 'option', attributes: [['value', c]] as const, children: [language(undefined, c)] })) }]
        : labels;
      return {
        key: { name: 'string', attributes: attrs, children },
        field: { name: 'field', attributes: [...attrs, ['type', choices ? 'select' : 'input']], children: fieldChildren },
      };
    }
  }
}

/**
 * The tokens a string key may take, when the catalog fixes them: an enum's values, or a boolean
 * written as Cisco's text tokens (ON/OFF, True/False, ...). The console then offers a select.
 */
function textChoices(param: Parameter): string[] | undefined {
  if (param.type === 'enum' && param.values && param.values.length > 0) return param.values;
  if (param.type === 'boolean') {
    const t = param.booleanTokens ?? { true: 'true', false: 'false' };
    return t.false === null ? [t.true] : [t.true, t.false];
  }
  return undefined;
}

function defaultValue(content: XmlElement): XmlElement {
  return { name: 'defaultValue', children: [content] };
}

/** A `label`/`description` (or, with no wrapper, a bare `language`) in the default locale. */
function language(wrapper: 'label' | 'description' | undefined, text: string): XmlElement {
  const lang: XmlElement = { name: 'language', attributes: [['value', LOCALE]], text };
  return wrapper ? { name: wrapper, children: [lang] } : lang;
}

/**
 * Checks specfiles against both schema generations, one xmllint run per generation for the whole
 * batch. A file must pass the 2018 schema (error otherwise); passing it but failing the 2016
 * one (a `-` or `+` in the bundle id, or a `license` element) is a warning, since importers
 * built on the first generation may reject it.
 */
export async function verifyAppConfig(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  if (artifacts.length === 0) return [];
  const docs = artifacts.map((a) => a.contents);
  const [r18, r16] = await Promise.all([
    validateWithXsd(docs, [schemaFile(APPCONFIG_2018_XSD)]),
    validateWithXsd(docs, [schemaFile(APPCONFIG_2016_XSD)]),
  ]);
  return artifacts.map((a, i) => {
    const out = generationDiagnostics(a, r18[i]!, r16[i]!);
    if (!out.some((d) => d.severity === 'error')) out.push(...keyDiagnostics(a));
    return out;
  });
}

function generationDiagnostics(a: Artifact, r18: XmllintResult, r16: XmllintResult): Diagnostic[] {
  const at = (line: number) => ({ file: a.fileName, line, target: a.target });
  for (const r of [r18, r16]) {
    if (!r.checked) return [diagnostic('error', 'internal-error', `This specfile was ${r.errors[0]?.message ?? 'not checked'}.`, at(0))];
  }
  const parserErrors = r18.errors.filter((e) => e.parser);
  if (parserErrors.length > 0) {
    return parserErrors.map((e) => diagnostic('error', 'appconfig-xml', `The specfile is not well-formed XML: ${cleanMessage(e.message)}.`, at(e.line)));
  }
  if (!r18.valid) {
    const passes = r16.valid
      ? 'It passes only the 2016 generation (appconfig-2016.xsd)'
      : 'It passes neither the 2018 nor the 2016 generation';
    return r18.errors.map((e) =>
      diagnostic('error', 'appconfig-schema', `Fails the AppConfig specfile schema, 2018 generation (appconfig-2018.xsd): ${cleanMessage(e.message)}. ${passes}.`, at(e.line)),
    );
  }
  if (!r16.valid) {
    return r16.errors.map((e) =>
      diagnostic(
        'warning',
        'appconfig-2016-schema',
        `Passes the 2018 AppConfig specfile schema but not the 2016 one (appconfig-2016.xsd): ${cleanMessage(e.message)}` +
          `${/'bundleId'/.test(e.message) ? " (the 2016 bundleId pattern allows only letters, digits and dots, no '-' or '+')" : ''}. ` +
          'Consoles whose specfile import still uses the first-generation schema may reject it: older Ivanti EPMM ' +
          '(MobileIron Core), Workspace ONE, BlackBerry UEM or MaaS360 releases, and tools built on it such as ' +
          "Jamf's AppConfig Generator.",
        at(e.line),
      ),
    );
  }
  return [];
}

/** Catalog checks of every dict key and its default (unknown keys, keys iOS does not read, values Jabber does not take). */
function keyDiagnostics(a: Artifact): Diagnostic[] {
  // Runs only after both schemas passed, so libxml2 has already parsed the text.
  const root = readXml(a.contents, { knownWellFormed: true }).root;
  if (!root) return [];
  return specfileKeys(root, []).flatMap((k) =>
    k.value === undefined ? [] : iosKeyDiagnostics(k.keyName, k.value, { file: a.fileName, line: k.line, target: a.target }, k.valueLine),
  );
}

/**
 * Checks specfiles against an XSD the user supplies (`validate --xsd <file>`), in one xmllint
 * run. A schema that does not compile gives each file one `xsd-unusable` error naming the schema.
 */
export async function verifyAppConfigWithXsd(
  files: readonly Pick<Artifact, 'fileName' | 'contents'>[],
  xsdText: string,
  xsdName = 'schema.xsd',
): Promise<Diagnostic[][]> {
  let results: XmllintResult[];
  try {
    results = await validateWithXsd(
      files.map((f) => f.contents),
      [{ fileName: 'user-schema.xsd', contents: xsdText }],
    );
  } catch (e) {
    if (!(e instanceof XmllintSchemaError)) throw e;
    const message = `${xsdName} is not a usable XML Schema: ${e.output.split('\n').filter((l) => l.trim() !== '').slice(0, 2).map((l) => cleanMessage(l.replace(/^user-schema\.xsd:\d+: /, ''))).join('; ')}.`;
    return files.map(() => [diagnostic('error', 'xsd-unusable', message, { file: xsdName, target: IOS_APPCONFIG_TARGET })]);
  }
  return files.map((f, i) =>
    results[i]!.errors.map((e) =>
      !results[i]!.checked ? diagnostic('error', 'internal-error', `This specfile was ${e.message}.`, { file: f.fileName, target: IOS_APPCONFIG_TARGET }) : diagnostic('error', e.parser ? 'appconfig-xml' : 'xsd', e.parser ? `The specfile is not well-formed XML: ${cleanMessage(e.message)}.` : `Fails ${xsdName}: ${cleanMessage(e.message)}.`, {
        file: f.fileName,
        line: e.line,
        target: IOS_APPCONFIG_TARGET,
      }),
    ),
  );
}

/** Specfile variable value → canonical variable (`emailAddress` → `user.email`). */
const CANONICAL_VARIABLE = new Map(Object.entries(SPECFILE_VARIABLES).map(([canonical, v]) => [`${v.element}:${v.value}`, canonical]));

/**
 * Reads a specfile back: each dict key's `defaultValue` as a raw value (string, boolean, number,
 * or an array for the array kinds); a `<userVariable>`/`<deviceVariable>` as `${user.x}`. Keys
 * without a default carry no setting and are reported.
 */
export function parseAppConfig(contents: string, fileName: string): ParsedArtifact {
  const parsed: ParsedArtifact = { target: IOS_APPCONFIG_TARGET, settings: new Map(), windows: new Map(), unknown: new Map(), diagnostics: [] };
  const read = readXml(contents);
  const at = (line: number) => ({ file: fileName, line, target: IOS_APPCONFIG_TARGET });
  for (const p of read.problems) parsed.diagnostics.push(diagnostic('error', 'appconfig-xml', `The specfile is not valid XML: ${p.message}.`, at(p.line)));
  const root = read.root;
  if (!root) return parsed;
  if (root.name !== 'managedAppConfiguration') {
    parsed.diagnostics.push(diagnostic('error', 'appconfig-root', `An AppConfig specfile has <managedAppConfiguration> as its root, not <${root.name}>.`, at(root.line)));
    return parsed;
  }
  const bundleId = root.children.find((c) => c.name === 'bundleId');
  if (bundleId) parsed.app = bundleId.text.trim();
  for (const key of specfileKeys(root, parsed.diagnostics, fileName)) {
    if (key.value === undefined) {
      parsed.diagnostics.push(diagnostic('warning', 'no-default-value', `${key.keyName} has no defaultValue in the specfile, so it carries no setting.`, at(key.line)));
      continue;
    }
    const param = parameterForIosKey(key.keyName);
    if (param) parsed.settings.set(param.key, key.value);
    else parsed.unknown.set(key.keyName, key.value);
  }
  return parsed;
}

/** One dict key of a specfile: its name, line, and default value (undefined without one) with its line. */
interface SpecfileKeyValue {
  keyName: string;
  line: number;
  value?: unknown;
  valueLine?: number;
}

/** The dict keys of a specfile with their default values read as raw values. */
function specfileKeys(root: XmlNode, diagnostics: Diagnostic[], fileName = ''): SpecfileKeyValue[] {
  const at = (line: number) => ({ file: fileName, line, target: IOS_APPCONFIG_TARGET });
  const out: SpecfileKeyValue[] = [];
  for (const key of root.children.find((c) => c.name === 'dict')?.children ?? []) {
    const keyName = key.attributes.get('keyName');
    if (keyName === undefined) continue;
    const def = key.children.find((c) => c.name === 'defaultValue');
    if (!def || def.children.length === 0) {
      out.push({ keyName, line: key.line });
      continue;
    }
    const items = def.children.map((c) => specfileValue(key.name, c, diagnostics, at));
    out.push({ keyName, line: key.line, value: key.name.endsWith('Array') ? items : items[0], valueLine: def.children[0]!.line });
  }
  return out;
}

function specfileValue(kind: string, node: XmlNode, diagnostics: Diagnostic[], at: (line: number) => Partial<Diagnostic>): unknown {
  if (node.name === 'userVariable' || node.name === 'deviceVariable') {
    const v = node.attributes.get('value') ?? '';
    const canonical = CANONICAL_VARIABLE.get(`${node.name}:${v}`);
    if (canonical) return `\${${canonical}}`;
    diagnostics.push(
      diagnostic('warning', 'variable-unknown', `<${node.name} value="${v}"> has no jabber-emm variable; it is read as \${${node.name === 'userVariable' ? 'user' : 'device'}.${v}}.`, at(node.line)),
    );
    return `\${${node.name === 'userVariable' ? 'user' : 'device'}.${v}}`;
  }
  const t = node.text;
  switch (kind) {
    case 'boolean':
      // xs:boolean lexical space: true, false, 1, 0 (whitespace collapsed).
      return ['true', '1'].includes(t.trim()) ? true : ['false', '0'].includes(t.trim()) ? false : t;
    case 'integer':
    case 'integerArray':
    case 'float':
    case 'floatArray': {
      const n = Number(t.trim());
      return t.trim() !== '' && Number.isFinite(n) ? n : t;
    }
    default:
      return t;
  }
}

/** True for XML whose document element is `<managedAppConfiguration>`. */
export function detectAppConfig(contents: string): boolean {
  return documentElement(contents) === 'managedAppConfiguration';
}

/** The ios-appconfig target. */
export const iosAppConfigTarget: Target = {
  id: IOS_APPCONFIG_TARGET,
  summary: 'AppConfig Community specfile (managedAppConfiguration XML) with the profile values as defaults and catalog labels',
  fileNames: [IOS_APPCONFIG_FILE],
  consoles: ['Workspace ONE (UEM)', 'Ivanti EPMM (MobileIron Core)', 'BlackBerry UEM', 'IBM MaaS360'],
  carries: { channel: 'emm', platform: 'ios' },
  checkedAgainst: 'AppConfig specfile XSD, 2018 generation (must pass) and 2016 generation (warning when not), in libxml2',
  render: renderAppConfig,
  verify: verifyAppConfig,
  parse: parseAppConfig,
  detect: detectAppConfig,
};
