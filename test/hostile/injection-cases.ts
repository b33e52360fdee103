/**
 * The injection matrix: every string parameter of the catalog × every hostile payload, each as
 * one profile. A payload is embedded in a value that is otherwise right for the parameter's
 * format, so what is tested is the payload, not a trivially wrong value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './hostile-helpers.js';

/** Longest string Android managed configurations carry (AMAPI; reference android-managed-config.md). */
export const ANDROID_MAX = 65_535;

/** Payloads by id (ids become part of profile names, so lowercase letters, digits and '-'). */
export const PAYLOADS: Record<string, string> = {
  amp: '&',
  eq: '=',
  hash: '#',
  question: '?',
  lt: '<',
  gt: '>',
  cdata: ']]>',
  dquote: '"',
  squote: "'",
  percent: '%',
  plus: '+',
  pipe: '|',
  caret: '^',
  bang: '!',
  paren: '()',
  space: 'a b',
  tab: '\t',
  newline: '\n',
  cr: '\r',
  nul: '\0',
  soh: '\u0001',
  esc: '\u001b',
  del: '\u007f',
  nel: '\u0085',
  fffe: '\uFFFE',
  rlo: '\u202E',
  emoji: '\u{1F4DE}',
  'url-param': '&ServicesDomain=evil.example&x=',
  'pct-encoded': '%26%3D%0A',
  'cmd-var': '%PATH%',
  'cmd-chain': '" & calc.exe & "',
  'cmd-chain-bare': '& calc.exe',
  markup: '<script>alert(1)</script>',
  entities: '&amp;&lt;&#x41;&#0;',
  'cdata-open': '<![CDATA[x]]>',
  'plist-break': '</string><key>x</key><true/><string>',
  'json-break': '","valueBool":true,"x":"',
  // Filled from the environment by the test (JABBER_HOSTILE_A holds metacharacters, _B a newline).
  env: '${env:JABBER_HOSTILE_A}',
  'env-newline': '${env:JABBER_HOSTILE_B}',
};

/** Id of the payload one character longer than Android carries. */
export const LONG_PAYLOAD_ID = 'too-long';
/** Id of the payload that makes the whole value exactly as long as Android carries. */
export const MAX_PAYLOAD_ID = 'max-length';

/** How a payload is embedded for one value format. */
export function embed(format: string, payload: string): string {
  switch (format) {
    case 'domain':
    case 'host':
      return `a${payload}b.acme.com`;
    case 'url':
      return `https://pki.acme.com/prt.pem?x=${payload}`;
    case 'path':
      return `C:\\Logs\\${payload}`;
    default:
      return `Acme ${payload} end`;
  }
}

/** One string parameter of the catalog. */
export interface StringParameter {
  section: 'settings' | 'windows';
  key: string;
  format: string;
}

/** Every string parameter in the catalog, in catalog order. */
export function stringParameters(): StringParameter[] {
  const catalog = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'parameters.json'), 'utf8')) as {
    parameters: { section: 'settings' | 'windows'; key: string; type: string; format?: string }[];
  };
  return catalog.parameters.filter((p) => p.type === 'string').map((p) => ({ section: p.section, key: p.key, format: p.format ?? 'text' }));
}

/** One profile of the matrix. */
export interface InjectionCase {
  /** Profile name and file name. */
  name: string;
  /** Where the payload goes: `settings/Key`, `windows/KEY`, `description`, `distribution/title` or `distribution/message`. */
  where: string;
  payloadId: string;
  /** The whole value written for the parameter. */
  value: string;
  /** The profile, as a JSON document (JSON can carry NUL and other controls as escapes). */
  profile: Record<string, unknown>;
}

/** Values parameters need beside them (AutoLogin comes in pairs; Cisco, Jabber 12.8(3)). */
const COMPANIONS: Record<string, Record<string, string>> = {
  AutoLoginUserName: { AutoLoginUserPassword: 'pass-word' },
  AutoLoginUserPassword: { AutoLoginUserName: 'jdoe' },
};

/**
 * The whole matrix, plus the profile description (the admin's note) and the distribution title
 * and message (the end-user text of the HTML page and the e-mail).
 */
export function injectionCases(): InjectionCase[] {
  const payloads: [string, string][] = [...Object.entries(PAYLOADS), [LONG_PAYLOAD_ID, 'x'.repeat(ANDROID_MAX + 1)], [MAX_PAYLOAD_ID, '']];
  const cases: InjectionCase[] = [];
  const targets = [
    ...stringParameters(),
    { section: 'top' as const, key: 'description', format: 'text' },
    { section: 'distribution' as const, key: 'title', format: 'text' },
    { section: 'distribution' as const, key: 'message', format: 'text' },
  ];
  for (const p of targets) {
    for (const [id, payload] of payloads) {
      const name = `inj-${p.section === 'distribution' ? 'distribution-' : ''}${p.key.toLowerCase().replace(/_/g, '-')}-${id}`;
      const value = id === MAX_PAYLOAD_ID ? embed(p.format, 'x'.repeat(ANDROID_MAX - embed(p.format, '').length)) : embed(p.format, payload);
      const settings: Record<string, string> = { ServicesDomain: 'acme.com' };
      const windows: Record<string, string> = {};
      const profile: Record<string, unknown> = { name };
      if (p.section === 'top') profile.description = value;
      else if (p.section === 'distribution') profile.distribution = { [p.key]: value };
      else if (p.section === 'settings') Object.assign(settings, COMPANIONS[p.key] ?? {}, { [p.key]: value });
      else windows[p.key] = value;
      profile.settings = settings;
      if (Object.keys(windows).length > 0) profile.windows = windows;
      cases.push({ name, where: p.section === 'top' ? 'description' : `${p.section}/${p.key}`, payloadId: id, value, profile });
    }
  }
  return cases;
}

/** URLs that must never reach a link or a console: anything but http(s), however it is spelled. */
export const URL_CASES: { id: string; value: string; errors: string[] }[] = [
  { id: 'javascript', value: 'javascript:alert(1)', errors: ['invalid-url'] },
  { id: 'javascript-case', value: 'JaVaScRiPt:alert(document.cookie)', errors: ['invalid-url'] },
  // The WHATWG URL parser drops tabs and newlines inside a scheme: java<TAB>script: is javascript:.
  { id: 'javascript-tab', value: 'java\tscript:alert(1)', errors: ['invalid-url'] },
  { id: 'javascript-lead', value: ' javascript:alert(1)', errors: ['invalid-url'] },
  { id: 'javascript-entity', value: 'javascript&#58;alert(1)', errors: ['invalid-url'] },
  { id: 'data', value: 'data:text/html,<script>alert(1)</script>', errors: ['invalid-url'] },
  { id: 'vbscript', value: 'vbscript:msgbox(1)', errors: ['invalid-url'] },
  { id: 'file', value: 'file:///etc/passwd', errors: ['invalid-url'] },
  { id: 'relative', value: '//evil.example/prt.pem', errors: ['invalid-url'] },
  { id: 'ciscojabber', value: 'ciscojabber://provision?ServicesDomain=evil.example', errors: ['invalid-url'] },
  // Valid https URLs that carry markup: exported, and harmless wherever they land.
  { id: 'https-markup', value: "https://pki.acme.com/'><script>alert(1)</script>", errors: [] },
  { id: 'https-userinfo', value: 'https://acme.com@evil.example/prt.pem', errors: [] },
];
