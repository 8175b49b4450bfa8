import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../../src/config/index.js";
import { tmp } from "../helpers.js";

/** The securities a YAML config's `securities:` line selects. */
async function securities(line: string): Promise<readonly string[] | undefined> {
  const dir = tmp("sec-codes-");
  const path = join(dir, "run.yaml");
  writeFileSync(path, `inputs: [data]\n${line}\n`);
  return (await loadConfigFile(path)).securities;
}

describe("a YAML config's unquoted security codes are taken as written", () => {
  it("keeps leading zeros: [00123] selects 00123, not 123 (another security; it ran 123 with exit 0)", async () => {
    expect(await securities("securities: [00123, 0123, 123, 110621]")).toEqual(["00123", "0123", "123", "110621"]);
  });

  it("keeps a block list's codes and other numeric spellings (1e3, 0x1F) as their text", async () => {
    expect(await securities("securities:\n  - 00123\n  - 1e3\n  - 0x1F\n  - '007'")).toEqual([
      "00123",
      "1e3",
      "0x1F",
      "007",
    ]);
  });
});
