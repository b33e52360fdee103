import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import jsqr from 'jsqr';
import { describe, expect, it } from 'vitest';
import type { SettingValue } from '../../src/profile/types.js';
import { urlPageTarget } from '../../src/targets/url-page/index.js';
import { DEFAULT_MESSAGE, DEFAULT_TITLE } from '../../src/targets/url-page/page.js';
import { QUIET_ZONE, readQrSvg } from '../../src/targets/url-page/qr-svg.js';
import { escapeHtml, fillHtmlTemplate, fillTextTemplate, trustedHtml } from '../../src/targets/url-page/template.js';
import { urlTarget } from '../../src/targets/url/index.js';
import { makeProfile } from '../helpers/profile.js';

// jsqr is CommonJS: its function is module.exports and also module.exports.default.
const jsQR = jsqr.default;

const CISCO = {
  ServicesDomain: 'cisco.com',
  VoiceServicesDomain: 'alphauk.cisco.com',
  ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'],
  ServicesDomainSsoEmailPrompt: false,
} satisfies Record<string, SettingValue>;
const CISCO_URL =
  'ciscojabber://provision?ServicesDomain=cisco.com&VoiceServicesDomain=alphauk.cisco.com&ServiceDiscoveryExcludedServices=CUCM,CUP&ServicesDomainSsoEmailPrompt=OFF';

function render(init: Parameters<typeof makeProfile>[0]) {
  const r = urlPageTarget.render(makeProfile(init), {});
  const page = r.artifacts.find((a) => a.fileName === 'jabber-config-page.html');
  const email = r.artifacts.find((a) => a.fileName === 'jabber-config-email.txt');
  return { ...r, page: page?.contents ?? '', email: email?.contents ?? '' };
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, htmlEntities: true, parseTagValue: false, trimValues: false });

/** Every element in document order, with its attributes and text content. */
function elements(html: string): { tag: string; attrs: Record<string, string>; text: string }[] {
  const out: { tag: string; attrs: Record<string, string>; text: string }[] = [];
  const text = (nodes: Node[]): string =>
    nodes.map((n) => (n['#text'] !== undefined ? String(n['#text']) : Object.keys(n).filter((k) => k !== ':@' && k !== '#text').map((k) => text(n[k] as Node[])).join(''))).join('');
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = Object.keys(n).find((k) => k !== ':@');
      if (!tag || tag.startsWith('#')) continue;
      out.push({ tag, attrs: n[':@'] ?? {}, text: text(n[tag] as Node[]) });
      walk(n[tag] as Node[]);
    }
  };
  walk(parser.parse(html) as Node[]);
  return out;
}

/** Decodes the page's QR code with jsQR (an independent decoder) from a rasterised copy of the SVG. */
function decodeQrFromPage(html: string): string | undefined {
  const svg = elements(html).find((e) => e.tag === 'svg')!;
  const path = elements(html).find((e) => e.tag === 'path')!;
  const read = readQrSvg(svg.attrs['viewBox']!, path.attrs['d']!);
  if ('error' in read) throw new Error(read.error);
  const scale = 4;
  const n = read.matrix.length + 2 * QUIET_ZONE;
  const px = n * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  read.matrix.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + QUIET_ZONE) * scale + dy) * px + (x + QUIET_ZONE) * scale + dx) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
    }),
  );
  return jsQR(rgba, px, px)?.data;
}

