import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  fingerprintFile,
  fingerprintPartition,
  partitionFile,
  removeTempFiles,
  type PieceDigest,
} from "../../../src/io/store/index.js";
import { TEMP_PREFIX } from "../../../src/io/atomic.js";
import { ORDERS_HEAD, stubOrder, tmp } from "../../helpers.js";

const STAMP = new Date("2024-10-04T00:00:00Z");

function ordersFile(dir: string, rows: number, qty = 200): string {
  const path = join(dir, "orders-a.csv");
  const body = Array.from({ length: rows }, (_, i) => stubOrder({ order_id: i + 1, sequence: i + 1, quantity: qty }));
  writeFileSync(path, [ORDERS_HEAD, ...body].join("\n") + "\n");
  utimesSync(path, STAMP, STAMP);
  return path;
}

describe("fingerprintFile", () => {
  it("is stable for an unchanged file and changes with its content, size, mtime or a rewrite", async () => {
    const dir = tmp();
    const path = ordersFile(dir, 3000); // > 128 KiB: head and tail are hashed
    const fp = await fingerprintFile(path);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(await fingerprintFile(path)).toBe(fp);
    ordersFile(dir, 3000, 300); // same size and mtime, different bytes at both ends
    expect(await fingerprintFile(path)).not.toBe(fp);
    // The first bytes written again: another fingerprint (the ctime moved, see the next test)…
    const again = await fingerprintFile(ordersFile(dir, 3000));
    expect(again).not.toBe(fp);
    // …stable while nothing touches the file.
    expect(await fingerprintFile(path)).toBe(again);
    utimesSync(path, STAMP, new Date(STAMP.getTime() + 1000));
    expect(await fingerprintFile(path)).not.toBe(again);
    ordersFile(dir, 3001);
    expect(await fingerprintFile(path)).not.toBe(again);
  });

  it("changes when the file is rewritten in its middle with its size and mtime put back (touch -r): the ctime moved", async () => {
    const dir = tmp();
    const path = ordersFile(dir, 3000);
    const fp = await fingerprintFile(path);
    const bytes = readFileSync(path);
    const mid = bytes.indexOf(",200,", bytes.length >> 1); // a quantity far from both 64 KiB ends
    expect(mid).toBeGreaterThan(64 * 1024);
    expect(mid).toBeLessThan(bytes.length - 64 * 1024);
    bytes.write(",300,", mid);
    await new Promise((r) => setTimeout(r, 20)); // the clock moves on before the write
    writeFileSync(path, bytes);
    utimesSync(path, STAMP, STAMP);
    expect(statSync(path).mtimeMs).toBe(STAMP.getTime());
    expect(statSync(path).size).toBe(bytes.length);
    expect(await fingerprintFile(path)).not.toBe(fp);
  });

  it("hashes a small file whole", async () => {
    const dir = tmp();
    const path = ordersFile(dir, 2);
    const fp = await fingerprintFile(path);
    ordersFile(dir, 2, 300);
    expect(await fingerprintFile(path)).not.toBe(fp);
  });
});

describe("fingerprintPartition", () => {
  it("is stable across an identical rerun and changes when the partition's rows change", async () => {
    const dir = tmp();
    const store = join(dir, "store");
    const path = ordersFile(dir, 50);
    const run = (): Promise<unknown> => partitionFile({ file: path, storeDir: store, tag: "0-0" });
    await run();
    const fp = await fingerprintPartition(store, "85603", "2024-09-04");
    await run();
    expect(await fingerprintPartition(store, "85603", "2024-09-04")).toBe(fp);
    ordersFile(dir, 50, 300);
    await run();
    expect(await fingerprintPartition(store, "85603", "2024-09-04")).not.toBe(fp);
    const empty = await fingerprintPartition(store, "85603", "2024-09-05");
    expect(empty).toBe(await fingerprintPartition(store, "OTHER", "2024-09-05"));
    expect(empty).not.toBe(fp);
  });
});

