/**
 * Injection through every string parameter into every target. Each catalog string parameter
 * (and the profile description) gets every hostile payload; one batch export runs them all. For
 * each profile the outcome is exact: either the listed error codes (and nothing of the profile
 * written), or a safe export: every file well-formed, the value read back unchanged by each
 * target's own reader and by an independent one, no parameter added to the configuration URL, no
 * command chained in the .cmd, no element added to the HTML page, nothing outside --out.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getParameter } from '../../src/catalog/index.js';
import { parseRestrictionFiles } from '../../src/targets/android/restrictions.js';
import { getTarget } from '../../src/targets/registry.js';
import { printableText } from '../../src/targets/url-page/template.js';
import type { ParsedArtifact } from '../../src/targets/types.js';
import {
  errorCodes,
  expectCleanExit,
  expectNothingOutside,
  listTree,
  makeSandbox,
  removeSandbox,
  runCli,
  xmlProblem,
  type CliRun,
  type ExportJson,
} from './hostile-helpers.js';
import { ANDROID_MAX, injectionCases, URL_CASES, type InjectionCase } from './injection-cases.js';

/** Values the `env` payloads pull in through `${env:...}`. */
const ENV = { JABBER_HOSTILE_A: 'x&y=z<q>%|^#', JABBER_HOSTILE_B: 'line1\nline2' };

const cases = injectionCases();
let sandbox: string;
let out: string;
let run: CliRun;
let json: ExportJson;
let baselinePageTags: Set<string>;

beforeAll(async () => {
  sandbox = makeSandbox('injection');
  const input = path.join(sandbox, 'profiles');
  out = path.join(sandbox, 'out');
  mkdirSync(input);
  // JSON carries NUL and the other control characters as escapes; YAML would need its own quoting.
  for (const c of cases) writeFileSync(path.join(input, `${c.name}.json`), JSON.stringify(c.profile));
  writeFileSync(path.join(input, 'inj-baseline.json'), JSON.stringify({ name: 'inj-baseline', description: 'Plain', settings: { ServicesDomain: 'acme.com', PRTCertificateName: 'Acme' } }));
  const before = listTree(sandbox);
  // --allow-secret-in-asset: the AutoLogin cases' password must reach the DDM plist too, to be checked there.
  run = await runCli(['export', input, '--out', out, '--json', '--asset-url', 'https://example.invalid/jabber/', '--allow-secret-in-asset'], { env: ENV, timeoutMs: 240_000 });
  expectNothingOutside(sandbox, before, out);
  json = JSON.parse(run.stdout) as ExportJson;
  baselinePageTags = tagNames(readFileSync(path.join(out, 'inj-baseline', 'jabber-config-page.html'), 'utf8'));
}, 300_000);
afterAll(() => removeSandbox(sandbox));

/** The value after `${env:...}` is filled in, as the profile resolves it. */
function effective(value: string): string {
  return value.replace(/\$\{env:([A-Z_]+)\}/g, (_, name: string) => ENV[name as keyof typeof ENV]);
}

/** The catalog section and key a case writes to (undefined for the description and the distribution text). */
function target(c: InjectionCase): { section: 'settings' | 'windows'; key: string } | undefined {
  if (c.where === 'description' || c.where.startsWith('distribution/')) return undefined;
  const [section, key] = c.where.split('/') as ['settings' | 'windows', string];
  return { section, key };
}

/** Parameters whose values reach the Windows .cmd: the windows section and settings with a windowsSwitch. */
function reachesWindows(c: InjectionCase): boolean {
  const t = target(c);
  if (!t) return false;
  return t.section === 'windows' || getParameter('settings', t.key)?.windowsSwitch !== undefined;
}

// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * The outcome the suite holds the code to: sorted error codes, or [] for a safe export.
 * Validation (characters XML forbids, Android's length limit, the catalog format) stops a value
 * before rendering, and so do the values the Windows installer command cannot carry (quotes,
 * control characters: a quote flips cmd's quoting and a newline starts a new command).
 */
function expectedErrors(c: InjectionCase): string[] {
  const value = effective(c.value);
  const t = target(c);
  const format = t ? (getParameter(t.section, t.key)!.format ?? 'text') : 'description';
  if (XML_FORBIDDEN.test(value)) return ['forbidden-character'];
  const validation: string[] = [];
  if (format === 'domain' || format === 'host') validation.push(`invalid-${format}`);
  if (format === 'url' && /\s/.test(value)) validation.push('invalid-url');
  if (format === 'path' && /[<>"|?*]/.test(value.slice(2))) validation.push('invalid-path');
  if (format === 'text' && /[\r\n]/.test(value)) validation.push('invalid-text');
  if (value.length > ANDROID_MAX) validation.push('value-too-long');
  if (validation.length > 0) return validation.sort();
  if (reachesWindows(c)) {
    // validate refuses what the installer command cannot carry, so a profile that validates exports.
    if (value.includes('"') || CONTROL.test(value)) return ['installer-character'];
    // cmd.exe reads at most 8191 characters per line (Microsoft, "Command prompt line limitation").
    if (value.length > 8191) return ['windows-line-too-long'];
  }
  return [];
}

/** Element names in an XHTML page. */
function tagNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<([A-Za-z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

/** Which files must carry the value, by the catalog's channels. */
function carriers(c: InjectionCase): string[] {
  const t = target(c);
  if (!t) return [];
  const { section, key } = t;
  const p = getParameter(section, key)!;
  const files: string[] = [];
  const emm = p.channels.emm?.platforms ?? [];
  if (emm.includes('ios')) files.push('ios-appconfig.xml', 'ios-managed.plist', 'ios-dict.xml', 'ios-ddm-config.plist');
  if (emm.includes('android')) files.push('android-managed-config.json', 'android-amapi-policy.json', 'app_restrictions.xml');
  if (p.channels.url) files.push('jabber-config-url.txt');
  if (section === 'windows' || p.windowsSwitch !== undefined) files.push('install-jabber.cmd');
  return files.sort();
}

/** Each file's own reader (the DDM plist is the same format as ios-plist's). */
function readBack(dir: string, file: string): ParsedArtifact {
  const text = readFileSync(path.join(dir, file), 'utf8');
  if (file === 'app_restrictions.xml') return parseRestrictionFiles(text, file, readFileSync(path.join(dir, 'app_restrictions_values.xml'), 'utf8'));
  const id = {
    'ios-appconfig.xml': 'ios-appconfig',
    'ios-managed.plist': 'ios-plist',
    'ios-ddm-config.plist': 'ios-plist',
    'ios-dict.xml': 'ios-dict',
    'android-managed-config.json': 'android-managed-config',
    'android-amapi-policy.json': 'android-amapi',
    'jabber-config-url.txt': 'url',
    'install-jabber.cmd': 'windows-installer',
  }[file]!;
  return getTarget(id)!.parse!([{ contents: text, fileName: file }]);
}

/** Names under which a parameter appears in a parsed artifact. */
function lookup(parsed: ParsedArtifact, c: InjectionCase): unknown {
  const { section, key } = target(c)!;
  if (section === 'windows') return parsed.windows.get(key);
  const p = getParameter('settings', key)!;
  return parsed.settings.get(key) ?? (p.windowsSwitch ? parsed.windows.get(p.windowsSwitch) : undefined);
}

/** Independent reads of the value, not through the project's readers. */
function independentRead(dir: string, file: string, c: InjectionCase): unknown {
  const { key } = target(c)!;
  const text = readFileSync(path.join(dir, file), 'utf8');
  if (file.endsWith('.plist')) {
    const doc = new XMLParser({ preserveOrder: true, trimValues: false, processEntities: true, htmlEntities: false }).parse(text) as unknown[];
    const plist = findElement(doc, 'plist');
    // Elements only: with trimValues off, the white space between them comes as '#text' nodes.
    const dict = (findElement(plist, 'dict') as Record<string, unknown>[]).filter((n) => !('#text' in n));
    for (let i = 0; i < dict.length; i += 1) {
      const entry = dict[i] as Record<string, { '#text': string }[]>;
      if (entry.key && entry.key[0]?.['#text'] === key) {
        const next = dict[i + 1] as Record<string, { '#text'?: string }[]>;
        return next.string?.[0]?.['#text'] ?? '';
      }
    }
    return undefined;
  }
  if (file === 'android-managed-config.json') {
    const doc = JSON.parse(text) as { managedProperty: { key: string; valueString?: string }[] };
    return doc.managedProperty.find((m) => m.key === key)?.valueString;
  }
  if (file === 'android-amapi-policy.json') {
    const doc = JSON.parse(text) as { managedConfiguration: Record<string, unknown> };
    return doc.managedConfiguration[key];
  }
  if (file === 'jabber-config-url.txt') {
    const url = new URL(text.trim());
    return url.searchParams.get(getParameter('settings', key)!.channels.url!.name);
  }
  return undefined;
}

/** Resolves XML's predefined and numeric character references. */
function decodeXmlText(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (ref, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number(body.slice(1)));
    return named[body] ?? ref;
  });
}

function findElement(list: unknown, name: string): unknown[] {
  for (const node of list as Record<string, unknown[]>[]) if (node[name]) return node[name]!;
  throw new Error(`no <${name}>`);
}

/** Catalog spelling of every URL parameter, to see that nothing added one. */
function urlNames(): Set<string> {
  const names = new Set<string>();
  for (const c of cases) {
    const t = target(c);
    const name = t?.section === 'settings' ? getParameter('settings', t.key)?.channels.url?.name : undefined;
    if (name) names.add(name);
  }
  names.add('ServicesDomain');
  return names;
}

describe('injection through every string parameter into every target', () => {
  it('finishes without a hang, a crash or a stack trace, and says which profiles failed (exit 1)', () => {
    expectCleanExit(run);
    expect(run.code).toBe(1);
    expect(json.summary.profiles).toBe(cases.length + 1);
  });

  it('covers every string parameter of the catalog and the description, with every payload', () => {
    const where = new Set(cases.map((c) => c.where));
    expect([...where]).toContain('settings/PRTCertificateName');
    expect([...where]).toContain('windows/LOG_DIRECTORY');
    expect([...where]).toContain('description');
    expect([...where]).toContain('distribution/title');
    expect([...where]).toContain('distribution/message');
    expect(cases.length).toBeGreaterThan(500);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the exact outcome', (_name, c) => {
    const p = json.profiles.find((x) => x.name === c.name)!;
    expect(p, c.name).toBeDefined();
    const expected = expectedErrors(c);
    expect(errorCodes(p)).toEqual(expected);
    const dir = path.join(out, c.name);
    if (expected.length > 0) {
      expect(p.ok).toBe(false);
      expect(p.files).toEqual([]);
      expect(() => readdirSync(dir)).toThrow();
    } else {
      expect(p.ok).toBe(true);
    }
    // A secret is never echoed, whatever it holds.
    if (c.where === 'settings/AutoLoginUserPassword') {
      for (const d of p.diagnostics) expect(d.message).not.toContain(c.value.slice(0, 40));
    }
  });

  it.each(cases.filter((c) => expectedErrors(c).length === 0).map((c) => [c.name, c] as const))('%s: a safe export', (_name, c) => {
    const dir = path.join(out, c.name);
    const value = effective(c.value);
    const files = readdirSync(dir).sort();
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      if (/\.(xml|plist|html)$/.test(file)) expect(xmlProblem(text), file).toBeUndefined();
      if (file.endsWith('.json')) expect(() => JSON.parse(text), file).not.toThrow();
    }

    // The configuration URL: one line, only Cisco's parameters, each once.
    const urlText = readFileSync(path.join(dir, 'jabber-config-url.txt'), 'utf8');
    expect(urlText.endsWith('\n') && !urlText.slice(0, -1).includes('\n')).toBe(true);
    const url = new URL(urlText.trim());
    expect(`${url.protocol}//${url.host}`).toBe('ciscojabber://provision');
    const keys = [...url.searchParams.keys()];
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(urlNames().has(k), `URL parameter ${k}`).toBe(true);
    expect(url.hash).toBe('');

    // The page: its link is the URL, and the values added no element and no script.
    const page = readFileSync(path.join(dir, 'jabber-config-page.html'), 'utf8');
    const hrefs = [...page.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => decodeXmlText(m[1]!));
    expect(hrefs).toEqual([urlText.trim()]);
    for (const tag of tagNames(page)) expect(baselinePageTags.has(tag), `<${tag}> in the page`).toBe(true);
    expect(page).not.toMatch(/javascript:/i);

    // The .cmd: one msiexec line, no command after it.
    const cmd = readFileSync(path.join(dir, 'install-jabber.cmd'), 'utf8');
    const msiLines = cmd.split('\r\n').filter((l) => /^msiexec(\.exe)? /i.test(l));
    expect(msiLines).toHaveLength(1);
    const parsedCmd = getTarget('windows-installer')!.parse!([{ contents: cmd, fileName: 'install-jabber.cmd' }]);
    expect(parsedCmd.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    // The admin's description reaches no file users see; the distribution text is the page's
    // and the e-mail's, as text (never markup), control characters shown as U+FFFD.
    if (c.where === 'description') {
      expect(page).not.toContain(c.value);
      return;
    }
    if (c.where.startsWith('distribution/')) {
      const title = c.where === 'distribution/title';
      const shown = printableText(title ? value.replace(/\r\n?|\n/g, ' ').trim() : value.trim()).text;
      const element = title ? /<h1 dir="auto">([^<]*)<\/h1>/ : /<p class="message" dir="auto">([^<]*)<\/p>/;
      expect(decodeXmlText(page.match(element)?.[1] ?? '')).toBe(shown);
      const email = readFileSync(path.join(dir, 'jabber-config-email.txt'), 'utf8');
      expect(email, 'e-mail').toContain(shown);
      return;
    }
    const found: string[] = [];
    for (const file of files) {
      if (file === 'app_restrictions_values.xml' || !carriers(c).includes(file)) continue;
      const parsed = readBack(dir, file);
      expect(lookup(parsed, c), `${file} (own reader)`).toBe(value);
      const independent = independentRead(dir, file, c);
      if (independent !== undefined) expect(independent, `${file} (independent reader)`).toBe(value);
      found.push(file);
    }
    expect(found).toEqual(carriers(c));
  });
});

describe('URLs other than http(s) for PRTCertificateUrl and FORGOT_PASSWORD_URL', () => {
  const urlCases = URL_CASES.flatMap((u) => [
    { ...u, name: `url-prt-${u.id}`, profile: { name: `url-prt-${u.id}`, settings: { ServicesDomain: 'acme.com', PRTCertificateUrl: u.value } } },
    { ...u, name: `url-forgot-${u.id}`, profile: { name: `url-forgot-${u.id}`, settings: { ServicesDomain: 'acme.com' }, windows: { FORGOT_PASSWORD_URL: u.value } } },
  ]);
  let urlOut: string;
  let urlJson: ExportJson;
  beforeAll(async () => {
    const input = path.join(sandbox, 'url-profiles');
    urlOut = path.join(sandbox, 'url-out');
    mkdirSync(input);
    for (const c of urlCases) writeFileSync(path.join(input, `${c.name}.json`), JSON.stringify(c.profile));
    const r = await runCli(['export', input, '--out', urlOut, '--json', '--asset-url', 'https://example.invalid/jabber/'], { timeoutMs: 120_000 });
    expectCleanExit(r);
    expect(r.code).toBe(1);
    urlJson = JSON.parse(r.stdout) as ExportJson;
  });

  it.each(urlCases.map((c) => [c.name, c] as const))('%s: the exact outcome', (_name, c) => {
    const p = urlJson.profiles.find((x) => x.name === c.name)!;
    expect(errorCodes(p)).toEqual(c.errors);
    if (c.errors.length > 0) {
      expect(p.files).toEqual([]);
      return;
    }
    const dir = path.join(urlOut, c.name);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      // In XML and HTML the markup must be text (escaped); JSON and .txt files carry it as data.
      if (!/\.(xml|plist|html)$/.test(file)) continue;
      expect(xmlProblem(text), file).toBeUndefined();
      expect(text, file).not.toMatch(/<script/i);
    }
    const page = readFileSync(path.join(dir, 'jabber-config-page.html'), 'utf8');
    for (const tag of tagNames(page)) expect(baselinePageTags.has(tag), `<${tag}> in the page`).toBe(true);
    const hrefs = [...page.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => decodeXmlText(m[1]!));
    expect(hrefs.every((h) => h.startsWith('ciscojabber://provision?'))).toBe(true);
  });
});
