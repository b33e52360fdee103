/**
 * Writes N varied, valid profiles for the benchmarks: a fleet's shape (folders per site, a few
 * shared base profiles that others `extend`), every settings type (domains, lists, booleans,
 * enums, URLs, free text), Windows installer switches, and, when a console is named, per-user
 * variables. Deterministic for a given seed, so two runs measure the same input.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A small seeded PRNG (mulberry32): the same seed gives the same fleet on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['WEBEX', 'CUCM', 'CUP'];
// Shared base profiles that about 40% of the others extend.
const BASES = 20;
const SITES = 40;

/** YAML for one profile, from its index and the generator state. */
function profileYaml(i, rand, opts) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const chance = (p) => rand() < p;
  const tenant = `${opts.prefix}t${i}`;
  const domain = `${tenant}.example.com`;
  const lines = [`name: ${tenant}`];
  if (chance(0.5)) lines.push(`description: Tenant ${i}, site ${i % SITES} (${pick(['EMEA', 'AMER', 'APJC'])})`);
  // About 40% inherit from a shared base, as fleets do.
  if (chance(0.4)) lines.push(`extends: ../_bases/base-${i % BASES}.yaml`);
  if (chance(0.3)) lines.push('apps:', '  ios: com.cisco.jabberIM', '  android: com.cisco.im');

  lines.push('settings:', `  ServicesDomain: ${domain}`);
  if (chance(0.6)) lines.push(`  VoiceServicesDomain: voice.${domain}`);
  if (chance(0.6)) {
    const excluded = SERVICES.filter(() => chance(0.4));
    if (excluded.length > 0 && excluded.length < 3) lines.push(`  ServiceDiscoveryExcludedServices: [${excluded.join(', ')}]`);
  }
  if (chance(0.5)) lines.push(`  ServicesDomainSsoEmailPrompt: ${pick(['true', 'false', 'ON', 'OFF'])}`);
  if (chance(0.5)) lines.push(`  Telephony_Enabled: ${pick(['true', 'false', 'True', 'False'])}`);
  if (chance(0.3)) lines.push(`  InvalidCertificateBehavior: ${pick(['RejectAndNotify', 'PromptPerSession'])}`);
  if (chance(0.3)) lines.push('  IP_Mode: Two Stacks');
  if (chance(0.3)) lines.push(`  ForceLaunchBrowser: ${pick(['true', 'false'])}`);
  if (chance(0.3)) lines.push(`  AllowUrlProvisioning: ${pick(['true', 'false'])}`);
  if (chance(0.25)) {
    lines.push('  EnablePRTEncryption: true');
    lines.push(`  PRTCertificateName: "${tenant} Problem Reports & Logs"`);
    lines.push(`  PRTCertificateUrl: https://pki.${domain}/jabber/prt.pem?v=${i % 7}`);
  }
  if (chance(0.15)) lines.push(`  FIPS_MODE: ${pick(['true', 'false'])}`, `  CachePasswordMobile: ${pick(['true', 'false'])}`);
  if (opts.emm && chance(0.3)) {
    lines.push('  AutoLoginUserName: ${user.email}', '  AutoLoginUserPassword: ${env:JABBER_BENCH_PASSWORD}');
  }

  if (chance(0.7)) {
    lines.push('windows:', `  SERVICES_DOMAIN: ${domain}`);
    const mode = pick(['phone', 'cup', 'cucm', 'webex']);
    if (mode === 'phone') {
      lines.push('  PRODUCT_MODE: Phone_Mode', '  AUTHENTICATOR: CUCM', `  TFTP: tftp.${domain}`, `  CTI: cti.${domain}`, `  CCMCIP: 10.${i % 250}.0.${(i * 7) % 250}`);
    } else if (mode === 'cup') {
      lines.push('  AUTHENTICATOR: CUP', `  CUP_ADDRESS: imp.${domain}`);
    } else if (mode === 'cucm') {
      lines.push('  AUTHENTICATOR: CUCM', `  TFTP: tftp.${domain}`);
    } else {
      lines.push('  AUTHENTICATOR: WEBEX', `  LOGIN_RESOURCE: ${pick(['WBX', 'MUT'])}`);
    }
    if (chance(0.4)) lines.push(`  LANGUAGE: ${pick(['1033', '1031', '1036', '1041'])}`);
    if (chance(0.3)) lines.push(`  LOG_DIRECTORY: "C:\\\\Logs\\\\Jabber ${i % 5}"`);
    if (chance(0.3)) lines.push(`  CLICK2X: ${pick(['DISABLE', 'Click2Call'])}`);
    if (chance(0.3)) lines.push(`  FORGOT_PASSWORD_URL: https://sso.${domain}/reset?user=%25USERNAME%25&lang=en`);
    if (chance(0.3)) lines.push('  ENABLE_PRT_ENCRYPTION: true', `  PRT_CERTIFICATE_NAME: ${tenant} PRT`);
  }
  return `${lines.join('\n')}\n`;
}

