/**
 * Independent read-back of every plist jabber-emm writes (issue 9 item 6): the `plist` package
 * (xmldom underneath) reads the file, our reader (fast-xml-parser underneath) reads it too, and
 * the two must agree, so a bug shared by our writer and our reader (a dropped CR, a mangled
 * entity) cannot pass.
 */
import { parse as plistParse } from 'plist';
import { expect } from 'vitest';
import { wrapFragment } from '../../src/targets/ios/plist-verify.js';
import { dictPairs, plistValue, readPlistText } from '../../src/targets/ios/plist-reader.js';

/** True for text our plist targets write: a plist document or a bare dict fragment. */
export function isPlistText(contents: string): boolean {
  return /^(<\?xml[^>]*\?>\s*)?(<!DOCTYPE plist[^>]*>\s*)?<(plist|dict)[\s>/]/.test(contents);
}

/** Asserts that the `plist` package reads `contents` to exactly the top-level values our reader reads. */
export function expectPlistReadBack(contents: string, label = ''): void {
  const read = readPlistText(contents);
  expect(read.xml.problems, label).toEqual([]);
  const ours = Object.fromEntries(dictPairs(read.object!).map((p) => [p.key, plistValue(p.value!)]));
  const document = read.shape === 'fragment' ? wrapFragment(contents) : contents;
  const theirs = plistParse(document) as Record<string, unknown>;
  expect(theirs, label).toEqual(ours);
}
