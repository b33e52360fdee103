/**
 * uqr's automatic QR mask choice, done on typed arrays. uqr tries the eight masks on its
 * nested boolean arrays (applying, scoring and undoing each: 2–3 ms per code, about a fifth of a
 * batch's CPU, bench/RESULTS.md). Here the code is encoded once with mask 0, unmasked, and the
 * eight candidates are scored on Uint8Arrays (row-major and column-major, masks precomputed per
 * code size) with the same penalty rules (ISO/IEC 18004
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
 * uqr's getPenaltyScore over a size × size grid of 0/1, row-major; `transposed` is the same grid
 * column-major, so the column pass reads memory in order like the row pass.
 */
export function penaltyScore(grid: Uint8Array, size: number, transposed: Uint8Array = transpose(grid, size)): number {
  let result = linesPenalty(grid, size) + linesPenalty(transposed, size);
  let dark = 0;
  for (let y = 0; y < size - 1; y++) {
    for (let x = 0, i = y * size; x < size - 1; x++, i++) {
      const c = grid[i]!;
      dark += c;
      if (((c ^ grid[i + 1]!) | (c ^ grid[i + size]!) | (c ^ grid[i + size + 1]!)) === 0) result += PENALTY_N2;
    }
    dark += grid[y * size + size - 1]!;
  }
  for (let i = (size - 1) * size; i < size * size; i++) dark += grid[i]!;
  const total = size * size;
  const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
  return result + k * PENALTY_N4;
}

function transpose(grid: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let y = 0, i = 0; y < size; y++) for (let x = 0; x < size; x++, i++) out[x * size + y] = grid[i]!;
  return out;
}

/**
 * Rule 1 (runs of five or more) and rule 3 (finder-like patterns) over every row of a row-major
 * grid, as uqr counts them: a run's points are added when it ends, and the run history starts
 * with the light border (uqr's first push is run + size).
 */
function linesPenalty(g: Uint8Array, size: number): number {
  let result = 0;
  for (let base = 0, last = size * size; base < last; base += size) {
    let color = g[base]!;
    let run = 1;
    let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0; // prettier-ignore
    let first = true;
    // A dark first module ends a light run of 0: uqr pushes it as 0 + size (no pattern can match yet).
    if (color === 1) {
      h0 = size;
      first = false;
    }
    for (let i = base + 1, end = base + size; i < end; i++) {
      const c = g[i]!;
      if (c === color) {
        run++;
        continue;
      }
      if (run >= 5) result += run - 5 + PENALTY_N1;
      h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = first ? run + size : run; // prettier-ignore
      first = false;
      if (color === 0) result += finderPatterns(h0, h1, h2, h3, h4, h5, h6) * PENALTY_N3;
      color = c;
      run = 1;
    }
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
  masks: { rows: Uint8Array; columns: Uint8Array }[];
}

/** Per code size (a size is one version, so one layout of function patterns): at most 40 entries. */
const MASKS = new Map<number, SizeMasks>();

/** The masks for `size`, computed once; recomputed if a layout ever differs from the kept one. */
function masksFor(size: number, isData: Uint8Array): SizeMasks['masks'] {
  const kept = MASKS.get(size);
  if (kept && kept.isData.length === isData.length && kept.isData.every((v, i) => v === isData[i])) return kept.masks;
  const masks: SizeMasks['masks'] = [];
  for (let m = 0; m < 8; m++) {
    const rows = new Uint8Array(size * size);
    const columns = new Uint8Array(size * size);
    for (let y = 0, i = 0; y < size; y++) {
      for (let x = 0; x < size; x++, i++) rows[i] = columns[x * size + y] = isData[i] && inverts(m, x, y) ? 1 : 0;
    }
    masks.push({ rows, columns });
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
      const v = (dark[x] ? 1 : 0) ^ (data && inverts(0, x, y) ? 1 : 0);
      raw[i] = v;
      rawT[x * size + y] = v;
    }
  }
  const masks = masksFor(size, isData);
  const grid = new Uint8Array(cells);
  const gridT = new Uint8Array(cells);
  let best = 0;
  let bestPenalty = Infinity;
  for (let m = 0; m < 8; m++) {
    const { rows, columns } = masks[m]!;
    for (let i = 0; i < cells; i++) {
      grid[i] = raw[i]! ^ rows[i]!;
      gridT[i] = rawT[i]! ^ columns[i]!;
    }
    const bits = formatBits(eccBits, m);
    positions.forEach((at, bit) => {
      for (const [x, y] of at) grid[y * size + x] = gridT[x * size + y] = (bits >>> bit) & 1;
    });
    const penalty = penaltyScore(grid, size, gridT);
    if (penalty < bestPenalty) {
      best = m;
      bestPenalty = penalty;
    }
  }
  if (best === 0) return base.data;
  const bits = formatBits(eccBits, best);
  const chosen = masks[best]!.rows;
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
