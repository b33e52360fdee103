/**
 * Per-user and per-device variables in profile values, and each EMM console's token for them.
 * Source: ../shared/reference/ios-appconfig.md §2.4 (Intune memdocs token list, AirWatch lookup
 * values, Jamf developer guide, Ivanti Core/Neurons variable pages, IBM MaaS360 attributes).
 */

/** Consoles `--emm` accepts. */
export const EMM_CONSOLES = ['intune', 'workspace-one', 'jamf', 'ivanti-core', 'ivanti-neurons', 'maas360'] as const;
export type EmmConsole = (typeof EMM_CONSOLES)[number];

/** Canonical variables a profile may use inside string values, as `${user.email}`. */
export const VARIABLES = [
  'user.email',
  'user.upn',
  'user.username',
  'user.displayName',
  'device.serialNumber',
  'device.udid',
] as const;
export type VariableName = (typeof VARIABLES)[number];

/**
 * Console token per variable; null where the console documents none (an error at export).
 * Intune's {{username}} is the display name, so user.username maps to {{partialupn}}.
 */
export const CONSOLE_TOKENS: Record<EmmConsole, Record<VariableName, string | null>> = {
  intune: {
    'user.email': '{{mail}}',
    'user.upn': '{{userprincipalname}}',
    'user.username': '{{partialupn}}',
    'user.displayName': '{{username}}',
    'device.serialNumber': '{{serialnumber}}',
    'device.udid': null,
  },
  'workspace-one': {
    'user.email': '{EmailAddress}',
    'user.upn': '{UserPrincipalName}',
    'user.username': '{EnrollmentUser}',
    'user.displayName': null,
    'device.serialNumber': '{DeviceSerialNumber}',
    'device.udid': '{DeviceUid}',
  },
  jamf: {
    'user.email': '$EMAIL',
    'user.upn': null,
    'user.username': '$USERNAME',
    'user.displayName': '$FULLNAME',
    'device.serialNumber': '$SERIALNUMBER',
    'device.udid': '$UDID',
  },
  'ivanti-core': {
    'user.email': '$EMAIL$',
    'user.upn': null,
    'user.username': '$USERID$',
    'user.displayName': null,
    'device.serialNumber': null,
    'device.udid': null,
  },
  'ivanti-neurons': {
    'user.email': '${userEmailAddress}',
    'user.upn': '${userUPN}',
    'user.username': '${userUID}',
    'user.displayName': '${userDisplayName}',
    'device.serialNumber': null,
    'device.udid': null,
  },
  maas360: {
    'user.email': '%email%',
    'user.upn': '%upn%',
    'user.username': '%username%',
    'user.displayName': null,
    'device.serialNumber': null,
    'device.udid': null,
  },
};

/**
 * The AppConfig specfile's own `<userVariable>`/`<deviceVariable>` value per variable
 * (enumerations in appconfigschema.xsd; `username` is lower-case there).
 */
export const SPECFILE_VARIABLES: Record<VariableName, { element: 'userVariable' | 'deviceVariable'; value: string }> = {
  'user.email': { element: 'userVariable', value: 'emailAddress' },
  'user.upn': { element: 'userVariable', value: 'upn' },
  'user.username': { element: 'userVariable', value: 'username' },
  'user.displayName': { element: 'userVariable', value: 'displayName' },
  'device.serialNumber': { element: 'deviceVariable', value: 'serialNumber' },
  'device.udid': { element: 'deviceVariable', value: 'udid' },
};

/** Matches one `${user.x}` / `${device.x}` reference (not `${env:...}`, resolved at load time). */
export const VARIABLE_PATTERN = /\$\{((?:user|device)\.[A-Za-z]+)\}/g;

/** True when the string holds at least one per-user/per-device variable reference. */
export function hasVariables(value: string): boolean {
  VARIABLE_PATTERN.lastIndex = 0;
  return VARIABLE_PATTERN.test(value);
}

/** Variable names referenced in a string, in order of appearance. */
export function variablesIn(value: string): string[] {
  return [...value.matchAll(VARIABLE_PATTERN)].map((m) => m[1]!);
}

/** True for a name in VARIABLES. */
export function isVariableName(name: string): name is VariableName {
  return (VARIABLES as readonly string[]).includes(name);
}

/**
 * Replaces every variable in `value` with the console's token. Returns the variables the console
 * has no token for (the caller reports them); those are left as written.
 */
export function translateVariables(value: string, emm: EmmConsole): { value: string; missing: string[] } {
  const missing: string[] = [];
  const out = value.replace(VARIABLE_PATTERN, (whole, name: string) => {
    const token = isVariableName(name) ? CONSOLE_TOKENS[emm][name] : null;
    if (token === null) {
      missing.push(name);
      return whole;
    }
    return token;
  });
  return { value: out, missing };
}

