/**
 * Hashes of an input file's contents for the copy check (input-dedupe.ts), all read through the one
 * chunked reader (`byteChunks`: a `.gz` file decompressed): the whole bytes, or the whole *text* —
 * a leading UTF-8 byte order mark dropped and each CRLF read as LF, as the row reader reads it, so
 * that the Windows export of an extract (CRLF, often a BOM) is seen as a copy of it — and cheap keys
 * of the text's two ends. The text ends where its last non-blank line ends, without that line's line
 * end: an export without the final line end (or with blank lines after it, rows of nothing the reader
 * skips) is a copy too.
 */

import { createHash } from "node:crypto";
import { byteChunks, isGzip } from "../csv/source.js";

/** Normalised bytes compared at each end of a file's text: 64 KiB. */
export const TEXT_EDGE = 64 * 1024;

/** Read chunk of a whole-file hash. */
const HASH_CHUNK = 1024 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const CRLF = Buffer.from("\r\n");
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Runs `read`; a gzip file it cannot read (damaged: the reader reports it) gets a key of its own,
 * so it is never a copy of anything. Errors: a plain file's InputError `unreadable`.
 */
async function keyed(path: string, read: () => Promise<string>): Promise<string> {
  try {
    return await read();
  } catch (e) {
    if (isGzip(path)) return `unreadable gzip ${path}`;
    throw e;
  }
}

/**
 * `chunks` as normalised text: a leading UTF-8 byte order mark dropped (when `atStart`, the chunks
 * being the file's first bytes) and each CR followed by LF dropped (any other CR is kept). A CR
 * ending a chunk is held back until the next chunk shows what follows it, so the result does not
 * depend on where the chunks are cut; the text of a byte range is then exactly the matching part of
 * the whole file's text. A yielded buffer is valid until the next one is asked for (as byteChunks').
 */
export async function* normalisedText(chunks: AsyncIterable<Buffer>, atStart: boolean): AsyncGenerator<Buffer> {
  let held: Buffer | undefined; // a final CR, or the first bytes while they may still be a BOM
  let start = atStart;
  let scratch = Buffer.alloc(0);
  for await (const chunk of chunks) {
    let buf = held === undefined ? chunk : Buffer.concat([held, chunk]);
    held = undefined;
    if (start) {
      if (buf.length < BOM.length && BOM.subarray(0, buf.length).equals(buf)) {
        held = Buffer.from(buf);
        continue;
      }
      start = false;
      if (buf.subarray(0, BOM.length).equals(BOM)) buf = buf.subarray(BOM.length);
    }
    if (buf.length > 0 && buf[buf.length - 1] === CR) {
      held = Buffer.from(buf.subarray(buf.length - 1));
      buf = buf.subarray(0, buf.length - 1);
    }
    let i = buf.indexOf(CRLF);
    if (i < 0) {
      if (buf.length > 0) yield buf;
      continue;
    }
    if (scratch.length < buf.length) scratch = Buffer.allocUnsafe(buf.length);
    let o = 0;
    let from = 0;
    for (; i >= 0; i = buf.indexOf(CRLF, i + 2)) {
      o += buf.copy(scratch, o, from, i);
      from = i + 1; // the CR dropped, its LF kept
    }
    o += buf.copy(scratch, o, from);
    yield scratch.subarray(0, o);
  }
  if (held !== undefined) yield held;
}

/** Space, tab, LF, vertical tab, form feed or CR: what a blank line may hold (as the reader's `trim`). */
function isBlank(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= CR);
}

/**
 * Normalised `text` ({@link normalisedText}) as far as its last non-blank line, without that line's
 * line end: the blank lines at the end (empty or only spaces and tabs: the reader skips them as
 * blank lines) and the final LF are dropped, as is a final CR (the reader drops it too); the last
 * line's own trailing spaces are kept (they are part of its last field). So a text with or without
 * its final line end, or with blank lines after it, gives the same bytes. A run of blank bytes is held
 * back until more text follows it or the text ends. A yielded buffer is valid until the next one is
 * asked for.
 */
