/**
 * The project's side of the verification benchmark, run as its own process like native xmllint:
 * reads the listed files and checks them with the project's verifier (dist/verify/libxml2.js:
 * the thread's persistent libxml2 in WebAssembly), one call per chunk of the export pipeline's
 * size, as `export` calls it.
 *
 *   node bench/lib/verify-project.mjs <list.json> <xsd or dtd file> [chunk size]
 *
 * A .dtd is used as a DTD (plists are checked against Apple's DTD itself), anything else as an
 * XML Schema. Prints {files, invalid, calls} as JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './measure.mjs';

const [listFile, grammarFile, chunkArg] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8'));
const chunkSize = Number(chunkArg ?? 256);
const file = { fileName: path.basename(grammarFile), contents: readFileSync(grammarFile, 'utf8') };
const grammar = grammarFile.endsWith('.dtd') ? { kind: 'dtd', file } : { kind: 'xsd', files: [file] };
const { checkXmlDocuments } = await import(pathToFileURL(path.join(ROOT, 'dist', 'verify', 'libxml2.js')).href);

let invalid = 0;
let calls = 0;
for (let i = 0; i < files.length; i += chunkSize) {
  const chunk = files.slice(i, i + chunkSize).map((f) => readFileSync(f, 'utf8'));
  const results = await checkXmlDocuments(chunk, grammar);
  invalid += results.filter((r) => !r.valid).length;
  calls += 1;
}
process.stdout.write(`${JSON.stringify({ files: files.length, invalid, calls })}\n`);
