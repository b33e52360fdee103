/**
 * A one-line progress bar for long batch runs: profiles done of total, rate and time left. Drawn
 * only on a terminal: never when stderr is piped, in CI, or under `--json`. Small on purpose: a
 * carriage return, the line, and "erase to end of line".
 */

/** The figures one frame shows. */
export interface ProgressFrame {
  done: number;
  total: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/** True when a progress bar may be drawn on this stream. */
export function progressWanted(opts: { isTTY: boolean | undefined; env: Record<string, string | undefined>; json: boolean }): boolean {
  if (!opts.isTTY || opts.json) return false;
  // CI services set CI (GitHub Actions, GitLab, Jenkins plugins); their logs show every frame.
  const ci = opts.env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  if (opts.env.TERM === 'dumb') return false;
  return true;
}

/** `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** One frame of the bar, at most `width` characters (no control characters). */
export function formatProgress(frame: ProgressFrame, width: number): string {
  const { done, total } = frame;
  const seconds = frame.elapsedMs / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 && done < total ? formatDuration((total - done) / rate) : done >= total ? '0:00' : '--:--';
  const counts = `${done}/${total} profiles`;
  const tail = ` ${counts}  ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s  ETA ${eta}`;
  const barWidth = Math.min(40, width - tail.length - 3);
  if (barWidth < 5) return tail.trimStart().slice(0, Math.max(0, width));
  const filled = total > 0 ? Math.min(barWidth, Math.floor((done / total) * barWidth)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`;
}

/** Where the bar is drawn: a writable terminal stream (process.stderr). */
export interface ProgressStream {
  write(chunk: string): boolean;
  columns?: number;
}

/** Draws the bar on a terminal, at most every `intervalMs`, and erases it on demand. */
export class ProgressBar {
  private total = 0;
  private done = 0;
  private started = 0;
  private lastDraw = -Infinity;
  private visible = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 100,
  ) {}

  /** Starts the clock for `total` profiles and draws the empty bar. */
  start(total: number): void {
    this.total = total;
    this.done = 0;
    this.started = this.now();
    this.draw();
  }

  /** Records progress; redraws when the bar was erased, the last frame is old enough, or the run is complete. */
  update(done: number): void {
    this.done = done;
    if (!this.visible || done >= this.total || this.now() - this.lastDraw >= this.intervalMs) this.draw();
  }

  /** Erases the bar (before other output is printed); the next update draws it again. */
  clear(): void {
    if (!this.visible) return;
    this.stream.write('\r\x1b[K');
    this.visible = false;
  }

  private draw(): void {
    const t = this.now();
    this.lastDraw = t;
    // A pseudo-terminal may report 0 columns; assume the classic 80 then.
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(`\r${formatProgress({ done: this.done, total: this.total, elapsedMs: t - this.started }, width)}\x1b[K`);
    this.visible = true;
  }
}
