/**
 * Why talking to a console failed. `exitCode` is what the CLI exits with: 2 when the console cannot
 * be reached, refuses the credentials or the connection settings are wrong (nothing can be planned),
 * 1 when one request of one profile failed (that profile fails, the run goes on).
 * Messages never hold a secret: not the client secret, not a token, not a request body.
 */
export class ConsoleError extends Error {
  /**
   * Stable identifier: `missing-setting`, `insecure-url`, `unreachable`, `auth-failed`,
   * `permission-denied`, `throttled`, `http-error`, `request-invalid`, `bad-response`.
   */
  readonly code: string;
  readonly exitCode: 1 | 2;
  /** HTTP status, when the console answered. */
  readonly status?: number;
  constructor(code: string, message: string, exitCode: 1 | 2, status?: number) {
    super(message);
    this.name = 'ConsoleError';
    this.code = code;
    this.exitCode = exitCode;
    if (status !== undefined) this.status = status;
  }
}
