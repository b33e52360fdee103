import type { Severity } from '../diagnostics/diagnostic.js';

/** One diagnostic code `validate` can report: stable, so scripts may match on it. */
export interface DiagnosticCode {
  code: string;
  severity: Severity;
  /** The stage that reports it. */
  stage: 'files' | 'load' | 'resolve' | 'check' | 'validate';
  /** What it means, for the README and for people reading `--json` output. */
  summary: string;
}

/** Every code load → resolve → check can report, in pipeline order. A test keeps it complete. */
export const DIAGNOSTIC_CODES: readonly DiagnosticCode[] = [
  { code: 'path-not-found', severity: 'error', stage: 'files', summary: 'A path given on the command line does not exist.' },
  { code: 'no-profiles', severity: 'error', stage: 'files', summary: 'A folder holds no .yaml, .yml or .json file.' },
  { code: 'read-error', severity: 'error', stage: 'load', summary: 'The file cannot be read (permissions, or not a regular file: a folder, a pipe, a device); judged before opening it.' },
  { code: 'too-large', severity: 'error', stage: 'load', summary: 'The file is over the size limit (5 MiB); judged before reading it.' },
  { code: 'not-text', severity: 'error', stage: 'load', summary: 'NUL bytes, invalid UTF-8 or UTF-16: a binary file, not a profile.' },
  { code: 'parse-error', severity: 'error', stage: 'load', summary: 'YAML or JSON syntax error, at the parser\'s position; also an alias to nothing or to itself.' },
  { code: 'too-deep', severity: 'error', stage: 'load', summary: 'Nesting deeper than 64 levels (checked without recursion).' },
  { code: 'too-many-aliases', severity: 'error', stage: 'load', summary: 'YAML aliases expand to more than 10,000 values ("billion laughs").' },
  { code: 'duplicate-key', severity: 'error', stage: 'load', summary: 'The same key twice in one mapping, reported at the second.' },
  { code: 'multiple-documents', severity: 'error', stage: 'load', summary: 'More than one YAML document (`---`) in the file.' },
  { code: 'empty-file', severity: 'error', stage: 'load', summary: 'The file has no content.' },
  { code: 'invalid-key', severity: 'error', stage: 'load', summary: 'A key that is a list, a mapping, empty, or carries a YAML tag.' },
  { code: 'invalid-type', severity: 'error', stage: 'resolve', summary: 'A value of the wrong shape (a list where text belongs, settings that is not a mapping ...); a YAML tag (!!binary, !custom ...: never interpreted); `extends` naming a file that holds no profile.' },
  { code: 'extends-not-found', severity: 'error', stage: 'resolve', summary: '`extends` names a file that does not exist (or a folder); the message names the chain.' },
  { code: 'extends-cycle', severity: 'error', stage: 'resolve', summary: '`extends` loops back: a.yaml → b.yaml → a.yaml.' },
  { code: 'extends-too-deep', severity: 'error', stage: 'resolve', summary: 'An `extends` chain longer than 32 files.' },
  { code: 'unknown-key', severity: 'error', stage: 'resolve', summary: 'A key the catalog does not know, with a did-you-mean (typos, case, spellings from Cisco\'s own documents).' },
  { code: 'wrong-section', severity: 'error', stage: 'resolve', summary: 'A key in the wrong section (an installer switch under settings, ...); says where it belongs.' },
  { code: 'invalid-boolean', severity: 'error', stage: 'resolve', summary: 'Not true/false (Cisco\'s ON/OFF and True/False tokens are accepted).' },
  { code: 'invalid-enum', severity: 'error', stage: 'resolve', summary: 'Not one of the allowed tokens (exact case); did-you-mean and the allowed values.' },
  { code: 'invalid-integer', severity: 'error', stage: 'resolve', summary: 'Not a whole number.' },
  { code: 'out-of-range', severity: 'error', stage: 'resolve', summary: 'A whole number outside the parameter\'s bounds.' },
  { code: 'empty-value', severity: 'error', stage: 'resolve', summary: 'A key with no value, an empty string or an empty list.' },
  { code: 'duplicate-value', severity: 'warning', stage: 'resolve', summary: 'A list names the same token twice.' },
  { code: 'env-missing', severity: 'error', stage: 'resolve', summary: '`${env:NAME}` names an environment variable that is not set (the name is given, never a value).' },
  { code: 'invalid-variable', severity: 'error', stage: 'resolve', summary: '`${env:...}` with a name that is not letters, digits and _.' },
  { code: 'unknown-variable', severity: 'error', stage: 'resolve', summary: 'A `${...}` that is neither `${env:NAME}` nor a known per-user variable; lists the known ones.' },
  { code: 'missing-name', severity: 'error', stage: 'check', summary: 'The profile has no `name` (names are not inherited through `extends`).' },
  { code: 'invalid-name', severity: 'error', stage: 'check', summary: 'The name is empty, not ^[a-z0-9._-]+$, . or .., a Windows device name (CON, NUL, COM1 ...), ends in a dot (Windows drops it) or is over 100 characters.' },
  { code: 'invalid-app-id', severity: 'error', stage: 'check', summary: '`apps.ios` is not a bundle id or `apps.android` not a package name.' },
  { code: 'missing-services-domain', severity: 'error', stage: 'check', summary: 'settings has no ServicesDomain (Cisco: required; AutoLogin needs it too).' },
  { code: 'invalid-domain', severity: 'error', stage: 'check', summary: 'A domain value that is not a DNS name (a URL, an e-mail address, a piece of a configuration URL ...).' },
  { code: 'invalid-host', severity: 'error', stage: 'check', summary: 'A server value that is not a host name, FQDN or IP address.' },
  { code: 'invalid-url', severity: 'error', stage: 'check', summary: 'A URL value that is not an absolute http(s) URL (javascript:, file:, relative).' },
  { code: 'invalid-path', severity: 'error', stage: 'check', summary: 'LOG_DIRECTORY is not an absolute Windows path.' },
  { code: 'invalid-text', severity: 'error', stage: 'check', summary: 'A one-line text value spans several lines.' },
  { code: 'forbidden-character', severity: 'error', stage: 'check', summary: 'A character XML 1.0 forbids (NUL, control characters, lone surrogates).' },
  { code: 'installer-character', severity: 'error', stage: 'check', summary: 'A windows switch value with a double quote or a control character, which the installer command line cannot carry.' },
  { code: 'value-too-long', severity: 'error', stage: 'check', summary: 'A string over 65,535 characters (Android managed configurations).' },
  { code: 'all-services-excluded', severity: 'warning', stage: 'check', summary: 'WEBEX, CUCM and CUP all excluded: no service discovery, users type settings by hand.' },
  { code: 'prt-certificate-missing', severity: 'error', stage: 'check', summary: 'PRT encryption on without PRTCertificateName / PRTCertificateUrl (PRT_CERTIFICATE_NAME on Windows).' },
  { code: 'autologin-incomplete', severity: 'error', stage: 'check', summary: 'AutoLoginUserName without AutoLoginUserPassword, or the reverse.' },
  { code: 'ip-mode-mobile', severity: 'error', stage: 'check', summary: 'settings IP_Mode other than Two Stacks: Cisco requires Two Stacks on every mobile client.' },
  { code: 'phone-mode-authenticator', severity: 'error', stage: 'check', summary: 'PRODUCT_MODE phone mode with an AUTHENTICATOR other than CUCM.' },
  { code: 'needs-tftp', severity: 'error', stage: 'check', summary: 'Phone mode or AUTHENTICATOR CUCM without TFTP.' },
  { code: 'needs-cti', severity: 'warning', stage: 'check', summary: 'Phone mode without CTI (no desk phone control).' },
  { code: 'needs-cup-address', severity: 'error', stage: 'check', summary: 'AUTHENTICATOR CUP without CUP_ADDRESS.' },
  { code: 'sso-email-prompt-incomplete', severity: 'warning', stage: 'check', summary: 'SSO_EMAIL_PROMPT ON without the switches Cisco\'s example sets with it.' },
  { code: 'ignored-in-fips-mode', severity: 'warning', stage: 'check', summary: 'INVALID_CERTIFICATE_BEHAVIOR with FIPS_MODE true: the client ignores it.' },
  { code: 'windows-overrides-setting', severity: 'warning', stage: 'check', summary: 'A windows switch set to another value than the shared setting that maps to it: the installer gets the windows value.' },
  { code: 'variable-in-installer', severity: 'error', stage: 'check', summary: 'A per-user variable (`${user.email}` ...) in a windows switch: nothing fills it in on the installer command line.' },
  { code: 'variables-need-emm', severity: 'warning', stage: 'check', summary: 'Settings use per-user variables and validate was given no --emm: export will need --emm <console>; names the consoles with a token for every variable used.' },
  { code: 'variable-unsupported', severity: 'error', stage: 'check', summary: 'With --emm: a per-user variable the console has no token for (export reports the same).' },
  { code: 'literal-secret', severity: 'warning', stage: 'check', summary: 'A secret (AutoLoginUserPassword) written in clear text; use ${env:NAME}.' },
  { code: 'duplicate-name', severity: 'error', stage: 'validate', summary: 'Two profiles of one run share a name (they would write the same output folder).' },
];
