// configFromFlags: the run config of a command line (run, partition, aggregate), flag by flag.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configFromFlags, type RunFlagValues } from "../../src/cli/run.js";
import { FORMAT_EXAMPLES, tmp } from "../helpers.js";

const flags = (v: Partial<RunFlagValues>): RunFlagValues => ({
  help: false,
  "retry-failed": false,
  "allow-partial": false,
  inputs: [FORMAT_EXAMPLES],
  ...v,
});

describe("configFromFlags: --dates", () => {
  it("takes a list, a range FROM..TO and either end open", async () => {
    expect((await configFromFlags(flags({ dates: "2024-09-04, 2024-09-05" }))).dates).toEqual([
      "2024-09-04",
      "2024-09-05",
    ]);
    expect((await configFromFlags(flags({ dates: "2024-09-04..2024-09-05" }))).dates).toEqual({
      from: "2024-09-04",
      to: "2024-09-05",
    });
    expect((await configFromFlags(flags({ dates: "..2024-09-05" }))).dates).toEqual({ to: "2024-09-05" });
  });

  it("refuses a range of three dates (FROM..TO..MORE) as a usage error instead of running FROM..TO silently", async () => {
    const e = await configFromFlags(flags({ dates: "2024-09-04..2024-09-05..2024-09-06" })).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: "usage",
      message:
        "--dates 2024-09-04..2024-09-05..2024-09-06: expected a comma-separated list of dates or one range FROM..TO (either end may be left out)",
    });
  });
});

describe("configFromFlags: --config with flags over it", () => {
  it("a config file without inputs serves with --inputs, and a field a flag replaces is not refused alone", async () => {
    const dir = tmp();
    const settings = join(dir, "settings.yaml");
    writeFileSync(settings, "workers: 0\nanalysis: { impactTicks: 2 }\n");
    const c = await configFromFlags(flags({ config: settings, workers: "1" }));
    expect(c).toMatchObject({ inputs: [FORMAT_EXAMPLES], workers: 1, analysis: { impactTicks: 2 } });
    // as run(file, overrides) in a notebook; a field nothing replaces is still refused, naming the file
    const e = await configFromFlags(flags({ config: settings })).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: "bad_config",
      message: `bad config (${settings}), 1 problem:\n  workers: expected an integer ≥ 1, got 0`,
    });
  });
});
