/**
 * The vendor-derived JSON Schemas every request body is checked against before it is sent
 * (schemas/consoles/, derived by scripts/derive-console-schemas.mjs). The test emulator checks what
 * it receives against the same files.
 */
import { schemaValidator, type SchemaError } from '../verify/json-schema.js';
import { ConsoleError } from './errors.js';

const dir = new URL('../../schemas/consoles/', import.meta.url);

/** The request body schemas, by what they describe. */
export const CONSOLE_SCHEMAS = {
  intuneIos: new URL('intune-ios-app-configuration.schema.json', dir),
  intuneAndroidBeta: new URL('intune-android-managed-store-app-configuration.beta.schema.json', dir),
  intuneAssign: new URL('intune-assign.schema.json', dir),
  jamfRecord: new URL('jamf-mobile-device-application.schema.json', dir),
  jamfUpdate: new URL('jamf-mobile-device-application-update.schema.json', dir),
} as const;

/** Which schema. */
export type ConsoleSchema = keyof typeof CONSOLE_SCHEMAS;

/** The schema violations of a body (empty when it passes). */
export function requestBodyErrors(schema: ConsoleSchema, body: unknown): SchemaError[] {
  return schemaValidator(CONSOLE_SCHEMAS[schema])(body);
}

/** Throws ConsoleError (exit 1) when the body fails its schema; the message names pointers, never values. */
export function checkRequestBody(schema: ConsoleSchema, body: unknown, what: string): void {
  const errors = requestBodyErrors(schema, body);
  if (errors.length === 0) return;
  const list = errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ');
  throw new ConsoleError('request-invalid', `Not sent: the ${what} does not match the vendor's schema (${CONSOLE_SCHEMAS[schema].pathname.split('/').pop()}): ${list}.`, 1);
}
