/**
 * Checks app_restrictions.xml files and their values files: XML well-formedness (the thread's
 * one libxml2, src/verify/libxml2.ts), Android lint's `ValidRestrictions` rules (a port of
 * lint's RestrictionsDetector.kt, reference android-managed-config.md §1.5), what the platform
 * parser and Google Play add (§1.4, §1.7), resource references resolved in the values file, and
 * Android's 65,535-character string limit (§3).
 */
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkXmlDocuments } from '../../verify/libxml2.js';
import { decodeJavaInteger } from './java-integer.js';
import { parseReference, readResourceTable, type ResourceTable } from './resource-values.js';
import { stringLimit, stringLimitMessage } from './string-limits.js';
import { attribute, elementChildren, readXmlTree, type XmlAttribute, type XmlElement } from './xml-tree.js';

/** The Android attribute namespace (lint looks attributes up by this URI, not by prefix). */
const ANDROID_URI = 'http://schemas.android.com/apk/res/android';
const TARGET = 'android-restrictions';

/** RestrictionsDetector.kt: "Copied from Google Play store's AppRestrictionBuilder". */
export const MAX_NESTING_DEPTH = 20;
export const MAX_NUMBER_OF_NESTED_RESTRICTIONS = 1000;

/** The eight `restrictionType` names (AOSP attrs.xml, styleable RestrictionEntry). */
export const RESTRICTION_TYPES = ['hidden', 'bool', 'choice', 'multi-select', 'integer', 'string', 'bundle', 'bundle_array'] as const;

/** A file to check. */
export interface LintFile {
  fileName: string;
  contents: string;
}

/** A restrictions file and the values file its references point into; either may be absent. */
export interface RestrictionFileSet {
  restrictions?: LintFile;
  values?: LintFile;
}

/** Diagnostics for each file of a set. */
export interface RestrictionFileDiagnostics {
  restrictions: Diagnostic[];
  values: Diagnostic[];
}

/** Checks many sets; results in input order. */
export async function lintRestrictionFiles(sets: readonly RestrictionFileSet[]): Promise<RestrictionFileDiagnostics[]> {
  const results: RestrictionFileDiagnostics[] = sets.map(() => ({ restrictions: [], values: [] }));
  const wellFormed = await checkWellFormed(sets, results);
  sets.forEach((set, i) => {
    const out = results[i]!;
    let table: ResourceTable | undefined;
    if (set.values && wellFormed.has(set.values)) {
      const root = readTree(set.values, out.values);
      if (root) {
        const read = readResourceTable(root);
        table = read.table;
        for (const p of read.problems) out.values.push(diagnostic('error', p.code, p.message, { file: set.values.fileName, line: p.line, column: p.column, target: TARGET }));
        for (const [name, entry] of read.table.strings) {
          const level = stringLimit(entry.value);
          if (level) out.values.push(diagnostic(level, 'string-too-long', stringLimitMessage(`@string/${name}`, entry.value, level), { file: set.values.fileName, line: entry.line, column: entry.column, target: TARGET }));
        }
      }
    }
    if (set.restrictions && wellFormed.has(set.restrictions)) {
      const root = readTree(set.restrictions, out.restrictions);
      if (root) out.restrictions.push(...lintRestrictionsTree(root, set.restrictions.fileName, set.values ? table : undefined));
    }
  });
  return results;
}

/** The tree of a file libxml2 accepted; a reader failure (not expected) becomes a diagnostic. */
function readTree(file: LintFile, out: Diagnostic[]): XmlElement | undefined {
  try {
    return readXmlTree(file.contents);
  } catch (e) {
    out.push(diagnostic('error', 'xml-not-well-formed', `Cannot read the XML: ${(e as Error).message}`, { file: file.fileName, target: TARGET }));
    return undefined;
  }
}

