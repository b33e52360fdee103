/**
 * Target `ios-appconfig`: the AppConfig Community specfile (managedAppConfiguration XML) that
 * Workspace ONE, Ivanti EPMM, BlackBerry UEM and MaaS360 import to build their app
 * configuration form (../shared/reference/ios-appconfig.md §1). It holds the profile's values as
 * `defaultValue`s of a typed `dict`, and a `presentation` with the catalog's labels.
 */
import type { Parameter } from '../../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { CONSOLE_TOKENS, SPECFILE_VARIABLES, VARIABLES, hasVariables, isVariableName, variableUnsupportedMessage } from '../../variables/consoles.js';
import { XmllintSchemaError, validateWithXsd, type XmllintResult } from '../../verify/xmllint.js';
import { emmEntries, type EmmEntry, secretMark } from '../emm-entries.js';
import { positionKey, type Artifact, type ParsedArtifact, type RenderOptions, type RenderResult, type Target } from '../types.js';
import { readEmmKey } from '../emm-reading.js';
import { parseOneFile, recogniseOneFile } from '../codec.js';
import { iosKeyDiagnostics, iosValueDiagnostics, parameterForIosKey } from './ios-keys.js';
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
    const built = specfileKey(entry, options);
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
  return { artifacts: [{ target: IOS_APPCONFIG_TARGET, fileName: IOS_APPCONFIG_FILE, contents, ...secretMark(entries) }], diagnostics };
}

/**
 * The dict key and presentation field of one entry. The element follows the EMM value kind
 * (string/boolean/integer), so `--typed-values` is decided once, in emmEntries.
 */
function specfileKey(entry: EmmEntry, options: RenderOptions): SpecfileKey | { problem: string; code: string } {
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
        // With --emm the console fills the variable in, so it must have a token for it (like the other targets).
        if (options.emm && CONSOLE_TOKENS[options.emm][m[1]] === null) {
          return { code: 'variable-unsupported', problem: variableUnsupportedMessage(param.key, [m[1]], options.emm) };
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
  // libxml2 gives validity findings a line only: they are placed at its column 1.
  const at = (line: number, column = 0) => ({ file: a.fileName, line, column: line > 0 ? Math.max(column, 1) : 0, target: a.target });
  for (const r of [r18, r16]) {
    if (!r.checked) return [diagnostic('error', 'internal-error', `This specfile was ${r.errors[0]?.message ?? 'not checked'}.`, at(0))];
  }
  const parserErrors = r18.errors.filter((e) => e.parser);
  if (parserErrors.length > 0) {
    return parserErrors.map((e) => diagnostic('error', 'appconfig-xml', `The specfile is not well-formed XML: ${cleanMessage(e.message)}.`, at(e.line, e.column)));
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
  return root.children
    .filter((c) => c.name === 'dict')
    .flatMap((d) => specfileKeys(d, []))
    .flatMap((k) =>
      k.value === undefined ? [] : iosKeyDiagnostics(k.keyName, k.value, { file: a.fileName, line: k.line, column: k.column, target: a.target }, valueAtOf(k)),
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
        column: e.line > 0 ? 1 : 0,
        target: IOS_APPCONFIG_TARGET,
      }),
    ),
  );
}

/** Specfile variable value → canonical variable (`emailAddress` → `user.email`). */
const CANONICAL_VARIABLE = new Map(Object.entries(SPECFILE_VARIABLES).map(([canonical, v]) => [`${v.element}:${v.value}`, canonical]));

/** Children of managedAppConfiguration (appconfig-2018.xsd). */
const SPECFILE_ELEMENTS = new Set(['version', 'bundleId', 'dict', 'presentation', 'license']);

/** Key elements a specfile's dict may hold (appconfig-2018.xsd, element dict). */
const KEY_ELEMENTS = new Set(['string', 'stringArray', 'integer', 'integerArray', 'float', 'floatArray', 'date', 'boolean']);

/**
 * Reads a specfile back: each dict key's `defaultValue` as a raw value (string, boolean, number,
 * or an array for the array kinds); a `<userVariable>`/`<deviceVariable>` as `${user.x}`. Keys
 * without a default carry no setting and are reported. Entries the 2018 schema rejects (no
 * keyName, the key as an attribute, a value outside `<defaultValue><value>`, an element the dict
 * has no place for, a value its type does not allow) are read as far as they can be and each
 * named in an error at its position, so nothing a console might have sent vanishes.
 */