function baseYaml(k, opts) {
  return [
    `name: ${opts.prefix}base-${k}`,
    `description: Shared settings ${k}`,
    'settings:',
    `  ServicesDomain: base${k}.example.com`,
    `  InvalidCertificateBehavior: ${k % 2 === 0 ? 'RejectAndNotify' : 'PromptPerSession'}`,
    '  IP_Mode: Two Stacks',
    `  AllowUrlProvisioning: ${k % 3 === 0 ? 'true' : 'false'}`,
    'windows:',
    `  SERVICES_DOMAIN: base${k}.example.com`,
    '  INVALID_CERTIFICATE_BEHAVIOR: RejectAndNotify',
    '',
  ].join('\n');
}

/**
 * Writes `n` profiles under `dir` (site folders plus 20 shared bases in `_bases/`, which count
 * toward n) and returns the file paths. `emm` adds per-user variables to some; `prefix` keeps names apart between sets.
 */
export function generateProfiles(dir, n, { seed = 1, emm = false, prefix = '' } = {}) {
  const rand = prng(seed);
  const opts = { emm, prefix };
  const files = [];
  mkdirSync(path.join(dir, '_bases'), { recursive: true });
  for (let k = 0; k < BASES; k += 1) {
    const file = path.join(dir, '_bases', `base-${k}.yaml`);
    writeFileSync(file, baseYaml(k, opts));
    files.push(file);
  }
  for (let i = 0; files.length < Math.max(n, BASES + 1); i += 1) {
    const site = path.join(dir, `site-${String(i % SITES).padStart(2, '0')}`);
    if (i < SITES) mkdirSync(site, { recursive: true });
    const file = path.join(site, `${prefix}t${i}.yaml`);
    writeFileSync(file, profileYaml(i, rand, opts));
    files.push(file);
  }
  return files;
}

/**
 * Two fleets of `n` profiles each that share names, for `diff`: side B is side A with about one
 * profile in ten changed (a value edited, a key added), and a few profiles on one side only.
 */
export function generateDiffPair(dirA, dirB, n, { seed = 7 } = {}) {
  const filesA = generateProfiles(dirA, n, { seed });
  const filesB = generateProfiles(dirB, n, { seed });
  const rand = prng(seed + 1);
  let changed = 0;
  for (const file of filesB) {
    if (file.includes(`${path.sep}_bases${path.sep}`) || rand() >= 0.1) continue;
    const text = readFileSync(file, 'utf8');
    // STARTUP_AUTHENTICATION_REQUIRED is never generated, so adding it cannot make a duplicate key.
    writeFileSync(file, text.replace(/ServicesDomain: (\S+)/, 'ServicesDomain: changed-$1').replace(/\nsettings:\n/, '\nsettings:\n  STARTUP_AUTHENTICATION_REQUIRED: true\n'));
    changed += 1;
  }
  // A few profiles exist on one side only (added / removed in the diff).
  const drop = (files) => files.filter((file) => {
    if (file.includes(`${path.sep}_bases${path.sep}`) || rand() >= 0.005) return true;
    unlinkSync(file);
    return false;
  });
  return { filesA: drop(filesA), filesB: drop(filesB), changed };
}

