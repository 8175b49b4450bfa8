import type * as CsvParse from "csv-parse";
import { readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { REFERENCE_CACHE_FILES, referenceCacheSize } from "../../src/io/inputs/reference-cache.js";
import { loadReferenceData } from "../../src/io/inputs/reference.js";
import { InputErrors } from "../../src/model/errors.js";
import { FORMATS, tmp } from "../helpers.js";

/*
 * A notebook calls its readers again and again, and each loads the run's reference files: each file
 * is parsed once per process while it is unchanged (io/inputs/reference-cache.ts). csv-parse is
 * watched to count the files parsed.
 */

const parsed = vi.hoisted(() => ({ count: 0, onHeader: undefined as (() => void) | undefined }));

vi.mock("csv-parse", async (importOriginal) => {
  const orig = await importOriginal<typeof CsvParse>();
  return {
    ...orig,
    parse: (options: CsvParse.Options) => {
      parsed.count++;
      const columns = options.columns;
      if (typeof columns !== "function") return orig.parse(options);
      // A test's hook runs once the file is open and its header read (the reader holds the file).
      return orig.parse({
        ...options,
        columns: (h: string[]) => {
          const hook = parsed.onHeader;
          parsed.onHeader = undefined;
          hook?.();
          return columns(h);
        },
      });
    },
  };
});

function copies(): { instruments: string; participants: string; sessions: string } {
  const dir = tmp();
  const out = {
    instruments: join(dir, "ob.csv"),
    participants: join(dir, "par.csv"),
    sessions: join(dir, "session.csv"),
  };
  writeFileSync(out.instruments, readFileSync(join(FORMATS, "ob.csv")));
  writeFileSync(out.participants, readFileSync(join(FORMATS, "par.csv")));
  writeFileSync(out.sessions, readFileSync(join(FORMATS, "session.csv")));
  return out;
}

describe("reference files loaded once per process", () => {
  it("parses each file once while unchanged, and gives every caller its own maps", async () => {
    const paths = copies();
    parsed.count = 0;
    const first = await loadReferenceData(paths);
    expect(parsed.count).toBe(3);
    expect(first.instruments.size).toBeGreaterThan(0);
    expect(first.participants.size).toBeGreaterThan(0);
    const kept = structuredClone(first);
    // Its values too: an instrument, a participant and a session window changed by the caller.
    for (const i of first.instruments.values()) i.decimalsInPrice = 6;
    for (const p of first.participants.values()) p.name = "changed";
    for (const w of first.sessions.values()) w.startNs = 0;
    first.instruments.clear();
    first.participants.clear();
    first.sessions.clear();
    const again = await loadReferenceData(paths);
    expect(parsed.count).toBe(3);
    expect(again).toEqual(kept);
  });

  it("parses a file again once it changed, even with its size and mtime put back", async () => {
    const paths = copies();
    const before = await loadReferenceData(paths);
    parsed.count = 0;
    const text = readFileSync(paths.instruments, "utf8");
    const { atime, mtime, size } = statSync(paths.instruments);
    // Another DecimalsInPrice for the first security: same size (one digit for another).
    const [head = "", row = "", ...rest] = text.split("\n");
    const at = head.split(",").findIndex((n) => n.trim() === "DecimalsInPrice");
    const cells = row.split(",");
    cells[at] = cells[at] === "2" ? "3" : "2";
    const changed = [head, cells.join(","), ...rest].join("\n");
    expect(changed).not.toBe(text);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(paths.instruments, changed);
    utimesSync(paths.instruments, atime, mtime);
    expect(statSync(paths.instruments).size).toBe(size);
    const after = await loadReferenceData(paths);
    expect(parsed.count).toBe(1); // the instruments file only
    expect(after.instruments).not.toEqual(before.instruments);
    expect(after.sessions).toEqual(before.sessions);
  });

  it("keeps no failed load: a file fixed since is read", async () => {
    const paths = copies();
    const good = readFileSync(paths.participants);
    writeFileSync(paths.participants, "nothing,like,a,header\n1,2,3,4\n");
    await expect(loadReferenceData(paths)).rejects.toBeInstanceOf(InputErrors);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(paths.participants, good);
    expect((await loadReferenceData(paths)).participants.size).toBeGreaterThan(0);
  });

  it("reads a file renamed over it while it was read, within one clock tick (same size, times and first and last 64 KiB)", async (ctx) => {
    // An instruments file past 128 KiB (its middle is not sampled), and the same but for one
    // security's DecimalsInPrice in the middle, renamed over it once the first is open. The times
    // of a rename within one tick of the first file's write are its own (the clock is coarse): only
    // the file's inode tells the two apart. Tried until the rename lands within the tick.
    const rows = (mid: string): string =>
      [
        "Id,DecimalsInPrice,Name",
        ...Array.from({ length: 12000 }, (_, i) => `S${i},${i === 6000 ? mid : "2"},N${i}`),
      ].join("\n") + "\n";
    let tried = 0;
    for (; tried < 200; tried++) {
      const dir = tmp();
      const instruments = join(dir, "ob.csv");
      const next = join(dir, "ob.csv.next");
      writeFileSync(next, rows("3"));
      writeFileSync(instruments, rows("2"));
      const before = statSync(instruments, { bigint: true });
      parsed.onHeader = () => renameSync(next, instruments);
      const first = await loadReferenceData({ instruments });
      expect(first.instruments.get("S6000")?.decimalsInPrice).toBe(2); // read before the rename
      const after = statSync(instruments, { bigint: true });
      expect(after.size).toBeGreaterThan(128 * 1024);
      if (after.mtimeNs !== before.mtimeNs || after.ctimeNs !== before.ctimeNs) continue; // another tick: try again
      expect((await loadReferenceData({ instruments })).instruments.get("S6000")?.decimalsInPrice).toBe(3);
      break;
    }
    // A file system whose times a rename always moves (finer clock): the case cannot arise there.
    if (tried === 200) ctx.skip();
  });

  it("keeps a bounded number of files, the least recently used dropped, and none found gone", async () => {
    // A notebook generating data set after data set, each with its own ob.csv: every file it ever
    // loaded was kept for the life of the kernel.
    const files = Array.from({ length: REFERENCE_CACHE_FILES + 4 }, () => copies().instruments);
    parsed.count = 0;
    for (const instruments of files) await loadReferenceData({ instruments });
    expect(parsed.count).toBe(files.length);
    expect(referenceCacheSize()).toBe(REFERENCE_CACHE_FILES);
    // The most recent ones are kept; the first was dropped, and is parsed again.
    parsed.count = 0;
    await loadReferenceData({ instruments: files[files.length - 1] });
    expect(parsed.count).toBe(0);
    await loadReferenceData({ instruments: files[0] });
    expect(parsed.count).toBe(1);
    // A file used again is kept ahead of those loaded after it.
    const last = files[files.length - 1] ?? "";
    for (const instruments of files.slice(1, REFERENCE_CACHE_FILES)) {
      await loadReferenceData({ instruments });
      await loadReferenceData({ instruments: last });
    }
    parsed.count = 0;
    await loadReferenceData({ instruments: last });
    expect(parsed.count).toBe(0);
    // A file deleted: its entry goes with it (the load says the file is missing).
    const size = referenceCacheSize();
    rmSync(last);
    await expect(loadReferenceData({ instruments: last })).rejects.toBeInstanceOf(InputErrors);
    expect(referenceCacheSize()).toBe(size - 1);
  });
});
