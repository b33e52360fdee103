/**
 * Real-browser test of the url-page target: Debian's chromium opens the rendered page from disk,
 * the link's href must equal the URL, and the QR code in a screenshot must decode to the URL.
 * CI installs chromium (`apt-get install -y chromium`); locally the test is skipped without it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsqr from 'jsqr';
import { chromium, type BrowserContext } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlPageTarget } from '../../src/targets/url-page/index.js';
import { LINK_ID, URL_TEXT_ID } from '../../src/targets/url-page/page.js';
import { urlTarget } from '../../src/targets/url/index.js';
import { makeProfile } from '../helpers/profile.js';

// jsqr is CommonJS: its function is module.exports and also module.exports.default.
const jsQR = jsqr.default;

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);

if (!present && process.env.CI) {
  // CI must run this test: fail loudly instead of skipping.
  describe('url-page in a real browser', () => {
    it('needs Debian chromium at /usr/bin/chromium in CI', () => {
      expect.fail(`${CHROMIUM} is missing; .ci/run must install it with apt-get install -y chromium`);
    });
  });
} else {
  describe.skipIf(!present)(`url-page in a real browser${present ? '' : ` (skipped: ${CHROMIUM} not installed; apt-get install -y chromium)`}`, () => {
    let dir: string;
    let context: BrowserContext;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'jabber-emm-browser-'));
      context = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        viewport: { width: 800, height: 1400 },
        deviceScaleFactor: 1,
      });
    });

    afterAll(async () => {
      await context?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const profiles = [
      makeProfile({
        name: 'cisco-example',
        description: 'Cisco documented example',
        settings: {
          ServicesDomain: 'cisco.com',
          VoiceServicesDomain: 'alphauk.cisco.com',
          ServiceDiscoveryExcludedServices: ['CUCM', 'CUP'],
          ServicesDomainSsoEmailPrompt: false,
        },
      }),
      makeProfile({
        name: 'hostile',
        // The distribution text is what reaches the page (the description never does).
        distribution: {
          title: '</h1><script>alert(1)</script> & \u202eevil',
          message: '<a href="javascript:alert(1)">click</a> <script>alert(1)</script> & \u202eevil',
        },
        settings: {
          ServicesDomain: 'example.com',
          PRTCertificateName: 'x & y=1#z?%+ "quoted" <tag> é 😀',
          PRTCertificateUrl: 'javascript:alert(1)',
        },
      }),
    ];

    it.each(profiles.map((p) => [p.name, p] as const))('%s: the href and the QR code in a screenshot equal the URL', async (_name, profile) => {
      const url = urlTarget.render(profile, {}).artifacts[0]!.contents.trimEnd();
      const { artifacts } = urlPageTarget.render(profile, {});
      const file = join(dir, `${profile.name}.html`);
      writeFileSync(file, artifacts.find((a) => a.fileName.endsWith('.html'))!.contents);

      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const dialogs: string[] = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      expect(await page.locator('a').count()).toBe(1);
      expect(await page.getAttribute(`#${LINK_ID}`, 'href')).toBe(url);
      expect(await page.textContent(`#${URL_TEXT_ID}`)).toBe(url);
      // Nothing but the page itself was requested, and no script ran.
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(dialogs).toEqual([]);

      const png = PNG.sync.read(await page.screenshot({ fullPage: true }));
      const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
      expect(code?.data).toBe(url);
      await page.close();
    });
  });
}
