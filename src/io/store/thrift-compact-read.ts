/*
 * The reading half of the Thrift compact protocol, as much of it as parquet-plain-read.ts needs to
 * parse a Parquet footer and page headers (thrift-compact.ts holds the writing half). Values are
 * kept generic (numbers, bytes, lists, structs by field id); the helpers pick typed fields.
 */

/** A parsed Thrift compact value: numbers (i8–i64, bool as 0/1), bytes, lists, structs by field id. */
export type Value = number | Uint8Array | Value[] | Struct;
/** A parsed Thrift struct: its fields by id. */
export type Struct = Map<number, Value>;

/** Metadata that is not valid Thrift compact (the file is then not read by the plain reader). */
export class Malformed extends Error {}

/** A reader of Thrift compact values over `b[pos, end)`; throws Malformed past its end. */
export class Reader {
  constructor(
    private readonly b: Uint8Array,
    public pos: number,
    private readonly end: number,
  ) {}

  private byte(): number {
    if (this.pos >= this.end) throw new Malformed("metadata runs past its end");
    return this.b[this.pos++] as number;
  }

  private varint(): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const x = this.byte();
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
      scale *= 128;
    }
    throw new Malformed("varint too long");
  }

  private zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  private value(type: number): Value {
    switch (type) {
      case 1:
        return 1; // bool true (in a field header)
      case 2:
        return 0; // bool false
      case 3:
        return this.byte();
      case 4:
      case 5:
      case 6:
        return this.zigzag();
      case 7:
        this.pos += 8;
        return 0; // double: not used by the fields read here
      case 8: {
        const n = this.varint();
        if (this.pos + n > this.end) throw new Malformed("binary runs past its end");
        this.pos += n;
        return this.b.subarray(this.pos - n, this.pos);
      }
      case 9:
      case 10: {
        const h = this.byte();
        const size = h >> 4 === 15 ? this.varint() : h >> 4;
        const elem = h & 15;
        const out: Value[] = [];
        for (let i = 0; i < size; i++) out.push(elem === 1 || elem === 2 ? this.byte() : this.value(elem));
        return out;
      }
      case 11: {
        const size = this.varint();
        if (size > 0) {
          const kv = this.byte();
          for (let i = 0; i < size; i++) {
            this.value(kv >> 4);
            this.value(kv & 15);
          }
        }
        return [];
      }
      case 12:
        return this.struct();
      default:
        throw new Malformed(`unknown Thrift type ${type}`);
    }
  }

  /** The struct at the position (its fields up to the stop byte). */
  struct(): Struct {
    const s: Struct = new Map();
    let last = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) return s;
      const type = h & 15;
      const id = h >> 4 === 0 ? this.zigzag() : last + (h >> 4);
      last = id;
      s.set(id, this.value(type));
    }
  }
}

/** Field `id` of a struct when it is a number. */
export const num = (s: Struct | undefined, id: number): number | undefined => {
  const v = s?.get(id);
  return typeof v === "number" ? v : undefined;
};
/** Field `id` of a struct when it is a struct. */
export const struct = (s: Struct | undefined, id: number): Struct | undefined => {
  const v = s?.get(id);
  return v instanceof Map ? v : undefined;
};
/** Field `id` of a struct when it is a list (else empty). */
export const list = (s: Struct | undefined, id: number): Value[] => {
  const v = s?.get(id);
  return Array.isArray(v) ? v : [];
};
/** A binary value as UTF-8 text. */
export const text = (v: Value | undefined): string | undefined =>
  v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.length).toString("utf8") : undefined;
