import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getParameter } from '../../src/catalog/index.js';
import { decodeText } from '../../src/catalog/encode.js';
import type { SettingValue } from '../../src/profile/types.js';
import { urlTarget } from '../../src/targets/url/index.js';
import { decodeUrlValue, encodeUrlValue } from '../../src/targets/url/percent-encoding.js';
import { parseProvisionUrl } from '../../src/targets/url/provision-url.js';
import { makeProfile } from '../helpers/profile.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function renderUrl(settings: Record<string, SettingValue>) {
  return urlTarget.render(makeProfile({ settings }), {});
}

function urlOf(settings: Record<string, SettingValue>): string {
  const r = renderUrl(settings);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.artifacts).toHaveLength(1);
  return r.artifacts[0]!.contents;
}

describe('url: Cisco documented examples, character for character', () => {
  // reference jabber-parameters.md §3.1 (S1/S2/S3 deployment guides, S15, S18, S20); settings are
  // listed out of Cisco's order on purpose, the URL must follow the template order.
  const cases: [Record<string, SettingValue>, string][] = [
    [{ ServicesDomain: 'cisco.com' }, 'ciscojabber://provision?ServicesDomain=cisco.com'],
    [
      { VoiceServicesDomain: 'alphauk.cisco.com', ServicesDomain: 'cisco.com' },
      'ciscojabber://provision?ServicesDomain=cisco.com&VoiceServicesDomain=alphauk.cisco.com',
    ],
    [
      { ServiceDiscoveryExcludedServices: ['WEBEX'], VoiceServicesDomain: 'voiceservice_domain', ServicesDomain: 'service_domain' },
      'ciscojabber://provision?ServicesDomain=service_domain&VoiceServicesDomain=voiceservice_domain&ServiceDiscoveryExcludedServices=WEBEX',
    ],
    [
      { ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'], ServicesDomain: 'cisco.com', VoiceServicesDomain: 'alphauk.cisco.com' },
      'ciscojabber://provision?ServicesDomain=cisco.com&VoiceServicesDomain=alphauk.cisco.com&ServiceDiscoveryExcludedServices=CUCM,CUP',
    ],
    [
      {
        ServicesDomainSsoEmailPrompt: false,
        ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'],
        VoiceServicesDomain: 'alphauk.cisco.com',
        ServicesDomain: 'cisco.com',
      },
      'ciscojabber://provision?ServicesDomain=cisco.com&VoiceServicesDomain=alphauk.cisco.com&ServiceDiscoveryExcludedServices=CUCM,CUP&ServicesDomainSsoEmailPrompt=OFF',
    ],
    [
      { ServiceDiscoveryExcludedServices: ['WEBEX'], ServicesDomain: 'companydomain.com' },
      'ciscojabber://provision?ServicesDomain=companydomain.com&ServiceDiscoveryExcludedServices=WEBEX',
    ],
    [
      { ServiceDiscoveryExcludedServices: ['WEBEX'], VoiceServicesDomain: 'companydomain.com', ServicesDomain: 'companydomain.com' },
      'ciscojabber://provision?ServicesDomain=companydomain.com&VoiceServicesDomain=companydomain.com&ServiceDiscoveryExcludedServices=WEBEX',
    ],
    [{ VoiceServicesDomain: 'domain1', ServicesDomain: 'domain4' }, 'ciscojabber://provision?ServicesDomain=domain4&VoiceServicesDomain=domain1'],
    [
      { VoiceServicesDomain: 'customer.amer.wxc-di.webex.com', ServicesDomain: 'customer.com' },
      'ciscojabber://provision?ServicesDomain=customer.com&VoiceServicesDomain=customer.amer.wxc-di.webex.com',
    ],
  ];
  it.each(cases)('%j', (settings, expected) => {
    const r = renderUrl(settings);
    expect(r.diagnostics).toEqual([]);
    expect(r.artifacts).toEqual([{ target: 'url', fileName: 'jabber-config-url.txt', contents: expected + '\n' }]);
  });

  it('writes every URL key in the catalog urlOrder with Cisco tokens', () => {
    const url = urlOf({
      IP_Mode: 'Two Stacks',
      DiagnosticsToolEnabled: false,
      ForceLaunchBrowser: true,
      Telephony_Enabled: false,
      InvalidCertificateBehavior: 'RejectAndNotify',
      PRTCertificateName: 'PRT cert',
      PRTCertificateUrl: 'https://pki.example.com/prt.pem',
      EnablePRTEncryption: true,
      ServicesDomainSsoEmailPrompt: true,
      ServiceDiscoveryExcludedServices: ['WEBEX', 'CUCM', 'CUP'],
      VoiceServicesDomain: 'voice.example.com',
      ServicesDomain: 'example.com',
    });
    expect(url).toBe(
      'ciscojabber://provision?ServicesDomain=example.com&VoiceServicesDomain=voice.example.com' +
        '&ServiceDiscoveryExcludedServices=WEBEX,CUCM,CUP&ServicesDomainSsoEmailPrompt=ON&EnablePRTEncryption=true' +
        '&PRTCertificateUrl=https://pki.example.com/prt.pem&PRTCertificateName=PRT%20cert' +
        '&InvalidCertificateBehavior=RejectAndNotify&Telephony_Enabled=False&ForceLaunchBrowser=True' +
        '&DiagnosticsToolEnabled=False&IP_Mode=Two%20Stacks\n',
    );
  });
});

describe('url: percent-encoding', () => {
  it.each([
    ['a&b', 'a%26b'],
    ['a=b', 'a%3Db'],
    ['a#b', 'a%23b'],
    ['100%', '100%25'],
    ['a+b', 'a%2Bb'],
    ['a b', 'a%20b'],
    ['a?b', 'a%3Fb'],
    ['a\nb', 'a%0Ab'],
    ['a\u0000b', 'a%00b'],
    ['\u007f', '%7F'],
    ['é', '%C3%A9'],
    ['\u202e', '%E2%80%AE'],
    ['😀', '%F0%9F%98%80'],
    ['<"\'>', "%3C%22'%3E"],
    ['{|}\\^`', '%7B%7C%7D%5C%5E%60'],
    ['CUCM,CUP', 'CUCM,CUP'],
    ['a.b-c_d~e', 'a.b-c_d~e'],
    ['https://h.example.com:8443/p/c.pem', 'https://h.example.com:8443/p/c.pem'],
  ])('%j → %s', (value, encoded) => {
    expect(encodeUrlValue(value)).toBe(encoded);
    expect(decodeUrlValue(encoded)).toEqual({ ok: true, value });
  });

  // The encoder and decoder as they were before their fast paths (every character through Buffer),
  // the reference the fast paths must reproduce for any text, lone surrogates included.
  const RAW_CHAR = /^[A-Za-z0-9\-._~!$'()*,;:@/]$/;
  const referenceEncode = (value: string): string => {
    let out = '';
    for (const ch of value) {
      if (RAW_CHAR.test(ch)) out += ch;
      else for (const byte of Buffer.from(ch.length === 1 && ch >= '\ud800' && ch <= '\udfff' ? '\ufffd' : ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
    return out;
  };
  const referenceDecode = (text: string): { ok: boolean; value?: string } => {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; ) {
      if (text[i] === '%') {
        const hex = text.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false };
        bytes.push(parseInt(hex, 16));
        i += 3;
        continue;
      }
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
    }
    try {
      return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)) };
    } catch {
      return { ok: false };
    }
  };

  it('encodes and decodes any text as the character-by-character reference does', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('a', 'Z', '0', '%', '2', 'F', 'C', '3', 'A', '9', '+', '&', ' ', '~', '\ud83d', '\ude00', 'é', '😀'), maxLength: 30 }),
      fc.stringMatching(/^[A-Za-z0-9\-._~!$'()*,;:@/]{0,40}$/),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(encodeUrlValue(t)).toBe(referenceEncode(t));
        const got = decodeUrlValue(t);
        const want = referenceDecode(t);
        expect(got.ok).toBe(want.ok);
        if (got.ok) expect(got.value).toBe(want.value);
      }),
      { numRuns: 3000, seed: 5 },
    );
    // A lone surrogate without any escape: U+FFFD, as the UTF-8 round trip gives.
    expect(decodeUrlValue('a\ud800b')).toEqual({ ok: true, value: 'a\ufffdb' });
    expect(encodeUrlValue('a\udc00')).toBe('a%EF%BF%BD');
  });

  it('reports malformed escapes instead of throwing', () => {
    expect(decodeUrlValue('%G1').ok).toBe(false);
    expect(decodeUrlValue('%C3').ok).toBe(false);
    expect(decodeUrlValue('abc%').ok).toBe(false);
  });
});

