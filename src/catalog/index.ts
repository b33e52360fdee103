import { readFileSync } from 'node:fs';
import { distance } from 'fastest-levenshtein';
import type { Catalog, Parameter, Platform, Section } from './types.js';

export type * from './types.js';

let cached: CatalogIndex | undefined;

/** The catalog with lookup tables built once per process. */
export interface CatalogIndex {
  catalog: Catalog;
  /** All parameters in catalog order. */
  parameters: readonly Parameter[];
  /** Parameters by section and canonical key. */
  bySection: Record<Section, Map<string, Parameter>>;
  /** Position of each parameter in the catalog, for deterministic output order. */
  order: Map<Parameter, number>;
}

/** Path of the catalog file shipped in `schemas/` (works from `src/` and from `dist/`). */
export const CATALOG_URL = new URL('../../schemas/parameters.json', import.meta.url);

/** Loads the parameter catalog (once per process). */
export function loadCatalog(): CatalogIndex {
  if (cached) return cached;
  const catalog = JSON.parse(readFileSync(CATALOG_URL, 'utf8')) as Catalog;
  const bySection: Record<Section, Map<string, Parameter>> = { settings: new Map(), windows: new Map() };
  const order = new Map<Parameter, number>();
  catalog.parameters.forEach((p, i) => {
    bySection[p.section].set(p.key, p);
    order.set(p, i);
  });
  cached = { catalog, parameters: catalog.parameters, bySection, order };
  return cached;
}

/** The parameter with this exact canonical key in a section, if any. */
export function getParameter(section: Section, key: string): Parameter | undefined {
  return loadCatalog().bySection[section].get(key);
}

/** What a mistyped key most likely meant. */
export interface KeySuggestion {
  /** The canonical key to use instead. */
  key: string;
  /** The section it belongs in (may differ from where it was written). */
  section: Section;
  /** Why: a documented variant spelling, another channel's name, a case slip or a near miss. */
  reason: 'variant' | 'other-section' | 'case' | 'similar' | 'channel-name';
  /** For variants: the note from the catalog. */
  note?: string;
}

/**
 * Suggests the key a user meant when `key` is not a canonical key of `section`. Looks, in order,
 * at documented variant spellings, the other section, case-insensitive matches, channel names and
 * edit distance. Variants are suggestions only, never silent aliases.
 */
export function suggestKey(section: Section, key: string): KeySuggestion | undefined {
  const { parameters, bySection } = loadCatalog();
  const other: Section = section === 'settings' ? 'windows' : 'settings';
  for (const p of parameters) {
    const v = p.keyVariants?.find((kv) => kv.spelling === key);
    if (v && p.section === section) return { key: p.key, section: p.section, reason: 'variant', note: v.note };
  }
  if (bySection[other].has(key)) return { key, section: other, reason: 'other-section' };
  const lower = key.toLowerCase();
  for (const p of bySection[section].values()) {
    if (p.key.toLowerCase() === lower) return { key: p.key, section, reason: 'case' };
  }
  for (const p of parameters) {
    const v = p.keyVariants?.find((kv) => kv.spelling === key);
    if (v) return { key: p.key, section: p.section, reason: 'variant', note: v.note };
  }
  // A settings key written under its installer name (SERVICES_DOMAIN under settings) or the reverse.
  for (const p of bySection[other].values()) {
    if (p.key.toLowerCase() === lower) return { key: p.key, section: other, reason: 'other-section' };
  }
  let best: { p: Parameter; d: number } | undefined;
  for (const p of bySection[section].values()) {
    const d = distance(lower, p.key.toLowerCase());
    if (!best || d < best.d) best = { p, d };
  }
  if (best && best.d <= Math.max(2, Math.floor(best.p.key.length / 4))) {
    return { key: best.p.key, section, reason: 'similar' };
  }
  return undefined;
}

/** Suggests the allowed token a mistyped enum/list value most likely meant. */
export function suggestValue(p: Parameter, value: string): { value: string; note?: string } | undefined {
  const variant = p.valueVariants?.find((v) => v.spelling === value);
  if (variant) return { value: variant.canonical, note: variant.note };
  const values = p.values ?? [];
  const lower = value.toLowerCase();
  const ci = values.find((v) => v.toLowerCase() === lower);
  if (ci) return { value: ci };
  let best: { v: string; d: number } | undefined;
  for (const v of values) {
    const d = distance(lower, v.toLowerCase());
    if (!best || d < best.d) best = { v, d };
  }
  if (best && best.d <= Math.max(2, Math.floor(best.v.length / 3))) return { value: best.v };
  return undefined;
}

/** True when the parameter reaches the given platform through its EMM channel. */
export function emmCarries(p: Parameter, platform: Platform): boolean {
  return p.channels.emm?.platforms.includes(platform) ?? false;
}

/** Parameters sorted in catalog order (renderers use it for a stable key order). */
export function inCatalogOrder<T>(entries: Iterable<[Parameter, T]>): [Parameter, T][] {
  const { order } = loadCatalog();
  return [...entries].sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}