describe('url-page: render', () => {
  it('writes the page and the e-mail with the link, the QR code and the distribution text', async () => {
    const r = render({
      name: 'acme',
      description: 'Production, EMEA (admin note)',
      distribution: { title: 'Cisco Jabber at ACME', message: 'For ACME staff phones.\nAsk the help desk if it fails.' },
      settings: CISCO,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.artifacts.map((a) => a.fileName)).toEqual(['jabber-config-page.html', 'jabber-config-email.txt']);
    const links = elements(r.page).filter((e) => e.tag === 'a');
    expect(links).toEqual([{ tag: 'a', attrs: { id: 'provision-link', href: CISCO_URL }, text: "Open Cisco Jabber with your company's settings" }]);
    expect(elements(r.page).find((e) => e.tag === 'h1')?.text).toBe('Cisco Jabber at ACME');
    expect(elements(r.page).find((e) => e.tag === 'title')?.text).toBe('Cisco Jabber at ACME');
    expect(elements(r.page).find((e) => e.attrs['class'] === 'message')?.text).toBe('For ACME staff phones.\nAsk the help desk if it fails.');
    expect(decodeQrFromPage(r.page)).toBe(CISCO_URL);
    expect(r.email.split('\n')).toContain(CISCO_URL);
    expect(r.email.startsWith('Cisco Jabber at ACME\n\nFor ACME staff phones.\nAsk the help desk if it fails.\n\nInstall Cisco Jabber first')).toBe(true);
    // The description is the admin's note: users never see it.
    expect(r.page).not.toContain('admin note');
    expect(r.email).not.toContain('admin note');
    for (const platform of ['iPhone and iPad', 'Android', 'Mac']) {
      expect(elements(r.page).filter((e) => e.tag === 'h2').map((e) => e.text)).toContain(platform);
      expect(r.email).toContain(`${platform}: `);
    }
    expect(r.page).toContain('Firefox');
    expect(await urlPageTarget.verify(r.artifacts)).toEqual([[], []]);
  });

  it('uses the same URL as the url target', () => {
    const profile = makeProfile({ settings: { ...CISCO, PRTCertificateName: 'a b&c' } });
    const url = urlTarget.render(profile, {}).artifacts[0]!.contents.trimEnd();
    const page = urlPageTarget.render(profile, {}).artifacts[0]!.contents;
    expect(elements(page).find((e) => e.tag === 'a')?.attrs['href']).toBe(url);
  });

  it('is deterministic, ends with a newline and loads nothing from the network', () => {
    const a = render({ description: 'x', settings: CISCO });
    const b = render({ description: 'x', settings: CISCO });
    expect(a.artifacts).toEqual(b.artifacts);
    expect(a.page.endsWith('</html>\n')).toBe(true);
    expect(a.email.endsWith('\n')).toBe(true);
    const withoutNamespaces = a.page.replace('http://www.w3.org/1999/xhtml', '').replace('http://www.w3.org/2000/svg', '');
    expect(withoutNamespaces).not.toMatch(/<script|<link|<img|@import|url\(|https?:\/\/|(?<!ciscojabber:)\/\/[a-z]/i);
    expect(a.page).toContain("default-src 'none'");
  });

  it('without distribution text, the page and the e-mail say neutral words, never the description', () => {
    const r = render({ description: 'Staging cluster, pilot users', settings: CISCO });
    expect(r.email.startsWith(`${DEFAULT_TITLE}\n\n${DEFAULT_MESSAGE}\n\nInstall Cisco Jabber first`)).toBe(true);
    expect(elements(r.page).find((e) => e.tag === 'h1')?.text).toBe('Set up Cisco Jabber');
    expect(elements(r.page).find((e) => e.attrs['class'] === 'message')?.text).toBe(DEFAULT_MESSAGE);
    expect(DEFAULT_MESSAGE).toMatch(/^Open this link on the device where Cisco Jabber is installed/);
    expect(r.page).not.toContain('Staging');
    expect(r.email).not.toContain('Staging');
    // Only the title given: the message is the default, and the reverse.
    const titled = render({ distribution: { title: 'Acme' }, settings: CISCO });
    expect(elements(titled.page).find((e) => e.attrs['class'] === 'message')?.text).toBe(DEFAULT_MESSAGE);
    expect(titled.email.startsWith('Acme\n\n')).toBe(true);
    const messaged = render({ distribution: { message: 'Hello' }, settings: CISCO });
    expect(elements(messaged.page).find((e) => e.tag === 'h1')?.text).toBe(DEFAULT_TITLE);
  });

  it('a title is one line: line breaks in it become spaces', () => {
    const r = render({ distribution: { title: 'Cisco\nJabber\r\nsetup' }, settings: CISCO });
    expect(elements(r.page).find((e) => e.tag === 'h1')?.text).toBe('Cisco Jabber setup');
    expect(r.email.startsWith('Cisco Jabber setup\n\n')).toBe(true);
  });

  it('markup in profile values stays text, and the only link is the ciscojabber:// one', async () => {
    const description = '<a href="javascript:alert(1)">click</a><script>alert(1)</script> &amp; {{url}} \'q\' https://evil.example.com';
    const title = '</h1><script>alert(1)</script>{{qr}} & \u202e';
    const r = render({
      name: 'x"><img src=y onerror=alert(1)>',
      distribution: { title, message: description },
      settings: { ServicesDomain: 'example.com', PRTCertificateUrl: 'javascript:alert(1)', PRTCertificateName: '"><script>alert(1)</script>' },
    });
    expect(r.diagnostics).toEqual([]);
    const all = elements(r.page);
    expect(all.filter((e) => e.tag === 'a')).toHaveLength(1);
    expect(all.filter((e) => ['script', 'img'].includes(e.tag))).toEqual([]);
    expect(all.filter((e) => Object.keys(e.attrs).some((k) => k.startsWith('on')))).toEqual([]);
    expect(all.find((e) => e.attrs['class'] === 'message')?.text).toBe(description);
    expect(all.find((e) => e.tag === 'h1')?.text).toBe(title);
    expect(all.find((e) => e.tag === 'title')?.text).toBe(title);
    expect(all.find((e) => e.attrs['id'] === 'provision-url')?.text).toBe(all.find((e) => e.tag === 'a')!.attrs['href']);
    expect(r.page).toContain('(profile x&quot;&gt;&lt;img src=y onerror=alert(1)&gt;)');
    const href = all.find((e) => e.tag === 'a')!.attrs['href']!;
    expect(href.startsWith('ciscojabber://provision?ServicesDomain=example.com&')).toBe(true);
    expect(urlTarget.parse!([{ contents: href, fileName: '' }]).settings.get('PRTCertificateName')).toBe('"><script>alert(1)</script>');
    expect(await urlPageTarget.verify(r.artifacts)).toEqual([[], []]);
  });

  it('control characters in the distribution message become U+FFFD, with a warning, and the page stays well-formed', async () => {
    const r = render({ distribution: { message: 'a\u0000b\u0007c\r\nd' }, settings: CISCO });
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).toEqual([['text-replaced', '/distribution/message']]);
    expect(elements(r.page).find((e) => e.attrs['class'] === 'message')?.text).toBe('a\uFFFDb\uFFFDc\nd');
    expect(r.email).toContain('a\uFFFDb\uFFFDc\nd');
    // The description is not shown, so control characters in it change nothing on the page.
    expect(render({ description: 'a\u0000b', settings: CISCO }).diagnostics).toEqual([]);
    expect(await urlPageTarget.verify(r.artifacts)).toEqual([[], []]);
  });

  it('a URL too long for a QR code gives a page with the link only, and a warning', async () => {
    const r = render({ settings: { ServicesDomain: 'example.com', PRTCertificateName: 'x'.repeat(3000) } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['qr-too-long']);
    expect(elements(r.page).filter((e) => e.tag === 'svg')).toEqual([]);
    expect(await urlPageTarget.verify(r.artifacts)).toEqual([[], []]);
  });

  it('a per-user variable is an error and nothing is written', () => {
    const r = render({ settings: { ServicesDomain: '${user.email}' } });
    expect(r.artifacts).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.target])).toEqual([['error', 'variable-in-url', 'url-page']]);
  });

  it('property: any distribution text and values give a page and e-mail that verify, with the QR code equal to the link', async () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.stringMatching(/^[<>&"'\]%#{}\u202e\u0000 -]{0,15}$/));
    await fc.assert(
      fc.asyncProperty(text, text, text, text, async (message, title, name, value) => {
        fc.pre(!/ciscojabber:/i.test(message + title));
        const distribution = { ...(message.trim() ? { message } : {}), ...(title.trim() ? { title } : {}) };
        const r = render({ name: name || 'p', distribution, settings: { ServicesDomain: 'example.com', PRTCertificateName: value } });
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(await urlPageTarget.verify(r.artifacts)).toEqual([[], []]);
        const href = elements(r.page).find((e) => e.tag === 'a')!.attrs['href']!;
        expect(decodeQrFromPage(r.page)).toBe(href);
      }),
      { numRuns: 25 },
    );
  });
});

