import { getParameter, loadCatalog } from '../catalog/index.js';
import { encodeText } from '../catalog/encode.js';
import type { Parameter } from '../catalog/types.js';
import { diagnostic, jsonPointer, type Diagnostic, type Severity, type SourcePosition } from '../diagnostics/diagnostic.js';
import { quoteCmdValue } from '../targets/windows/cmd-quoting.js';
import { hasVariables, variableInInstallerMessage } from '../variables/consoles.js';
import { nameProblem } from './profile-name.js';
import type { ResolvedProfile } from './types.js';
import { forbiddenCharacter, formatProblem, MAX_STRING_LENGTH } from './value-formats.js';

/** Profile names: they name the output folder (the rules are in profile-name.ts; re-exported for the library API). */
export { NAME_PATTERN } from './profile-name.js';

/** iOS bundle id: appconfigschema.xsd l.68 (AppConfig 2018 schema) `([a-zA-Z0-9]+[\.+\-])+([a-zA-Z0-9])+`. */
const IOS_BUNDLE_ID = /^([a-zA-Z0-9]+[.+-])+[a-zA-Z0-9]+$/;

/** Android application id: dot-separated segments, each starting with a letter (Android applicationId rules). */
const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/** All three services Jabber discovers; excluding all of them turns discovery off. */
const ALL_SERVICES = ['WEBEX', 'CUCM', 'CUP'];

/**
 * Cisco's documented rules across fields, the formats of values, and the profile's own rules
 * (name, app ids). Pure: reads the resolved profile only. Each rule has a stable code and cites
 * its source; reference tags [Sn] are the list in ../shared/reference/jabber-parameters.md §0.
 */
export function checkProfile(profile: ResolvedProfile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (severity: Severity, code: string, message: string, pointer: string, prefer: 'key' | 'value' = 'key'): void => {
    out.push(diagnostic(severity, code, message, locate(profile, pointer, prefer)));
  };
  const { settings: s, windows: w } = profile;
  const sp = (key: string): string => jsonPointer('settings', key);
  const wp = (key: string): string => jsonPointer('windows', key);
  const written = (pointer: string): boolean => profile.positions.has(pointer);

  checkName(profile, report);
  checkApps(profile, report);
  checkStrings(profile, report);

  // An abstract profile is a parent, not a deployment: rules that need a whole deployment are
  // checked on its children, which carry what it leaves out.
  const deployment = profile.abstract !== true;

  // [S1, S2] "Required. Every configuration URL must include the domain of the IM and presence
  // server"; [S12] AutoLogin needs it too. A Windows-only profile (no settings) does not need it.
  if (deployment && !s.has('ServicesDomain') && !written(sp('ServicesDomain')) && (s.size > 0 || w.size === 0)) {
    const autoLogin = s.has('AutoLoginUserName') || s.has('AutoLoginUserPassword');
    report(
      'error',
      'missing-services-domain',
      'settings needs ServicesDomain, the domain Jabber uses for service discovery (Cisco: "Required" in every configuration URL)' +
        (autoLogin ? '; AutoLoginUserName and AutoLoginUserPassword also need it (Jabber 12.8(3) release notes).' : '.'),
      sp('ServicesDomain'),
    );
  }

  // [S1, S2, S3] "If you exclude all three services, the client does not perform service
  // discovery and prompts the user to manually enter connection settings."
  for (const [section, key] of [['settings', 'ServiceDiscoveryExcludedServices'], ['windows', 'EXCLUDED_SERVICES']] as const) {
    const list = profile[section].get(key);
    if (Array.isArray(list) && ALL_SERVICES.every((x) => list.includes(x))) {
      report(
        'warning',
        'all-services-excluded',
        `${key} excludes WEBEX, CUCM and CUP: the client does no service discovery at all and asks every user to enter the connection settings by hand.`,
        jsonPointer(section, key),
        'value',
      );
    }
  }

  // [S1] EnablePRTEncryption / ENABLE_PRT_ENCRYPTION "must be used with" the certificate name;
  // [S11] on mobile, without PRTCertificateUrl "Cisco Jabber does not send a PRT".
  if (deployment && s.get('EnablePRTEncryption') === true && !s.has('PRTCertificateName') && !s.has('PRTCertificateUrl')) {
    report(
      'error',
      'prt-certificate-missing',
      'EnablePRTEncryption is true but no certificate is set: add PRTCertificateName (Jabber for Mac) and/or PRTCertificateUrl (mobile clients), or problem reports cannot be encrypted and are not sent.',
      sp('EnablePRTEncryption'),
    );
  }
  if (deployment && w.get('ENABLE_PRT_ENCRYPTION') === true && !w.has('PRT_CERTIFICATE_NAME')) {
    report('error', 'prt-certificate-missing', 'ENABLE_PRT_ENCRYPTION is true but PRT_CERTIFICATE_NAME is not set; Cisco: it "must be used with" PRT_CERTIFICATE_NAME.', wp('ENABLE_PRT_ENCRYPTION'));
  }

  // [S12] 12.8(3) auto sign-in: "your EMM configuration must include the ServicesDomain
  // parameter and two new parameters: AutoLoginUserName and AutoLoginUserPassword".
  for (const [have, missing] of [['AutoLoginUserName', 'AutoLoginUserPassword'], ['AutoLoginUserPassword', 'AutoLoginUserName']]) {
    if (deployment && s.has(have!) && !s.has(missing!) && !written(sp(missing!))) {
      report('error', 'autologin-incomplete', `${have} is set without ${missing}: automatic sign-in needs both (Jabber 12.8(3) release notes).`, sp(have!));
    }
  }

  // [S1, S8] "IPv6-only support is available only for desktop devices on-premise deployment.
  // All Jabber mobile devices must be configured as Two Stacks." settings reach mobile clients.
  const ipMode = s.get('IP_Mode');
  if (ipMode !== undefined && ipMode !== 'Two Stacks') {
    report(
      'error',
      'ip-mode-mobile',
      `IP_Mode ${String(ipMode)} cannot go to mobile clients: Cisco requires all Jabber mobile devices to use Two Stacks (IPv6-only is for desktop clients on premises). Set Two Stacks here; for Jabber for Windows use IP_Mode under windows.`,
      sp('IP_Mode'),
      'value',
    );
  }

  checkInstaller(profile, report, deployment);
  checkWindowsOverrides(profile, report);

  // Secrets belong in the environment, not in a file that is copied, committed and mailed.
  for (const section of ['settings', 'windows'] as const) {
    for (const key of profile[section].keys()) {
      const p = getParameter(section, key);
      const pointer = jsonPointer(section, key);
      if (p?.secret && !profile.envSourced?.has(pointer)) {
        report(
          'warning',
          'literal-secret',
          `${key} is written in the profile in clear text; anyone who can read the file can read it. Write \${env:${envNameFor(key)}} instead and set that environment variable when you run jabber-emm.`,
          pointer,
          'value',
        );
      }
    }
  }
  return out;
}

