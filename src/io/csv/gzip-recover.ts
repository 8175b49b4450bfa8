/*
 * The recovery path of gzipChunks (gzip.ts): after zlib's gunzip has reported damage, the file is
 * read again member by member (a concatenation of gzip files is one stream) with raw inflate, and
 * the damage is found and reported after every byte before it was yielded. Only the bytes past the
 * ones the library already yielded are yielded, so the caller sees each decompressed byte once.
 * Hand-written because no library gives this: createGunzip discards the output of a call that
 * fails and names no member or offset. It runs only on damaged files, never on the normal path.
 */
import type { FileHandle } from "node:fs/promises";
import * as zlib from "node:zlib";
import { InputError } from "../../model/errors.js";
import { MIN_READ, readAt, slices, type ChunkProgress } from "./file-read.js";

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

/** The `truncated_gzip` error of `path`: cut short, corrupt or not gzip at all (`why`). */
function truncatedGzip(path: string, why: string): InputError {
  return new InputError(
    "truncated_gzip",
    path,
    `gzip stream is truncated or corrupt (${why}); rows before the damage were read`,
  );
}

/**
 * Reads the gzip file open as `fh` (`size` bytes) member by member from its start and yields, in
 * slices of at most `chunkSize`, the decompressed bytes from offset `yielded` on (those before it
 * were yielded by the library's pass). Returns when the file is whole after all (the library's
 * verdict is not trusted over this one); throws InputError `truncated_gzip` or
 * `gzip_trailing_garbage` after every byte before the damage was yielded, or `unreadable`.
 */
export async function* recoverGzip(
  fh: FileHandle,
  path: string,
  size: number,
  chunkSize: number,
  progress: ChunkProgress | undefined,
  yielded: number,
): AsyncGenerator<Buffer> {
  const cut = (why: string): InputError => truncatedGzip(path, why);
  const out: Emitted = { emitted: yielded, chunkSize };
  const head = Buffer.allocUnsafe(MIN_READ);
  for (let pos = 0, member = 0, base = 0; pos < size; member++) {
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
    let end = yield* inflateMember(fh, path, start, size, base, out, progress);
    // Damage inside a piece: inflate again, the damaged piece in 64-byte steps, then in 1-byte steps.
    for (const step of [FINE, 1])
      if (!end.ok && end.failedPiece !== undefined)
        end = yield* inflateMember(fh, path, start, size, base, out, progress, { from: end.failedPiece, step });
    if (!end.ok) throw cut(end.why);
    const trailer = Buffer.alloc(8);
    if ((await readAt(fh, path, trailer, 8, start + end.consumed)) < 8)
      throw cut(`the member at byte ${pos} ends without its 8-byte CRC and size trailer`);
    if (trailer.readUInt32LE(4) !== end.length % 2 ** 32) throw cut(`size mismatch in the member at byte ${pos}`);
    if (end.crc !== undefined && trailer.readUInt32LE(0) !== end.crc)
      throw cut(`CRC mismatch in the member at byte ${pos}`);
    pos = start + end.consumed + 8;
    base += end.length;
    if (progress !== undefined) progress.fileBytesRead = Math.max(progress.fileBytesRead, pos);
  }
}

/** True when every byte of [from, to) is NUL (padding after the last gzip member, as gzip(1) allows). */
export async function zerosTo(fh: FileHandle, path: string, from: number, to: number): Promise<boolean> {
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
  | { ok: false; why: string; failedPiece: number | undefined };

/** The decompressed offset up to which bytes were yielded (by the library or by a pass here). */
interface Emitted {
  emitted: number;
  chunkSize: number;
}

/**
 * Inflates the deflate data of one gzip member from byte `start`, GZ_IN bytes at a time, waiting for
 * each piece to be processed: the last piece is thus never inflated under Z_FINISH (whose failure
 * would discard its output), and a member ending inside a piece is seen from the bytes consumed.
 * zlib discards the output of a call that fails, so on damage inside a piece the member is inflated
 * again with `fine` = that piece: the bytes before it in GZ_IN pieces (they inflate without error
 * however they are cut), from it on in `fine.step`-byte steps. The member's output starts at
 * decompressed offset `base`; only the bytes past `out.emitted` are yielded (and advance it), so a
 * byte yielded by the library or an earlier pass is never yielded again. Steps of 1 byte lose
 * nothing inflate could decode.
 */
async function* inflateMember(
  fh: FileHandle,
  path: string,
  start: number,
  size: number,
  base: number,
  out: Emitted,
  progress: ChunkProgress | undefined,
  fine?: { from: number; step: number },
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
    for await (const piece of inflate as AsyncIterable<Buffer>) {
      if (crc32 !== undefined) crc = crc32(piece, crc);
      const fresh = piece.subarray(Math.max(0, Math.min(piece.length, out.emitted - base - length)));
      length += piece.length;
      out.emitted = Math.max(out.emitted, base + length);
      if (progress !== undefined)
        progress.fileBytesRead = Math.max(progress.fileBytesRead, start + inflate.bytesWritten);
      yield* slices(fresh, out.chunkSize);
    }
    await feeding;
  } catch (e) {
    if (feedError instanceof InputError) throw feedError;
    return { ok: false, why: (e as Error).message, failedPiece };
  } finally {
    inflate.destroy();
    await feeding;
  }
  if (feedError instanceof InputError) throw feedError;
  return { ok: true, consumed: inflate.bytesWritten, length, crc };
}
