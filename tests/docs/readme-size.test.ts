import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

describe("README.md", () => {
  it("stays under 30 KiB, as CONTRIBUTING asks (details go to REFERENCE.md, the diary to bench/README.md)", () => {
    expect(statSync(join(ROOT, "README.md")).size).toBeLessThanOrEqual(30 * 1024);
  });
});
