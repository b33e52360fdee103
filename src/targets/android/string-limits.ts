/**
 * Android's limit on strings in a managed configuration. Reference android-managed-config.md §3:
 * AMAPI says "string values cannot be longer than 65535 characters"; the platform's
 * PolicySizeVerifier checks every key and string against MAX_POLICY_STRING_LENGTH = 65535 because
 * the binary XML serializer cannot write longer ones (Java chars in one version, modified-UTF-8
 * bytes in a newer one).
 */

/** Longest key or string value Android keeps, in Java chars (UTF-16 code units). */
export const MAX_ANDROID_STRING = 65535;

/** Length of a string in modified UTF-8 (Java's DataOutput.writeUTF: U+0000 takes 2 bytes, astral 6). */
export function modifiedUtf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    n += c >= 0x0001 && c <= 0x007f ? 1 : c <= 0x07ff ? 2 : 3;
  }
  return n;
}

/**
 * Whether a string is too long for Android: 'error' past 65535 Java chars (rejected everywhere),
 * 'warning' past 65535 modified-UTF-8 bytes only (rejected by newer Android releases).
 */
export function stringLimit(s: string): 'error' | 'warning' | undefined {
  if (s.length > MAX_ANDROID_STRING) return 'error';
  if (s.length * 3 > MAX_ANDROID_STRING && modifiedUtf8Length(s) > MAX_ANDROID_STRING) return 'warning';
  return undefined;
}

/** The admin-facing explanation for a stringLimit() result. */
export function stringLimitMessage(what: string, s: string, level: 'error' | 'warning'): string {
  return level === 'error'
    ? `${what} is ${s.length} characters long; Android keeps at most ${MAX_ANDROID_STRING} (AMAPI managed configuration limit).`
    : `${what} takes ${modifiedUtf8Length(s)} bytes in modified UTF-8; newer Android releases keep at most ${MAX_ANDROID_STRING}.`;
}
