import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimOutputFolder, OUTPUT_MARKER, outputMarkerText } from "../../src/io/outputs/output-marker.js";
import { tmp } from "../helpers.js";

describe("claimOutputFolder", () => {
  it("lets many claims of one empty folder at once all succeed, leaving one marker and nothing else", async () => {
    const dir = tmp("sweeplab-claim-");
    await Promise.all(Array.from({ length: 8 }, () => claimOutputFolder(dir)));
    expect(readdirSync(dir)).toEqual([OUTPUT_MARKER]);
    expect(readFileSync(join(dir, OUTPUT_MARKER), "utf8")).toBe(outputMarkerText());
    expect(JSON.parse(outputMarkerText())).toEqual({
      tool: "sweeplab",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it("takes a folder holding only sweeplab's own lock and temp files as empty, but not a look-alike", async () => {
    const dir = tmp("sweeplab-claim-lock-");
    writeFileSync(join(dir, ".sweeplab.lock"), "{}");
    writeFileSync(join(dir, ".sweeplab-tmp-x.abc"), "");
    await claimOutputFolder(dir);
    expect(readdirSync(dir).sort()).toEqual([".sweeplab-output.json", ".sweeplab-tmp-x.abc", ".sweeplab.lock"]);
    const other = tmp("sweeplab-claim-rc-");
    writeFileSync(join(other, ".sweeplabrc"), "mine");
    await expect(claimOutputFolder(other)).rejects.toMatchObject({
      code: "output_not_ours",
      entries: [".sweeplabrc"],
      entryCount: 1,
    });
  });

  it("names at most three entries, sorted, folders with a slash, and counts them all", async () => {
    const dir = tmp("sweeplab-claim-many-");
    for (const n of ["e.txt", "d.txt", "c.txt"]) writeFileSync(join(dir, n), "");
    mkdirSync(join(dir, "b"));
    mkdirSync(join(dir, "a"));
    const err = await claimOutputFolder(dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "output_not_ours", entries: ["a/", "b/", "c.txt"], entryCount: 5 });
    expect((err as Error).message).toContain(
      `${dir}: not a sweeplab output folder (it holds a/, b/, c.txt, … (5 entries)`,
    );
  });
});