type Report = (severity: Severity, code: string, message: string, pointer: string, prefer?: 'key' | 'value') => void;

function checkName(profile: ResolvedProfile, report: Report): void {
  const name = profile.name;
  // A name that is not text was reported by the resolver (invalid-type); one never written is missing.
  if (name === '' && (!profile.positions.has('/name') || profile.nameNotText)) {
    if (!profile.positions.has('/name')) {
      report('error', 'missing-name', "The profile needs a name (lowercase letters, digits, '.', '_', '-'); it names the output folder.", '/name');
    }
    return;
  }
  // Everything the export writer would refuse (or a file system would fail on) is caught here,
  // so the writer's own unsafe-name check is only a second line of defence.
  const why = nameProblem(name);
  if (why) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').replace(/\.+$/, '');
    const hint = suggestion !== '' && suggestion !== name && nameProblem(suggestion) === undefined ? ` (for example ${suggestion})` : '';
    // A hostile name may be very long; show its start only.
    const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name);
    report('error', 'invalid-name', `The name ${shown} cannot name an output folder: ${why}${hint}.`, '/name', 'value');
  }
}

function checkApps(profile: ResolvedProfile, report: Report): void {
  const { ios, android } = profile.apps;
  if (!IOS_BUNDLE_ID.test(ios)) {
    report('error', 'invalid-app-id', `apps.ios ${JSON.stringify(ios)} is not an iOS bundle id (letters and digits in dot-separated parts, such as com.cisco.jabberIM).`, '/apps/ios', 'value');
  }
  if (!ANDROID_PACKAGE.test(android)) {
    report('error', 'invalid-app-id', `apps.android ${JSON.stringify(android)} is not an Android package name (dot-separated parts starting with a letter, such as com.cisco.im).`, '/apps/android', 'value');
  }
}

