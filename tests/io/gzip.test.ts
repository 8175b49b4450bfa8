import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants, gunzipSync, gzipSync, type ZlibOptions } from "node:zlib";
import type * as Zlib from "node:zlib";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { gzipChunks } from "../../src/io/csv/gzip.js";
import { mulberry32 } from "../fixtures/prng.js";
import { tmp } from "../helpers.js";

// Count the calls of the two ways zlib is used: the library's gunzip (the normal path) and raw
// inflate (the hand-written member-by-member recovery). Both still run the real zlib.
const calls = vi.hoisted(() => ({ gunzip: 0, inflateRaw: 0 }));
vi.mock("node:zlib", async (importOriginal) => {
  const real = await importOriginal<typeof Zlib>();
  return {
    ...real,
    createGunzip: (o?: ZlibOptions) => {
      calls.gunzip++;
      return real.createGunzip(o);
    },
    createInflateRaw: (o?: ZlibOptions) => {
      calls.inflateRaw++;
      return real.createInflateRaw(o);
    },
  };
});

const dir = tmp();
let fileNo = 0;
function write(bytes: Buffer): string {
  const path = join(dir, `f${fileNo++}.csv.gz`);
  writeFileSync(path, bytes);
  return path;
}

/** Every byte gzipChunks yields, and the error code it ends with (undefined when none). */
async function readGz(path: string, chunkSize: number): Promise<{ bytes: Buffer; error: string | undefined }> {
  const out: Buffer[] = [];
  try {
    for await (const c of gzipChunks(path, chunkSize)) out.push(Buffer.from(c));
  } catch (e) {
    return { bytes: Buffer.concat(out), error: (e as { code?: string }).code ?? String(e) };
  }
  return { bytes: Buffer.concat(out), error: undefined };
}

/** Seeded integers in [0, n) (the tests' one source of randomness, mulberry32). */
function rng(seed: number): (n: number) => number {
  const next = mulberry32(seed);
  return (n) => Math.floor(next() * n);
}

/** CSV-like text of random digits: ≈ 45 % of its size once gzipped, so a few MB span many 256 KiB pieces. */
function text(r: (n: number) => number, bytes: number): Buffer {
  const b = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) b[i] = i % 20 === 19 ? 10 : i % 5 === 4 ? 44 : 48 + r(10);
  return b;
}

/**
 * What a gunzip decodes from the longest prefix of `z` it takes without an error (binary search: a
 * prefix that fails makes every longer one fail): every byte before the damage, as a byte-by-byte
 * gunzip would yield it.
 */
function decodablePrefix(z: Buffer): Buffer {
  const decode = (m: number): Buffer | undefined => {
    try {
      return gunzipSync(z.subarray(0, m), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
  };
  let [lo, hi] = [0, z.length];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (decode(mid) === undefined) hi = mid - 1;
    else lo = mid;
  }
  return decode(lo) ?? Buffer.alloc(0);
}

beforeEach(() => {
  calls.gunzip = 0;
  calls.inflateRaw = 0;
});

describe("gzipChunks: zlib's gunzip is the path, the hand-written reader only recovers", () => {
  it("reads an intact file of two members with createGunzip alone, never the member-by-member reader", async () => {
    const r = rng(1);
    const [a, b] = [text(r, 900_000), text(r, 700_000)];
    const { bytes, error } = await readGz(write(Buffer.concat([gzipSync(a), gzipSync(b)])), 1 << 16);
    expect(error).toBeUndefined();
    expect(bytes.equals(Buffer.concat([a, b]))).toBe(true);
    expect(calls).toEqual({ gunzip: 1, inflateRaw: 0 });
  });

  it("reads NUL padding after the last member with the library alone too", async () => {
    const a = text(rng(2), 50_000);
    const { bytes, error } = await readGz(write(Buffer.concat([gzipSync(a), Buffer.alloc(300)])), 4096);
    expect(error).toBeUndefined();
    expect(bytes.equals(a)).toBe(true);
    expect(calls).toEqual({ gunzip: 1, inflateRaw: 0 });
  });

  it("recovers with the member-by-member reader after damage, yielding no byte twice", async () => {
    const a = text(rng(3), 3_000_000);
    const z = Buffer.from(gzipSync(a));
    z[Math.floor(z.length * 0.7)] ^= 0x55;
    const { bytes, error } = await readGz(write(z), 1 << 20);
    expect(error).toBe("truncated_gzip");
    expect(calls.gunzip).toBe(1);
    expect(calls.inflateRaw).toBeGreaterThan(0);
    expect(bytes.equals(decodablePrefix(z))).toBe(true);
    expect(bytes.length).toBeGreaterThan(1_000_000); // far past the library's first pieces
  });

  it("counts compressed bytes read without going back when the recovery takes over", async () => {
    const a = text(rng(5), 2_000_000);
    const z = Buffer.from(gzipSync(a));
    const intact = write(z);
    const progress = { fileBytesRead: 0 };
    for await (const c of gzipChunks(intact, 1 << 16, progress)) void c;
    expect(progress.fileBytesRead).toBe(z.length);
    z[Math.floor(z.length * 0.8)] ^= 0x55;
    const damaged = write(z);
    const seen: number[] = [];
    const p = { fileBytesRead: 0 };
    await expect(
      (async () => {
        for await (const c of gzipChunks(damaged, 1 << 16, p)) {
          void c;
          seen.push(p.fileBytesRead);
        }
      })(),
    ).rejects.toMatchObject({ code: "truncated_gzip" });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((v, i) => i === 0 || v >= (seen[i - 1] as number))).toBe(true);
    expect(calls.inflateRaw).toBeGreaterThan(0);
  });

  it("a failed read is `unreadable` naming the byte, not damage", async () => {
    const path = join(dir, "a-folder.csv.gz");
    mkdirSync(path);
    await expect(readGz(path, 4096)).resolves.toMatchObject({ error: "unreadable" });
    await expect(
      (async () => {
        for await (const c of gzipChunks(path, 4096)) void c;
      })(),
    ).rejects.toThrow(/read failed at byte 0 \(EISDIR\)/);
  });

  it("reads a member whose header holds a 100 KiB file name, as gzip(1) does", async () => {
    const a = text(rng(4), 10_000);
    const z = gzipSync(a);
    // FLG.FNAME (8): a NUL-terminated name between the 10-byte header and the deflate data.
    const named = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3]),
      Buffer.alloc(100_000, 0x61),
      Buffer.from([0]),
      z.subarray(10),
    ]);
    const { bytes, error } = await readGz(write(named), 4096);
    expect(error).toBeUndefined();
    expect(bytes.equals(a)).toBe(true);
  });
});

