import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TOOLKIT_VERSION } from "../../src/model/version.js";

describe("TOOLKIT_VERSION", () => {
  it("equals package.json's version (job records stamp it: bump both together)", () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(TOOLKIT_VERSION).toBe(pkg.version);
  });
});
