// The little CBOR (RFC 8949) that Pagefind's bundle files use: definite-length arrays, integers
// and text strings, written with the shortest heads (as minicbor writes them). The reader walks
// a buffer with a cursor and can skip a whole item, so the merge copies the bytes of what it does
// not change (a page's word positions) without decoding them.

/** Thrown for bytes that are not the CBOR a Pagefind file holds. */
export class CborError extends Error {}

export class CborReader {
  constructor(readonly bytes: Buffer, public pos = 0) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** Reads an item's head of major type `major`; returns its argument (a length or a value). */
  head(major: number): number {
    const ib = this.byte();
    if (ib >> 5 !== major) throw new CborError(`expected CBOR major type ${major} at ${this.pos - 1}, got ${ib >> 5}`);
    return this.arg(ib & 31);
  }

  array(): number {
    return this.head(4);
  }

  text(): string {
    const n = this.head(3);
    if (this.pos + n > this.bytes.length) throw new CborError('CBOR text past the end');
    const s = this.bytes.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** An integer, positive or negative. */
  int(): number {
    const ib = this.byte();
    const m = ib >> 5;
    if (m !== 0 && m !== 1) throw new CborError(`expected a CBOR integer at ${this.pos - 1}`);
    const v = this.arg(ib & 31);
    return m === 0 ? v : -1 - v;
  }

  /** Any item, decoded (arrays as arrays; integers, text). */
  any(): unknown {
    const ib = this.bytes[this.pos];
    const m = ib === undefined ? -1 : ib >> 5;
    if (m === 0 || m === 1) return this.int();
    if (m === 3) return this.text();
    if (m === 4) {
      const n = this.array();
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(this.any());
      return out;
    }
    throw new CborError(`unexpected CBOR item at ${this.pos}`);
  }

  /** Skips one item (and everything in it). */
  skip(): void {
    const ib = this.byte();
    const m = ib >> 5;
    const n = this.arg(ib & 31);
    if (m === 2 || m === 3) this.pos += n;
    else if (m === 4) for (let i = 0; i < n; i++) this.skip();
    else if (m === 5) for (let i = 0; i < 2 * n; i++) this.skip();
    else if (m === 6) this.skip();
    else if (m === 7) throw new CborError('unexpected CBOR simple value');
    if (this.pos > this.bytes.length) throw new CborError('CBOR item past the end');
  }

  private byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new CborError('CBOR cut short');
    return b;
  }

  private arg(ai: number): number {
    if (ai < 24) return ai;
    const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
    if (!size) throw new CborError('CBOR: indefinite lengths are not used by Pagefind');
    if (this.pos + size > this.bytes.length) throw new CborError('CBOR cut short');
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + this.bytes[this.pos++]!;
    return v;
  }
}

/** Appends CBOR to a growing buffer. */
export class CborWriter {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private len = 0;

  head(major: number, n: number): this {
    const m = major << 5;
    if (n < 24) this.byte(m | n);
    else if (n < 0x100) this.byte(m | 24).byte(n);
    else if (n < 0x10000) this.byte(m | 25).byte(n >> 8).byte(n & 255);
    else if (n < 0x100000000) this.byte(m | 26).byte((n >>> 24) & 255).byte((n >>> 16) & 255).byte((n >>> 8) & 255).byte(n & 255);
    else {
      this.byte(m | 27);
      const hi = Math.floor(n / 0x100000000);
      const lo = n >>> 0;
      for (const v of [hi, lo]) this.byte((v >>> 24) & 255).byte((v >>> 16) & 255).byte((v >>> 8) & 255).byte(v & 255);
    }
    return this;
  }

  array(n: number): this {
    return this.head(4, n);
  }

  int(v: number): this {
    return v >= 0 ? this.head(0, v) : this.head(1, -1 - v);
  }

  text(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.head(3, b.length).raw(b);
  }

  /** Any value of what `CborReader.any` returns. */
  any(v: unknown): this {
    if (typeof v === 'number') return this.int(v);
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) {
      this.array(v.length);
      for (const x of v) this.any(x);
      return this;
    }
    throw new CborError(`cannot write ${typeof v} as CBOR`);
  }

  /** Bytes already encoded (an item copied as read). */
  raw(b: Buffer): this {
    this.room(b.length);
    b.copy(this.buf, this.len);
    this.len += b.length;
    return this;
  }

  get length(): number {
    return this.len;
  }

  /** The bytes written (a copy). */
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }

  private byte(b: number): this {
    this.room(1);
    this.buf[this.len++] = b;
    return this;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