export function parseAppConfig(contents: string, fileName: string): ParsedArtifact {
  const parsed: ParsedArtifact = { target: IOS_APPCONFIG_TARGET, settings: new Map(), windows: new Map(), unknown: new Map(), positions: new Map(), diagnostics: [] };
  const read = readXml(contents);
  const at = (line: number, column = 1) => ({ file: fileName, line: Math.max(line, 1), column, target: IOS_APPCONFIG_TARGET });
  for (const p of read.problems) parsed.diagnostics.push(diagnostic('error', 'appconfig-xml', `The specfile is not valid XML: ${p.message}.`, at(p.line, p.column)));
  const root = read.root;
  if (!root) return parsed;
  if (root.name !== 'managedAppConfiguration') {
    parsed.diagnostics.push(diagnostic('error', 'appconfig-root', `An AppConfig specfile has <managedAppConfiguration> as its root, not <${root.name}>.`, at(root.line, root.column)));
    return parsed;
  }
  const bundleId = root.children.find((c) => c.name === 'bundleId');
  if (bundleId) {
    parsed.app = bundleId.text.trim();
    parsed.positions.set('/apps/ios', { file: fileName, line: bundleId.line, column: bundleId.column });
  }
  for (const other of root.children.filter((c) => !SPECFILE_ELEMENTS.has(c.name))) {
    parsed.diagnostics.push(
      diagnostic('error', 'specfile-entry', `<${other.name}> is not an element of a specfile (${[...SPECFILE_ELEMENTS].join(', ')}); it is not read.`, at(other.line, other.column)),
    );
  }
  const dicts = root.children.filter((c) => c.name === 'dict');
  if (dicts.length !== 1) {
    parsed.diagnostics.push(
      diagnostic('error', 'specfile-entry', `A specfile holds exactly one <dict> with its keys; this one holds ${dicts.length}${dicts.length > 1 ? ', and all are read' : ''}.`, at(root.line, root.column)),
    );
  }
  for (const key of dicts.flatMap((d) => specfileKeys(d, parsed.diagnostics, fileName))) {
    const where = { file: fileName, line: key.line, column: key.column };
    if (key.value === undefined) {
      parsed.diagnostics.push(diagnostic('warning', 'no-default-value', `${key.keyName} has no defaultValue in the specfile, so it carries no setting.`, at(key.line, key.column)));
      continue;
    }
    const { param, value, diagnostics } = readEmmKey(key.keyName, key.value, 'ios', { ...at(key.line, key.column), file: fileName });
    const slot = param ? positionKey('settings', param.key) : positionKey('unknown', key.keyName);
    if (parsed.positions.has(slot)) {
      parsed.diagnostics.push(diagnostic('error', 'duplicate-key', `${key.keyName} is a key twice in the specfile; the last one is read.`, at(key.line, key.column)));
    }
    parsed.positions.set(slot, where);
    parsed.diagnostics.push(...diagnostics);
    // Jabber for iOS reads the value as validate's check says (a stringArray for a comma-separated key is not read).
    if (param) parsed.diagnostics.push(...iosValueDiagnostics(param, key.keyName, key.value, { ...at(key.line, key.column), file: fileName }, valueAtOf(key)));
    if (param) parsed.settings.set(param.key, value);
    else parsed.unknown.set(key.keyName, value);
  }
  return parsed;
}

/** One dict key of a specfile: its name, position, and default value (undefined without one) with its line and column. */
interface SpecfileKeyValue {
  keyName: string;
  line: number;
  column: number;
  value?: unknown;
  valueLine?: number;
  valueColumn?: number;
}

/** Where a key's value stands (its first <value>), for findings about the value. */
function valueAtOf(k: SpecfileKeyValue): { line: number; column: number } {
  return k.valueLine === undefined ? { line: k.line, column: k.column } : { line: k.valueLine, column: k.valueColumn || 1 };
}

/**
 * The dict keys of a specfile with their default values read as raw values. `diagnostics` gets
 * an error for every entry the 2018 schema rejects; what it holds is still read.
 */
