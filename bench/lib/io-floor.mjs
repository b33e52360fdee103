/**
 * The I/O floor of a batch export: a plain Node script that does only the file work an export
 * cannot avoid. It reads every input profile, and writes the same number of files, of the same
 * sizes, into the same folders, as the measured export wrote. No parsing, rendering or checking.
 *
 *   node bench/lib/io-floor.mjs <manifest.json> <out dir> [--atomic]
 *
 * manifest.json: {"inputs": [absolute paths], "outputs": [[relative path, size in bytes], ...]}.
 * --atomic writes each file to a temporary name and renames it, as the export's writer does.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [manifestFile, out, flag] = process.argv.slice(2);
const atomic = flag === '--atomic';
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

let inputBytes = 0;
for (const file of manifest.inputs) inputBytes += readFileSync(file).length;

const largest = manifest.outputs.reduce((max, [, size]) => Math.max(max, size), 0);
// Byte values do not change the cost of writing them; one buffer serves every file.
const fill = Buffer.alloc(largest, 0x61);
const made = new Set();
for (const [rel, size] of manifest.outputs) {
  const file = path.join(out, rel);
  const dir = path.dirname(file);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  if (atomic) {
    const temp = path.join(dir, `.${path.basename(file)}.tmp`);
    writeFileSync(temp, fill.subarray(0, size), { flag: 'wx' });
    renameSync(temp, file);
  } else {
    writeFileSync(file, fill.subarray(0, size));
  }
}
process.stdout.write(`${JSON.stringify({ inputs: manifest.inputs.length, inputBytes, outputs: manifest.outputs.length })}\n`);