describe("gzipChunks: every damage yields exactly what a byte-by-byte gunzip decodes, at every chunk size", () => {
  const kinds = [
    "intact",
    "truncate",
    "flip",
    "garbage",
    "zero-pad",
    "zero-pad-then-garbage",
    "zero-pad-then-member",
  ] as const;
  for (let seed = 1; seed <= 14; seed++) {
    const kind = kinds[seed % kinds.length] as (typeof kinds)[number];
    it(`seed ${seed}: ${kind}`, async () => {
      const r = rng(1000 + seed);
      const members = Array.from({ length: 1 + r(3) }, () => text(r, 50_000 + r(900_000)));
      let z = Buffer.concat(members.map((m) => gzipSync(m, { level: 1 + r(9) })));
      let damaged: string | undefined = "truncated_gzip";
      switch (kind) {
        case "intact":
          damaged = undefined;
          break;
        case "truncate":
          z = z.subarray(0, 1 + r(z.length - 1));
          break;
        case "flip": {
          z = Buffer.from(z);
          // Past the first member's header (whose MTIME, XFL and OS bytes are not checked).
          const at = 10 + r(z.length - 10);
          z[at] = (z[at] as number) ^ (1 + r(255));
          break;
        }
        case "garbage":
          z = Buffer.concat([z, Buffer.from(["junk", "\x1f", "\x1f\x8b", "x\0"][r(4)] as string, "latin1")]);
          damaged = undefined; // "\x1f" and "\x1f\x8b" are a cut member header: truncated_gzip
          break;
        case "zero-pad":
          z = Buffer.concat([z, Buffer.alloc(1 + r(64))]);
          damaged = undefined;
          break;
        case "zero-pad-then-garbage":
          z = Buffer.concat([z, Buffer.alloc(1 + r(64)), Buffer.from("junk")]);
          damaged = "gzip_trailing_garbage";
          break;
        case "zero-pad-then-member":
          z = Buffer.concat([z, Buffer.alloc(1 + r(64)), gzipSync(Buffer.from("more\n"))]);
          damaged = "gzip_trailing_garbage";
          break;
      }
      const path = write(z);
      const want = decodablePrefix(z);
      const seen = new Set<string>();
      for (const chunkSize of [4096, 1 << 20, 3 << 20]) {
        const { bytes, error } = await readGz(path, chunkSize);
        expect(bytes.length).toBe(want.length);
        expect(bytes.equals(want)).toBe(true);
        seen.add(String(error));
      }
      expect(seen.size).toBe(1); // the same error at every chunk size
      const [error] = [...seen];
      if (kind === "garbage") expect(["gzip_trailing_garbage", "truncated_gzip"]).toContain(error);
      else if (kind === "flip" || kind === "truncate") {
        // A cut at a member boundary reads clean (whole members); any other damage is reported.
        const whole = members.map((_, i) => members.slice(0, i + 1).reduce((n, m) => n + m.length, 0));
        if (error === "undefined") expect(whole).toContain(want.length);
        else expect(kind === "flip" ? ["truncated_gzip", "gzip_trailing_garbage"] : [damaged]).toContain(error);
      } else expect(error).toBe(String(damaged));
    });
  }
});
