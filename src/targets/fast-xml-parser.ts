/**
 * fast-xml-parser, loaded on first use. The target registry imports every target, so a static
 * import made `jabber-emm targets` and `--target url` pay its ~35 ms load (bench/RESULTS.md).
 * Its CommonJS build (the package's `require` export, the same version bundled from the same
 * source) is required synchronously, so render and parse paths stay synchronous. Every module
 * of this project takes the parser from here, so one build is ever loaded (its metadata symbol
 * is per build).
 */
import { createRequire } from 'node:module';

type FastXmlParser = typeof import('fast-xml-parser');

let loaded: FastXmlParser | undefined;

/** fast-xml-parser's XMLParser, XMLValidator and XMLBuilder, loaded on the first call. */
export function fastXmlParser(): FastXmlParser {
  loaded ??= createRequire(import.meta.url)('fast-xml-parser') as FastXmlParser;
  return loaded;
}
