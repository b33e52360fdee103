/**
 * uqr's automatic QR mask choice, done on typed arrays. uqr tries the eight masks on its
 * nested boolean arrays (applying, scoring and undoing each: 2–3 ms per code, about a fifth of a
 * batch's CPU, bench/RESULTS.md). Here the code is encoded once with mask 0, unmasked, and the
 * eight candidates are scored on one Uint8Array with the same penalty rules (ISO/IEC 18004
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

/** uqr's getPenaltyScore over a size × size grid of 0/1 (run history kept in locals, h0 newest). */
export function penaltyScore(grid: Uint8Array, size: number): number {
  let result = 0;
  for (let pass = 0; pass < 2; pass++) {
    // pass 0: rows (step 1 along a line), pass 1: columns (step size)
    const along = pass === 0 ? 1 : size;
    const across = pass === 0 ? size : 1;
    for (let line = 0; line < size; line++) {
      let color = 0;
      let run = 0;
      let h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0; // prettier-ignore
      for (let k = 0, i = line * across; k < size; k++, i += along) {
        if (grid[i] === color) {
          run++;
          if (run === 5) result += PENALTY_N1;
          else if (run > 5) result++;
        } else {
          // finderPenaltyAddHistory(run)
          h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = h1 === 0 ? run + size : run; // prettier-ignore
          if (!color) result += finderPatterns(h0, h1, h2, h3, h4, h5, h6) * PENALTY_N3;
          color = grid[i]!;
          run = 1;
        }
      }
      // finderPenaltyTerminateAndCount(color, run)
      if (color) {
        h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = h1 === 0 ? run + size : run; // prettier-ignore
        run = 0;
      }
      run += size;
      h6 = h5; h5 = h4; h4 = h3; h3 = h2; h2 = h1; h1 = h0; h0 = h1 === 0 ? run + size : run; // prettier-ignore
      result += finderPatterns(h0, h1, h2, h3, h4, h5, h6) * PENALTY_N3;
    }
  }
  for (let y = 0; y < size - 1; y++) {
    for (let x = 0, i = y * size; x < size - 1; x++, i++) {
      const c = grid[i];
      if (c === grid[i + 1] && c === grid[i + size] && c === grid[i + size + 1]) result += PENALTY_N2;
    }
  }
  let dark = 0;
  for (let i = 0; i < grid.length; i++) dark += grid[i]!;
  const total = size * size;
  const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
  return result + k * PENALTY_N4;
}

/** uqr's finderPenaltyCountPatterns: 0, 1 or 2 finder-like patterns ending at this run. */
function finderPatterns(h0: number, h1: number, h2: number, h3: number, h4: number, h5: number, h6: number): number {
  const n = h1;
  const core = n > 0 && h2 === n && h3 === n * 3 && h4 === n && h5 === n;
  return (core && h0 >= n * 4 && h6 >= n ? 1 : 0) + (core && h6 >= n * 4 && h0 >= n ? 1 : 0);
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
  // Unmasked modules, and which modules a mask applies to (data, not function patterns).
  const raw = new Uint8Array(size * size);
  const isData = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const data = base.types[y]![x] === 0;
      isData[i] = data ? 1 : 0;
      raw[i] = (base.data[y]![x] ? 1 : 0) ^ (data && inverts(0, x, y) ? 1 : 0);
    }
  }
  const grid = new Uint8Array(size * size);
  let best = 0;
  let bestPenalty = Infinity;
  for (let m = 0; m < 8; m++) {
    for (let y = 0, i = 0; y < size; y++) {
      for (let x = 0; x < size; x++, i++) grid[i] = isData[i] && inverts(m, x, y) ? raw[i]! ^ 1 : raw[i]!;
    }
    const bits = formatBits(eccBits, m);
    positions.forEach((at, bit) => {
      for (const [x, y] of at) grid[y * size + x] = (bits >>> bit) & 1;
    });
    const penalty = penaltyScore(grid, size);
    if (penalty < bestPenalty) {
      best = m;
      bestPenalty = penalty;
    }
  }
  if (best === 0) return base.data;
  const bits = formatBits(eccBits, best);
  const out: boolean[][] = [];
  for (let y = 0, i = 0; y < size; y++) {
    const row = new Array<boolean>(size);
    for (let x = 0; x < size; x++, i++) row[x] = (isData[i] && inverts(best, x, y) ? raw[i]! ^ 1 : raw[i]!) === 1;
    out.push(row);
  }
  positions.forEach((at, bit) => {
    for (const [x, y] of at) out[y]![x] = ((bits >>> bit) & 1) === 1;
  });
  return out;
}
