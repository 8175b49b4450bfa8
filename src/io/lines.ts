/**
 * Splits a stream of byte chunks into text lines, carrying a partial line across chunk boundaries,
 * so any chunk size (1 byte up to the whole file) yields the same lines. Line ends are LF or CRLF;
 * a UTF-8 BOM at the very start is dropped. Each line keeps its byte offset in the stream.
 *
 * Lines are handed to a visitor one at a time and decoded only then, so a line's string dies young
 * (a cheap scavenge) instead of a whole chunk of strings surviving into the old generation: this is
 * what keeps peak memory flat as files grow.
 */

/** Receives each line: its text (without the line end), byte offset, and whether its bytes were valid UTF-8. */
export type LineVisitor = (text: string, offset: number, badUtf8: boolean) => void;

const LF = 0x0a;
const CR = 0x0d;
const REPLACEMENT = "\uFFFD";

/** Stateful splitter: {@link push} each chunk in order, then {@link end} (or {@link endTruncated}). */
export class LineSplitter {
  private carry: Buffer | undefined;
  private carryOffset: number;
  private pos: number;

  /** `baseOffset`: the stream's byte offset in its file (the start of a byte range). */
  constructor(private readonly baseOffset = 0) {
    this.carryOffset = baseOffset;
    this.pos = baseOffset;
  }

  push(chunk: Buffer, visit: LineVisitor): void {
    let start = 0;
    let nl = chunk.indexOf(LF);
    if (this.carry !== undefined) {
      if (nl === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        this.pos += chunk.length;
        return;
      }
      // Only the carried head and this chunk's first line are copied, never the whole chunk.
      const joined = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = undefined;
      this.emit(joined, 0, joined.length, this.carryOffset, visit);
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    while (nl !== -1) {
      this.emit(chunk, start, nl, this.pos + start, visit);
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) {
      this.carry = Buffer.from(chunk.subarray(start));
      this.carryOffset = this.pos + start;
    }
    this.pos += chunk.length;
  }

  /** Emits the last line when the input does not end with a newline. */
  end(visit: LineVisitor): void {
    const c = this.carry;
    this.carry = undefined;
    if (c !== undefined && c.length > 0) this.emit(c, 0, c.length, this.carryOffset, visit);
  }

  /** The stream broke (e.g. a truncated gzip): returns the unfinished tail line, if any, so it is counted. */
  endTruncated(): { text: string; offset: number } | undefined {
    const c = this.carry;
    this.carry = undefined;
    return c === undefined || c.length === 0 ? undefined : { text: c.toString("utf8"), offset: this.carryOffset };
  }

  private emit(buf: Buffer, start: number, end: number, offset: number, visit: LineVisitor): void {
    if (end > start && buf[end - 1] === CR) end--;
    let text = buf.toString("utf8", start, end);
    // The BOM is dropped at text level so that it is found whatever the chunk size.
    if (offset === 0 && this.baseOffset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const bad = text.includes(REPLACEMENT) && !buf.subarray(start, end).includes("\uFFFD", 0, "utf8");
    visit(text, offset, bad);
  }
}