export async function* withoutEndBlankLines(text: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const held: Buffer[] = []; // blank bytes not yet known to be followed by more text
  for await (const b of text) {
    let end = b.length;
    while (end > 0 && isBlank(b[end - 1] as number)) end--;
    if (end === 0) {
      held.push(Buffer.from(b));
      continue;
    }
    for (const h of held.splice(0)) yield h;
    yield b.subarray(0, end);
    if (end < b.length) held.push(Buffer.from(b.subarray(end)));
  }
  const run = Buffer.concat(held);
  const lf = run.indexOf(LF);
  const last = lf >= 0 ? run.subarray(0, lf) : run.length > 0 && run[run.length - 1] === CR ? run.subarray(0, -1) : run;
  if (last.length > 0) yield last;
}

/** The text a copy check compares: {@link normalisedText} {@link withoutEndBlankLines}. */
function comparedText(chunks: AsyncIterable<Buffer>, atStart: boolean): AsyncGenerator<Buffer> {
  return withoutEndBlankLines(normalisedText(chunks, atStart));
}

/** Whether `text` holds a byte that is not blank. */
function hasText(text: Buffer): boolean {
  for (let i = text.length - 1; i >= 0; i--) if (!isBlank(text[i] as number)) return true;
  return false;
}

/**
 * The sha256 (hex) of a file's bytes (a `.gz` file's decompressed bytes), or with `text` of its
 * normalised text without the blank lines at its end ({@link normalisedText},
 * {@link withoutEndBlankLines}). A gzip file that does not decompress whole gets a key of its own
 * (`unreadable gzip <path>`: never a copy; the reader reports the damage). Errors: InputError
 * `unreadable` (a plain file).
 */
export function contentHash(path: string, text = false): Promise<string> {
  return keyed(path, async () => {
    const hash = createHash("sha256");
    const chunks = byteChunks(path, HASH_CHUNK);
    for await (const b of text ? comparedText(chunks, true) : chunks) hash.update(b);
    return hash.digest("hex");
  });
}

/**
 * A key of the first {@link TEXT_EDGE} bytes of a file's compared text (normalised, without the
 * blank lines at its end; all of it when shorter): reads about that much (decompressing only as
 * much of a `.gz` file). Errors as {@link contentHash}.
 */
export function textHeadKey(path: string): Promise<string> {
  return keyed(path, async () => {
    const hash = createHash("sha256");
    let n = 0;
    for await (const b of comparedText(byteChunks(path, TEXT_EDGE), true)) {
      const take = Math.min(b.length, TEXT_EDGE - n);
      hash.update(b.subarray(0, take));
      if ((n += take) >= TEXT_EDGE) break;
    }
    return hash.digest("hex");
  });
}

/**
 * A key of the last {@link TEXT_EDGE} bytes of a plain file's compared text (normalised, without the
 * blank lines at its end; all of it when shorter), from a read of its last 2 × TEXT_EDGE bytes (text
 * at least half as long: each CRLF shrinks to one byte), read further back while that window holds
 * less than TEXT_EDGE bytes of it or only blank lines (where the text ends is known only from the
 * last non-blank byte). `size`: the file's size in bytes. Not for a `.gz` file (its end is not at
 * hand without decompressing it all). Errors: InputError `unreadable`.
 */
export async function textTailKey(path: string, size: number): Promise<string> {
  for (let window = 2 * TEXT_EDGE; ; window *= 2) {
    const start = Math.max(0, size - window);
    const parts: Buffer[] = [];
    for await (const b of comparedText(byteChunks(path, 2 * TEXT_EDGE, { start, end: size }), start === 0))
      parts.push(Buffer.from(b));
    const text = Buffer.concat(parts);
    if (start === 0 || (text.length >= TEXT_EDGE && hasText(text)))
      return createHash("sha256")
        .update(text.subarray(Math.max(0, text.length - TEXT_EDGE)))
        .digest("hex");
  }
}