describe('url: what the profile holds never adds or changes a parameter', () => {
  const hostile = [
    'x&ServicesDomain=evil.example.com',
    'a=b=c',
    'x#frag',
    'x?y=z',
    '%26%3D',
    'a+b',
    'line1\nline2\r\n',
    'nul\u0000byte',
    '\u202eevil.com',
    'x'.repeat(10_000) + '&y=1',
  ];
  it.each(hostile.map((h) => [h.length > 60 ? h.slice(0, 30) + '…' : h, h]))('PRTCertificateName %j', (_label, value) => {
    const contents = urlOf({ ServicesDomain: 'example.com', PRTCertificateName: value });
    expect(contents.split('\n')).toHaveLength(2);
    const parsed = parseProvisionUrl(contents);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.pairs.map((p) => p.name)).toEqual(['ServicesDomain', 'PRTCertificateName']);
    expect(parsed.settings.get('PRTCertificateName')).toBe(value);
    expect(parsed.settings.get('ServicesDomain')).toBe('example.com');
  });

  it('a lone surrogate is an error, not a silently changed value', () => {
    const r = renderUrl({ ServicesDomain: 'example.com', PRTCertificateName: 'a\uD800b' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-character']);
  });

  it('property: any text value round-trips and the URL keeps exactly its parameters', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !LONE_SURROGATE.test(s));
    const mixed = fc.oneof(text, fc.stringMatching(/^[&=#?%+ \n\u0000\u202e<>"']{0,12}$/));
    fc.assert(
      fc.property(mixed, mixed, mixed, (sd, name, certUrl) => {
        const settings = { ServicesDomain: sd, PRTCertificateName: name, PRTCertificateUrl: certUrl };
        const contents = urlOf(settings);
        expect(contents).toMatch(/^ciscojabber:\/\/provision\?[\x21-\x7e]*\n$/);
        const parsed = parseProvisionUrl(contents);
        expect(parsed.pairs.map((p) => p.name)).toEqual(['ServicesDomain', 'PRTCertificateUrl', 'PRTCertificateName']);
        expect(Object.fromEntries(parsed.settings)).toEqual(settings);
      }),
      { numRuns: 200 },
    );
  });

  it('property: typed values read back equal to the profile (decodeText)', () => {
    const excluded = getParameter('settings', 'ServiceDiscoveryExcludedServices')!;
    const profile = fc.record(
      {
        ServicesDomain: fc.domain(),
        VoiceServicesDomain: fc.domain(),
        ServiceDiscoveryExcludedServices: fc.subarray(excluded.values!, { minLength: 1 }),
        ServicesDomainSsoEmailPrompt: fc.boolean(),
        Telephony_Enabled: fc.boolean(),
        ForceLaunchBrowser: fc.boolean(),
        InvalidCertificateBehavior: fc.constantFrom('RejectAndNotify', 'PromptPerSession'),
        IP_Mode: fc.constantFrom('IPv4-Only', 'IPv6-Only', 'Two Stacks'),
      },
      { requiredKeys: ['ServicesDomain'] },
    );
    fc.assert(
      fc.property(profile, (settings) => {
        const parsed = urlTarget.parse!([{ contents: urlOf(settings as Record<string, SettingValue>), fileName: 'jabber-config-url.txt' }]);
        expect(parsed.diagnostics).toEqual([]);
        const typed = Object.fromEntries(
          [...parsed.settings].map(([k, v]) => [k, decodeText(getParameter('settings', k)!, v as string)]),
        );
        expect(typed).toEqual(settings);
      }),
      { numRuns: 100 },
    );
  });
});

describe('url: keys that cannot go into the URL', () => {
  it('EMM-only keys are not written and each gets a not-carried warning; secrets stay out of messages', () => {
    const r = renderUrl({
      ServicesDomain: 'example.com',
      AllowUrlProvisioning: false,
      AutoLoginUserName: 'alice',
      AutoLoginUserPassword: 's3cret-Pa55',
      FIPS_MODE: true,
    });
    expect(r.artifacts[0]!.contents).toBe('ciscojabber://provision?ServicesDomain=example.com\n');
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.pointer, d.target])).toEqual([
      ['warning', 'not-carried', '/settings/AllowUrlProvisioning', 'url'],
      ['warning', 'not-carried', '/settings/AutoLoginUserName', 'url'],
      ['warning', 'not-carried', '/settings/AutoLoginUserPassword', 'url'],
      ['warning', 'not-carried', '/settings/FIPS_MODE', 'url'],
    ]);
    expect(JSON.stringify(r.diagnostics)).not.toContain('s3cret');
  });

  it('a per-user variable is an error and nothing is written', () => {
    const r = renderUrl({ ServicesDomain: 'example.com', PRTCertificateName: 'cert-${user.email}' });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toEqual([['error', 'variable-in-url', '/settings/PRTCertificateName']]);
  });

  it('a profile with nothing for the URL writes nothing and says so', () => {
    const r = renderUrl({ AllowUrlProvisioning: false });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['not-carried', 'nothing-to-write']);
  });

  it('a URL without ServicesDomain is written with a warning (Cisco: required)', () => {
    const r = renderUrl({ VoiceServicesDomain: 'voice.example.com' });
    expect(r.artifacts).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['url-without-services-domain']);
  });
});