/** One libxml2 pass over every file; files with errors get `xml-not-well-formed` and are skipped. */
async function checkWellFormed(sets: readonly RestrictionFileSet[], results: RestrictionFileDiagnostics[]): Promise<Set<LintFile>> {
  const files: { file: LintFile; set: number; role: 'restrictions' | 'values' }[] = [];
  sets.forEach((set, i) => {
    for (const role of ['restrictions', 'values'] as const) {
      const file = set[role];
      if (file) files.push({ file, set: i, role });
    }
  });
  const ok = new Set(files.map((f) => f.file));
  if (files.length === 0) return ok;
  const checked = await checkXmlDocuments(
    files.map((f) => f.file.contents),
    { kind: 'none' },
  );
  files.forEach((f, i) => {
    const r = checked[i]!;
    if (r.valid) return;
    ok.delete(f.file);
    // libxml2 reports follow-on errors after the first; three are enough to find the spot.
    for (const e of r.errors.slice(0, 3)) {
      const at = { file: f.file.fileName, line: e.line, ...(e.column > 0 ? { column: e.column } : {}), target: TARGET };
      results[f.set]![f.role].push(
        r.checked ? diagnostic('error', 'xml-not-well-formed', `Not well-formed XML: ${e.message}`, at) : diagnostic('error', 'internal-error', `This file was ${e.message}.`, at),
      );
    }
  });
  return ok;
}

/**
 * Lints one parsed restrictions document. `table` is the values file's resources; undefined
 * when no values file was given (references are then reported once as not checked).
 */
