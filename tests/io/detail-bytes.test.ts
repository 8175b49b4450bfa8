import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jobDir } from "../../src/io/outputs/job-outputs.js";
import { writeSampleJobs } from "../frames/fixtures.js";

// The bytes of the detail files do not change when their writers derive from the declaration
// (core/detail-tables/): sha256 of the 12 sample jobs' files, computed before that change.
describe("detail tables: bytes pinned", () => {
  it("the Parquet detail files of the sample jobs are byte for byte as before the derived writers", async () => {
    const s = await writeSampleJobs();
    const h = createHash("sha256");
    for (const r of s.results)
      for (const f of ["orders.parquet", "classified.parquet", "simulation.parquet"])
        h.update(readFileSync(join(jobDir(s.dir, r.securityCode, r.date), f)));
    expect(h.digest("hex")).toBe("bc6cf8f087924761e13f147e60c89d210a89a46f22f3fea78397d06c73fb0724");
  }, 120_000);
});
