/**
 * The catalog seen from an Android managed configuration. The shared rules live in
 * src/catalog/emm-values.ts; this module fixes the platform to Android.
 */
import { emmReads, parameterByEmmName as byName } from '../../catalog/emm-values.js';
import type { Parameter } from '../../catalog/types.js';

export { catalogValueProblem, type EmmFileValue as AndroidValue } from '../../catalog/emm-values.js';

/** The settings parameter whose EMM key name is `name` (preferring one Android reads), if any. */
export function parameterByEmmName(name: string): Parameter | undefined {
  return byName(name, 'android');
}

/** True when Jabber for Android reads the parameter from its managed configuration. */
export function androidReads(p: Parameter): boolean {
  return emmReads(p, 'android');
}
