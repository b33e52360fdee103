/**
 * uqr's automatic QR mask choice, done on typed arrays. uqr tries the eight masks on its
 * nested boolean arrays (applying, scoring and undoing each: 2–3 ms per code, about a fifth of a
 * batch's CPU, bench/RESULTS.md). Here the code is encoded once with mask 0, unmasked, and the
 * eight candidates are scored on the grid packed in 32-bit words, by rows and by columns (the
 * masks precomputed per code size), with the same penalty rules (ISO/IEC 18004
 * §8.8.2, as uqr and Nayuki's QR code generator score them), the first lowest winning as in
 * uqr, and the winner is drawn from the same arrays. test/unit/qr-mask.test.ts proves the matrices
 * equal uqr's own choice over many texts.
 */
import { encode } from 'uqr';

const PENALTY_N1 = 3;
const PENALTY_N2 = 3;
const PENALTY_N3 = 40;
const PENALTY_N4 = 10;

/** The options jabber-emm encodes with: smallest code at level L, error correction boosted. */
const OPTIONS = { ecc: 'L', boostEcc: true, border: 0 } as const;

/** Whether mask `m` inverts the module at column x, row y (ISO/IEC 18004 Table 10). */
function inverts(m: number, x: number, y: number): boolean {
  switch (m) {
    case 0:
      return (x + y) % 2 === 0;
    case 1:
      return y % 2 === 0;
    case 2:
      return x % 3 === 0;
    case 3:
      return (x + y) % 3 === 0;
    case 4:
      return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    default:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
  }
}

/** The 15 format bits for an error correction level's two bits and a mask. */
function formatBits(eccBits: number, mask: number): number {
  const data = (eccBits << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 1335);
  return ((data << 10) | rem) ^ 21522;
}

/** Where each format bit is drawn, as [x, y] pairs per bit index (uqr's drawFormatBits). */
function formatPositions(size: number): [number, number][][] {
  const at: [number, number][][] = Array.from({ length: 15 }, () => []);
  for (let i = 0; i <= 5; i++) at[i]!.push([8, i]);
  at[6]!.push([8, 7]);
  at[7]!.push([8, 8]);
  at[8]!.push([7, 8]);
  for (let i = 9; i < 15; i++) at[i]!.push([14 - i, 8]);
  for (let i = 0; i < 8; i++) at[i]!.push([size - 1 - i, 8]);
  for (let i = 8; i < 15; i++) at[i]!.push([8, size - 15 + i]);
  return at;
}

/**
 * uqr's getPenaltyScore over a size × size grid of 0/1, row-major (packed here and scored by
 * packedPenalty, as encodeQrMatrix scores its candidates).
 */
export function penaltyScore(grid: Uint8Array, size: number): number {
  const columns = new Uint8Array(size * size);
  for (let y = 0, i = 0; y < size; y++) for (let x = 0; x < size; x++, i++) columns[x * size + y] = grid[i]!;
  return packedPenalty(packLines(grid, size), packLines(columns, size), size);
}

/** 32-bit words per packed line of `size` modules. */
function wordsPerLine(size: number): number {
  return (size + 31) >>> 5;
}

/**
 * A size × size grid of 0/1 (row-major) packed as lines of wordsPerLine(size) words: module x of
 * a line is bit x & 31 of word x >> 5; bits past the end of a line are 0.
 */
function packLines(cells: Uint8Array, size: number): Int32Array {
  const w = wordsPerLine(size);
  const out = new Int32Array(size * w);
  for (let y = 0, i = 0; y < size; y++) for (let x = 0; x < size; x++, i++) if (cells[i]) out[y * w + (x >>> 5)]! |= 1 << (x & 31);
  return out;
}