describe('url-page: verify catches broken pages', () => {
  const good = render({ settings: CISCO });
  const check = async (page: string) => (await urlPageTarget.verify([{ target: 'url-page', fileName: 'p.html', contents: page }]))[0]!.map((d) => d.code);

  it.each([
    ['a second link', (p: string) => p.replace('</main>', '<a href="https://example.com">x</a></main>'), 'page-links'],
    ['a script', (p: string) => p.replace('</main>', '<script>alert(1)</script></main>'), 'page-active-content'],
    ['an image', (p: string) => p.replace('</main>', '<img src="https://example.com/x.png" /></main>'), 'page-active-content'],
    ['an event handler', (p: string) => p.replace('<main>', '<main onclick="alert(1)">'), 'page-active-content'],
    ['a style import', (p: string) => p.replace('<style>', '<style>@import "https://example.com/x.css";'), 'page-active-content'],
    ['a changed href', (p: string) => p.replace('href="ciscojabber://provision?ServicesDomain=cisco.com', 'href="ciscojabber://provision?ServicesDomain=evil.com'), 'page-qr-mismatch'],
    ['a changed URL text', (p: string) => p.replace('>ciscojabber://provision?ServicesDomain=cisco.com', '>ciscojabber://provision?ServicesDomain=evil.com'), 'page-url-text'],
    ['a changed QR module', (p: string) => p.replace(/d="M(\d+) /, (_m, x: string) => `d="M${Number(x) + 1} `), 'page-qr-mismatch'],
    ['no QR code', (p: string) => p.replace(/<svg[\s\S]*?<\/svg>/, ''), 'page-qr-missing'],
    ['a link that is not a configuration URL', (p: string) => p.replaceAll('ciscojabber://provision?', 'javascript:alert(1)//?'), 'url-not-provision'],
    ['markup that is not well-formed', (p: string) => p.replace('</main>', '<p></main>'), 'page-not-well-formed'],
  ])('%s', async (_what, tamper, code) => {
    const page = tamper(good.page);
    expect(page).not.toBe(good.page);
    expect(await check(page)).toContain(code);
  });

  it.each([
    ['the URL twice', (e: string) => e + CISCO_URL + '\n'],
    ['no URL', (e: string) => e.replace(CISCO_URL, '')],
    ['a broken URL', (e: string) => e.replace(CISCO_URL, CISCO_URL + '&ServicesDomain=x')],
  ])('e-mail with %s', async (_what, tamper) => {
    const [found] = await urlPageTarget.verify([{ target: 'url-page', fileName: 'jabber-config-email.txt', contents: tamper(good.email) }]);
    expect(found!.filter((d) => d.severity === 'error')).not.toEqual([]);
  });
});

describe('url-page: template filling', () => {
  it('escapes text slots, inserts trusted markup as is, and never re-expands inserted values', () => {
    expect(fillHtmlTemplate('<p title="{{a}}">{{a}}</p>{{b}}', { a: `<&>"' {{b}}`, b: trustedHtml('<svg/>') })).toBe(
      '<p title="&lt;&amp;&gt;&quot;&#39; {{b}}">&lt;&amp;&gt;&quot;&#39; {{b}}</p><svg/>',
    );
    expect(fillTextTemplate('{{a}}!', { a: '<b>' })).toBe('<b>!');
    expect(escapeHtml('a\u0001b')).toBe('a\uFFFDb');
  });

  it('a missing or unused slot is a programming error', () => {
    expect(() => fillTextTemplate('{{a}}{{b}}', { a: '' })).toThrow(/\{\{b\}\}/);
    expect(() => fillTextTemplate('{{a}}', { a: '', c: '' })).toThrow(/no slot for c/);
  });
});
