import type * as CsvParse from "csv-parse";
import { readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadReferenceData } from "../../src/io/inputs/reference.js";
import { InputErrors } from "../../src/model/errors.js";
import { FORMATS, tmp } from "../helpers.js";

/*
 * A notebook calls its readers again and again, and each loads the run's reference files: each file
 * is parsed once per process while it is unchanged (io/inputs/reference-cache.ts). csv-parse is
 * watched to count the files parsed.
 */

const parsed = vi.hoisted(() => ({ count: 0 }));

vi.mock("csv-parse", async (importOriginal) => {
  const orig = await importOriginal<typeof CsvParse>();
  return {
    ...orig,
    parse: (...args: Parameters<typeof orig.parse>) => {
      parsed.count++;
      return orig.parse(...args);
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
});
