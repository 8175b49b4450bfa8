/*
 * The writing half of the Thrift compact protocol (parquet-format's parquet.thrift is Thrift), as
 * much of it as the store's Parquet footer and page headers need: i32/i64 (zigzag varints),
 * binary, lists of i32, strings and structs, nested structs. parquet-plain-read.ts holds the
 * reading half.
 */

// Thrift compact protocol type ids.
const T_I32 = 5;
const T_I64 = 6;
const T_BINARY = 8;
const T_LIST = 9;
const T_STRUCT = 12;

/** A growable byte buffer speaking the Thrift compact protocol (enough of it for Parquet metadata). */
export class Compact {
  private buf = new Uint8Array(1024);
  length = 0;
  private last: number[] = [0];

  private byte(b: number): void {
    if (this.length === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = b;
  }

  /** Unsigned varint of a non-negative safe integer (no 32-bit shifts: values may exceed 2^31). */
  private varint(v: number): void {
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  private zigzag(v: number): void {
    this.varint(v >= 0 ? 2 * v : -2 * v - 1);
  }

  private field(id: number, type: number): void {
    const delta = id - (this.last[this.last.length - 1] as number);
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }

  /** Field `id`: an i32. */
  i32(id: number, v: number): this {
    this.field(id, T_I32);
    this.zigzag(v);
    return this;
  }

  /** Field `id`: an i64 (a safe integer). */
  i64(id: number, v: number): this {
    this.field(id, T_I64);
    this.zigzag(v);
    return this;
  }

  /** Field `id`: a string, as UTF-8 binary. */
  binary(id: number, s: string): this {
    this.field(id, T_BINARY);
    this.text(s);
    return this;
  }

  private text(s: string): void {
    const b = Buffer.from(s, "utf8");
    this.varint(b.length);
    for (const x of b) this.byte(x);
  }

  private listHeader(id: number, size: number, elem: number): void {
    this.field(id, T_LIST);
    if (size < 15) this.byte((size << 4) | elem);
    else {
      this.byte(0xf0 | elem);
      this.varint(size);
    }
  }

  /** Field `id`: a list of i32. */
  i32List(id: number, vs: readonly number[]): this {
    this.listHeader(id, vs.length, T_I32);
    for (const v of vs) this.zigzag(v);
    return this;
  }

  /** Field `id`: a list of strings. */
  stringList(id: number, vs: readonly string[]): this {
    this.listHeader(id, vs.length, T_BINARY);
    for (const v of vs) this.text(v);
    return this;
  }

  /** A struct field: `body` writes its fields. */
  struct(id: number, body: (w: this) => void): this {
    this.field(id, T_STRUCT);
    this.inStruct(body);
    return this;
  }

  /** A list of structs. */
  structList<T>(id: number, items: readonly T[], body: (w: this, item: T) => void): this {
    this.listHeader(id, items.length, T_STRUCT);
    for (const item of items) this.inStruct((w) => body(w, item));
    return this;
  }

  /** A top-level struct (a message): its fields, then the stop byte. */
  inStruct(body: (w: this) => void): this {
    this.last.push(0);
    body(this);
    this.byte(0);
    this.last.pop();
    return this;
  }

  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
