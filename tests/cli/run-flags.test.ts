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

describe("configFromFlags: a refusal names where the bad value came from", () => {
  it("a flag's bad value names the flag, not the config file (nor the sample config nobody named)", async () => {
    const settings = join(tmp(), "settings.yaml");
    writeFileSync(settings, "workers: 4\n");
    const e = await configFromFlags(flags({ config: settings, workers: "0" })).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: "bad_config",
      message: 'bad config (--workers on the command line), 1 problem:\n  workers: expected an integer ≥ 1, got "0"',
    });
    // no --config, no --inputs: the sample config, which has no session of the user's
    const sample = await configFromFlags({
      help: false,
      "retry-failed": false,
      "allow-partial": false,
      session: "25:00..16:00",
    }).catch((x: unknown) => x);
    expect(sample).toMatchObject({
      code: "bad_config",
      message:
        'bad config (--session on the command line), 1 problem:\n  analysis.session.start: expected HH:MM or HH:MM:SS, got "25:00"',
    });
  });

  it("a bad value of the file beside a flag's good one (--session, analysis.impactTicks) names the file alone", async () => {
    const settings = join(tmp(), "settings.yaml");
    writeFileSync(settings, "analysis: { impactTicks: -1 }\n");
    const e = await configFromFlags(flags({ config: settings, session: "10:00..16:00" })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "bad_config", source: settings, issues: [{ path: "analysis.impactTicks" }] });
  });

  it("a bad value of the file and one of a flag name both", async () => {
    const settings = join(tmp(), "settings.yaml");
    writeFileSync(settings, "analysis: { impactTicks: -1 }\n");
    const e = await configFromFlags(flags({ config: settings, workers: "0" })).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "bad_config" });
    expect((e as Error).message).toMatch(
      new RegExp(
        `^bad config \\(${settings.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}, and --workers on the command line\\), 2 problems:\\n`,
      ),
    );
  });
});
