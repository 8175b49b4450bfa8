import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { byteChunks, type ChunkProgress } from "../../src/io/csv/source.js";
import { tmp, writeFixture } from "../helpers.js";

// A plain file is read into two buffers taking turns: the next chunk is read while the consumer
// works on the current one. What the consumer sees must not depend on it.

const FILE = randomBytes(1_000_003);
const path = writeFixture(tmp(), "data.csv", FILE);

async function collect(chunkSize: number, range?: { start: number; end: number }, progress?: ChunkProgress) {
  const parts: Buffer[] = [];
  for await (const c of byteChunks(path, chunkSize, range, progress)) parts.push(Buffer.from(c)); // copy: the buffers are reused
  return parts;
}

const openFds = (): number => readdirSync("/proc/self/fd").length;

describe("byteChunks of a plain file (two buffers taking turns)", () => {
  it.each([1 << 16, 100_000, 1 << 20, 3 << 20])(
    "chunk %i: the chunks are the file, in order, none larger than asked",
    async (size) => {
      const progress = { fileBytesRead: 0 };
      const parts = await collect(size, undefined, progress);
      expect(Buffer.concat(parts).equals(FILE)).toBe(true);
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(size);
      expect(progress.fileBytesRead).toBe(FILE.length);
    },
  );

  it("a byte range gives exactly its bytes, across several reads", async () => {
    const range = { start: 123_457, end: 901_234 };
    const parts = await collect(1 << 16, range);
    expect(Buffer.concat(parts).equals(FILE.subarray(range.start, range.end))).toBe(true);
  });

  it("a consumer that stops early leaves no file open and no read failing later", async () => {
    const before = openFds();
    for (let i = 0; i < 5; i++) {
      for await (const c of byteChunks(path, 1 << 16)) {
        expect(c.length).toBe(1 << 16);
        break; // the next chunk's read is in flight
      }
    }
    expect(openFds()).toBe(before);
  });
});
