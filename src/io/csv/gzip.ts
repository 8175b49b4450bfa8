/*
 * The gzip side of byteChunks (source.ts). The normal path is the library: zlib's gunzip
 * (`zlib.createGunzip`, which also reads a concatenation of members and NUL padding after the
 * last one). Only when it reports damage (truncation, a bad CRC or size, corrupt deflate data, bytes
 * after the last member that are not a member) does the hand-written member-by-member reader
 * (gzip-recover.ts) take over, from exactly the decompressed byte offset the library had yielded:
 * every byte before the damage is yielded, each once, then the damage is reported.
 *
 * Measured (`node bench/codecs.mjs --only gzip`, both in one process, alternating, best of 9,
 * 3 rounds, load average 4 on the shared 2-core machine; bench/README.md): this is the library,
 * with a recovery path — an intact file goes through the same read stream → createGunzip pairing
 * as the bench's library side, factor ≈ 1.0 by construction (measured 1.00–1.06× on 157 MB and
 * 1.06–1.30× on 47 MB of CSV; 0.75–1.46× at load 15–18: noise around 1). The hand-written member
 * reader it replaced as the normal path measured 0.75–1.06× (no gain, under issue 15's 1.3×). On
 * damage the recovery reads the file again from its start: ≈ 2–3× the library's time to its error.
 */
import { createReadStream } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as zlib from "node:zlib";
import { InputError } from "../../model/errors.js";
import { openFile, slices, type ChunkProgress } from "./file-read.js";
import { recoverGzip, zerosTo } from "./gzip-recover.js";

// Compressed bytes read per step and gunzip's output buffer (as bench/codecs.mjs's library side).
// Constants, never derived from the caller's chunk size, so where the library stops on damage
// depends on the file alone (and the recovery's result does in any case).
const GZ_IN = 1024 * 1024;
const GZ_OUT = 1024 * 1024;

/**
 * Streams the decompressed bytes of a gzip file in slices of at most `chunkSize` bytes, through
 * zlib's gunzip; after damage, through the member-by-member recovery (gzip-recover.ts). Errors
 * (after every byte before the damage was yielded): InputError `truncated_gzip`,
 * `gzip_trailing_garbage`, `unreadable`.
 */
export async function* gzipChunks(path: string, chunkSize: number, progress?: ChunkProgress): AsyncGenerator<Buffer> {
  const fh = await openFile(path);
  try {
    const size = (await fh.stat()).size;
    const pass = yield* libraryPass(fh, path, size, chunkSize, progress);
    if (pass.whole) return;
    yield* recoverGzip(fh, path, size, chunkSize, progress, pass.yielded);
  } finally {
    await fh.close();
  }
}

/**
 * One pass of zlib's gunzip over the file, fed by a read stream of it (the library's own pairing):
 * every decompressed byte it gives is yielded. `whole` when it read the file to its end without
 * error (or to NUL padding only); otherwise `yielded` bytes were yielded before it stopped. Throws
 * only InputError `unreadable` (a failed read).
 */
async function* libraryPass(
  fh: FileHandle,
  path: string,
  size: number,
  chunkSize: number,
  progress: ChunkProgress | undefined,
): AsyncGenerator<Buffer, { whole: boolean; yielded: number }> {
  const gunzip = zlib.createGunzip({ chunkSize: GZ_OUT });
  // Its own descriptor: destroying a stream closes it, and `fh` stays open for the recovery.
  const source = createReadStream(path, { highWaterMark: GZ_IN });
  let readError: InputError | undefined;
  source.on("error", (e: NodeJS.ErrnoException) => {
    readError = new InputError("unreadable", path, `read failed at byte ${source.bytesRead} (${e.code ?? String(e)})`);
    gunzip.destroy(readError);
  });
  source.pipe(gunzip);
  let yielded = 0;
  let failed = false;
  try {
    for await (const out of gunzip as AsyncIterable<Buffer>) {
      yielded += out.length;
      if (progress !== undefined) progress.fileBytesRead = gunzip.bytesWritten;
      yield* slices(out, chunkSize);
    }
  } catch {
    failed = true; // zlib's damage report (or a failed read, thrown below)
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
  if (readError !== undefined) throw readError;
  // gunzip stops at a NUL byte after a member and ignores the rest: whole only if the rest is NUL.
  const consumed = gunzip.bytesWritten;
  const whole = !failed && (consumed === size || (consumed > 0 && (await zerosTo(fh, path, consumed, size))));
  if (whole && progress !== undefined) progress.fileBytesRead = consumed;
  return { whole, yielded };
}
