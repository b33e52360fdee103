/**
 * Reads binary property lists (`bplist00`, what plutil and Apple Configurator write) into the same
 * values as the XML reader (plist-reader.ts plistValue): string, number (bigint past 2^53),
 * boolean, Date, Uint8Array, array, Map for a dict.
 *
 * Our own reader rather than a package: the two maintained ones checked (bplist-parser 0.5.0 and
 * plist 5.0.0's parseBinary) follow object references without a cycle check (a dict that holds
 * itself recurses until the stack overflows) or a budget (shared references expand
 * exponentially), build dicts as plain objects (a `__proto__` key sets the prototype), and read
 * past the end of a truncated file; bplist-parser also writes to the console. Files here come
 * from admins and consoles, so every offset is bounds-checked, a reference cycle or a file that
 * expands past a budget is a problem, not a hang, and the reader never throws. Format: Apple's
 * CFBinaryPList.c comment block (header "bplist00", objects, offset table, 32-byte trailer).
 */

/** A problem found while reading, at a byte offset of the file. */
export interface BplistProblem {
  offset: number;
  message: string;
}

/** One key of the top-level dict, with the byte offsets of its key and value objects. */
export interface BplistKey {
  key: string;
  offset: number;
  value: unknown;
}

/** What readBinaryPlist found. */
export interface BplistRead {
  /** The top object, undefined when the file could not be read. */
  value?: unknown;
  /** The top-level dict's keys in file order, when the top object is a dict. */
  keys?: BplistKey[];
  /** Name of the top object's type (`dict`, `array`, `string`, ...). */
  type?: string;
  problems: BplistProblem[];
}

/** The magic a binary plist starts with (version 00: the only one Apple's tools write for plists). */
export const BPLIST_MAGIC = 'bplist00';

/** Most object visits per file: far above any configuration, far below a shared-reference bomb. */
const MAX_VISITS = 200_000;
/** Deepest nesting followed. */
const MAX_DEPTH = 512;
/** Seconds between 1970-01-01 and 2001-01-01, CFAbsoluteTime's epoch. */
const EPOCH_2001 = 978307200;

class ReadError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a binary plist; never throws. */
export function readBinaryPlist(bytes: Uint8Array): BplistRead {
  const problems: BplistProblem[] = [];
  try {
    return { ...read(bytes, problems), problems };
  } catch (e) {
    if (e instanceof ReadError) problems.push({ offset: e.offset, message: e.message });
    else problems.push({ offset: 0, message: `cannot be read: ${(e as Error).message}` });
    return { problems };
  }
}