/** Consoles with a token for every variable in `names`, in EMM_CONSOLES order. */
export function consolesWithTokens(names: readonly string[]): EmmConsole[] {
  return EMM_CONSOLES.filter((emm) => names.every((n) => isVariableName(n) && CONSOLE_TOKENS[emm][n] !== null));
}

/** The message of `variable-unsupported`: `key` uses variables `missing` that `emm` has no token for. */
export function variableUnsupportedMessage(key: string, missing: readonly string[], emm: EmmConsole): string {
  return `${key} uses \${${missing.join('}, ${')}}, which ${emm} has no token for; use another variable or a literal value for this console.`;
}

/** The message of `variable-needs-emm`: a file of `target` cannot be written without knowing the console. */
export function variableNeedsEmmMessage(key: string, target: string): string {
  return `${key} uses a per-user variable, and ${target} needs to know which console fills it in: pass --emm with one of ${EMM_CONSOLES.join(', ')}.`;
}

/** The message of `variable-in-installer`: no console fills in a variable on the msiexec line. */
export function variableInInstallerMessage(key: string): string {
  return `${key} uses a per-user variable, which the Windows installer command cannot carry: nothing fills it in. Use a literal value.`;
}

/** Every console's tokens with the variable and console each stands for, longest first. */
let tokenTable: { token: string; name: VariableName; emm: EmmConsole }[] | undefined;
function tokensLongestFirst(): { token: string; name: VariableName; emm: EmmConsole }[] {
  if (!tokenTable) {
    tokenTable = [];
    for (const emm of EMM_CONSOLES) {
      for (const name of VARIABLES) {
        const token = CONSOLE_TOKENS[emm][name];
        if (token) tokenTable.push({ token, name, emm });
      }
    }
    tokenTable.sort((a, b) => b.token.length - a.token.length);
  }
  return tokenTable;
}

/**
 * Splits a value into text and the console tokens it holds, read left to right, the longest token
 * first (`$EMAIL$` wins over `$EMAIL`). A `{{...}}` is one Intune token whatever it holds (Intune:
 * "the {{ and }} characters are used by token types only"): one no table knows stays text, and
 * Workspace ONE's `{UserPrincipalName}` is never read out of `{{UserPrincipalName}}`.
 */
function splitTokens(value: string): ({ text: string } | { token: string; name: VariableName; emm: EmmConsole })[] {
  const table = tokensLongestFirst();
  const out: ({ text: string } | { token: string; name: VariableName; emm: EmmConsole })[] = [];
  let text = '';
  let i = 0;
  outer: while (i < value.length) {
    for (const t of table) {
      if (value.startsWith(t.token, i)) {
        if (text !== '') out.push({ text });
        text = '';
        out.push(t);
        i += t.token.length;
        continue outer;
      }
    }
    const close = value.startsWith('{{', i) ? value.indexOf('}}', i + 2) : -1;
    const end = close >= 0 ? close + 2 : i + 1;
    text += value.slice(i, end);
    i = end;
  }
  if (text !== '') out.push({ text });
  return out;
}

/** Turns console tokens back into canonical variables (for `import`), as splitTokens reads them. */
export function canonicalizeTokens(value: string): string {
  return splitTokens(value)
    .map((part) => ('text' in part ? part.text : `\${${part.name}}`))
    .join('');
}

/**
 * Console-token-shaped text left in a value after canonicalizeTokens: Intune's `{{name}}` and
 * Workspace ONE's `{Name}` forms that no console table here maps (a typo, or a lookup value this
 * tool does not translate). Import keeps them as literal text, so they are named. Only the two
 * brace forms are looked for: `$NAME` and `%name%` also occur in real values (passwords,
 * percent-encoding).
 */
export function unknownTokensIn(value: string): string[] {
  const found: string[] = [];
  for (const m of value.matchAll(/\{\{\s*[A-Za-z][A-Za-z0-9_.]*\s*\}\}|(?<![{$])\{[A-Za-z][A-Za-z0-9_]*\}(?!\})/g)) found.push(m[0]);
  return found;
}

/** The console token `token` is spelled like apart from case and inner spaces (`{{UserPrincipalName}}`), if any. */
export function tokenSpelledLike(token: string): string | undefined {
  const bare = (t: string) => t.replace(/\s+/g, '').toLowerCase();
  return tokensLongestFirst().find((t) => bare(t.token) === bare(token))?.token;
}

/**
 * The consoles whose variable tokens `value` holds (for telling which console a file was written
 * for). Read like `canonicalizeTokens`, longest token first, so `$EMAIL$` counts for Ivanti Core
 * and not for Jamf's `$EMAIL`.
 */
export function consolesWithTokensIn(value: string): EmmConsole[] {
  const found = new Set<EmmConsole>();
  for (const part of splitTokens(value)) if (!('text' in part)) found.add(part.emm);
  return [...found];
}
