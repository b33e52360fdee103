import { describe, expect, it } from 'vitest';
import { jsonPointer, pointerToken } from '../../src/diagnostics/diagnostic.js';

describe('JSON pointers (RFC 6901)', () => {
  it('escapes ~ as ~0 and / as ~1, in that order, and leaves other tokens as they are', () => {
    expect(pointerToken('ServicesDomain')).toBe('ServicesDomain');
    expect(pointerToken(3)).toBe('3');
    expect(pointerToken('a/b')).toBe('a~1b');
    expect(pointerToken('m~n')).toBe('m~0n');
    expect(pointerToken('~1')).toBe('~01'); // not read back as "/"
    expect(pointerToken('/~/')).toBe('~1~0~1');
    expect(pointerToken('')).toBe('');
  });

  it('joins tokens, each after a "/"', () => {
    expect(jsonPointer()).toBe('');
    expect(jsonPointer('settings', 'ServicesDomain')).toBe('/settings/ServicesDomain');
    expect(jsonPointer('settings', 'a/b', 0, '')).toBe('/settings/a~1b/0/');
  });
});