/** Formats of catalog strings, plus what every channel can carry (XML 1.0 characters, Android's length limit). */
function checkStrings(profile: ResolvedProfile, report: Report): void {
  const strings: [string, string, Parameter | undefined][] = [];
  if (profile.description !== undefined) strings.push(['/description', profile.description, undefined]);
  for (const key of ['title', 'message'] as const) {
    const text = profile.distribution?.[key];
    if (text !== undefined) strings.push([`/distribution/${key}`, text, undefined]);
  }
  for (const section of ['settings', 'windows'] as const) {
    for (const [key, value] of profile[section]) {
      const pointer = jsonPointer(section, key);
      // A reference to a variable that is not set (diff only) is no value to check.
      if (typeof value === 'string' && !profile.unresolvedEnv?.has(pointer)) strings.push([pointer, value, getParameter(section, key)]);
    }
  }
  for (const [pointer, value, p] of strings) {
    const label = p?.key ?? pointer.slice(1);
    // Never echo a secret, nor a value that came from the environment.
    const hidden = p?.secret === true || profile.envSourced?.has(pointer) === true;
    const bad = forbiddenCharacter(value);
    if (bad) {
      const detail = hidden ? '' : ` (${bad.codePoint} at character ${bad.index + 1})`;
      report('error', 'forbidden-character', `${label} contains a character XML 1.0 does not allow${detail}; EMM files cannot carry it. Remove it.`, pointer, 'value');
    }
    if (value.length > MAX_STRING_LENGTH) {
      report('error', 'value-too-long', `${label} is ${value.length} characters long; Android managed configurations carry at most ${MAX_STRING_LENGTH}.`, pointer, 'value');
    }
    const problem = p?.format && !bad ? formatProblem(p.format, value) : undefined;
    if (p?.format && problem) {
      const shown = hidden ? 'the value' : JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
      report('error', FORMAT_CODES[p.format], `${label} must be ${FORMAT_WORDS[p.format]}; ${shown} is not: ${problem}.`, pointer, 'value');
    }
    // The .cmd line cannot carry a double quote or a control character (src/targets/windows/
    // cmd-quoting.ts): say so here, so a profile that validates also exports.
    const toInstaller = pointer.startsWith('/windows/') || (p?.section === 'settings' && p.windowsSwitch !== undefined);
    // Nothing fills a per-user variable in on the msiexec line (the windows section goes nowhere else).
    if (pointer.startsWith('/windows/') && hasVariables(value)) {
      report('error', 'variable-in-installer', variableInInstallerMessage(label), pointer, 'value');
    }
    const installer = toInstaller && !bad && !problem ? quoteCmdValue(value) : undefined;
    if (installer && !installer.ok) {
      report('error', 'installer-character', `${label} cannot go into the Windows installer command: ${installer.reason}. Remove it.`, pointer, 'value');
    }
  }
}

const FORMAT_CODES = { domain: 'invalid-domain', host: 'invalid-host', url: 'invalid-url', path: 'invalid-path', text: 'invalid-text' } as const;
const FORMAT_WORDS = {
  domain: 'a DNS domain name (such as acme.com)',
  host: 'a host name, FQDN or IP address',
  url: 'an absolute http(s) URL',
  path: 'an absolute Windows path',
  text: 'one line of text',
} as const;

/**
 * Jabber for Windows installer switches that only make sense together (reference §6); `deployment`
 * false (an abstract parent) skips the rules about what is missing.
 */
