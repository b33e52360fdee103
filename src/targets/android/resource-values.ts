/**
 * The res/values file beside app_restrictions.xml, read into a table that `@string/…`,
 * `@array/…`, `@bool/…` and `@integer/…` references resolve against (the platform reads titles,
 * entries and entryValues through such references: reference android-managed-config.md §1.4).
 */
import { unescapeResourceString } from './resource-strings.js';
import { attribute, elementChildren, textContent, type XmlElement } from './xml-tree.js';

/** One resource value and where it is defined. */
export interface ResourceEntry<T> {
  value: T;
  line: number;
  column: number;
}

/** The resources a values file defines, by type and name. */
export interface ResourceTable {
  strings: Map<string, ResourceEntry<string>>;
  arrays: Map<string, ResourceEntry<string[]>>;
  bools: Map<string, ResourceEntry<string>>;
  integers: Map<string, ResourceEntry<string>>;
}

/** A problem found while reading the values file (the verifier turns these into diagnostics). */
export interface ResourceProblem {
  code: string;
  message: string;
  line: number;
  column: number;
}

/** An empty table (no values file given). */
export function emptyResourceTable(): ResourceTable {
  return { strings: new Map(), arrays: new Map(), bools: new Map(), integers: new Map() };
}

/** Reads `<resources>`: strings, string-arrays (and plain arrays), bools and integers. */
export function readResourceTable(root: XmlElement): { table: ResourceTable; problems: ResourceProblem[] } {
  const table = emptyResourceTable();
  const problems: ResourceProblem[] = [];
  if (root.name !== 'resources') {
    problems.push({ code: 'resources-root', message: `The values file's root element is <${root.name}>; Android expects <resources>.`, line: root.line, column: root.column });
    return { table, problems };
  }
  const seen = new Map<string, XmlElement>();
  for (const el of elementChildren(root)) {
    const name = attribute(el, undefined, 'name')?.value;
    const at = { line: el.line, column: el.column };
    if (name === undefined) {
      problems.push({ code: 'resource-missing-name', message: `<${el.name}> has no name attribute (aapt2: "<${el.name}> missing 'name' attribute").`, ...at });
      continue;
    }
    const type = el.name === 'string-array' || el.name === 'array' ? 'array' : el.name;
    const id = `${type}/${name}`;
    if (seen.has(id)) {
      problems.push({ code: 'resource-duplicate', message: `@${id} is defined twice (aapt2 rejects duplicate resources).`, ...at });
      continue;
    }
    seen.set(id, el);
    switch (el.name) {
      case 'string': {
        const raw = textContent(el);
        problems.push(...stringProblems(raw, el, attribute(el, undefined, 'formatted')?.value === 'false'));
        table.strings.set(name, { value: unescapeResourceString(raw), ...at });
        break;
      }
      case 'string-array':
      case 'array': {
        const items: string[] = [];
        for (const item of elementChildren(el)) {
          if (item.name !== 'item') {
            problems.push({ code: 'resource-unexpected-tag', message: `<${item.name}> inside <${el.name}>; only <item> is allowed.`, line: item.line, column: item.column });
            continue;
          }
          const raw = textContent(item);
          problems.push(...stringProblems(raw, item, true));
          items.push(unescapeResourceString(raw));
        }
        table.arrays.set(name, { value: items, ...at });
        break;
      }
      case 'bool':
        table.bools.set(name, { value: textContent(el).trim(), ...at });
        break;
      case 'integer':
        table.integers.set(name, { value: textContent(el).trim(), ...at });
        break;
      default:
        // Other resource types (dimen, color, plurals ...) are legal in a values file but never
        // referenced by a restriction; they are left alone.
        break;
    }
  }
  return { table, problems };
}

/** aapt2's compile errors for string content: unescaped apostrophes, unnumbered `%` conversions. */
function stringProblems(raw: string, el: XmlElement, unformatted: boolean): ResourceProblem[] {
  const out: ResourceProblem[] = [];
  let quoted = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (c === '\\') i += 1;
    else if (c === '"') quoted = !quoted;
    else if (c === "'" && !quoted) {
      out.push({ code: 'resource-apostrophe', message: 'An apostrophe must be escaped as \\\' in a string resource (aapt2: "unescaped apostrophe in string").', line: el.line, column: el.column });
      break;
    }
  }
  // aapt2 (ResourceParser, VerifyJavaStringFormat): more than one unnumbered conversion such as
  // "%s %d" needs formatted="false".
  if (!unformatted) {
    const conversions = raw.replace(/%%/g, '').match(/%(?!\d+\$)[-#+ 0,(]*\d*(\.\d+)?[a-zA-Z]/g) ?? [];
    if (conversions.length > 1) {
      out.push({
        code: 'resource-format',
        message: 'This string has several unnumbered % conversions; add formatted="false" (aapt2: "multiple substitutions specified in non-positional format").',
        line: el.line,
        column: el.column,
      });
    }
  }
  return out;
}

/** A reference like `@string/name` split into type and name, or undefined for a literal. */
export function parseReference(value: string): { type: string; name: string } | undefined {
  const m = /^@(?:\+)?(?:([A-Za-z0-9_.]+):)?([A-Za-z-]+)\/(.+)$/.exec(value.trim());
  if (!m) return undefined;
  return { type: m[2]!, name: m[3]! };
}
