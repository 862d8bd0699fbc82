/**
 * Snappy compression, byte for byte what hyparquet-writer's `snappyCompress` (snappyjs's
 * algorithm: the whole input as one block, a hash table of at most 2^14 entries, copies of at most
 * 64 KiB back) writes — the Parquet files must stay identical — but into one output buffer sized
 * once for the worst case (Snappy's `MaxCompressedLength`) and reused from page to page, with
 * plain array stores instead of a `DataView` call and a capacity check per emitted byte.
 * The result is a view on that buffer: valid until the next call (the writer copies it into the
 * file at once).
 */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const size = input.length;
  // Snappy's bound: 32 + n + n/6 (a literal tag every 60 bytes at worst), plus the length varint.
  const bound = 32 + size + Math.ceil(size / 6) + 5;
  if (output.length < bound) output = new Uint8Array(Math.max(bound, output.length * 2));
  const out = output;
  let op = 0;
  for (let v = size; ; v >>>= 7) {
    if (v < 0x80) {
      out[op++] = v;
      break;
    }
    out[op++] = (v & 0x7f) | 0x80;
  }
  op = compressBlock(input, out, op);
  return out.subarray(0, op);
}

const MAX_HASH_TABLE_BITS = 14;
const MAX_OFFSET = 0xffff;
const INPUT_MARGIN = 15;

let output = new Uint8Array(1 << 16);
const hashTables: Uint32Array[] = [];

/** The 4 bytes at `p` as a little-endian int32 (the reference's `load32`: the same value, so the same hashes). */
function load32(a: Uint8Array, p: number): number {
  return a[p]! | (a[p + 1]! << 8) | (a[p + 2]! << 16) | (a[p + 3]! << 24);
}

function compressBlock(input: Uint8Array, out: Uint8Array, op: number): number {
  const ipEnd = input.length;
  let bits = 1;
  while (1 << bits <= ipEnd && bits <= MAX_HASH_TABLE_BITS) bits++;
  bits--;
  const shift = 32 - bits;
  const table = (hashTables[bits] ??= new Uint32Array(1 << bits));
  table.fill(0);
  let nextEmit = 0;
  if (ipEnd >= INPUT_MARGIN) {
    const ipLimit = ipEnd - INPUT_MARGIN;
    let ip = 1;
    let nextHash = Math.imul(load32(input, ip), 0x1e35a7bd) >>> shift;
    outer: for (;;) {
      // Look for a match, skipping faster the longer none is found (the reference's heuristic).
      let skip = 32;
      let nextIp = ip;
      let candidate: number;
      for (;;) {
        ip = nextIp;
        const hash = nextHash;
        nextIp = ip + (skip >>> 5);
        skip++;
        if (ip > ipLimit) break outer;
        // Past the end the reference reads `undefined` (NaN, hash 0); only a search that stops next reads there.
        nextHash = nextIp < ipEnd ? Math.imul(load32(input, nextIp), 0x1e35a7bd) >>> shift : 0;
        candidate = table[hash]!;
        table[hash] = ip;
        if (ip - candidate <= MAX_OFFSET && load32(input, ip) === load32(input, candidate)) break;
      }
      op = emitLiteral(out, op, input, nextEmit, ip - nextEmit);
      // Copies for as long as the position after one matches again.
      for (;;) {
        const base = ip;
        let matched = 4;
        while (ip + matched < ipEnd && input[ip + matched] === input[candidate + matched]) matched++;
        ip += matched;
        op = emitCopy(out, op, base - candidate, matched);
        nextEmit = ip;
        if (ip >= ipLimit) break outer;
        table[Math.imul(load32(input, ip - 1), 0x1e35a7bd) >>> shift] = ip - 1;
        const hash = Math.imul(load32(input, ip), 0x1e35a7bd) >>> shift;
        candidate = table[hash]!;
        table[hash] = ip;
        if (!(ip - candidate <= MAX_OFFSET && load32(input, ip) === load32(input, candidate))) break;
      }
      ip++;
      nextHash = Math.imul(load32(input, ip), 0x1e35a7bd) >>> shift;
    }
  }
  if (nextEmit < ipEnd) op = emitLiteral(out, op, input, nextEmit, ipEnd - nextEmit);
  return op;
}

function emitLiteral(out: Uint8Array, op: number, input: Uint8Array, ip: number, len: number): number {
  if (len <= 60) out[op++] = (len - 1) << 2;
  else {
    const value = len - 1;
    const bytes = value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x1000000 ? 3 : 4;
    out[op++] = (59 + bytes) << 2;
    for (let i = 0; i < bytes; i++) out[op++] = (value >>> (i * 8)) & 0xff;
  }
  // Short literals (most, between copies) byte by byte: a `set` costs more than it copies.
  if (len < 32) for (let i = 0; i < len; i++) out[op + i] = input[ip + i]!;
  else out.set(input.subarray(ip, ip + len), op);
  return op + len;
}

function emitCopy(out: Uint8Array, op: number, offset: number, len: number): number {
  while (len >= 68) {
    op = emitCopyUpTo64(out, op, offset, 64);
    len -= 64;
  }
  if (len > 64) {
    op = emitCopyUpTo64(out, op, offset, 60);
    len -= 60;
  }
  return emitCopyUpTo64(out, op, offset, len);
}

function emitCopyUpTo64(out: Uint8Array, op: number, offset: number, len: number): number {
  if (len < 12 && offset < 2048) {
    out[op++] = 1 + ((len - 4) << 2) + ((offset >>> 8) << 5);
    out[op++] = offset & 0xff;
  } else {
    out[op++] = 2 + ((len - 1) << 2);
    out[op++] = offset & 0xff;
    out[op++] = (offset >>> 8) & 0xff;
  }
  return op;
}