function specfileKeys(dict: XmlNode, diagnostics: Diagnostic[], fileName = ''): SpecfileKeyValue[] {
  const at = (node: XmlNode) => ({ file: fileName, line: node.line, column: node.column, target: IOS_APPCONFIG_TARGET });
  const reject = (node: XmlNode, message: string) => diagnostics.push(diagnostic('error', 'specfile-entry', message, at(node)));
  const out: SpecfileKeyValue[] = [];
  for (const key of dict.children) {
    const known = KEY_ELEMENTS.has(key.name);
    let keyName = key.attributes.get('keyName');
    let def = key.children.find((c) => c.name === 'defaultValue');
    let items: XmlNode[] | undefined = def?.children;
    let attributeValue: string | undefined;
    if (keyName === undefined) {
      const others = [...key.attributes].filter(([name]) => !name.includes(':'));
      if (others.length === 1 && !def) {
        // <string apiKey="value"/>: the key written as an attribute.
        [keyName, attributeValue] = others[0]!;
        reject(
          key,
          `<${key.name} ${keyName}="..."> names its key as an attribute; the specfile schema needs <${key.name} keyName="${keyName}"> with the value in <defaultValue><value>. It is read as ${keyName}.`,
        );
      } else {
        reject(key, `<${key.name}> has no keyName attribute, so it belongs to no setting; it is not read.`);
        continue;
      }
    } else if (!known) {
      reject(key, `<${key.name} keyName="${keyName}"> is not a specfile key element (${[...KEY_ELEMENTS].join(', ')}); it is read as text.`);
    }
    if (!def) {
      const bare = key.children.filter((c) => c.name === 'value' || c.name === 'userVariable' || c.name === 'deviceVariable');
      if (bare.length > 0) {
        reject(bare[0]!, `The value of ${keyName} is not inside <defaultValue>, where the specfile schema needs it; it is read.`);
        items = bare;
        def = key;
      }
    } else if (items!.length === 0 && def.text.trim() !== '') {
      reject(def, `The value of ${keyName} stands directly in <defaultValue>; the specfile schema needs it inside <value>. It is read.`);
    }
    const kind = known ? key.name : 'string';
    if (attributeValue !== undefined) {
      out.push({ keyName, line: key.line, column: key.column, value: attributeValue, valueLine: key.line, valueColumn: key.column });
    } else if (!def) {
      out.push({ keyName, line: key.line, column: key.column });
    } else if (items!.length === 0) {
      const text = def.text.trim();
      if (text === '') out.push({ keyName, line: key.line, column: key.column });
      else out.push({ keyName, line: key.line, column: key.column, value: specfileValue(kind, keyName, def, text, diagnostics, at), valueLine: def.line, valueColumn: def.column });
    } else {
      const values = items!.map((c) => specfileValue(kind, keyName!, c, c.text, diagnostics, at));
      out.push({ keyName, line: key.line, column: key.column, value: kind.endsWith('Array') ? values : values[0], valueLine: items![0]!.line, valueColumn: items![0]!.column });
    }
  }
  return out;
}

function specfileValue(
  kind: string,
  keyName: string,
  node: XmlNode,
  t: string,
  diagnostics: Diagnostic[],
  at: (node: XmlNode) => Partial<Diagnostic>,
): unknown {
  if (node.name === 'userVariable' || node.name === 'deviceVariable') {
    const v = node.attributes.get('value') ?? '';
    const canonical = CANONICAL_VARIABLE.get(`${node.name}:${v}`);
    if (canonical) return `\${${canonical}}`;
    diagnostics.push(
      diagnostic('warning', 'variable-unknown', `<${node.name} value="${v}"> has no jabber-emm variable; it is read as \${${node.name === 'userVariable' ? 'user' : 'device'}.${v}}.`, at(node)),
    );
    return `\${${node.name === 'userVariable' ? 'user' : 'device'}.${v}}`;
  }
  const bad = (what: string) =>
    diagnostics.push(
      diagnostic(
        'error',
        'specfile-value',
        `The ${kind} value of ${keyName}, ${parameterForIosKey(keyName)?.secret ? 'as given' : JSON.stringify(t)}, is not ${what} the specfile schema allows; it is read as the text it is.`,
        at(node),
      ),
    );
  switch (kind) {
    case 'boolean': {
      // xs:boolean lexical space: true, false, 1, 0 (whitespace collapsed).
      const v = t.trim();
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      bad('a boolean (true, false, 1 or 0)');
      return t;
    }
    case 'integer':
    case 'integerArray':
    case 'float':
    case 'floatArray': {
      const n = Number(t.trim());
      if (t.trim() !== '' && Number.isFinite(n) && (kind.startsWith('float') || /^[+-]?\d+$/.test(t.trim()))) return n;
      bad(kind.startsWith('float') ? 'a number' : 'a whole number');
      return t;
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
  // Specfile import: Ivanti EPMM (Core), Workspace ONE, MaaS360 (reference ios-appconfig.md §1.6). Ivanti
  // Neurons for MDM (formerly MobileIron Cloud) is taken to import them as MobileIron did [U: no Neurons page found].
  emmConsoles: ['workspace-one', 'ivanti-core', 'ivanti-neurons', 'maas360'],
  carries: { channel: 'emm', platform: 'ios' },
  checkedAgainst: 'AppConfig specfile XSD, 2018 generation (must pass) and 2016 generation (warning when not), in libxml2',
  render: renderAppConfig,
  verify: verifyAppConfig,
  userSchema: { kind: 'AppConfig specfile', probe: '<managedAppConfiguration/>\n', verify: verifyAppConfigWithXsd },
  recognise: recogniseOneFile(IOS_APPCONFIG_FILE, detectAppConfig),
  parse: parseOneFile(parseAppConfig),
};
