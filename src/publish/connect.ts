/**
 * A console client from the connection settings (environment, flags): settings checked first, so a
 * missing variable or a plain-http URL stops the run (exit 2) before any profile is read.
 */
import { intuneSettings, intuneTokenSource, INTUNE_NEEDS, jamfSettings, jamfTokenSource, JAMF_NEEDS, type AuthOptions, type ConnectionOverrides, type PublishConsole } from '../consoles/auth.js';
import { ConsoleHttp, type HttpOptions } from '../consoles/http.js';
import { IntuneClient } from '../consoles/intune.js';
import { JamfClient } from '../consoles/jamf.js';

/** What is injected into a connection (tests pass fetch and sleep). */
export interface ConnectDeps {
  http?: HttpOptions;
  auth?: AuthOptions;
}

/** A connected console. */
export type ConsoleClient = { console: 'intune'; client: IntuneClient } | { console: 'jamf'; client: JamfClient };

/** Builds the client of a console; throws ConsoleError (exit 2) when the settings are incomplete or unsafe. */
export function connectConsole(console: PublishConsole, env: Record<string, string | undefined>, overrides: ConnectionOverrides = {}, deps: ConnectDeps = {}): ConsoleClient {
  const auth: AuthOptions = { ...(deps.http?.fetch ? { fetch: deps.http.fetch } : {}), ...deps.auth };
  if (console === 'intune') {
    const s = intuneSettings(env, overrides);
    const http = new ConsoleHttp(s.graphUrl, intuneTokenSource(s, auth), { console: 'Intune (Microsoft Graph)', needs: INTUNE_NEEDS }, deps.http);
    return { console, client: new IntuneClient(http) };
  }
  const s = jamfSettings(env, overrides);
  const http = new ConsoleHttp(s.url, jamfTokenSource(s, auth), { console: 'Jamf Pro', needs: JAMF_NEEDS }, deps.http);
  return { console, client: new JamfClient(http) };
}
