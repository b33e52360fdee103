import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, ProgressBar, progressWanted } from '../../src/export/progress.js';

describe('progressWanted', () => {
  it('draws only on a terminal, outside CI, without --json', () => {
    expect(progressWanted({ isTTY: true, env: {}, json: false })).toBe(true);
    expect(progressWanted({ isTTY: false, env: {}, json: false })).toBe(false);
    expect(progressWanted({ isTTY: undefined, env: {}, json: false })).toBe(false);
    expect(progressWanted({ isTTY: true, env: { CI: 'true' }, json: false })).toBe(false);
    expect(progressWanted({ isTTY: true, env: { CI: '1' }, json: false })).toBe(false);
    expect(progressWanted({ isTTY: true, env: { CI: 'false' }, json: false })).toBe(true);
    expect(progressWanted({ isTTY: true, env: {}, json: true })).toBe(false);
    expect(progressWanted({ isTTY: true, env: { TERM: 'dumb' }, json: false })).toBe(false);
  });
});

describe('formatProgress', () => {
  it('shows done/total, rate and time left', () => {
    expect(formatProgress({ done: 250, total: 1000, elapsedMs: 10_000 }, 80)).toBe(
      '[##########------------------------------] 250/1000 profiles  25/s  ETA 0:30',
    );
  });
  it('shows an unknown ETA before the first profile and 0:00 at the end', () => {
    expect(formatProgress({ done: 0, total: 10, elapsedMs: 0 }, 80)).toContain('ETA --:--');
    expect(formatProgress({ done: 10, total: 10, elapsedMs: 4000 }, 80)).toMatch(/^\[#{40}\] 10\/10 profiles {2}2\.5\/s {2}ETA 0:00$/);
  });
  it('never exceeds the width, dropping the bar on narrow terminals', () => {
    for (const width of [20, 30, 50, 80, 200]) {
      expect(formatProgress({ done: 12345, total: 50000, elapsedMs: 61_000 }, width).length).toBeLessThanOrEqual(width);
    }
    expect(formatProgress({ done: 1, total: 2, elapsedMs: 1000 }, 30)).not.toContain('[');
  });
  it('formats long durations with hours', () => {
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3600 + 62)).toBe('1:01:02');
  });
});

describe('ProgressBar', () => {
  it('redraws at most every interval, always at the end, and clears on demand', () => {
    const writes: string[] = [];
    let t = 0;
    const bar = new ProgressBar({ write: (s) => (writes.push(s), true), columns: 80 }, () => t, 100);
    bar.start(3);
    t = 10;
    bar.update(1); // too soon
    t = 150;
    bar.update(2);
    t = 160;
    bar.update(3); // complete: drawn although soon
    bar.clear();
    bar.clear(); // nothing left to erase
    expect(writes).toHaveLength(4);
    expect(writes[1]).toContain('2/3 profiles');
    expect(writes[2]).toContain('3/3 profiles');
    expect(writes[3]).toBe('\r\x1b[K');
    t = 170;
    bar.update(3); // erased: drawn again at once
    expect(writes).toHaveLength(5);
  });

  it('assumes 80 columns when the terminal reports none', () => {
    const writes: string[] = [];
    const bar = new ProgressBar({ write: (s) => (writes.push(s), true), columns: 0 }, () => 0);
    bar.start(10);
    expect(writes[0]).toContain('[');
    expect(writes[0]).toContain('ETA');
  });
});