describe('url: parse, detect, verify', () => {
  it('reads Cisco planning-guide examples: lower-case servicesdomain is a warned variant kept under ServicesDomain', () => {
    const parsed = urlTarget.parse!([{ contents: 'ciscojabber://provision?servicesdomain=example.com&ServiceDiscoveryExcludedServices=WEBEX,CUCM', fileName: 'pasted' }]);
    expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'example.com', ServiceDiscoveryExcludedServices: 'WEBEX,CUCM' });
    expect(parsed.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'url-key-variant']]);
    expect(parsed.diagnostics[0]!.message).toContain('ServicesDomain');
  });

  it('accepts the URL itself or the file, with CRLF too', () => {
    const url = 'ciscojabber://provision?ServicesDomain=cisco.com&VoiceServicesDomain=alphauk.cisco.com';
    for (const text of [url, url + '\n', url + '\r\n']) {
      expect(urlTarget.recognise?.(text, 'x.txt') !== undefined).toBe(true);
      const parsed = urlTarget.parse!([{ contents: text, fileName: 'x.txt' }]);
      expect(parsed.diagnostics).toEqual([]);
      expect(Object.fromEntries(parsed.settings)).toEqual({ ServicesDomain: 'cisco.com', VoiceServicesDomain: 'alphauk.cisco.com' });
    }
    expect(urlTarget.recognise?.('https://example.com/?ServicesDomain=x', 'x.txt') !== undefined).toBe(false);
    expect(urlTarget.recognise?.('<dict></dict>', 'x.plist') !== undefined).toBe(false);
  });

  it('verify passes what render writes, in one batched call', async () => {
    const artifacts = ['a.example.com', 'b.example.com', 'c d & e'].map(
      (d) => urlTarget.render(makeProfile({ settings: { ServicesDomain: 'x.example.com', PRTCertificateName: d } }), {}).artifacts[0]!,
    );
    expect(await urlTarget.verify(artifacts)).toEqual([[], [], []]);
  });

  it.each([
    ['https://provision?ServicesDomain=x', 'url-not-provision'],
    ['ciscojabber://provision?ServicesDomain=x&ServicesDomain=y', 'url-duplicate-parameter'],
    ['ciscojabber://provision?ServicesDomain=x#y', 'url-fragment'],
    ['ciscojabber://provision?ServicesDomain=a b', 'url-unencoded-character'],
    ['ciscojabber://provision?ServicesDomain=%ZZ', 'url-bad-encoding'],
    ['ciscojabber://provision?ServicesDomain', 'url-malformed-parameter'],
    ['ciscojabber://provision?ServicesDomainSsoEmailPrompt=maybe', 'url-invalid-value'],
    ['ciscojabber://provision?', 'url-empty'],
  ])('verify flags %j as %s', async (url, code) => {
    const [found] = await urlTarget.verify([{ target: 'url', fileName: 'u.txt', contents: url + '\n' }]);
    expect(found!.filter((d) => d.severity === 'error').map((d) => d.code)).toContain(code);
  });

  it.each([
    ['ciscojabber://provision?ServicesDomain=a+b', 'url-raw-plus'],
    ['ciscojabber://provision?ServicesDomain=%63isco.com', 'url-not-canonical'],
    ['ciscojabber://provision?Foo=1', 'url-unknown-parameter'],
    ['CiscoJabber://Provision?ServicesDomain=x', 'url-prefix-case'],
  ])('verify warns about %j (%s)', async (url, code) => {
    const [found] = await urlTarget.verify([{ target: 'url', fileName: 'u.txt', contents: url + '\n' }]);
    expect(found!.map((d) => [d.severity, d.code])).toEqual([['warning', code]]);
  });

  it('verify says an EMM-only parameter in a URL is EMM-only, not a typo of itself', async () => {
    const [found] = await urlTarget.verify([{ target: 'url', fileName: 'u.txt', contents: 'ciscojabber://provision?ServicesDomain=x&AllowUrlProvisioning=false\n' }]);
    expect(found!.map((d) => d.code)).toEqual(['url-unknown-parameter']);
    expect(found![0]!.message).toContain('for EMM (managed app configuration) only');
    expect(found![0]!.message).not.toContain('Did you mean');
  });

  it('verify rejects a file that is not the URL plus one newline', async () => {
    const [found] = await urlTarget.verify([{ target: 'url', fileName: 'u.txt', contents: 'ciscojabber://provision?ServicesDomain=x' }]);
    expect(found!.map((d) => d.code)).toEqual(['url-file-shape']);
  });
});
