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

  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Length-prefixed UTF-8: ASCII copied char by char (no encoder call), anything else through `encodeInto`. */
  string(s: string): void {
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
