/**
 * Renders `docs/parameters.md`, the admin's reference of every catalog parameter, from the
 * catalog itself (written by `scripts/generate-profile-schema.ts`; a test keeps it current).
 */
import type { CatalogIndex } from './index.js';
import type { Catalog, ChannelId, Parameter, Platform } from './types.js';

/** Path of the generated parameter reference (works from `src/` and `dist/`). */
export const PARAMETERS_DOC_URL = new URL('../../docs/parameters.md', import.meta.url);

const PLATFORM_NAMES: Record<Platform, string> = { mac: 'Mac', ios: 'iOS', android: 'Android', windows: 'Windows' };

/** The Markdown reference of every parameter: one table row each, then the cited documents. */
export function renderParametersDoc(index: CatalogIndex): string {
  const { catalog, parameters } = index;
  const count = (s: Parameter['section']) => parameters.filter((p) => p.section === s).length;
  const lines: string[] = [
    '# Cisco Jabber parameters',
    '',
    '<!-- Generated from schemas/parameters.json by scripts/generate-profile-schema.ts. Do not edit. -->',
    '',
    `Every parameter jabber-emm knows: ${count('settings')} keys under \`settings\` (configuration URL and EMM app`,
    `configuration for Mac, iOS and Android) and ${count('windows')} Jabber for Windows installer switches under \`windows\`.`,
    'Values are written with Cisco\'s exact tokens; a profile may use typed values (`true`, a YAML list) or the tokens.',
    'Spellings marked "did you mean" are variants found in Cisco\'s documents: `validate` suggests the',
    'canonical key or value instead, it never accepts the variant silently. Defaults are Cisco\'s; exports never write them.',
    '',
    '| Key | Section | Type / values | Default | Channels / platforms | Sources | Description and notes |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of parameters) lines.push(row(p, catalog));
  lines.push('', '## Sources', '');
  const tags = Object.keys(catalog.sources);
  for (const tag of tags) {
    const source = catalog.sources[tag]!;
    lines.push(`- **${tag}**: [${escapeCell(source.title)}](${source.url})`);
  }
  // Reference definitions, so table cells cite as [S1] instead of repeating long URLs.
  lines.push('');
  for (const tag of tags) lines.push(`[${tag}]: ${catalog.sources[tag]!.url}`);
  lines.push('');
  return lines.join('\n');
}

function row(p: Parameter, catalog: Catalog): string {
  const cells = [
    `\`${p.key}\`${p.secret ? ' (secret)' : ''}`,
    p.section,
    typeCell(p),
    defaultCell(p),
    channelCell(p),
    p.sources.map((t) => sourceLink(t, catalog)).join(', '),
    notesCell(p, catalog),
  ];
  return `| ${cells.join(' | ')} |`;
}

function typeCell(p: Parameter): string {
  switch (p.type) {
    case 'boolean': {
      const t = p.booleanTokens!;
      return `boolean: \`${t.true}\` / ${t.false === null ? 'not written' : `\`${t.false}\``}`;
    }
    case 'enum':
      return `one of ${tokens(p.values)}`;
    case 'list':
      return `list of ${tokens(p.values)}, joined by \`${p.separator ?? ','}\``;
    case 'integer': {
      const range = p.minimum !== undefined && p.maximum !== undefined ? ` ${p.minimum}–${p.maximum}` : '';
      const known = p.knownValues
        ? `; known: ${p.knownValues.map((k) => `\`${k.value}\` ${escapeCell(k.label)}${k.note ? ' (?)' : ''}`).join(', ')}`
        : '';
      return `integer${range}${known}`;
    }
    case 'string':
      return `string (${p.format ?? 'text'})`;
  }
}

function defaultCell(p: Parameter): string {
  if (p.default === undefined || p.default === null) return '—';
  const d = Array.isArray(p.default) ? p.default.join(',') : String(p.default);
  return `\`${escapeCode(d)}\``;
}

function channelCell(p: Parameter): string {
  const parts: string[] = [];
  const { url, emm, msi } = p.channels;
  if (url) parts.push(`URL \`${url.name}\` (${platforms(url.platforms)})`);
  if (emm) parts.push(`EMM \`${emm.name}\` (${platforms(emm.platforms)})`);
  if (msi) parts.push(`MSI \`${msi.name}\` (${platforms(msi.platforms)})`);
  if (p.windowsSwitch) parts.push(`Windows: \`${p.windowsSwitch}\``);
  return parts.join('<br>');
}

function notesCell(p: Parameter, catalog: Catalog): string {
  const parts: string[] = [escapeCell(p.description)];
  if (p.since) parts.push(`Since ${p.since}.`);
  for (const note of p.notes ?? []) parts.push(linkTags(escapeCell(note), catalog));
  for (const [id, ch] of Object.entries(p.channels)) {
    if (ch.evidence) {
      parts.push(`${CHANNEL_NAMES[id as ChannelId]} spelling \`${escapeCode(ch.name)}\`: ${linkTags(escapeCell(ch.evidence.note), catalog)}`);
    }
  }
  for (const v of p.keyVariants ?? []) {
    const lead = v.channels ? `Also read in ${channelList(v.channels)} as` : 'Did you mean:';
    parts.push(`${lead} \`${escapeCode(v.spelling)}\` → \`${p.key}\` (${escapeCell(v.note)}; ${v.sources.map((t) => sourceLink(t, catalog)).join(', ')}).`);
  }
  for (const v of p.valueVariants ?? []) {
    const lead = v.channels ? `Also read in ${channelList(v.channels)} as value` : 'Did you mean: value';
    parts.push(`${lead} \`${escapeCode(v.spelling)}\` → \`${escapeCode(v.canonical)}\` (${escapeCell(v.note)}; ${v.sources.map((t) => sourceLink(t, catalog)).join(', ')}).`);
  }
  return parts.join('<br>');
}

/** How the docs name each channel. */
const CHANNEL_NAMES: Record<ChannelId, string> = { url: 'URL', emm: 'EMM', msi: 'installer' };

function channelList(channels: readonly ChannelId[]): string {
  return channels.map((c) => `${CHANNEL_NAMES[c]}${c === 'msi' ? ' commands' : ' files'}`).join(' and ');
}

function tokens(values: string[] | undefined): string {
  return (values ?? []).map((v) => `\`${escapeCode(v)}\``).join(', ');
}

function platforms(list: Platform[]): string {
  return list.map((x) => PLATFORM_NAMES[x]).join(', ');
}

function sourceLink(tag: string, catalog: Catalog): string {
  return catalog.sources[tag] ? `[${tag}]` : tag;
}

/** Turns "(S1)" or "(S4, S5)" in a note into links to the documents. */
function linkTags(text: string, catalog: Catalog): string {
  return text.replace(/\(((?:[SW][0-9]+(?:, )?)+)\)/g, (_whole, list: string) =>
    `(${list.split(', ').map((t) => sourceLink(t, catalog)).join(', ')})`,
  );
}

/**
 * Escapes prose for a Markdown table cell: pipes, newlines, HTML-looking `<`, and `*` or a
 * word-initial `_` that would start emphasis (`_cisco-uds`).
 */
function escapeCell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\*/g, '\\*')
    .replace(/(^|[\s(])_/g, '$1\\_')
    .replace(/\r?\n/g, ' ');
}

/** Escapes text inside a code span in a table cell: only the pipe needs it (GFM tables). */
function escapeCode(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'");
}
