const encoder = new TextEncoder();

/** A growable byte buffer for one page, reused from chunk to chunk (encoding is synchronous). */
export class PageBuffer {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  reset(): this {
    this.length = 0;
    return this;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(v: number): void {
    this.ensure(1);
    this.buffer[this.length++] = v;
  }

  /** An unsigned LEB128 varint, as hyparquet-writer's `appendVarInt`. */
  varint(v: number): void {
    this.ensure(5);
    while ((v & ~0x7f) !== 0) {
      this.buffer[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.length++] = v;
  }

  /**
   * Parquet's RLE / bit-packed hybrid, byte for byte as hyparquet-writer's
   * `writeRleBitPackedHybrid` writes it (runs of 8 or more equal values as RLE, the rest in groups
   * of 8 bit-packed), but into this buffer instead of one `DataView` call per byte.
   */
  rleBitPacked(values: ArrayLike<number>, bitWidth: number): void {
    let groups = 0;
    let groupsStart = 0;
    let i = 0;
    while (i < values.length) {
      const first = values[i]!;
      let run = 1;
      while (i + run < values.length && values[i + run] === first) run++;
      if (run >= 8) {
        if (groups > 0) this.bitPacked(values, groupsStart, groups, bitWidth);
        groups = 0;
        this.varint(run << 1);
        const width = (bitWidth + 7) >> 3;
        this.ensure(width);
        for (let j = 0; j < width; j++) this.buffer[this.length++] = (first >> (j << 3)) & 0xff;
        i += run;
      } else {
        if (groups === 0) groupsStart = i;
        groups++;
        i += 8;
      }
    }
    if (groups > 0) this.bitPacked(values, groupsStart, groups, bitWidth);
  }

  private bitPacked(values: ArrayLike<number>, start: number, groups: number, bitWidth: number): void {
    this.varint((groups << 1) | 1);
    if (bitWidth === 0) return;
    this.ensure(groups * bitWidth + 1);
    const mask = (1 << bitWidth) - 1;
    const buffer = this.buffer;
    let length = this.length;
    let bits = 0;
    let used = 0;
    const end = start + groups * 8;
    for (let idx = start; idx < end; idx++) {
      const v = idx < values.length ? values[idx]! & mask : 0;
      bits |= v << used;
      used += bitWidth;
      while (used >= 8) {
        buffer[length++] = bits & 0xff;
        bits >>>= 8;
        used -= 8;
      }
    }
    if (used > 0) buffer[length++] = bits & 0xff;
    this.length = length;
  }

  /** Length-prefixed UTF-8: ASCII copied char by char (no encoder call), anything else through `encodeInto`. True when `s` was ASCII. */
  string(s: string): boolean {
    this.ensure(4 + s.length * 3);
    const start = this.length + 4;
    const buffer = this.buffer;
    let i = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buffer[start + i] = c;
    }
    let written = i;
    if (i < s.length) written += encoder.encodeInto(s.slice(i), buffer.subarray(start + i)).written;
    this.view.setUint32(this.length, written, true);
    this.length = start + written;
    return i === s.length;
  }

  int32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }

  float64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  /** A safe integer as two 32-bit halves (no BigInt), or a bigint. */
  int64(v: number | bigint): void {
    this.ensure(8);
    if (typeof v === 'bigint') this.view.setBigInt64(this.length, v, true);
    else {
      const high = Math.floor(v / 4294967296);
      this.view.setUint32(this.length, v - high * 4294967296, true);
      this.view.setInt32(this.length + 4, high, true);
    }
    this.length += 8;
  }
}
