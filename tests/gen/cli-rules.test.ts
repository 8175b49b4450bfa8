/**
 * `sweeplab gen --simulation-rules-only` (needs `npm run build`): the same files as
 * `generate({ rules: SIMULATION_RULES_ONLY })`, a market without the rules the simulation does not
 * model; without the flag the rules are on.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate, SIMULATION_RULES_ONLY } from "../../src/gen/index.js";
import { readTable, tempDir } from "./dataset.js";

const ROOT = join(import.meta.dirname, "..", "..");
const tmp = tempDir();
afterAll(() => tmp.cleanup());

function gen(out: string, ...extra: string[]): number | null {
  const args = ["gen", "--orders", "3000", "--securities", "2", "--dates", "1", "--seed", "5", "--out", out, ...extra];
  return spawnSync(process.execPath, [join(ROOT, "bin", "sweeplab.js"), ...args], { encoding: "utf8" }).status;
}

describe("sweeplab gen --simulation-rules-only", () => {
  it("writes the files of generate({ rules: SIMULATION_RULES_ONLY }); without it the rules are on", async () => {
    const only = join(tmp.dir, "only");
    const api = join(tmp.dir, "api");
    const on = join(tmp.dir, "on");
    expect(gen(only, "--simulation-rules-only")).toBe(0);
    expect(gen(on)).toBe(0);
    const s = await generate({
      orders: 3000,
      securities: 2,
      dates: 1,
      seed: 5,
      outDir: api,
      rules: SIMULATION_RULES_ONLY,
    });
    const date = s.dates[0] ?? "";
    for (const f of [`orders/orders-${date}.csv`, `trades/trades-${date}.csv`, "nbbo.csv"]) {
      expect(readFileSync(join(only, f)).equals(readFileSync(join(api, f))), f).toBe(true);
    }
    const sources = (dir: string): Set<string> =>
      new Set(readTable(join(dir, "trades", `trades-${date}.csv`)).rows.map((r) => r.dealsource ?? ""));
    expect(sources(only)).toEqual(new Set(["1", "47"]));
    expect(sources(on).has("46")).toBe(true);
  });
});