/** The file's inode and times as a PieceDigest records them. */
function times(path: string): Pick<PieceDigest, "ino" | "mtimeNs" | "ctimeNs"> {
  const st = statSync(path, { bigint: true });
  return { ino: String(st.ino), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) };
}

describe("fingerprintPartition with the recorded piece digests", () => {
  const SEC = "85603";
  const DATE = "2024-09-04";
  async function written(): Promise<{ store: string; known: Map<string, PieceDigest>; piece: string }> {
    const dir = tmp();
    const store = join(dir, "store");
    const { pieces } = await partitionFile({ file: ordersFile(dir, 50), storeDir: store, tag: "0-0" });
    const known = new Map(pieces.map((p) => [p.path, p.digest as PieceDigest]));
    expect(known.size).toBe(1);
    return { store, known, piece: join(store, pieces[0]?.path ?? "") };
  }

  it("gives the value of hashing every piece, and PieceInfo's digest is of the bytes on disk", async () => {
    const { store, known, piece } = await written();
    const d = [...known.values()][0] as PieceDigest;
    const bytes = readFileSync(piece);
    expect(d.bytes).toBe(bytes.length);
    expect(d.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(await fingerprintPartition(store, SEC, DATE, known)).toBe(await fingerprintPartition(store, SEC, DATE));
  });

  it("takes a matching piece's hash from the digest without reading it, and reads any piece whose size or times moved", async () => {
    const { store, known, piece } = await written();
    const hashed = await fingerprintPartition(store, SEC, DATE);
    // A digest recording another hash: used while the piece's size and times match (proof it is not read)…
    const forged = new Map([...known].map(([k, d]) => [k, { ...d, sha256: "0".repeat(64) }]));
    expect(await fingerprintPartition(store, SEC, DATE, forged)).not.toBe(hashed);
    // …and not once the file is touched (mtime put back: the ctime still moved), or rewritten.
    const { atime, mtime } = statSync(piece);
    await new Promise((r) => setTimeout(r, 20));
    utimesSync(piece, atime, mtime);
    expect(await fingerprintPartition(store, SEC, DATE, forged)).toBe(hashed);
    const bytes = readFileSync(piece);
    writeFileSync(piece, bytes);
    expect(await fingerprintPartition(store, SEC, DATE, forged)).toBe(hashed);
    // Another inode with the same size and times (a file put in its place within one clock tick): read.
    const now = new Map([...forged].map(([k, d]) => [k, { ...d, ...times(piece), ino: "1" }]));
    expect(await fingerprintPartition(store, SEC, DATE, now)).toBe(hashed);
    expect(
      await fingerprintPartition(store, SEC, DATE, new Map([...now].map(([k, d]) => [k, { ...d, ...times(piece) }]))),
    ).not.toBe(hashed);
    // A piece gone is not listed: the fingerprint is of what is there, never of its recorded hash.
    rmSync(piece);
    await expect(fingerprintPartition(store, SEC, DATE, known)).resolves.toBe(
      await fingerprintPartition(store, SEC, DATE),
    );
  });
});

describe("removeTempFiles", () => {
  it("removes only temp files, at any depth, and counts them", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "orders", "security=A", "date=2024-10-04"), { recursive: true });
    const deep = join(dir, "orders", "security=A", "date=2024-10-04");
    writeFileSync(join(deep, `${TEMP_PREFIX}part-0-0-0.parquet.abc123`), "x");
    writeFileSync(join(deep, "part-0-0-0.parquet"), "y");
    writeFileSync(join(dir, `${TEMP_PREFIX}_store.json.def456`), "z");
    writeFileSync(join(dir, "_store.json"), "{}");
    expect(await removeTempFiles(dir)).toBe(2);
    expect(readdirSync(deep)).toEqual(["part-0-0-0.parquet"]);
    expect(readdirSync(dir).sort()).toEqual(["_store.json", "orders"]);
    expect(await removeTempFiles(dir)).toBe(0);
    expect(await removeTempFiles(join(dir, "missing"))).toBe(0);
  });
});
