/**
 * The QR code of the configuration URL, drawn as inline SVG. uqr (unjs) computes the module
 * matrix (its mask chosen on typed arrays, qr-mask.ts); the SVG is written here as one path of horizontal runs, so the page stays small and the
 * matrix can be read back from the markup exactly to check that the code holds the link.
 */
import { encodeQrMatrix } from './qr-mask.js';
import { trustedHtml, type Html } from './template.js';

/** Light modules around the code; ISO/IEC 18004 asks for a quiet zone of 4. */
export const QUIET_ZONE = 4;
/** Screen pixels per module: whole pixels keep edges sharp for cameras and screenshot decoders. */
const PIXELS_PER_MODULE = 6;

/**
 * The module matrix of the QR code for `text` (true = dark), without the quiet zone, or undefined
 * when the text is longer than a QR code holds (2953 bytes at the lowest error correction).
 * Error correction: the smallest code at level L, then boosted as far as that size allows.
 * Memoised: render and verify of the same page ask for the same link (see QrMatrixCache).
 */
export function qrMatrix(text: string): boolean[][] | undefined {
  return QR_MATRICES.get(text);
}

/**
 * True when `matrix` is exactly the QR matrix of `text` (same size, every module the same); false
 * when it differs or `text` does not fit in a QR code. Compares against the memo's bit set, so
 * verify reads the page's modules back without a second copy of the expected matrix.
 */
export function qrMatrixEquals(text: string, matrix: readonly (readonly boolean[])[]): boolean {
  return QR_MATRICES.equals(text, matrix);
}

/** Texts longer than this are not kept: a link that long never fits (2953 bytes in byte mode). */
const MAX_CACHED_TEXT = 2953;

/**
 * A bounded memo of QR matrices, least recently used out first. uqr's mask selection is ~4 ms per
 * code (bench/RESULTS.md) and a page's link is encoded twice, at render and again at verify;
 * verify still reads the SVG back and compares it with the matrix, so the check keeps its strength.
 * Matrices are kept as bit sets (a 177-module code is 4 KiB, not 250 KiB of booleans) and each
 * call returns a fresh copy, so a caller can never change what the next one gets.
 */
export class QrMatrixCache {
  private readonly entries = new Map<string, { size: number; bits: Uint8Array } | undefined>();

  /** `limit`: most texts kept; at least a chunk's pages, since a chunk renders all before it verifies. */
  constructor(
    private readonly limit: number,
    private readonly compute: (text: string) => boolean[][] | undefined = encodeQrMatrix,
  ) {}

  /** How many texts are kept now. */
  get size(): number {
    return this.entries.size;
  }

  /** The matrix for `text`, computed on a miss. */
  get(text: string): boolean[][] | undefined {
    if (this.entries.has(text)) {
      const hit = this.entries.get(text);
      this.entries.delete(text); // re-inserted last: most recently used
      this.entries.set(text, hit);
      return hit && unpack(hit.size, hit.bits);
    }
    const matrix = this.compute(text);
    if (text.length <= MAX_CACHED_TEXT) {
      this.entries.set(text, matrix && { size: matrix.length, bits: pack(matrix) });
      if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    }
    return matrix;
  }

  /** Whether `matrix` equals the matrix for `text` (computed on a miss, like get); false when there is none. */
  equals(text: string, matrix: readonly (readonly boolean[])[]): boolean {
    let entry = this.entries.get(text);
    if (entry === undefined && !this.entries.has(text)) {
      const computed = this.get(text);
      return computed !== undefined && sameMatrix(computed, matrix);
    }
    this.entries.delete(text); // re-inserted last: most recently used
    this.entries.set(text, entry);
    if (entry === undefined) return false;
    const n = entry.size;
    if (matrix.length !== n) return false;
    const { bits } = entry;
    for (let y = 0; y < n; y++) {
      const row = matrix[y]!;
      if (row.length !== n) return false;
      for (let x = 0, i = y * n; x < n; x++, i++) {
        if (row[x] !== ((bits[i >> 3]! & (1 << (i & 7))) !== 0)) return false;
      }
    }
    return true;
  }
}

function sameMatrix(a: readonly (readonly boolean[])[], b: readonly (readonly boolean[])[]): boolean {
  return a.length === b.length && a.every((row, y) => row.length === b[y]!.length && row.every((v, x) => v === b[y]![x]));
}

function pack(matrix: boolean[][]): Uint8Array {
  const n = matrix.length;
  const bits = new Uint8Array(Math.ceil((n * n) / 8));
  matrix.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) bits[(y * n + x) >> 3]! |= 1 << ((y * n + x) & 7);
  }));
  return bits;
}

function unpack(n: number, bits: Uint8Array): boolean[][] {
  return Array.from({ length: n }, (_, y) => Array.from({ length: n }, (_, x) => (bits[(y * n + x) >> 3]! & (1 << ((y * n + x) & 7))) !== 0));
}

/** The process's memo: 2,048 texts, well over a chunk's 256 pages, at most ~8 MiB of bit sets. */
const QR_MATRICES = new QrMatrixCache(2048);

/** Draws the matrix as an SVG element with `id`, a white background and the quiet zone. */
export function drawQrSvg(matrix: boolean[][], id: string, label: string): Html {
  const n = matrix.length + 2 * QUIET_ZONE;
  const runs: string[] = [];
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < row.length && row[end]) end++;
      runs.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${end - x}v1h-${end - x}z`);
      x = end;
    }
  });
  const px = n * PIXELS_PER_MODULE;
  // `label` is a constant of the caller, never profile text; escaped anyway for safety of reuse.
  const aria = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return trustedHtml(
    `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" role="img" aria-label="${aria}" width="${px}" height="${px}" ` +
      `viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges">` +
      `<rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${runs.join('')}"/></svg>`,
  );
}

/**
 * Reads the module matrix back from the SVG's `viewBox` and path (the inverse of drawQrSvg,
 * quiet zone removed). Returns a reason when the markup is not in that shape.
 */
export function readQrSvg(viewBox: string, d: string): { matrix: boolean[][] } | { error: string } {
  const box = /^0 0 (\d+) \1$/.exec(viewBox);
  if (!box) return { error: 'the QR code has an unexpected viewBox' };
  const size = Number(box[1]) - 2 * QUIET_ZONE;
  if (size < 21) return { error: 'the QR code is too small to be one' };
  const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const run = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = run.exec(d)) !== null) {
    const [x, y, w, back] = [Number(m[1]) - QUIET_ZONE, Number(m[2]) - QUIET_ZONE, Number(m[3]), Number(m[4])];
    if (w !== back || y < 0 || y >= size || x < 0 || x + w > size) return { error: 'the QR code path has a module outside the code' };
    for (let i = x; i < x + w; i++) matrix[y]![i] = true;
    consumed = run.lastIndex;
  }
  if (consumed !== d.length) return { error: 'the QR code path is not made of module runs' };
  return { matrix };
}
