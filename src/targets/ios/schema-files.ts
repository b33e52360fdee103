/**
 * The schema files the iOS targets are checked against (schemas/ios/, provenance in its
 * README.md), read once per process.
 */
import { readFileSync } from 'node:fs';
import type { SchemaFile } from '../../verify/libxml2.js';

/** AppConfig specfile schema, 2018 generation (allows `-` and `+` in bundleId). */
export const APPCONFIG_2018_XSD = new URL('../../../schemas/ios/appconfig-2018.xsd', import.meta.url);
/** AppConfig specfile schema, 2016 generation (no `-` in bundleId). */
export const APPCONFIG_2016_XSD = new URL('../../../schemas/ios/appconfig-2016.xsd', import.meta.url);
/** Apple's PropertyList-1.0.dtd (provenance in schemas/ios/README.md). */
export const PLIST_DTD = new URL('../../../schemas/ios/PropertyList-1.0.dtd', import.meta.url);
/** JSON Schema of the `com.apple.configuration.app.managed` declaration we write. */
export const DDM_APP_MANAGED_SCHEMA = new URL('../../../schemas/ios/ddm-app-managed.schema.json', import.meta.url);
/** JSON Schema of the `com.apple.asset.data` declaration we write. */
export const DDM_ASSET_DATA_SCHEMA = new URL('../../../schemas/ios/ddm-asset-data.schema.json', import.meta.url);

const cache = new Map<string, SchemaFile>();

/** The schema at `url` as a grammar file, named after its file. */
export function schemaFile(url: URL): SchemaFile {
  let f = cache.get(url.href);
  if (!f) {
    f = { fileName: url.pathname.slice(url.pathname.lastIndexOf('/') + 1), contents: readFileSync(url, 'utf8') };
    cache.set(url.href, f);
  }
  return f;
}
