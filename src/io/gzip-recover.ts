/*
 * The gzip side of byteChunks (source.ts): a gzip file read member by member (a concatenation of
 * gzip files is one stream), with damage found and reported after every byte before it was yielded.
 *
 * Measured factor over `zlib.createGunzip` on a file stream (`node bench/codecs.mjs`, both in one
 * process, 47 and 157 MB of order CSV, 7 runs; bench/README.md): 0.75–1.06×, no gain in
 * speed (under issue 15's 1.3×). What it adds is the damage handling above, which createGunzip
 * does not give; kept for that, not for speed.
 */
import type { FileHandle } from "node:fs/promises";
import * as zlib from "node:zlib";
import { InputError } from "../model/errors.js";
import { MIN_READ, openFile, readAt, slices, type ChunkProgress } from "./file-read.js";

// Compressed bytes fed to inflate per step and its output buffer. Both are constants, never derived
// from the caller's chunk size: where zlib stops on damage then depends on the file alone, so every
// chunk size recovers the same bytes (and rows) before the damage.
const GZ_IN = 256 * 1024;
const GZ_OUT = 1024 * 1024;
/** Step of the second pass over a damaged piece (the third goes byte by byte over the failed step). */
const FINE = 64;
// zlib.crc32 exists from Node 20.15; on older versions only the member size is checked.
const crc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

/**
 * Length of the gzip member header at the start of `b` (RFC 1952: magic, method 8, flags with
 * optional extra field, name, comment and header CRC); 0 when `b` ends inside it; undefined when
 * `b` does not start a gzip member.
 */
function gzipHeaderLength(b: Buffer): number | undefined {
  if (b.length < 1 || b[0] !== 0x1f || (b.length > 1 && b[1] !== 0x8b) || (b.length > 2 && b[2] !== 8))
    return undefined;
  if (b.length < 10) return 0;
  const flags = b[3] as number;
  if ((flags & 0xe0) !== 0) return undefined;
  let p = 10;
  if ((flags & 4) !== 0) p = p + 2 > b.length ? Infinity : p + 2 + b.readUInt16LE(p);
  for (const bit of [8, 16]) {
    if ((flags & bit) === 0) continue;
    const nul = p >= b.length ? -1 : b.indexOf(0, p);
    p = nul === -1 ? Infinity : nul + 1;
  }
  if ((flags & 2) !== 0) p += 2;
  return p > b.length ? 0 : p;
}

/** Streams a gzip file member by member (a concatenation of gzip files is one stream). */
export async function* gzipChunks(path: string, chunkSize: number, progress?: ChunkProgress): AsyncGenerator<Buffer> {
  const fh = await openFile(path);
  const cut = (why: string): InputError =>
    new InputError(
      "truncated_gzip",
      path,
      `gzip stream is truncated or corrupt (${why}); rows before the damage were read`,
    );
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.allocUnsafe(MIN_READ);
    for (let pos = 0, member = 0; pos < size; member++) {
      const view = head.subarray(0, await readAt(fh, path, head, head.length, pos));
      if (member > 0 && view.every((b) => b === 0) && (await zerosTo(fh, path, pos + view.length, size))) break;
      const headerLength = gzipHeaderLength(view);
      if (headerLength === undefined && member === 0) throw cut("not gzip data: no gzip header at byte 0");
      if (headerLength === undefined) {
        if (progress !== undefined) progress.fileBytesRead = size;
        throw new InputError(
          "gzip_trailing_garbage",
          path,
          `the ${size - pos} byte(s) from byte ${pos} to the end follow the last complete gzip member but are not gzip data; they were ignored, every row before them was read`,
        );
      }
      if (headerLength === 0) throw cut(`the gzip header at byte ${pos} is cut short or longer than 64 KiB`);
      const start = pos + headerLength;
      let end = yield* inflateMember(fh, path, start, size, chunkSize, progress);
      // Damage inside a piece: inflate again, the damaged piece in 64-byte steps, then in 1-byte steps.
      for (const step of [FINE, 1])
        if (!end.ok && end.failedPiece !== undefined)
          end = yield* inflateMember(
            fh,
            path,
            start,
            size,
            chunkSize,
            progress,
            { from: end.failedPiece, step },
            end.length,
          );
      if (!end.ok) throw cut(end.why);
      const trailer = Buffer.alloc(8);
      if ((await readAt(fh, path, trailer, 8, start + end.consumed)) < 8)
        throw cut(`the member at byte ${pos} ends without its 8-byte CRC and size trailer`);
      if (trailer.readUInt32LE(4) !== end.length % 2 ** 32) throw cut(`size mismatch in the member at byte ${pos}`);
      if (end.crc !== undefined && trailer.readUInt32LE(0) !== end.crc)
        throw cut(`CRC mismatch in the member at byte ${pos}`);
      pos = start + end.consumed + 8;
      if (progress !== undefined) progress.fileBytesRead = pos;
    }
  } finally {
    await fh.close();
  }
}

