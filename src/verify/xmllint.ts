/**
 * XML Schema validation of batches of documents, through the one persistent libxml2 of the
 * thread (src/verify/libxml2.ts): each schema is compiled once per thread and every document is
 * parsed (without network or external entities), validated and disposed in turn. Results come
 * back per document, in input order.
 */
import { checkXmlDocuments, XmlGrammarError, type SchemaFile, type XmlCheckError, type XmlCheckResult } from './libxml2.js';

export type { SchemaFile } from './libxml2.js';

/** One problem libxml2 reported in a document. */
export type XmllintError = XmlCheckError;

/** Outcome for one document of a batch, in input order. */
export type XmllintResult = XmlCheckResult;

/** The schema could not be compiled (a broken XSD): nothing was validated. */
export const XmllintSchemaError = XmlGrammarError;
/** The schema could not be compiled (a broken XSD): nothing was validated. */
export type XmllintSchemaError = XmlGrammarError;

/**
 * Validates many documents against one XML Schema (the main schema first, then the files it
 * includes or imports). Returns one result per document, in input order; a document the checker
 * failed on is `valid: false, checked: false`. Throws XmllintSchemaError when the schema itself
 * does not compile.
 */
export async function validateWithXsd(files: readonly string[], schemaFiles: readonly SchemaFile[]): Promise<XmllintResult[]> {
  if (schemaFiles.length === 0) throw new Error('validateWithXsd needs at least one schema file');
  return checkXmlDocuments(files, { kind: 'xsd', files: schemaFiles });
}
