/**
 * Verification benchmark: the project's XSD and DTD checks (the persistent libxml2 in
 * WebAssembly, called as `export` calls it) over N AppConfig specfiles and N plists, against
 * Debian's native `xmllint` over the same files with the same XSD or DTD, each run as its own
 * process (start-up included on both sides).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeXmlSamples } from './lib/xml-samples.mjs';
import { ratio, ROOT, runNode, runProgram } from './lib/measure.mjs';

const PROJECT = path.join(ROOT, 'bench', 'lib', 'verify-project.mjs');

const IOS = path.join(ROOT, 'schemas', 'ios');
/** What each kind of file is checked against: the same XSD or DTD on both sides. */
const KINDS = {
  appconfig: { label: 'AppConfig XSD', native: ['--schema', path.join(IOS, 'appconfig-2018.xsd')], project: path.join(IOS, 'appconfig-2018.xsd'), goal: 2 },
  plist: { label: 'plist DTD', native: ['--nonet', '--dtdvalid', path.join(IOS, 'PropertyList-1.0.dtd')], project: path.join(IOS, 'PropertyList-1.0.dtd') },
};

/** Native xmllint over every file in one process (the fair form of batching for it too). */
async function nativeRun(kind, files) {
  const run = await runProgram('xmllint', ['--noout', ...KINDS[kind].native, ...files]);
  // Without network access xmllint warns that it cannot fetch the DOCTYPE's URL; that is not a verdict.
  const detail = run.stderr.split('\n').filter((l) => / fails to validate|error/.test(l) && !/network|external entity/.test(l)).slice(0, 2).join(' ');
  return { ms: run.ms, ok: run.code === 0, detail };
}

/** Runs the verification benchmark over `n` files; returns table rows (or a skip row). */
export async function benchVerify(tmp, { n, log }) {
  if (spawnSync('xmllint', ['--version']).error) {
    return [{ bench: 'verification vs native xmllint', skipped: 'native xmllint not found (Debian: apt-get install libxml2-utils)' }];
  }
  if (!existsSync(path.join(ROOT, 'dist', 'verify', 'libxml2.js'))) {
    return [{ bench: 'verification vs native xmllint', skipped: 'dist/verify/libxml2.js is not built' }];
  }
  const dir = path.join(tmp, 'xml');
  mkdirSync(dir, { recursive: true });
  log(`verification: writing ${n} XML files`);
  const lists = writeXmlSamples(dir, n);
  const rows = [];
  for (const kind of ['appconfig', 'plist']) {
    const { label } = KINDS[kind];
    const count = lists[kind].length;
    const listFile = path.join(tmp, `xml-${kind}.json`);
    writeFileSync(listFile, JSON.stringify(lists[kind]));
    log(`verification: ${label}, ${count} files, native xmllint`);
    const native = await nativeRun(kind, lists[kind]);
    log(`verification: ${label}, ${count} files, project (libxml2-wasm)`);
    // As export calls it (one call per chunk of 256), and as one call over the whole batch.
    const project = await runNode([PROJECT, listFile, KINDS[kind].project, '256']);
    const whole = await runNode([PROJECT, listFile, KINDS[kind].project, String(count)]);
    if (project.code !== 0 || whole.code !== 0) {
      rows.push({ bench: `verification, ${label}, ${count} files`, skipped: `the project's check failed: ${(project.code !== 0 ? project : whole).stderr.trim().split('\n').slice(-3).join(' ')}` });
      continue;
    }
    const report = JSON.parse(project.stdout);
    const rejected = report.invalid === 0 && native.ok ? '' : `; REJECTED: project ${report.invalid}, native ${native.ok ? 0 : `some (${native.detail})`}`;
    rows.push({
      bench: `verification, ${label}, ${count} files`,
      figure: `${project.ms.toFixed(0)} ms in ${report.calls} calls of 256 (${whole.ms.toFixed(0)} ms as one batch)${rejected}`,
      baseline: `native xmllint ${native.ms.toFixed(0)} ms`,
      ratio: ratio(project.ms, native.ms),
      goal: KINDS[kind].goal ? `≤ ${KINDS[kind].goal}×` : 'report',
      ...(KINDS[kind].goal ? { met: project.ms / native.ms <= KINDS[kind].goal } : {}),
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