/** True when every byte of [from, to) is NUL (padding after the last gzip member, as gzip(1) allows). */
async function zerosTo(fh: FileHandle, path: string, from: number, to: number): Promise<boolean> {
  const buf = Buffer.allocUnsafe(MIN_READ);
  for (let pos = from; pos < to;) {
    const n = await readAt(fh, path, buf, Math.min(buf.length, to - pos), pos);
    if (n === 0 || !buf.subarray(0, n).every((b) => b === 0)) return n === 0;
    pos += n;
  }
  return true;
}

/** How {@link inflateMember} ended: the member's deflate data complete, or damaged. */
type MemberEnd =
  | { ok: true; consumed: number; length: number; crc: number | undefined }
  | { ok: false; why: string; length: number; failedPiece: number | undefined };

/**
 * Inflates the deflate data of one gzip member from byte `start`, GZ_IN bytes at a time, waiting for
 * each piece to be processed: the last piece is thus never inflated under Z_FINISH (whose failure
 * would discard its output), and a member ending inside a piece is seen from the bytes consumed.
 * zlib discards the output of a call that fails, so on damage inside a piece the member is inflated
 * again with `fine` = that piece: the bytes before it in GZ_IN pieces (they inflate without error
 * however they are cut), from it on in `fine.step`-byte steps; only the output beyond the `skip`
 * bytes already yielded is yielded. Steps of 1 byte lose nothing inflate could decode.
 */
async function* inflateMember(
  fh: FileHandle,
  path: string,
  start: number,
  size: number,
  chunkSize: number,
  progress: ChunkProgress | undefined,
  fine?: { from: number; step: number },
  skip = 0,
): AsyncGenerator<Buffer, MemberEnd> {
  const inflate = zlib.createInflateRaw({ chunkSize: GZ_OUT });
  const input = Buffer.allocUnsafe(Math.max(1, Math.min(GZ_IN, size - start)));
  let fed = 0;
  let failedPiece: number | undefined;
  let feedError: unknown;
  // On a data error zlib destroys the stream and never calls the write callback: wait for close too.
  const write = (b: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      const closed = (): void => reject(new Error("inflate stream closed"));
      inflate.once("close", closed);
      inflate.write(b, (e) => {
        inflate.off("close", closed);
        if (e) reject(e);
        else resolve();
      });
    });
  const feed = async (): Promise<void> => {
    while (start + fed < size && !inflate.destroyed) {
      const at = start + fed;
      const step = fine === undefined ? GZ_IN : at < fine.from ? Math.min(GZ_IN, fine.from - at) : fine.step;
      const n = await readAt(fh, path, input, Math.min(step, size - at), at);
      if (n === 0) break;
      failedPiece = at;
      await write(input.subarray(0, n));
      failedPiece = undefined;
      fed += n;
      if (inflate.bytesWritten < fed) return; // the deflate data ended inside this piece
    }
    inflate.end();
  };
  const feeding = feed().catch((e: unknown) => {
    feedError = e;
    inflate.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  let length = 0;
  let crc = crc32 === undefined ? undefined : 0;
  try {
    for await (const out of inflate as AsyncIterable<Buffer>) {
      if (crc32 !== undefined) crc = crc32(out, crc);
      const fresh = out.subarray(Math.max(0, Math.min(out.length, skip - length)));
      length += out.length;
      if (progress !== undefined)
        progress.fileBytesRead = Math.max(progress.fileBytesRead, start + inflate.bytesWritten);
      yield* slices(fresh, chunkSize);
    }
    await feeding;
  } catch (e) {
    if (feedError instanceof InputError) throw feedError;
    return { ok: false, why: (e as Error).message, length: Math.max(length, skip), failedPiece };
  } finally {
    inflate.destroy();
    await feeding;
  }
  if (feedError instanceof InputError) throw feedError;
  return { ok: true, consumed: inflate.bytesWritten, length, crc };
}
