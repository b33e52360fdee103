/**
 * Start-up benchmark: what a user waits for on one command, as ratios to `node -e 0` measured in
 * the same run (medians of several runs, interleaved so a noisy moment hits every command alike).
 * With `breakdown`, also times the pieces: importing @oclif/core, and exporting one profile to one
 * target at a time, to show what each target's render and verification add.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, expectSuccess, median, ratio, ROOT, runNode } from './lib/measure.mjs';

const ASSET_URL = 'https://example.invalid/jabber/';

/** One profile that sets something in every section, so every target has work to do. */
const ONE_PROFILE = `name: startup
description: One profile for the start-up benchmark
apps:
  ios: com.cisco.jabberIM
  android: com.cisco.im
settings:
  ServicesDomain: acme.com
  VoiceServicesDomain: voice.acme.com
  ServiceDiscoveryExcludedServices: [WEBEX, CUP]
  ServicesDomainSsoEmailPrompt: true
  Telephony_Enabled: true
  InvalidCertificateBehavior: RejectAndNotify
  IP_Mode: Two Stacks
  EnablePRTEncryption: true
  PRTCertificateName: Acme Problem Reports
  PRTCertificateUrl: https://pki.acme.com/jabber/prt.pem
  AllowUrlProvisioning: false
windows:
  SERVICES_DOMAIN: acme.com
  PRODUCT_MODE: Phone_Mode
  AUTHENTICATOR: CUCM
  TFTP: tftp.acme.com
  CTI: cti.acme.com
  LANGUAGE: 1033
`;

/** Measures the start-up commands; returns table rows and the per-piece breakdown. */
export async function benchStartup(tmp, { runs, breakdown, log }) {
  const profile = path.join(tmp, 'startup', 'startup.yaml');
  mkdirSync(path.dirname(profile), { recursive: true });
  writeFileSync(profile, ONE_PROFILE);
  let outSeq = 0;
  const freshOut = () => path.join(tmp, 'startup', `out-${(outSeq += 1)}`);

  const { targetIds } = await import(pathToFileURL(path.join(ROOT, 'dist', 'targets', 'registry.js')).href);
  const commands = {
    'node -e 0': () => ['-e', '0'],
    'jabber-emm --version': () => [BIN, '--version'],
    'export 1 profile, every target': () => [BIN, 'export', profile, '--out', freshOut(), '--asset-url', ASSET_URL],
  };
  if (breakdown) {
    commands['import @oclif/core'] = () => ['--input-type=module', '-e', "await import('@oclif/core')"];
    commands['jabber-emm targets'] = () => [BIN, 'targets'];
    for (const id of targetIds()) commands[`export 1 profile, --target ${id}`] = () => [BIN, 'export', profile, '--out', freshOut(), '--target', id, '--asset-url', ASSET_URL];
  }

  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  // One unmeasured round warms the page cache and the V8 code cache of every command.
  for (const [name, args] of Object.entries(commands)) expectSuccess(name, await runNode(args()));
  log(`start-up: ${runs} rounds of ${Object.keys(commands).length} commands`);
  for (let i = 0; i < runs; i += 1) {
    for (const [name, args] of Object.entries(commands)) times[name].push(expectSuccess(name, await runNode(args())).ms);
  }
  rmSync(path.join(tmp, 'startup'), { recursive: true, force: true });

  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const node = med['node -e 0'];
  const rows = [
    {
      bench: 'start-up: jabber-emm --version',
      figure: `${med['jabber-emm --version'].toFixed(0)} ms`,
      baseline: `node -e 0 ${node.toFixed(0)} ms`,
      ratio: ratio(med['jabber-emm --version'], node),
      goal: '≤ 2.5×',
      met: med['jabber-emm --version'] / node <= 2.5,
    },
    {
      bench: 'start-up: export 1 profile, every target, verified',
      figure: `${med['export 1 profile, every target'].toFixed(0)} ms`,
      baseline: `node -e 0 ${node.toFixed(0)} ms`,
      ratio: ratio(med['export 1 profile, every target'], node),
      goal: '≤ 4×',
      met: med['export 1 profile, every target'] / node <= 4,
    },
  ];
  const pieces = Object.entries(med).map(([name, ms]) => ({ name, ms, overNode: ms - node }));
  return { rows, pieces: breakdown ? pieces : [], runs };
}
