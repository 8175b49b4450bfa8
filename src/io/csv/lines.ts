import { isUtf8 } from "node:buffer";

/**
 * Splits a stream of byte chunks into text lines, carrying a partial line across chunk boundaries,
 * so any chunk size (1 byte up to the whole file) yields the same lines. Line ends are LF or CRLF;
 * a UTF-8 BOM at the very start is dropped. Each line keeps its byte offset in the stream. A line
 * longer than {@link MAX_LINE_BYTES} is not kept whole (memory stays bounded on a file without line
 * ends): it is handed over as its first KiB, flagged `overlong`.
 *
 * Lines are handed to a visitor one at a time and decoded only then, so a line's string dies young
 * (a cheap scavenge) instead of a whole chunk of strings surviving into the old generation: this is
 * what keeps peak memory flat as files grow.
 */

/**
 * Receives each line: its text (without the line end), byte offset, whether its bytes were not
 * valid UTF-8, and whether it was longer than {@link MAX_LINE_BYTES} (then `text` is its first KiB).
 */
export type LineVisitor = (text: string, offset: number, badUtf8: boolean, overlong: boolean) => void;

/**
 * Offered each line's bytes `buf[start, end)` (line end removed) before it is decoded; returns true
 * when it consumed the line (then the visitor never sees it), false to have it decoded and visited.
 */
export type FastLine = (buf: Buffer, start: number, end: number, offset: number) => boolean;

/** Longest line kept whole, in bytes with its CR (a real row is ~200 bytes). */
export const MAX_LINE_BYTES = 1024 * 1024;

const KEEP = 1024;
const LF = 0x0a;
const CR = 0x0d;
const REPLACEMENT = "\uFFFD";

/** Stateful splitter: {@link push} each chunk in order, then {@link end} (or {@link endTruncated}). */
export class LineSplitter {
  /** The carried partial line: its first `kept` bytes, in a buffer grown by doubling. */
  private carry = Buffer.alloc(0);
  private kept = 0;
  /** Bytes of the carried line seen so far (only the first MAX_LINE_BYTES are kept); −1: none. */
  private carryLength = -1;
  private carryOffset: number;
  private pos: number;

  /**
   * `baseOffset`: the stream's byte offset in its file (the start of a byte range). `fast`: offered
   * every line but the file's first (which may start with a BOM) before it is decoded.
   */
  constructor(
    private readonly baseOffset = 0,
    private readonly fast?: FastLine,
  ) {
    this.carryOffset = baseOffset;
    this.pos = baseOffset;
  }

  push(chunk: Buffer, visit: LineVisitor): void {
    let start = 0;
    let nl = chunk.indexOf(LF);
    if (this.carryLength >= 0) {
      this.append(nl === -1 ? chunk : chunk.subarray(0, nl));
      if (nl === -1) {
        this.pos += chunk.length;
        return;
      }
      // Only the carried head and this chunk's first line are copied, never the whole chunk.
      this.emitCarry(visit);
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    while (nl !== -1) {
      this.emit(chunk, start, nl, this.pos + start, visit, nl - start);
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) {
      this.carryLength = 0;
      this.kept = 0;
      this.carryOffset = this.pos + start;
      this.append(chunk.subarray(start));
    }
    this.pos += chunk.length;
  }

  /** Emits the last line when the input does not end with a newline. */
  end(visit: LineVisitor): void {
    if (this.carryLength > 0) this.emitCarry(visit);
    this.carryLength = -1;
  }

  /** The stream broke (e.g. a truncated gzip): returns the unfinished tail line, if any, so it is counted. */
  endTruncated(): { text: string; offset: number } | undefined {
    const n = this.carryLength;
    this.carryLength = -1;
    return n <= 0 ? undefined : { text: this.carry.toString("utf8", 0, this.kept), offset: this.carryOffset };
  }

  private append(bytes: Buffer): void {
    this.carryLength += bytes.length;
    const take = Math.min(bytes.length, MAX_LINE_BYTES - this.kept);
    if (take <= 0) return;
    if (this.kept + take > this.carry.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(MAX_LINE_BYTES, Math.max(2 * this.carry.length, this.kept + take, 256)),
      );
      this.carry.copy(grown, 0, 0, this.kept);
      this.carry = grown;
    }
    bytes.copy(this.carry, this.kept, 0, take);
    this.kept += take;
  }

  private emitCarry(visit: LineVisitor): void {
    const n = this.carryLength;
    this.carryLength = -1;
    this.emit(this.carry, 0, this.kept, this.carryOffset, visit, n);
  }

  private emit(buf: Buffer, start: number, end: number, offset: number, visit: LineVisitor, length: number): void {
    if (length > MAX_LINE_BYTES) {
      visit(buf.toString("utf8", start, Math.min(end, start + KEEP)), offset, false, true);
      return;
    }
    if (end > start && buf[end - 1] === CR) end--;
    if (this.fast !== undefined && (offset !== 0 || this.baseOffset !== 0) && this.fast(buf, start, end, offset))
      return;
    let text = buf.toString("utf8", start, end);
    // The BOM is dropped at text level so that it is found whatever the chunk size.
    if (offset === 0 && this.baseOffset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // A U+FFFD in the text is either decoded from bad bytes or a real (valid) U+FFFD: ask the bytes.
    const bad = text.includes(REPLACEMENT) && !isUtf8(buf.subarray(start, end));
    visit(text, offset, bad, false);
  }
}
