#!/usr/bin/env node
/**
 * `npm run bench`: the project's measurements, printed as ratios to baselines measured in the same
 * run (never asserted; speed is not a test). See bench/RESULTS.md for this machine's figures.
 *
 *   npm run bench                      full run (about 10 minutes on 2 cores)
 *   npm run bench -- --quick           smaller sizes, fewer rounds (about a minute)
 *   npm run bench -- --n 20000         batch size (the memory comparison runs n/10 too)
 *   npm run bench -- --only batch,startup,verify,diff
 *   npm run bench -- --emm intune      add per-user variables to some batch profiles
 *   npm run bench -- --dir /dev/shm    where inputs and outputs go (default: the system temp folder)
 *   npm run bench -- --record          also write the table into bench/RESULTS.md
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchBatch } from './batch.mjs';
import { benchDiff } from './diff.mjs';
import { ROOT } from './lib/measure.mjs';
import { benchStartup } from './startup.mjs';
import { benchVerify } from './verify.mjs';

const BENCHES = ['batch', 'startup', 'verify', 'diff'];

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    n: { type: 'string' },
    only: { type: 'string' },
    emm: { type: 'string' },
    runs: { type: 'string' },
    record: { type: 'boolean', default: false },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(2, 12).map((l) => l.replace(/^ \* ?/, '')).join('\n') + '\n');
  process.exit(0);
}

const only = opts.only ? opts.only.split(',').map((s) => s.trim()) : BENCHES;
for (const name of only) if (!BENCHES.includes(name)) fail(`unknown bench "${name}"; choose from ${BENCHES.join(', ')}`);
const n = opts.n !== undefined ? positive(opts.n, '--n') : opts.quick ? 1000 : 10_000;
const sizes = {
  batch: n,
  batchSmall: Math.max(100, Math.round(n / 10)),
  runs: opts.runs !== undefined ? positive(opts.runs, '--runs') : opts.quick ? 3 : 7,
  verify: opts.quick ? 1000 : 10_000,
  diff: opts.quick ? 500 : 5000,
};

checkBuild();
const log = (msg) => process.stderr.write(`  … ${msg}\n`);
const tmp = mkdtempSync(path.join(opts.dir ?? os.tmpdir(), 'jabber-emm-bench-'));
const started = Date.now();
const rows = [];
let breakdown = [];
try {
  if (only.includes('startup')) {
    const s = await benchStartup(tmp, { runs: sizes.runs, breakdown: !opts.quick, log });
    rows.push(...s.rows);
    breakdown = s.pieces;
  }
  if (only.includes('batch')) rows.push(...(await benchBatch(tmp, { n: sizes.batch, small: sizes.batchSmall, emm: opts.emm, log })));
  if (only.includes('verify')) rows.push(...(await benchVerify(tmp, { n: sizes.verify, log })));
  if (only.includes('diff')) rows.push(...(await benchDiff(tmp, { n: sizes.diff, log })));
} finally {
  if (opts.keep) process.stderr.write(`inputs kept in ${tmp}\n`);
  else rmSync(tmp, { recursive: true, force: true });
}

const meta = machine();
process.stdout.write(`\njabber-emm benchmarks, ${meta.date}, commit ${meta.commit}${opts.quick ? ' (--quick)' : ''}\n${meta.machine}\n\n`);
process.stdout.write(textTable(rows));
if (breakdown.length > 0) {
  process.stdout.write(`\nWhere start-up time goes (median of ${sizes.runs}; "over node" subtracts node -e 0):\n`);
  process.stdout.write(textTable(breakdown.map((p) => ({ bench: p.name, figure: `${p.ms.toFixed(0)} ms`, baseline: `+${p.overNode.toFixed(0)} ms over node` })), ['bench', 'figure', 'baseline']));
}
process.stdout.write(`\n${((Date.now() - started) / 1000).toFixed(0)} s in all.\n`);
if (opts.record) record(rows, breakdown, meta);

/** The table as aligned text. */
function textTable(list, columns = ['bench', 'figure', 'baseline', 'ratio', 'goal', 'met']) {
  const cells = list.map((r) => (r.skipped ? [r.bench, `skipped: ${r.skipped}`, r.extra ?? '', '', '', ''] : columns.map((c) => cell(r, c))).slice(0, columns.length));
  const head = columns.map((c) => c.toUpperCase());
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return `${[line(head), ...cells.map(line)].join('\n')}\n`;
}

/** The table as Markdown. */
function markdownTable(list, columns = ['bench', 'figure', 'baseline', 'ratio', 'goal', 'met']) {
  const esc = (s) => s.replace(/\|/g, '\\|');
  const out = [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
  for (const r of list) {
    const row = r.skipped ? [r.bench, `skipped: ${r.skipped}`, r.extra ?? '', '', '', ''].slice(0, columns.length) : columns.map((c) => cell(r, c));
    out.push(`| ${row.map(esc).join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}

function cell(r, column) {
  if (column === 'met') return r.met === undefined ? '' : r.met ? 'yes' : 'NO';
  return String(r[column] ?? '');
}

/** Replaces the generated block of bench/RESULTS.md; the analysis around it is kept. */
function record(list, pieces, meta) {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const begin = '<!-- bench:begin (written by npm run bench -- --record) -->';
  const end = '<!-- bench:end -->';
  const block = [
    begin,
    `Measured ${meta.date} at commit \`${meta.commit}\`${opts.quick ? ' with `--quick`' : ''}: ${meta.machine}.`,
    `Command: \`npm run bench${commandArgs()}\`.`,
    '',
    markdownTable(list),
    ...(pieces.length > 0 ? [`Where start-up time goes (median of ${sizes.runs} runs):`, '', markdownTable(pieces.map((p) => ({ bench: p.name, figure: `${p.ms.toFixed(0)} ms`, baseline: `+${p.overNode.toFixed(0)} ms over node -e 0` })), ['bench', 'figure', 'baseline'])] : []),
    end,
  ].join('\n');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmark results\n\n${begin}\n${end}\n`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  const next = from === -1 || to === -1 ? `${text.trimEnd()}\n\n${block}\n` : `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
  writeFileSync(file, next);
  process.stderr.write(`recorded in ${path.relative(process.cwd(), file)}\n`);
}

/** The options this run was given, as they would be typed after `npm run bench`. */
function commandArgs() {
  const args = process.argv.slice(2).filter((a) => a !== '--record');
  return args.length > 0 ? ` -- ${args.join(' ')}` : '';
}

function machine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '') commit += ' (plus uncommitted changes)';
  } catch {
    // Not a git checkout (an installed package): the version says enough.
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    commit,
    machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
  };
}

/** Refuses to measure a missing or stale build: the benchmarks run bin/run.js, which runs dist/. */
function checkBuild() {
  const built = path.join(ROOT, 'dist', 'commands', 'export.js');
  if (!existsSync(built)) fail('dist/ is not built: run `npm run build` first');
  const newest = (dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).reduce((max, rel) => Math.max(max, statSync(path.join(dir, rel)).mtimeMs), 0);
  if (newest(path.join(ROOT, 'src')) > statSync(built).mtimeMs + 1000) {
    process.stderr.write('warning: src/ has changes newer than dist/; run `npm run build` to measure them\n');
  }
}

function positive(text, flag) {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) fail(`${flag} takes a whole number ≥ 1, not "${text}"`);
  return v;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