function read(bytes: Uint8Array, problems: BplistProblem[]): Omit<BplistRead, 'problems'> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.byteLength;
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== BPLIST_MAGIC) {
    throw new ReadError(0, magic.startsWith('bplist') ? `is a binary property list of version "${magic.slice(6)}", not 00, which Apple's tools write for property lists` : 'does not start with "bplist00"');
  }
  if (len < 8 + 32) throw new ReadError(len, 'is too short to hold the 32-byte trailer');
  const t = len - 32;
  const offsetSize = view.getUint8(t + 6);
  const refSize = view.getUint8(t + 7);
  const numObjects = uint(view, t + 8, 8, len);
  const topObject = uint(view, t + 16, 8, len);
  const tableOffset = uint(view, t + 24, 8, len);
  if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8) throw new ReadError(t + 6, 'has a trailer with an offset or reference size outside 1-8 bytes');
  if (numObjects < 1 || topObject >= numObjects) throw new ReadError(t + 8, 'has a trailer whose object count or top object is out of range');
  if (tableOffset < 8 || tableOffset + numObjects * offsetSize > t) throw new ReadError(t + 24, 'has an offset table outside the file');
  const offsets: number[] = [];
  for (let i = 0; i < numObjects; i++) {
    const o = uint(view, tableOffset + i * offsetSize, offsetSize, len);
    if (o < 8 || o >= tableOffset) throw new ReadError(tableOffset + i * offsetSize, `says object ${i} starts outside the object area`);
    offsets.push(o);
  }

  let visits = 0;
  const inProgress = new Set<number>();

  /** Marker's count: the low nibble, or an int object after it when the nibble is 0xF. */
  function count(offset: number, nibble: number): { n: number; start: number } {
    if (nibble !== 0xf) return { n: nibble, start: offset + 1 };
    const marker = byte(offset + 1);
    if (marker >> 4 !== 0x1) throw new ReadError(offset + 1, 'has a length that is not an integer object');
    const size = 1 << (marker & 0xf);
    if (size > 8) throw new ReadError(offset + 1, 'has a length wider than 8 bytes');
    return { n: uint(view, offset + 2, size, len), start: offset + 2 + size };
  }

  function byte(offset: number): number {
    if (offset < 0 || offset >= len) throw new ReadError(offset, 'ends in the middle of an object');
    return view.getUint8(offset);
  }

  function need(start: number, bytesNeeded: number): void {
    if (start + bytesNeeded > tableOffset) throw new ReadError(start, 'has an object that runs past the object area');
  }

  function ref(at: number): number {
    const r = uint(view, at, refSize, len);
    if (r >= numObjects) throw new ReadError(at, `refers to object ${r}, but the file has ${numObjects}`);
    return r;
  }

  function object(index: number, depth: number): { value: unknown; type: string } {
    if (++visits > MAX_VISITS) throw new ReadError(offsets[index]!, `expands to more than ${MAX_VISITS} objects (shared references repeated); it is not read`);
    if (depth > MAX_DEPTH) throw new ReadError(offsets[index]!, `nests deeper than ${MAX_DEPTH} levels`);
    if (inProgress.has(index)) throw new ReadError(offsets[index]!, 'holds itself (a reference cycle), which a property list cannot');
    const offset = offsets[index]!;
    const marker = byte(offset);
    const kind = marker >> 4;
    const nibble = marker & 0xf;
    switch (kind) {
      case 0x0:
        if (marker === 0x08) return { value: false, type: 'boolean' };
        if (marker === 0x09) return { value: true, type: 'boolean' };
        problems.push({ offset, message: marker === 0x00 ? 'holds a null, which property lists do not have; it is read as nothing' : `holds an unknown object (marker 0x${marker.toString(16)})` });
        return { value: undefined, type: 'null' };
      case 0x1: {
        const size = 1 << nibble;
        if (size > 16) throw new ReadError(offset, 'has an integer wider than 16 bytes');
        need(offset + 1, size);
        let v = 0n;
        for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(byte(offset + 1 + i));
        // 1, 2 and 4-byte integers are unsigned; 8 and 16-byte ones two's complement (CFBinaryPList.c).
        if (size >= 8 && v >> BigInt(size * 8 - 1) === 1n) v -= 1n << BigInt(size * 8);
        const safe = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
        return { value: safe ? Number(v) : v, type: 'integer' };
      }
      case 0x2: {
        const size = 1 << nibble;
        need(offset + 1, size);
        if (size === 4) return { value: view.getFloat32(offset + 1), type: 'real' };
        if (size === 8) return { value: view.getFloat64(offset + 1), type: 'real' };
        throw new ReadError(offset, `has a real of ${size} bytes (4 or 8 allowed)`);
      }
      case 0x3:
        if (marker !== 0x33) throw new ReadError(offset, 'has a date that is not 8 bytes');
        need(offset + 1, 8);
        return { value: new Date((view.getFloat64(offset + 1) + EPOCH_2001) * 1000), type: 'date' };
      case 0x4: {
        const { n, start } = count(offset, nibble);
        need(start, n);
        return { value: bytes.slice(start, start + n), type: 'data' };
      }
      case 0x5: {
        const { n, start } = count(offset, nibble);
        need(start, n);
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(byte(start + i));
        return { value: s, type: 'string' };
      }
      case 0x6: {
        const { n, start } = count(offset, nibble);
        need(start, n * 2);
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(view.getUint16(start + i * 2));
        return { value: s, type: 'string' };
      }
      case 0x8:
        problems.push({ offset, message: 'holds a UID (a keyed-archiver reference), which a configuration cannot; it is read as nothing' });
        return { value: undefined, type: 'uid' };
      case 0xa:
      case 0xc: {
        const { n, start } = count(offset, nibble);
        need(start, n * refSize);
        if (kind === 0xc) problems.push({ offset, message: 'holds a set, which XML property lists do not have; it is read as an array' });
        inProgress.add(index);
        const items: unknown[] = [];
        for (let i = 0; i < n; i++) items.push(object(ref(start + i * refSize), depth + 1).value);
        inProgress.delete(index);
        return { value: items, type: 'array' };
      }
      case 0xd: {
        const { n, start } = count(offset, nibble);
        need(start, n * 2 * refSize);
        inProgress.add(index);
        const map = new Map<string, unknown>();
        const keys: BplistKey[] = [];
        for (let i = 0; i < n; i++) {
          const keyIndex = ref(start + i * refSize);
          const key = object(keyIndex, depth + 1);
          if (typeof key.value !== 'string') throw new ReadError(offsets[keyIndex]!, `has a dict key that is a ${key.type}, not a string`);
          const value = object(ref(start + (n + i) * refSize), depth + 1).value;
          if (map.has(key.value)) problems.push({ offset: offsets[keyIndex]!, message: `has the key "${key.value}" twice in one dict; the last value is read` });
          map.set(key.value, value);
          keys.push({ key: key.value, offset: offsets[keyIndex]!, value });
        }
        inProgress.delete(index);
        if (depth === 0) topKeys = keys;
        return { value: map, type: 'dict' };
      }
      default:
        throw new ReadError(offset, `holds an object of unknown type (marker 0x${marker.toString(16)})`);
    }
  }

  let topKeys: BplistKey[] | undefined;
  const top = object(topObject, 0);
  return { value: top.value, type: top.type, ...(topKeys ? { keys: topKeys } : {}) };
}

/** An unsigned big-endian integer of 1-8 bytes at `offset`, bounds-checked. */
function uint(view: DataView, offset: number, size: number, len: number): number {
  if (offset < 0 || offset + size > len) throw new ReadError(offset, 'ends in the middle of a number');
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + view.getUint8(offset + i);
  if (!Number.isSafeInteger(v)) throw new ReadError(offset, 'has an offset or count too large to be real');
  return v;
}
