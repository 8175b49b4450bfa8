import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileReport } from "../../../src/io/csv/reader.js";
import {
  listStore,
  listStoreKeys,
  partitionFile,
  readPartition,
  readPieceDigests,
  readStoreManifest,
  StoreError,
  writeStoreManifest,
  type StoreManifest,
} from "../../../src/io/store/index.js";
import { naturalCompare, parsePieceName } from "../../../src/io/store/layout.js";
import { ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../../helpers.js";

async function storeCode(p: Promise<unknown>): Promise<string> {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StoreError);
  return (e as StoreError).code;
}

describe("piece names", () => {
  it("order tags with digit runs by value, then the flush counter", () => {
    const names = ["part-10-0-0.parquet", "part-2-1-0.parquet", "part-2-0-10.parquet", "part-2-0-9.parquet"];
    const parsed = names.map((n) => parsePieceName(n)!);
    parsed.sort((a, b) => naturalCompare(a.tag, b.tag) || a.n - b.n);
    expect(parsed.map((p) => p.name)).toEqual([
      "part-2-0-9.parquet",
      "part-2-0-10.parquet",
      "part-2-1-0.parquet",
      "part-10-0-0.parquet",
    ]);
    expect(parsed[0]).toEqual({ name: "part-2-0-9.parquet", tag: "2-0", n: 9 });
    expect(parsePieceName(".tmp-part-0-0.parquet.abc")).toBeUndefined();
    expect(naturalCompare("a007", "a7")).toBeGreaterThan(0);
    expect(naturalCompare("x", "x1")).toBeLessThan(0);
  });
});

describe("store errors are typed", () => {
  it("rejects unsafe path components and bad options before touching the disk", async () => {
    const store = tmp();
    expect(await storeCode(readPartition(store, "../etc", "2024-10-04", 2))).toBe("bad_path_component");
    expect(await storeCode(readPartition(store, "BHP", "2024-10-4", 2))).toBe("bad_path_component");
    const file = writeFixture(tmp(), "orders-x.csv", `${ORDERS_HEAD}\n${stubOrder()}\n`);
    expect(await storeCode(partitionFile({ file, storeDir: store, tag: "a/b" }))).toBe("bad_path_component");
    expect(await storeCode(partitionFile({ file, storeDir: store, tag: "0", flushRows: 0 }))).toBe("bad_option");
  });

  it("says missing_partition for a partition without pieces and corrupt_piece for a broken file", async () => {
    const store = tmp();
    expect(await storeCode(readPartition(store, "BHP", "2024-10-04", 2))).toBe("missing_partition");
    const dir = join(store, "trades", "security=BHP", "date=2024-10-04");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "part-0-0-0.parquet"), "not parquet");
    expect(await storeCode(readPartition(store, "BHP", "2024-10-04", 2))).toBe("corrupt_piece");
    expect(await storeCode(listStore(store))).toBe("corrupt_piece");
  });

  it("stops on an aborted signal", async () => {
    const file = writeFixture(tmp(), "orders-x.csv", `${ORDERS_HEAD}\n${stubOrder()}\n`);
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    await expect(partitionFile({ file, storeDir: tmp(), tag: "0", signal: ac.signal })).rejects.toThrow("stop");
  });

  it("lists nothing for a missing store", async () => {
    expect(await listStore(join(tmp(), "none"))).toEqual([]);
    expect(await listStoreKeys(join(tmp(), "none"))).toEqual([]);
  });
});

describe("the store manifest", () => {
  it("round-trips, is undefined when absent and typed bad_manifest when broken", async () => {
    const store = tmp();
    expect(await readStoreManifest(store)).toBeUndefined();
    const file = writeFixture(tmp(), "orders-x.csv", `${ORDERS_HEAD}\n${stubOrder()}\n1,2\n`);
    const { report, pieces } = await partitionFile({ file, storeDir: store, tag: "0-0" });
    const m = { version: 1 as const, inputs: { [file]: "ab12" }, pieces, files: [report] };
    await writeStoreManifest(store, m);
    const back = await readStoreManifest(store);
    // The pieces' digests (their file times) are kept apart, in _piece_digests.json.
    const listed: StoreManifest = { ...m, pieces: pieces.map(({ digest: _d, ...p }) => p) };
    expect(back).toEqual(listed);
    expect(await readPieceDigests(store)).toEqual(new Map(pieces.map((p) => [p.path, p.digest])));
    const asReport: FileReport = back!.files[0]!;
    expect(asReport.rejectsByCode).toEqual({ field_count: 1 });
    writeFileSync(join(store, "_store.json"), "{");
    expect(await storeCode(readStoreManifest(store))).toBe("bad_manifest");
    writeFileSync(join(store, "_store.json"), JSON.stringify({ ...m, version: 2 }));
    expect(await storeCode(readStoreManifest(store))).toBe("bad_manifest");
  });
});
