import { cpSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config/index.js";
import { STORE_MANIFEST, StoreManifest } from "../../src/io/store/manifest.js";
import { PIECE_DIGESTS, readPieceDigests } from "../../src/io/store/piece-digests.js";
import { configJobs } from "../../src/pipeline/aggregate/config-jobs.js";
import { foundConfig } from "../../src/pipeline/found-config.js";
import { sealStore } from "../../src/pipeline/partition/partition-seal.js";
import { partitionSlice } from "../../src/pipeline/partition/partition-slice.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { tmp } from "../helpers.js";
import { configFor, smallData } from "./helpers.js";

/*
 * A job is current when its record names its store partition's fingerprint: a check (a rerun's
 * plan, `aggregate`, a notebook reader given a run) takes each piece's hash from the digests the
 * partition recorded (`store/_piece_digests.json`) while the piece's size, modification and change times are those recorded when it was written,
 * instead of reading the whole store again. Shown by forging a recorded hash: the check believes it
 * until the piece is touched.
 */

let data = "";
let config: RunConfig;
let digestsPath = "";
let storeDir = "";

const readManifest = (dir: string): StoreManifest =>
  StoreManifest.parse(JSON.parse(readFileSync(join(dir, STORE_MANIFEST), "utf8")));

beforeAll(async () => {
  data = await smallData(11);
  config = configFor(data, tmp("sweeplab-digests-"));
  const s = await runPipeline(config);
  expect(s.jobs?.done).toBe(6);
  config = (await foundConfig(config)).config;
  storeDir = join(config.outputDir, "store");
  digestsPath = join(storeDir, PIECE_DIGESTS);
}, 120_000);

describe("the store's piece digests", () => {
  it("are recorded for every piece of the manifest, of the bytes and file times on disk, apart from the manifest", async () => {
    const m = readManifest(storeDir);
    expect(m.pieces.length).toBeGreaterThan(6);
    expect(readFileSync(join(storeDir, STORE_MANIFEST), "utf8")).not.toContain("sha256");
    const digests = await readPieceDigests(storeDir);
    expect([...digests.keys()].sort()).toEqual(m.pieces.map((p) => p.path).sort());
    for (const p of m.pieces) {
      const st = statSync(join(storeDir, p.path), { bigint: true });
      expect(digests.get(p.path)).toEqual(
        expect.objectContaining({ bytes: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) }),
      );
    }
  });

  it("are what a check believes while a piece is untouched, and not once it is touched", async () => {
    expect((await configJobs(config)).notCurrent).toEqual([]);
    const original = readFileSync(digestsPath, "utf8");
    const victim = readManifest(storeDir).pieces.find((p) => p.table === "orders");
    if (victim === undefined) throw new Error("no orders piece");
    const file = JSON.parse(original) as { pieces: Record<string, { sha256: string }> };
    const entry = file.pieces[victim.path];
    if (entry === undefined) throw new Error("no digest of an orders piece");
    entry.sha256 = "0".repeat(64);
    writeFileSync(digestsPath, JSON.stringify(file));
    try {
      // The forged hash is taken as the piece's: its job looks computed from other input.
      const forged = await configJobs(config);
      expect(forged.notCurrent.map((n) => n.key)).toEqual([`${victim.securityCode}|${victim.date}`]);
      expect(forged.current).toHaveLength(5);
      // Touched (its times put back: the change time still moves): read and hashed, current again.
      const piece = join(storeDir, victim.path);
      const { atime, mtime } = statSync(piece);
      await new Promise((r) => setTimeout(r, 20));
      utimesSync(piece, atime, mtime);
      expect((await configJobs(config)).notCurrent).toEqual([]);
    } finally {
      writeFileSync(digestsPath, original);
    }
  });

  it("are believed in the output folder moved, not in a copy of it (times kept, change times new)", async () => {
    const original = readFileSync(digestsPath, "utf8");
    const victim = readManifest(storeDir).pieces.find((p) => p.table === "trades");
    if (victim === undefined) throw new Error("no trades piece");
    const file = JSON.parse(original) as { pieces: Record<string, { sha256: string }> };
    const entry = file.pieces[victim.path];
    if (entry === undefined) throw new Error("no digest of a trades piece");
    entry.sha256 = "f".repeat(64);
    writeFileSync(digestsPath, JSON.stringify(file));
    const moved = tmp("sweeplab-digests-moved-");
    renameSync(config.outputDir, moved);
    try {
      // Moved (renamed): its pieces' times are unchanged, so the forged hash is still taken.
      const there = await configJobs({ ...config, outputDir: moved });
      expect(there.notCurrent.map((n) => n.key)).toEqual([`${victim.securityCode}|${victim.date}`]);
      // Copied with its times (cp -p, rsync -t): every piece is read and hashed, all current.
      const copy = tmp("sweeplab-digests-copied-");
      cpSync(moved, copy, { recursive: true, preserveTimestamps: true });
      const copied = await configJobs({ ...config, outputDir: copy });
      expect(copied.notCurrent).toEqual([]);
      expect(copied.current).toHaveLength(6);
    } finally {
      renameSync(moved, config.outputDir);
      writeFileSync(digestsPath, original);
    }
  });

  it("are recorded by partition slices and kept by the seal", async () => {
    const out = tmp("sweeplab-digests-sliced-");
    const sliced = configFor(data, out);
    for (let i = 0; i < 2; i++) expect((await partitionSlice(sliced, { index: i, count: 2 })).failures).toEqual([]);
    await sealStore(sliced, 2);
    const m = readManifest(join(out, "store"));
    expect(m.pieces.length).toBeGreaterThan(6);
    const digests = await readPieceDigests(join(out, "store"));
    expect(m.pieces.filter((p) => !digests.has(p.path))).toEqual([]);
  });
});
