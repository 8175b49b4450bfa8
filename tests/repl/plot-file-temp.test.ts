import type * as nodeFs from "node:fs";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { writePlotFile } from "../../src/repl/plot-file.js";
import { tmp } from "../helpers.js";

// The copy of plotly.js beside the REPL's chart pages goes through a temp file; when the copy or
// its rename fails (a full disk mid-way through its 4.6 MB), the temp file is removed, not left in
// the user's plots folder.

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof nodeFs>();
  return {
    ...fs,
    renameSync: (from: string, to: string): void => {
      if (String(from).includes(".tmp-"))
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      fs.renameSync(from, to);
    },
  };
});

describe("writePlotFile when plotly.js cannot be put beside the pages", () => {
  it("throws the file system's error and leaves no temp file", () => {
    const dir = join(tmp("sweeplab-plots-temp-"), "plots");
    expect(() => writePlotFile({ data: [], layout: { title: { text: "x" } } }, dir)).toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
