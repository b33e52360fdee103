/**
 * A console file's bytes as the text readers take. Readers work on strings; most files are
 * UTF-8, but a property list may be UTF-16 (an XML plist saved by a Windows editor or by Xcode
 * with that encoding) or binary (`bplist00`, what plutil and Apple Configurator write):
 * - UTF-8, with or without a byte-order mark: decoded, the mark dropped;
 * - UTF-16 with a byte-order mark, or without one when the text starts `<?` (XML 1.0 Appendix F):
 *   decoded, the mark dropped (the plist readers ignore the encoding its declaration names);
 * - binary plist: kept byte for byte as a "binary string" (one character per byte, U+0000-U+00FF)
 *   that starts `bplist`, which the plist readers recognise (isBinaryPlistText) and turn back
 *   into bytes (binaryPlistBytes).
 */

/** True for the text of a binary property list, as decodeArtifactBytes keeps it. */
export function isBinaryPlistText(contents: string): boolean {
  return contents.startsWith('bplist');
}

/** The bytes of a binary plist kept as a binary string. */
export function binaryPlistBytes(contents: string): Uint8Array {
  return new Uint8Array(Buffer.from(contents, 'latin1'));
}

/** The text of a file's bytes (see the module comment). */
export function decodeArtifactBytes(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.subarray(0, 6).toString('latin1') === 'bplist') return b.toString('latin1');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.toString('utf8', 3);
  if (b[0] === 0xff && b[1] === 0xfe) return b.toString('utf16le', 2);
  if (b[0] === 0xfe && b[1] === 0xff) return utf16be(b.subarray(2));
  // No mark: XML 1.0 Appendix F tells UTF-16 by how "<?" is encoded; any ASCII character after the
  // "<" (a document that starts <plist or <dict) tells it the same way.
  if (b[0] === 0x3c && b[1] === 0x00 && b[2]! > 0x00 && b[2]! < 0x80 && b[3] === 0x00) return b.toString('utf16le');
  if (b[0] === 0x00 && b[1] === 0x3c && b[2] === 0x00 && b[3]! > 0x00 && b[3]! < 0x80) return utf16be(b);
  return b.toString('utf8');
}

function utf16be(b: Buffer): string {
  const swapped = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  swapped.swap16();
  return swapped.toString('utf16le');
}