export function lintRestrictionsTree(root: XmlElement, file: string, table: ResourceTable | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (severity: 'error' | 'warning', code: string, message: string, at: { line: number; column: number }): void => {
    out.push(diagnostic(severity, code, message, { file, line: at.line, column: at.column, target: TARGET }));
  };
  const lint = (code: string, message: string, at: { line: number; column: number }): void => report('error', code, `${message} (Android lint ValidRestrictions).`, at);
  if (root.name !== 'restrictions') {
    report('error', 'restrictions-root', `The root element is <${root.name}>; an app restrictions file has <restrictions> (RestrictionsManager).`, root);
    return out;
  }
  let unresolvedWithoutValues = false;
  const keys = new Map<string, XmlAttribute>();

  /** A reference attribute must resolve in the values file (title, description, entries ...). */
  const checkReference = (attr: XmlAttribute, expect: string[]): void => {
    const ref = parseReference(attr.value);
    if (!ref) return;
    if (!expect.includes(ref.type)) {
      report('error', 'resource-wrong-type', `${attr.qname} points to @${ref.type}/${ref.name}; it takes ${expect.map((t) => `@${t}/`).join(' or ')}.`, attr);
      return;
    }
    if (!table) {
      unresolvedWithoutValues = true;
      return;
    }
    const found =
      ref.type === 'string' ? table.strings.has(ref.name) : ref.type === 'array' ? table.arrays.has(ref.name) : ref.type === 'bool' ? table.bools.has(ref.name) : table.integers.has(ref.name);
    if (!found) report('error', 'resource-unresolved', `${attr.qname}="${attr.value}" is not defined in the values file (aapt2: resource not found).`, attr);
  };
  const resolvedArray = (attr: XmlAttribute | undefined): string[] | undefined => {
    const ref = attr && parseReference(attr.value);
    return ref?.type === 'array' ? table?.arrays.get(ref.name)?.value : undefined;
  };
  const resolvedString = (attr: XmlAttribute): string | undefined => {
    const ref = parseReference(attr.value);
    if (!ref) return attr.value;
    return ref.type === 'string' ? table?.strings.get(ref.name)?.value : undefined;
  };

  // RestrictionsDetector.validateNestedRestrictions: the <restriction> children of an element.
  const validateNested = (element: XmlElement, type: string | undefined, depth: number, bundleArrayLevel: number): void => {
    const children = elementChildren(element);
    if (depth === 0 || type === 'bundle' || type === 'bundle_array') {
      const dv = attribute(element, ANDROID_URI, 'defaultValue');
      if (dv) lint('restriction-bundle-default', depth === 0 ? '<restrictions> should not have a default value' : `Restriction type \`${type}\` should not have a default value`, dv);
      for (const child of children) {
        if (child.name !== 'restriction') {
          lint('restriction-unexpected-tag', `Unexpected tag \`<${child.name}>\`, expected \`<restriction>\``, child);
          continue;
        }
        validateRestriction(child, depth + 1, type, bundleArrayLevel);
      }
      if (type === 'bundle_array' && children.length !== 1) {
        lint('restriction-bundle-array-children', 'Expected exactly one child for restriction of type `bundle_array`', element);
      } else if (type === 'bundle' && children.length === 0) {
        lint('restriction-bundle-empty', 'Restriction type `bundle` should have at least one nested restriction', element);
      }
      if (children.length > MAX_NUMBER_OF_NESTED_RESTRICTIONS) {
        lint('restriction-too-many-nested', `Invalid nested restriction: too many nested restrictions (was ${children.length}, max ${MAX_NUMBER_OF_NESTED_RESTRICTIONS})`, element);
      } else if (depth > MAX_NESTING_DEPTH) {
        lint('restriction-nesting-too-deep', `Invalid nested restriction: nesting depth ${depth} too large (max ${MAX_NESTING_DEPTH})`, element);
      }
    } else if (children.length > 0) {
      lint('restriction-nested-not-allowed', 'Only restrictions of type `bundle` and `bundle_array` can have one or multiple nested restriction elements', element);
    }
  };

  // RestrictionsDetector.validateRestriction, then what the platform and Play add.
  const validateRestriction = (el: XmlElement, depth: number, parentType: string | undefined, bundleArrayLevel: number): void => {
    const required = (name: string): XmlAttribute | undefined => {
      const a = attribute(el, ANDROID_URI, name);
      if (!a) lint('restriction-missing-attribute', `Missing required attribute \`android:${name}\``, el);
      return a;
    };
    const typeAttr = required('restrictionType');
    const keyAttr = required('key');
    const titleAttr = required('title');
    if (!typeAttr || !keyAttr || !titleAttr) return;
    const type = typeAttr.value;
    const key = keyAttr.value;

    if (key.startsWith('@string/')) {
      lint('restriction-localized-key', 'Keys cannot be localized, they should be specified with a string literal', keyAttr);
    } else if (keys.has(key)) {
      const prev = keys.get(key)!;
      lint('restriction-duplicate-key', `Duplicate key \`${key}\` (previous use of key at line ${prev.line})`, keyAttr);
    } else keys.set(key, keyAttr);

    const entries = attribute(el, ANDROID_URI, 'entries');
    const entryValues = attribute(el, ANDROID_URI, 'entryValues');
    const defaultValue = attribute(el, ANDROID_URI, 'defaultValue');
    if (type === 'choice' || type === 'multi-select') {
      // Lint checks entryValues only when entries is missing (deliberate short circuit); the
      // javadoc and the platform need both, so a missing entryValues is reported either way.
      if (!entries) lint('restriction-missing-entries', 'Missing required attribute `android:entries`', el);
      if (!entryValues) lint('restriction-missing-entries', 'Missing required attribute `android:entryValues`', el);
    } else if (type === 'hidden') {
      if (!defaultValue) lint('restriction-hidden-default', 'Missing required attribute `android:defaultValue`', el);
    } else if (type === 'integer') {
      if (defaultValue && !defaultValue.value.startsWith('@') && decodeJavaInteger(defaultValue.value) === undefined) {
        // Lint says only "Invalid number"; say which rule the default breaks (Java's Integer.decode, an int).
        const form = /^[+-]?([1-9][0-9]*|0[xX][0-9A-Fa-f]+|#[0-9A-Fa-f]+|0[0-7]*)$/.test(defaultValue.value);
        const why = form
          ? `${defaultValue.value} is past an Android int (-2147483648 to 2147483647)`
          : `${JSON.stringify(defaultValue.value)} is not a whole number Java's Integer.decode reads (decimal, 0x hex, # hex or 0 octal)`;
        lint('restriction-invalid-integer', `Invalid number: ${why}`, defaultValue);
      }
    }

    // Beyond lint: the platform parser (RestrictionsManager.loadRestriction) and aapt2.
    if (!(RESTRICTION_TYPES as readonly string[]).includes(type)) {
      report('error', 'restriction-unknown-type', `restrictionType "${type}" is not one of ${RESTRICTION_TYPES.join(', ')} (attrs.xml RestrictionEntry; aapt2 rejects other values).`, typeAttr);
    }
    for (const a of [entries, entryValues]) {
      if (!a) continue;
      if (!a.value.startsWith('@array/')) {
        report('error', 'restriction-entries-not-array', `${a.qname} must be an @array/ reference; the platform reads it with getResourceId and ignores literal text (RestrictionsManager).`, a);
      } else checkReference(a, ['array']);
    }
    checkReference(titleAttr, ['string']);
    const description = attribute(el, ANDROID_URI, 'description');
    if (description) checkReference(description, ['string']);
    const shownEntries = resolvedArray(entries);
    const values = resolvedArray(entryValues);
    if (shownEntries && values && shownEntries.length !== values.length) {
      report('error', 'restriction-entries-length', `${key}: entries has ${shownEntries.length} items and entryValues ${values.length}; they must pair up one to one.`, entries ?? el);
    }
    if (defaultValue) {
      if (type === 'multi-select' && !defaultValue.value.startsWith('@array/')) {
        report('error', 'restriction-multiselect-default', `A multi-select default must be an @array/ reference; the platform ignores a literal (RestrictionsManager reads it with getResourceId).`, defaultValue);
      } else if (type === 'bool' && !defaultValue.value.startsWith('@') && !/^\s*(true|false|TRUE|FALSE|True|False)\s*$/.test(defaultValue.value)) {
        report('error', 'restriction-bool-default', `A bool default must be true or false (aapt2 compiles it as a boolean).`, defaultValue);
      } else if (type !== 'bundle' && type !== 'bundle_array') {
        checkReference(defaultValue, type === 'multi-select' ? ['array'] : type === 'bool' ? ['bool'] : type === 'integer' ? ['integer'] : ['string']);
      }
      const text = type === 'multi-select' ? undefined : resolvedString(defaultValue);
      if (type === 'choice' && values && text !== undefined && !values.includes(text)) {
        report('warning', 'restriction-choice-default', `The default of ${key} is not one of its entryValues (${values.join(', ')}); consoles show no choice selected.`, defaultValue);
      }
      if (text !== undefined) {
        const level = stringLimit(text);
        if (level) report(level, 'string-too-long', stringLimitMessage(`The default of ${key}`, text, level), defaultValue);
      }
    }
    const keyLevel = stringLimit(key);
    if (keyLevel) report(keyLevel, 'string-too-long', stringLimitMessage('A key', key, keyLevel), keyAttr);

    // Google Play (§1.7): a bundle_array holds bundles, nests at most two levels, and a top-level
    // bundle was rejected at upload ("Restriction profile has one or more invalid nested restrictions").
    if (parentType === 'bundle_array' && type !== 'bundle') {
      report('error', 'restriction-bundle-array-child-type', `A bundle_array holds bundle restrictions only; ${key} is ${type} (RestrictionEntry.createBundleArrayEntry).`, typeAttr);
    }
    if (type === 'bundle' && depth === 1) {
      report('warning', 'restriction-top-level-bundle', `${key} is a bundle at the top level; Google Play has rejected such schemas (only inside a bundle_array).`, typeAttr);
    }
    const level = type === 'bundle_array' ? bundleArrayLevel + 1 : bundleArrayLevel;
    if (type === 'bundle_array' && level > 2) {
      report('warning', 'restriction-bundle-array-depth', `${key} nests a bundle_array ${level} levels deep; Play and AMAPI allow at most two.`, typeAttr);
    }
    validateNested(el, type, depth, level);
  };

  validateNested(root, undefined, 0, 0);
  if (unresolvedWithoutValues) {
    report('warning', 'resource-not-checked', 'This file refers to @string/ or @array/ resources, but no values file was given, so they were not checked.', root);
  }
  return out;
}
