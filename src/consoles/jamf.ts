/**
 * Jamf Pro Classic API calls for a mobile device app's App Configuration (reference
 * emm-console-apis.md §2): the record is found by bundle id, and only
 * `<mobile_device_application><app_configuration><preferences>` is sent back in an XML PUT, the dict
 * text escaped exactly once by the project's XML writer (never by string glue). The PUT body is read
 * back and checked against the OpenAPI-derived schema before it is sent.
 */
import { fastXmlParser } from '../targets/fast-xml-parser.js';
import { serializeXml } from '../targets/ios/xml-writer.js';
import { ConsoleError } from './errors.js';
import type { ConsoleHttp } from './http.js';
import { checkRequestBody } from './request-schemas.js';

/** A mobile device app record, reduced to what publish and pull use. */
export interface JamfApp {
  id: number;
  name: string;
  bundleId: string;
  /** The App Configuration text ('' when none). */
  preferences: string;
}

interface RecordJson {
  mobile_device_application?: {
    general?: { id?: number; name?: string; bundle_id?: string };
    app_configuration?: { preferences?: string | null } | null;
  };
}

/** Classic API calls over one ConsoleHttp (base: the Jamf Pro URL). */
export class JamfClient {
  constructor(readonly http: ConsoleHttp) {}

  /** The app with this bundle id, or undefined when Jamf has none. */
  async appByBundleId(bundleId: string): Promise<JamfApp | undefined> {
    const { status, body } = await this.http.json<RecordJson>({
      method: 'GET',
      path: `/JSSResource/mobiledeviceapplications/bundleid/${encodeURIComponent(bundleId)}`,
      expect: [404],
    });
    if (status === 404) return undefined;
    return toApp(body, bundleId);
  }

  /** The app by its Jamf id (the re-read right before writing), or undefined when it is gone. */
  async appById(id: number): Promise<JamfApp | undefined> {
    const { status, body } = await this.http.json<RecordJson>({ method: 'GET', path: `/JSSResource/mobiledeviceapplications/id/${id}`, expect: [404] });
    if (status === 404) return undefined;
    return toApp(body, undefined);
  }

  /** Replaces the app's App Configuration with `preferences` (only that part of the record is sent). */
  async putPreferences(id: number, preferences: string): Promise<void> {
    const text = preferencesBody(preferences);
    checkRequestBody('jamfUpdate', readXmlBody(text), 'Jamf Pro app record');
    await this.http.send({ method: 'PUT', path: `/JSSResource/mobiledeviceapplications/id/${id}`, body: { text, contentType: 'application/xml' }, accept: 'application/xml' });
  }
}

function toApp(body: RecordJson | undefined, bundleId: string | undefined): JamfApp {
  const rec = body?.mobile_device_application;
  const id = rec?.general?.id;
  if (!rec || typeof id !== 'number') throw new ConsoleError('bad-response', 'Jamf Pro answered without a mobile_device_application record.', 1);
  const prefs = rec.app_configuration?.preferences;
  return { id, name: rec.general?.name ?? '', bundleId: rec.general?.bundle_id ?? bundleId ?? '', preferences: typeof prefs === 'string' ? prefs : '' };
}

/** The XML body of the PUT: the preferences text as one escaped text node. */
export function preferencesBody(preferences: string): string {
  return serializeXml(
    { name: 'mobile_device_application', children: [{ name: 'app_configuration', children: [{ name: 'preferences', text: preferences }] }] },
    { declaration: true },
  );
}

/**
 * Reads an XML request body element by element into the shape the Jamf schemas describe (text
 * decoded once; elements with children become objects; a repeated element becomes a list).
 * Throws ConsoleError when it is not well-formed.
 */
export function readXmlBody(text: string): unknown {
  const { XMLParser, XMLValidator } = fastXmlParser();
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ConsoleError('request-invalid', `The XML body is not well-formed (line ${valid.err.line}: ${valid.err.msg}).`, 1);
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: false, ignoreDeclaration: true });
  return dropWhitespace(parser.parse(text));
}

/** Text nodes that are only indentation between elements are not values. */
function dropWhitespace(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropWhitespace);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '#text' && typeof v === 'string' && v.trim() === '') continue;
    out[k] = dropWhitespace(v);
  }
  return out;
}
