#!/usr/bin/env node
/**
 * Summarises the V8 CPU profiles `node --cpu-prof` writes (one per thread, worker threads
 * included): where a run's time went, by function (self time) and by package or project file
 * (inclusive time). Used to find what start-up and batch time is spent on.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run.js export examples/ --out /tmp/out
 *   node bench/lib/cpu-profile-summary.mjs /tmp/prof [top N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: cpu-profile-summary.mjs <dir of .cpuprofile files> [top N]\n');
  process.exit(2);
}
const top = Number(topArg ?? 15);

/** A call frame's place, shortened: `nm/<package>` for dependencies, the path for our files. */
function place(url) {
  const p = url.replace(/^file:\/\//, '');
  if (p.includes('/node_modules/')) return p.replace(/.*node_modules\//, 'nm/');
  return p.replace(/^.*?\/(dist|src|bin|bench)\//, '$1/');
}
/** The package (or project file) a call frame belongs to. */
function owner(url) {
  const p = place(url);
  return p.startsWith('nm/') ? p.replace(/^(nm\/(@[^/]+\/)?[^/]+).*/, '$1') : p;
}

const ms = (us) => (us / 1000).toFixed(1).padStart(8);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time per sampled node: the delta after each sample belongs to it.
  const sampled = new Map();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));

  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, t] of sampled) {
    total += t;
    const n = byId.get(id);
    if (n.callFrame.functionName === '(idle)') idle += t;
    const selfKey = `${n.callFrame.functionName || '(anonymous)'}  ${place(n.callFrame.url)}`;
    self.set(selfKey, (self.get(selfKey) ?? 0) + t);
    const owners = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur).callFrame.url;
      if (url) owners.add(owner(url));
    }
    for (const o of owners) inclusive.set(o, (inclusive.get(o) ?? 0) + t);
  }
  process.stdout.write(`\n${file}: ${ms(total)} ms sampled, ${ms(total - idle)} ms busy\n  self time:\n`);
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${ms(t)}  ${k}\n`);
  process.stdout.write('  inclusive, by package or file:\n');
  for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${ms(t)}  ${k}\n`);
}
