import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { InputErrors } from "../../src/model/errors.js";
import { runPipeline } from "../../src/pool/run.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";

describe("reference files are checked before any work", () => {
  it("a missing, a folder and an empty reference file are all listed, and nothing is written", async () => {
    const dir = tmp();
    const out = join(dir, "out");
    const folder = join(dir, "par-folder");
    mkdirSync(folder);
    const empty = writeFixture(dir, "session.csv", "");
    const missing = join(dir, "no-such-ob.csv");
    const config = resolveConfig({
      inputs: [join(FORMATS, "orders-example.csv")],
      reference: { instruments: missing, participants: folder, sessions: empty },
      outputDir: out,
      workers: 1,
    });
    const err = await runPipeline(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputErrors);
    expect((err as InputErrors).errors.map((e) => [e.code, e.file])).toEqual([
      ["unreadable", missing],
      ["unreadable", folder],
      ["empty_file", empty],
    ]);
    expect((err as Error).message).toContain("ENOENT");
    expect(existsSync(join(out, "store"))).toBe(false);
    expect(existsSync(join(out, "run_summary.json"))).toBe(false);
  });

  it("a bad input file and a missing reference file are reported together", async () => {
    const dir = tmp();
    const bad = writeFixture(dir, "orders-empty.csv", "");
    const missing = join(dir, "par.csv");
    const config = resolveConfig({
      inputs: [bad],
      reference: { participants: missing },
      outputDir: join(dir, "out"),
      workers: 1,
    });
    const err = await runPipeline(config).catch((e: unknown) => e);
    expect((err as InputErrors).errors.map((e) => [e.code, e.file])).toEqual([
      ["empty_file", bad],
      ["unreadable", missing],
    ]);
  });
});
