/**
 * The project's side of the verification benchmark, run as its own process like native xmllint:
 * reads the listed files and checks them with the project's verifier (dist/verify/xmllint.js:
 * libxml2 in WebAssembly), one call per chunk of the export pipeline's size, as `export` calls it.
 *
 *   node bench/lib/verify-project.mjs <list.json> <schema file> [chunk size]
 *
 * The schema is an XSD (the project checks DTD formats through its XSD translation of the DTD,
 * since xmllint-wasm has no DTD validation). Prints {files, invalid, calls} as JSON.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './measure.mjs';

const [listFile, schemaFile, chunkArg] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, 'utf8'));
const chunkSize = Number(chunkArg ?? 256);
const schema = [{ fileName: path.basename(schemaFile), contents: readFileSync(schemaFile, 'utf8') }];
const { validateWithXsd } = await import(pathToFileURL(path.join(ROOT, 'dist', 'verify', 'xmllint.js')).href);

let invalid = 0;
let calls = 0;
for (let i = 0; i < files.length; i += chunkSize) {
  const chunk = files.slice(i, i + chunkSize).map((file) => readFileSync(file, 'utf8'));
  const results = await validateWithXsd(chunk, schema);
  invalid += results.filter((r) => !r.valid).length;
  calls += 1;
}
process.stdout.write(`${JSON.stringify({ files: files.length, invalid, calls })}\n`);
