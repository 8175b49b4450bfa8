/**
 * Splits a stream of byte chunks into text lines, carrying a partial line across chunk boundaries,
 * so any chunk size (1 byte up to the whole file) yields the same lines. Line ends are LF or CRLF;
 * a UTF-8 BOM at the very start is dropped. Each line keeps its byte offset in the stream.
 */

/** The lines completed by one chunk: parallel arrays of text and byte offset of each line start. */
export interface LineBlock {
  texts: string[];
  offsets: number[];
  /** True where the line's bytes were not valid UTF-8 (decoded with U+FFFD replacements). */
  badUtf8: boolean[];
  /** Set on the block yielded when the byte stream failed: its one line is an unfinished tail. */
  truncatedTail?: true;
}

const LF = 0x0a;
const CR = 0x0d;
const REPLACEMENT = "\uFFFD";

function decode(buf: Buffer, start: number, end: number, block: LineBlock, offset: number): void {
  if (end > start && buf[end - 1] === CR) end--;
  let text = buf.toString("utf8", start, end);
  // The BOM is dropped at text level so that it is found whatever the chunk size.
  if (offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  block.texts.push(text);
  block.offsets.push(offset);
  block.badUtf8.push(text.includes(REPLACEMENT) && !buf.subarray(start, end).includes("\uFFFD", 0, "utf8"));
}

/**
 * Yields one {@link LineBlock} per input chunk (possibly empty). `baseOffset` is the stream's
 * byte offset in its file (the start of a byte range). The last line need not end in a newline.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, baseOffset = 0): AsyncGenerator<LineBlock> {
  let carry: Buffer | undefined;
  let carryOffset = baseOffset;
  let pos = baseOffset; // stream offset of the next chunk's first byte
  try {
    for await (const chunk of chunks) {
    const block: LineBlock = { texts: [], offsets: [], badUtf8: [] };
    let start = 0;
    let nl = chunk.indexOf(LF);
    if (carry !== undefined) {
      if (nl === -1) {
        carry = Buffer.concat([carry, chunk]);
        pos += chunk.length;
        yield block;
        continue;
      }
      // Only the carried head and this chunk's first line are copied, never the whole chunk.
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      decode(joined, 0, joined.length, block, carryOffset);
      carry = undefined;
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    while (nl !== -1) {
      decode(chunk, start, nl, block, pos + start);
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) {
      carry = Buffer.from(chunk.subarray(start));
      carryOffset = pos + start;
    }
    pos += chunk.length;
    yield block;
  }
  } catch (e) {
    // The stream broke (e.g. a truncated gzip): hand over the unfinished tail so it is counted.
    if (carry !== undefined && carry.length > 0) {
      const block: LineBlock = { texts: [], offsets: [], badUtf8: [], truncatedTail: true };
      decode(carry, 0, carry.length, block, carryOffset);
      yield block;
    }
    throw e;
  }
  if (carry !== undefined && carry.length > 0) {
    const block: LineBlock = { texts: [], offsets: [], badUtf8: [] };
    decode(carry, 0, carry.length, block, carryOffset);
    yield block;
  }
}
