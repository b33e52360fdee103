import type { ResolvedProfile, SettingValue } from '../../src/profile/types.js';

/**
 * Builds a ResolvedProfile directly from typed values, for renderer unit tests that should not
 * depend on the loader.
 */
export function makeProfile(init: {
  name?: string;
  settings?: Record<string, SettingValue>;
  windows?: Record<string, SettingValue>;
  apps?: Partial<ResolvedProfile['apps']>;
  description?: string;
  distribution?: ResolvedProfile['distribution'];
  abstract?: boolean;
}): ResolvedProfile {
  return {
    name: init.name ?? 'test-profile',
    ...(init.description !== undefined ? { description: init.description } : {}),
    ...(init.distribution !== undefined ? { distribution: init.distribution } : {}),
    ...(init.abstract !== undefined ? { abstract: init.abstract } : {}),
    source: 'test.yaml',
    apps: { ios: 'com.cisco.jabberIM', android: 'com.cisco.im', ...init.apps },
    settings: new Map(Object.entries(init.settings ?? {})),
    windows: new Map(Object.entries(init.windows ?? {})),
    positions: new Map(),
  };
}