/** The bits of a line's word `w` that stand for positions below `limit`. */
function bitsBelow(limit: number, w: number): number {
  const low = w * 32;
  if (limit <= low) return 0;
  if (limit >= low + 32) return -1;
  return (1 << (limit - low)) - 1;
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * uqr's getPenaltyScore on packed lines: `rows` and `columns` are the same grid packed by rows
 * and by columns. Rule 2 (2 × 2 blocks) and the dark count work on whole words; rules 1 and 3
 * visit each run once, found from the line's colour changes.
 */
function packedPenalty(rows: Int32Array, columns: Int32Array, size: number): number {
  const w = wordsPerLine(size);
  let result = linesPenalty(rows, size) + linesPenalty(columns, size);
  for (let y = 0; y + 1 < size; y++) {
    for (let k = 0; k < w; k++) {
      const i = y * w + k;
      const a = rows[i]!;
      const b = rows[i + w]!;
      // Each module beside its right-hand neighbour (a1, b1: the neighbours shifted into place).
      const a1 = (a >>> 1) | ((k + 1 < w ? rows[i + 1]! : 0) << 31);
      const b1 = (b >>> 1) | ((k + 1 < w ? rows[i + w + 1]! : 0) << 31);
      result += popcount(~((a ^ b) | (a ^ a1) | (b ^ b1)) & bitsBelow(size - 1, k)) * PENALTY_N2;
    }
  }
  let dark = 0;
  for (let i = 0; i < rows.length; i++) dark += popcount(rows[i]!);
  const total = size * size;
  const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
  return result + k * PENALTY_N4;
}

/**
 * Rule 1 (runs of five or more) and rule 3 (finder-like patterns) over every packed line, as uqr
 * counts them: a run's points are added when it ends, and the run history starts with the light
 * border (uqr's first push is run + size).
 */
function linesPenalty(lines: Int32Array, size: number): number {
  const w = wordsPerLine(size);
  let result = 0;
  for (let base = 0; base < lines.length; base += w) {
    let color = lines[base]! & 1;
    let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0; // prettier-ignore
    let first = true;
    // A dark first module ends a light run of 0: uqr pushes it as 0 + size (no pattern can match yet).
    if (color === 1) {
      h0 = size;
      first = false;
    }
    let start = 0;
    for (let k = 0; k < w; k++) {
      const a = lines[base + k]!;
      // Bit p set: module p differs from module p + 1, so a run ends at p.
      let ends = (a ^ ((a >>> 1) | ((k + 1 < w ? lines[base + k + 1]! : 0) << 31))) & bitsBelow(size - 1, k);
      while (ends !== 0) {
        const lowest = ends & -ends;
        ends ^= lowest;
        const p = k * 32 + 31 - Math.clz32(lowest);
        const run = p + 1 - start;
        if (run >= 5) result += run - 5 + PENALTY_N1;
        h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = first ? run + size : run; // prettier-ignore
        first = false;
        if (color === 0) result += finderPatterns(h0, h1, h2, h3, h4, h5, h6) * PENALTY_N3;
        color ^= 1;
        start = p + 1;
      }
    }
    let run = size - start;
    if (run >= 5) result += run - 5 + PENALTY_N1;
    // finderPenaltyTerminateAndCount(color, run)
    if (color === 1) {
      h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = first ? run + size : run; // prettier-ignore
      first = false;
      run = 0;
    }
    run += size;
    h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = first ? run + size : run; // prettier-ignore
    result += finderPatterns(h0, h1, h2, h3, h4, h5, h6) * PENALTY_N3;
  }
  return result;
}

/** uqr's finderPenaltyCountPatterns: 0, 1 or 2 finder-like patterns ending at this run. */
function finderPatterns(h0: number, h1: number, h2: number, h3: number, h4: number, h5: number, h6: number): number {
  const n = h1;
  const core = n > 0 && h2 === n && h3 === n * 3 && h4 === n && h5 === n;
  return (core && h0 >= n * 4 && h6 >= n ? 1 : 0) + (core && h6 >= n * 4 && h0 >= n ? 1 : 0);
}

/** The eight masks restricted to data modules, row-major and column-major, for one code size. */
interface SizeMasks {
  isData: Uint8Array;
  /** Per mask: row-major 0/1 (to draw the winner), and packed by rows and by columns (to score). */
  masks: { cells: Uint8Array; rows: Int32Array; columns: Int32Array }[];
}

/** Per code size (a size is one version, so one layout of function patterns): at most 40 entries. */
const MASKS = new Map<number, SizeMasks>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The masks for `size`, computed once; recomputed if a layout ever differs from the kept one. */
function masksFor(size: number, isData: Uint8Array): SizeMasks['masks'] {
  const kept = MASKS.get(size);
  if (kept && sameBytes(kept.isData, isData)) return kept.masks;
  const masks: SizeMasks['masks'] = [];
  for (let m = 0; m < 8; m++) {
    const cells = new Uint8Array(size * size);
    const columns = new Uint8Array(size * size);
    for (let y = 0, i = 0; y < size; y++) {
      for (let x = 0; x < size; x++, i++) cells[i] = columns[x * size + y] = isData[i] && inverts(m, x, y) ? 1 : 0;
    }
    masks.push({ cells, rows: packLines(cells, size), columns: packLines(columns, size) });
  }
  MASKS.set(size, { isData: isData.slice(), masks });
  return masks;
}

/**
 * The module matrix (true = dark, no quiet zone) uqr gives `text` with automatic masking, or
 * undefined when the text does not fit in a QR code.
 */
export function encodeQrMatrix(text: string): boolean[][] | undefined {
  let base: ReturnType<typeof encode>;
  try {
    base = encode(text, { ...OPTIONS, maskPattern: 0 });
  } catch {
    return undefined; // uqr throws "Data too long"
  }
  const size = base.size;
  const positions = formatPositions(size);
  // The error correction level uqr settled on, read back from the format bits it drew for mask 0.
  let drawn = 0;
  positions.forEach((at, bit) => {
    const [x, y] = at[0]!;
    if (base.data[y]![x]) drawn |= 1 << bit;
  });
  const eccBits = ((drawn ^ 21522) >>> 13) & 3;
  // Unmasked modules (row-major and column-major), and which modules a mask applies to (data,
  // not function patterns).
  const cells = size * size;
  const raw = new Uint8Array(cells);
  const rawT = new Uint8Array(cells);
  const isData = new Uint8Array(cells);
  for (let y = 0, i = 0; y < size; y++) {
    const dark = base.data[y]!;
    const types = base.types[y]!;
    for (let x = 0; x < size; x++, i++) {
      const data = types[x] === 0;
      isData[i] = data ? 1 : 0;
      const v = (dark[x] ? 1 : 0) ^ (data && ((x + y) & 1) === 0 ? 1 : 0); // undo mask 0
      raw[i] = v;
      rawT[x * size + y] = v;
    }
  }
  const masks = masksFor(size, isData);
  const rawRows = packLines(raw, size);
  const rawColumns = packLines(rawT, size);
  const w = wordsPerLine(size);
  const rows = new Int32Array(rawRows.length);
  const columns = new Int32Array(rawColumns.length);
  let best = 0;
  let bestPenalty = Infinity;
  for (let m = 0; m < 8; m++) {
    const mask = masks[m]!;
    for (let i = 0; i < rows.length; i++) {
      rows[i] = rawRows[i]! ^ mask.rows[i]!;
      columns[i] = rawColumns[i]! ^ mask.columns[i]!;
    }
    const bits = formatBits(eccBits, m);
    positions.forEach((at, bit) => {
      const on = ((bits >>> bit) & 1) === 1;
      for (const [x, y] of at) {
        const r = y * w + (x >>> 5);
        const c = x * w + (y >>> 5);
        if (on) {
          rows[r]! |= 1 << (x & 31);
          columns[c]! |= 1 << (y & 31);
        } else {
          rows[r]! &= ~(1 << (x & 31));
          columns[c]! &= ~(1 << (y & 31));
        }
      }
    });
    const penalty = packedPenalty(rows, columns, size);
    if (penalty < bestPenalty) {
      best = m;
      bestPenalty = penalty;
    }
  }
  if (best === 0) return base.data;
  const bits = formatBits(eccBits, best);
  const chosen = masks[best]!.cells;
  const out: boolean[][] = [];
  for (let y = 0, i = 0; y < size; y++) {
    const row = new Array<boolean>(size);
    for (let x = 0; x < size; x++, i++) row[x] = (raw[i]! ^ chosen[i]!) === 1;
    out.push(row);
  }
  positions.forEach((at, bit) => {
    for (const [x, y] of at) out[y]![x] = ((bits >>> bit) & 1) === 1;
  });
  return out;
}
