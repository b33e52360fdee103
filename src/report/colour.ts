/** ANSI styles used by the reports; identity functions when colour is off. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

/**
 * Whether to colour output written to `stream`: only on a terminal, never under NO_COLOR
 * (https://no-color.org: any non-empty value), in CI logs or on a dumb terminal. FORCE_COLOR
 * (not "0") turns it on anywhere except under NO_COLOR.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.CI || env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

const style = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string): string => text;

/** The palette for `enabled`. */
export function palette(enabled: boolean): Palette {
  if (!enabled) return { red: plain, yellow: plain, green: plain, bold: plain, dim: plain };
  return { red: style(31, 39), yellow: style(33, 39), green: style(32, 39), bold: style(1, 22), dim: style(2, 22) };
}
