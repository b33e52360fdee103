/**
 * Loaded with `node --import` in front of the program a benchmark measures: when that process
 * exits, writes its peak resident set size (bytes, all threads included) and its CPU time (user
 * plus system, microseconds, all threads) to the file named by JABBER_EMM_BENCH_RSS_FILE, as
 * `<rss> <cpu>`. In-process, so it needs no /usr/bin/time.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.JABBER_EMM_BENCH_RSS_FILE;
if (target) {
  // Not inherited by anything the measured program might start itself.
  delete process.env.JABBER_EMM_BENCH_RSS_FILE;
  process.on('exit', () => {
    // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss); CPU times in microseconds.
    const usage = process.resourceUsage();
    writeFileSync(target, `${usage.maxRSS * 1024} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