function checkInstaller(profile: ResolvedProfile, report: Report, deployment: boolean): void {
  const w = profile.windows;
  const wp = (key: string): string => jsonPointer('windows', key);
  const mode = w.get('PRODUCT_MODE');
  const auth = w.get('AUTHENTICATOR');
  // [S1] PRODUCT_MODE "Phone_Mode — Cisco Unified Communications Manager is the authenticator";
  // [S2, S3, S7] write it Phone_Mode or phone_mode.
  const phoneMode = typeof mode === 'string' && mode.toLowerCase() === 'phone_mode';
  if (phoneMode && auth !== undefined && auth !== 'CUCM') {
    report('error', 'phone-mode-authenticator', `PRODUCT_MODE ${String(mode)} makes Cisco Unified CM the authenticator, so AUTHENTICATOR must be CUCM (or be left out), not ${String(auth)}.`, wp('AUTHENTICATOR'), 'value');
  }
  // [S1] TFTP: "specify if CUCM is the authenticator"; phone mode reads the client configuration
  // from TFTP. [S2, S3, S7] phone-mode recipes: AUTHENTICATOR=CUCM TFTP=... (CTI=... CCMCIP=...).
  if (deployment && (phoneMode || auth === 'CUCM') && !w.has('TFTP') && !profile.positions.has(wp('TFTP'))) {
    const why = phoneMode ? `PRODUCT_MODE ${String(mode)} (phone mode)` : 'AUTHENTICATOR CUCM';
    report('error', 'needs-tftp', `${why} needs TFTP, the TFTP server address the client reads its configuration from (Cisco's bootstrap recipe: AUTHENTICATOR=CUCM TFTP=<address>).`, phoneMode ? wp('PRODUCT_MODE') : wp('AUTHENTICATOR'));
  }
  // [S2, S3] phone-mode recipe sets CTI; [S1] CTI is the server for desk phone control. Only a
  // warning: softphone-only deployments work without it. (CCMCIP is needed only when it differs
  // from the TFTP address [S1], so its absence says nothing.)
  if (deployment && phoneMode && !w.has('CTI') && !profile.positions.has(wp('CTI'))) {
    report('warning', 'needs-cti', `PRODUCT_MODE ${String(mode)} without CTI: Cisco's phone-mode recipe sets CTI (the CTI server); without it users cannot control desk phones.`, wp('PRODUCT_MODE'));
  }
  // [S2, S3] "Full UC / IM only: AUTHENTICATOR=CUP CUP_ADDRESS=<presence_server_address>".
  // (In phone mode the fix is AUTHENTICATOR=CUCM, reported above, not a CUP_ADDRESS.)
  if (deployment && auth === 'CUP' && !phoneMode && !w.has('CUP_ADDRESS') && !profile.positions.has(wp('CUP_ADDRESS'))) {
    report('error', 'needs-cup-address', 'AUTHENTICATOR CUP needs CUP_ADDRESS, the IM and Presence server address (Cisco\'s recipe: AUTHENTICATOR=CUP CUP_ADDRESS=<address>).', wp('AUTHENTICATOR'), 'value');
  }
  // [S1] SSO_EMAIL_PROMPT: the installer needs "SSO_EMAIL_PROMPT=ON UPN_DISCOVERY_ENABLED=False
  // VOICE_SERVICES_DOMAIN=<domain_name> SERVICES_DOMAIN=<domain_name>".
  if (deployment && w.get('SSO_EMAIL_PROMPT') === true) {
    const missing: string[] = [];
    if (w.get('UPN_DISCOVERY_ENABLED') !== false) missing.push('UPN_DISCOVERY_ENABLED: false');
    if (!w.has('SERVICES_DOMAIN')) missing.push('SERVICES_DOMAIN');
    if (!w.has('VOICE_SERVICES_DOMAIN')) missing.push('VOICE_SERVICES_DOMAIN');
    if (missing.length > 0) {
      report('warning', 'sso-email-prompt-incomplete', `SSO_EMAIL_PROMPT ON works only together with ${missing.join(', ')} (Cisco's installer example).`, wp('SSO_EMAIL_PROMPT'));
    }
  }
  // [S1] INVALID_CERTIFICATE_BEHAVIOR: "For invalid certificates in FIPS mode, this argument is ignored".
  if (w.get('FIPS_MODE') === true && w.has('INVALID_CERTIFICATE_BEHAVIOR')) {
    report('warning', 'ignored-in-fips-mode', 'INVALID_CERTIFICATE_BEHAVIOR has no effect: Cisco says the client ignores it in FIPS mode (FIPS_MODE is true).', wp('INVALID_CERTIFICATE_BEHAVIOR'));
  }
}

/**
 * A shared setting that reaches Windows through an installer switch the windows section also
 * sets, to another value: the installer gets the windows value. Reported here, once, so validate
 * and export say the same.
 */
function checkWindowsOverrides(profile: ResolvedProfile, report: Report): void {
  const { bySection } = loadCatalog();
  for (const [key, value] of profile.settings) {
    const setting = bySection.settings.get(key);
    const param = setting?.windowsSwitch ? bySection.windows.get(setting.windowsSwitch) : undefined;
    const own = param ? profile.windows.get(param.key) : undefined;
    if (!param || own === undefined || profile.unresolvedEnv?.has(jsonPointer('settings', key)) || profile.unresolvedEnv?.has(jsonPointer('windows', param.key))) continue;
    if (encodeText(param, own) === encodeText(param, value)) continue;
    report(
      'warning',
      'windows-overrides-setting',
      `windows.${param.key} and settings.${key} differ; the installer gets the windows value, the mobile and Mac clients the settings value.`,
      jsonPointer('windows', param.key),
    );
  }
}

/** A suggested environment variable name: AutoLoginUserPassword → JABBER_AUTO_LOGIN_USER_PASSWORD. */
export function envNameFor(key: string): string {
  return 'JABBER_' + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/**
 * Where to report a problem about `pointer`: its value or key position, else the nearest
 * ancestor's (a missing key is reported at its section). Line and column 0 for hand-built profiles.
 */
export function locate(profile: ResolvedProfile, pointer: string, prefer: 'key' | 'value' = 'key'): SourcePosition & { pointer: string } {
  for (let p: string | undefined = pointer; p !== undefined; p = p === '' ? undefined : p.slice(0, p.lastIndexOf('/'))) {
    const pos = prefer === 'value' ? (profile.valuePositions?.get(p) ?? profile.positions.get(p)) : (profile.positions.get(p) ?? profile.valuePositions?.get(p));
    if (pos) return { ...pos, pointer };
  }
  return { file: profile.source, line: 0, column: 0, pointer };
}
