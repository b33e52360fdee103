/**
 * Target `android-restrictions`: `app_restrictions.xml`, the `<restrictions>` document an app
 * declares its managed configuration with (RestrictionsManager javadoc; reference
 * android-managed-config.md §1), describing the keys the profile sets with the profile's values
 * as `android:defaultValue`, plus `app_restrictions_values.xml`, the `<resources>` file its
 * titles, descriptions and choice entries live in. For testing with TestDPC and for consoles
 * that import a schema.
 *
 * Why a values file: the platform reads `entries`/`entryValues` only as `@array` references
 * (getResourceId, §1.4), lint's ValidRestrictions wants a title on every restriction (§1.5) and
 * Android's guide asks for titles and descriptions from resources (§1.6).
 */
import type { XMLBuilder } from 'fast-xml-parser';
import { fastXmlParser } from '../fast-xml-parser.js';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { readEmmKeyInto } from '../emm-reading.js';
import type { ResolvedProfile } from '../../profile/types.js';
import { lintRestrictionFiles, type RestrictionFileSet } from './restrictions-lint.js';
import { emmEntries, type EmmEntry, secretMark } from '../emm-entries.js';
import { basename, extname } from 'node:path';
import { emptyParsed, type Artifact, type ArtifactFile, type ParsedArtifact, type Recognition, type RenderOptions, type RenderResult, type Target } from '../types.js';
import { decodeJavaInteger } from './java-integer.js';
import { escapeResourceString, isPlainAttributeValue, needsUnformatted, resourceNameFor, unescapeAttributeValue } from './resource-strings.js';
import { emptyResourceTable, parseReference, readResourceTable, type ResourceTable } from './resource-values.js';
import { attribute, elementChildren, readXmlTree, type XmlElement } from './xml-tree.js';

/** Target id (part of the CLI interface). */
export const RESTRICTIONS_TARGET = 'android-restrictions';
/** The restrictions document (res/xml/app_restrictions.xml in an app). */
export const RESTRICTIONS_FILE = 'app_restrictions.xml';
/** Its resources (res/values/app_restrictions_values.xml in an app). */
export const RESTRICTIONS_VALUES_FILE = 'app_restrictions_values.xml';
/** The Android attribute namespace. */
export const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

type Attrs = Record<string, string>;
type OrderedNode = Record<string, unknown>;

/** One `<restriction>` to write and the resources it references. */
interface RenderedRestriction {
  attrs: Attrs;
  resources: OrderedNode[];
}

function stringResource(name: string, text: string): OrderedNode {
  const attrs: Attrs = { '@_name': name };
  if (needsUnformatted(text)) attrs['@_formatted'] = 'false';
  return { string: text === '' ? [] : [{ '#text': escapeResourceString(text) }], ':@': attrs };
}

function arrayResource(name: string, items: readonly string[]): OrderedNode {
  return { 'string-array': items.map((i) => ({ item: i === '' ? [] : [{ '#text': escapeResourceString(i) }] })), ':@': { '@_name': name } };
}

/**
 * The restriction for one EMM entry. String mode: enums and booleans are `choice` with Cisco's
 * tokens as entries, lists and strings `string`. Typed mode: booleans `bool`, integers `integer`.
 */
function restrictionFor(e: EmmEntry): RenderedRestriction {
  const key = e.name;
  const resources: OrderedNode[] = [];
  const attrs: Attrs = { '@_android:key': key };
  const title = resourceNameFor(key, 'title');
  resources.push(stringResource(title, e.param.title));
  attrs['@_android:title'] = `@string/${title}`;
  if (e.param.description !== '') {
    const description = resourceNameFor(key, 'description');
    resources.push(stringResource(description, e.param.description));
    attrs['@_android:description'] = `@string/${description}`;
  }
  let type: string;
  let choices: string[] | undefined;
  if (e.value.kind === 'boolean') type = 'bool';
  else if (e.value.kind === 'integer') type = 'integer';
  else {
    if (e.param.type === 'enum') choices = [...(e.param.values ?? [])];
    else if (e.param.type === 'boolean') {
      const tokens = e.param.booleanTokens ?? { true: 'true', false: 'false' };
      choices = tokens.false === null ? [tokens.true] : [tokens.true, tokens.false];
    }
    // A value outside the choices (cannot come from a valid profile) stays a plain string.
    if (choices && !choices.includes(e.value.value)) choices = undefined;
    type = choices ? 'choice' : 'string';
  }
  attrs['@_android:restrictionType'] = type;
  if (choices) {
    // The tokens are both what the admin sees and what the app receives, so one array serves.
    const values = resourceNameFor(key, 'values');
    resources.push(arrayResource(values, choices));
    attrs['@_android:entries'] = `@array/${values}`;
    attrs['@_android:entryValues'] = `@array/${values}`;
  }
  const text = String(e.value.value);
  if (type === 'bool' || type === 'integer' || isPlainAttributeValue(text)) {
    attrs['@_android:defaultValue'] = text;
  } else {
    // aapt2 would turn "True" into a boolean, "007" into 7, and process backslashes: keep such
    // values exact in a string resource.
    const name = resourceNameFor(key, 'default');
    resources.push(stringResource(name, text));
    attrs['@_android:defaultValue'] = `@string/${name}`;
  }
  return { attrs, resources };
}

function escapeXmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeXmlAttribute(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

let builder: XMLBuilder | undefined;

/** The one builder, made on first render (fast-xml-parser loads on first use). */
function xmlBuilder(): XMLBuilder {
  return (builder ??= new (fastXmlParser().XMLBuilder)({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    preserveOrder: true,
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
    // The default writes an attribute whose value is "true" as a bare name: not XML.
    suppressBooleanAttributes: false,
    processEntities: false,
    tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
    attributeValueProcessor: (_name: string, value: unknown) => escapeXmlAttribute(String(value)),
  }));
}

function xmlDocument(root: OrderedNode): string {
  const declaration = { '?xml': [{ '#text': '' }], ':@': { '@_version': '1.0', '@_encoding': 'utf-8' } };
  return (xmlBuilder().build([declaration, root]) as string).replace(/\n*$/, '\n');
}

/** Renders app_restrictions.xml and its values file. */
export function renderRestrictions(profile: ResolvedProfile, options: RenderOptions): RenderResult {
  const { entries, diagnostics } = emmEntries(profile, 'android', RESTRICTIONS_TARGET, options, 'translate');
  const rendered = entries.map(restrictionFor);
  const restrictions = {
    restrictions: rendered.map((r) => ({ restriction: [], ':@': r.attrs })),
    ':@': { '@_xmlns:android': ANDROID_NS },
  };
  const resources = { resources: rendered.flatMap((r) => r.resources) };
  return {
    artifacts: [
      // The restrictions file carries each value as its default; the values file holds only titles.
      { target: RESTRICTIONS_TARGET, fileName: RESTRICTIONS_FILE, contents: xmlDocument(restrictions), ...secretMark(entries) },
      { target: RESTRICTIONS_TARGET, fileName: RESTRICTIONS_VALUES_FILE, contents: xmlDocument(resources) },
    ],
    diagnostics,
  };
}

/** True when the XML's root element is `<resources>` (a values file, not a restrictions file). */
function isValuesFile(a: Artifact): boolean {
  return /^(\s|<\?[^>]*\?>|<!--[\s\S]*?-->)*<resources[\s/>]/.test(a.contents);
}

/**
 * Pairs each restrictions file with the values file right after it (the order render writes and
 * the export pipeline keeps), and checks them all with one xmllint start.
 */
export async function verifyRestrictions(artifacts: readonly Artifact[]): Promise<Diagnostic[][]> {
  const sets: RestrictionFileSet[] = [];
  const owner: { set: number; role: 'restrictions' | 'values' }[] = [];
  for (let i = 0; i < artifacts.length; i += 1) {
    const a = artifacts[i]!;
    const next = artifacts[i + 1];
    if (!isValuesFile(a) && next && isValuesFile(next)) {
      owner.push({ set: sets.length, role: 'restrictions' }, { set: sets.length, role: 'values' });
      sets.push({ restrictions: a, values: next });
      i += 1;
    } else if (isValuesFile(a)) {
      owner.push({ set: sets.length, role: 'values' });
      sets.push({ values: a });
    } else {
      owner.push({ set: sets.length, role: 'restrictions' });
      sets.push({ restrictions: a });
    }
  }
  const results = await lintRestrictionFiles(sets);
  return owner.map((o) => results[o.set]![o.role]);
}

/**
 * Reads a restrictions file back: each restriction's key (EMM name → catalog key) and its
 * default as the app would get it. `@string/`, `@array/`, `@bool/` and `@integer/` defaults
 * resolve against the values file when it is given.
 */
export function parseRestrictionFiles(contents: string, fileName: string, valuesContents?: string, valuesFileName = RESTRICTIONS_VALUES_FILE): ParsedArtifact {
  const parsed: ParsedArtifact = { target: RESTRICTIONS_TARGET, settings: new Map(), windows: new Map(), unknown: new Map(), positions: new Map(), diagnostics: [] };
  let root: XmlElement | undefined;
  let table: ResourceTable = emptyResourceTable();
  // The tree reader assumes well-formed XML (libxml2 checks it in verify), but diff reads without
  // verify: a broken file must be an error here too, never an empty set of values.
  const broken = notWellFormed(contents, fileName) ?? (valuesContents === undefined ? undefined : notWellFormed(valuesContents, valuesFileName));
  if (broken) {
    parsed.diagnostics.push(broken);
    return parsed;
  }
  try {
    root = readXmlTree(contents);
    const valuesRoot = valuesContents === undefined ? undefined : readXmlTree(valuesContents);
    if (valuesRoot) table = readResourceTable(valuesRoot).table;
  } catch (e) {
    parsed.diagnostics.push({
      severity: 'error',
      code: 'xml-not-well-formed',
      message: `Cannot read ${fileName} as XML: ${(e as Error).message}`,
      file: fileName,
      line: 1,
      column: 1,
      pointer: '',
      target: RESTRICTIONS_TARGET,
    });
    return parsed;
  }
  const report = (severity: 'error' | 'warning', code: string, message: string, at: { line: number; column: number }) =>
    parsed.diagnostics.push(diagnostic(severity, code, message, { file: fileName, line: at.line, column: at.column, target: RESTRICTIONS_TARGET }));
  if (!root || root.name !== 'restrictions') {
    if (root) report('error', 'restrictions-root', `An app restrictions file has <restrictions> as its root, not <${root.name}>; nothing was read.`, root);
    return parsed;
  }
  for (const el of elementChildren(root)) {
    if (el.name !== 'restriction') {
      report('warning', 'unknown-element', `<${el.name}> is not a <restriction>; it is not read.`, el);
      continue;
    }
    const keyAttr = attribute(el, ANDROID_NS, 'key');
    const key = keyAttr?.value;
    const type = attribute(el, ANDROID_NS, 'restrictionType')?.value;
    const raw = attribute(el, ANDROID_NS, 'defaultValue');
    if (key === undefined) {
      report('warning', 'restriction-without-key', 'A <restriction> has no android:key, so it belongs to no setting; it is not read.', el);
      continue;
    }
    const at = { line: keyAttr!.line, column: keyAttr!.column };
    for (const inner of elementChildren(el).filter((c) => c.name === 'restriction')) {
      // A bundle's restrictions are a nested configuration no Jabber parameter has.
      const innerKey = attribute(inner, ANDROID_NS, 'key')?.value ?? '(no key)';
      report('warning', 'nested-restriction', `${innerKey} is nested in ${key}; no Jabber parameter is a bundle, so it is not read.`, inner);
    }
    if (raw === undefined) {
      report('warning', 'no-default-value', `${key} has no android:defaultValue, so it carries no setting.`, at);
      continue;
    }
    if (raw.value.trim() === '@null') {
      // Android's explicit "no value" (Bitwarden's file has it): not a resource to look up.
      report('warning', 'no-default-value', `${key} has android:defaultValue="@null" (no value), so it carries no setting.`, at);
      continue;
    }
    const value = defaultOf(type, raw.value, table);
    if (value === undefined) {
      report(
        'warning',
        'resource-unresolved',
        `The default of ${key} is ${raw.value}, which is not in the values file${valuesContents === undefined ? ' (not given)' : ''}; its value is not read.`,
        raw,
      );
      continue;
    }
    readEmmKeyInto(parsed, key, value, 'android', { file: fileName, ...at, target: RESTRICTIONS_TARGET });
  }
  return parsed;
}

/** An `xml-not-well-formed` error at the place the XML stops being well-formed, or undefined when it is. */
function notWellFormed(text: string, fileName: string): Diagnostic | undefined {
  const result = fastXmlParser().XMLValidator.validate(text);
  if (result === true) return undefined;
  const { msg, line, col } = result.err;
  return diagnostic('error', 'xml-not-well-formed', `${basename(fileName)} is not well-formed XML (${msg.replace(/\.$/, '')}); nothing in it was read.`, {
    file: fileName,
    line: Math.max(1, line),
    column: Math.max(1, col),
    target: RESTRICTIONS_TARGET,
  });
}

/** The default as the platform would read it for the restriction type (§1.4), or undefined. */
function defaultOf(type: string | undefined, raw: string, table: ResourceTable): unknown {
  const ref = parseReference(raw);
  let text: string | string[] | undefined;
  if (raw.trim() === '@null') return undefined;
  if (ref) {
    if (ref.type === 'string') text = table.strings.get(ref.name)?.value;
    else if (ref.type === 'array') text = table.arrays.get(ref.name)?.value;
    else if (ref.type === 'bool') text = table.bools.get(ref.name)?.value;
    else if (ref.type === 'integer') text = table.integers.get(ref.name)?.value;
    if (text === undefined) return undefined;
  } else text = unescapeAttributeValue(raw);
  if (Array.isArray(text)) return text;
  if (type === 'bool') {
    const t = text.trim();
    return /^true$/i.test(t) ? true : /^false$/i.test(t) ? false : text;
  }
  if (type === 'integer') {
    const n = decodeJavaInteger(text);
    return n ?? text;
  }
  return text;
}

/** Root element test of the two files (declaration and comments allowed before it). */
const RESTRICTIONS_ROOT = /^(\s|<\?[^>]*\?>|<!--[\s\S]*?-->)*<restrictions[\s/>]/;
const RESOURCES_ROOT = /^(\s|<\?[^>]*\?>|<!--[\s\S]*?-->)*<resources[\s/>]/;

/**
 * A `<restrictions>` document is the set's main file; a `<resources>` file is its values file,
 * taken alone only under the export's name (any app has resources files of its own).
 */
export function recogniseRestrictionFile(contents: string, fileName: string): Recognition | undefined {
  if (RESTRICTIONS_ROOT.test(contents)) return { member: RESTRICTIONS_FILE };
  if (!RESOURCES_ROOT.test(contents)) return undefined;
  if (basename(fileName) === RESTRICTIONS_VALUES_FILE) return { member: RESTRICTIONS_VALUES_FILE, byName: true };
  return {
    member: RESTRICTIONS_VALUES_FILE,
    onlyWith: `${basename(fileName)} is an Android resources file. It is read only as the values file of an android-restrictions export: name it ${RESTRICTIONS_VALUES_FILE}, or give it with its restrictions file <name>.xml as <name>_values.xml in the same folder.`,
  };
}

/** The pair in a folder: `<name>.xml` with `<name>_values.xml` (app_restrictions.xml with app_restrictions_values.xml). */
export function restrictionCompanions(fileName: string, folder: readonly string[]): string[] {
  const base = basename(fileName);
  const stem = base.slice(0, base.length - extname(base).length);
  const wanted = stem.endsWith('_values') ? `${stem.slice(0, -'_values'.length)}${extname(base)}` : `${stem}_values${extname(base)}`;
  return folder.filter((f) => f === wanted);
}

/** Reads the pair (or either file alone): values come from the restrictions file, resolved in the values file. */
export function parseRestrictionSet(files: readonly ArtifactFile[]): ParsedArtifact {
  const main = files.find((f) => RESTRICTIONS_ROOT.test(f.contents));
  const values = files.find((f) => f !== main && RESOURCES_ROOT.test(f.contents));
  if (!main) {
    // A values file alone holds titles and defaults, but which keys they belong to is in the restrictions file.
    const alone = emptyParsed(RESTRICTIONS_TARGET);
    alone.diagnostics.push({
      severity: 'warning',
      code: 'restrictions-file-missing',
      message: `${values?.fileName ?? 'The values file'} holds the values of an android-restrictions export, but its ${RESTRICTIONS_FILE} was not found beside it: no setting is read. Give ${RESTRICTIONS_FILE} (it brings its values file along).`,
      file: values?.fileName ?? '',
      line: 1,
      column: 1,
      pointer: '',
      target: RESTRICTIONS_TARGET,
    });
    return alone;
  }
  return parseRestrictionFiles(main.contents, main.fileName, values?.contents, values?.fileName);
}

/** The android-restrictions target. */
export const androidRestrictionsTarget: Target = {
  id: RESTRICTIONS_TARGET,
  summary: 'app_restrictions.xml (restrictionType, title, description, choice entries, the profile values as defaults) and its values file',
  fileNames: [RESTRICTIONS_FILE, RESTRICTIONS_VALUES_FILE],
  consoles: ['TestDPC', 'consoles that import an app restrictions schema'],
  // TestDPC and schema imports; no --emm console documents a file upload (reference android-managed-config.md §2.5).
  emmConsoles: [],
  carries: { channel: 'emm', platform: 'android' },
  checkedAgainst: "Android lint's ValidRestrictions rules, XML well-formedness (libxml2), references resolved in the values file, aapt2 compile in tests",
  render: renderRestrictions,
  verify: verifyRestrictions,
  recognise: recogniseRestrictionFile,
  companions: restrictionCompanions,
  parse: parseRestrictionSet,
};
