import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "../../src/config/index.js";
import { configError, lines, MINIMAL } from "./helpers.js";

const TOP_KEYS =
  "inputs, reference, securities, dates, analysis, chunkSize, workers, memoryBudget, jobTimeoutMs, retries, outputDir, strict, unknownCodes, outputs";
const ANALYSIS_KEYS = "centrePointMask, sweepMask, session, participants, sizeBands, impactTicks, duplicates";
const RANGE = "a range { from?: YYYY-MM-DD, to?: YYYY-MM-DD } or a list of at least one YYYY-MM-DD date";

describe("ConfigError", () => {
  it("reports the brief's example exactly, as data and in the message", () => {
    const e = configError(() => resolveConfig({ ...MINIMAL, workers: "two" }));
    expect(e.code).toBe("bad_config");
    expect(e.name).toBe("ConfigError");
    expect(e.issues).toEqual([
      { path: "workers", message: 'expected an integer ≥ 1, got "two"', allowed: "an integer ≥ 1" },
    ]);
    expect(e.message).toBe('bad config, 1 problem:\n  workers: expected an integer ≥ 1, got "two"');
  });

  it("lists every problem at once, one line per field, in schema order", () => {
    const e = configError(() =>
      resolveConfig({
        inputs: [],
        workers: 0,
        retries: 11,
        jobTimeoutMs: 1.5,
        chunkSize: "64XB",
        strict: "yes",
        outputDir: "",
      }),
    );
    expect(lines(e.issues)).toEqual([
      "inputs: expected a list of at least one file, folder or glob, got []",
      'chunkSize: expected a whole number of bytes ≥ 1, or a size such as "512KB", "64MB", "1GB" (1 KB = 1024 B), got "64XB"',
      "workers: expected an integer ≥ 1, got 0",
      "jobTimeoutMs: expected an integer ≥ 1, got 1.5",
      "retries: expected an integer from 0 to 10, got 11",
      'outputDir: expected a non-empty text, got ""',
      'strict: expected true or false, got "yes"',
    ]);
    expect(e.message.split("\n")).toEqual(["bad config, 7 problems:", ...lines(e.issues).map((l) => `  ${l}`)]);
    expect(e.issues.map((i) => i.allowed)).toEqual([
      "a list of at least one file, folder or glob",
      'a whole number of bytes ≥ 1, or a size such as "512KB", "64MB", "1GB" (1 KB = 1024 B)',
      "an integer ≥ 1",
      "an integer ≥ 1",
      "an integer from 0 to 10",
      "a non-empty text",
      "true or false",
    ]);
  });

  it("says a required field is missing", () => {
    expect(lines(configError(() => resolveConfig({})).issues)).toEqual([
      "inputs: expected a list of at least one file, folder or glob, got nothing",
    ]);
    expect(lines(configError(() => resolveConfig(undefined)).issues)).toEqual([
      "inputs: expected a list of at least one file, folder or glob, got nothing",
    ]);
  });

  it("names unknown keys one by one, with the allowed keys and a close match", () => {
    const e = configError(() =>
      resolveConfig({
        ...MINIMAL,
        workerz: 3,
        colour: "red",
        reference: { instrument: "ob.csv" },
        analysis: { foo: 1 },
      }),
    );
    expect(lines(e.issues)).toEqual([
      'reference.instrument: unknown key (did you mean "instruments"?); allowed keys: instruments, participants, sessions',
      `analysis.foo: unknown key; allowed keys: ${ANALYSIS_KEYS}`,
      `workerz: unknown key (did you mean "workers"?); allowed keys: ${TOP_KEYS}`,
      `colour: unknown key; allowed keys: ${TOP_KEYS}`,
    ]);
    expect(e.issues[2]?.allowed).toBe(TOP_KEYS);
  });

  it("names where a key given at the wrong level belongs (the CLI's --session is analysis.session)", () => {
    const e = configError(() =>
      resolveConfig({
        ...MINIMAL,
        session: { start: "10:00", end: "12:00" },
        participants: [1001],
        smallMax: 1000,
        detailFormat: "csv.gz",
        analysis: { mediumMax: 5000 },
      }),
    );
    expect(lines(e.issues)).toEqual([
      `analysis.mediumMax: unknown key (did you mean "analysis.sizeBands.mediumMax"?); allowed keys: ${ANALYSIS_KEYS}`,
      `session: unknown key (did you mean "analysis.session"?); allowed keys: ${TOP_KEYS}`,
      `participants: unknown key (did you mean "reference.participants" or "analysis.participants"?); allowed keys: ${TOP_KEYS}`,
      `smallMax: unknown key (did you mean "analysis.sizeBands.smallMax"?); allowed keys: ${TOP_KEYS}`,
      `detailFormat: unknown key (did you mean "outputs.detailFormat"?); allowed keys: ${TOP_KEYS}`,
    ]);
  });

  it("reports wrong types inside lists with the item's index", () => {
    const e = configError(() => resolveConfig({ inputs: ["a", 3, ""], securities: ["BHP", "bad code!", 1.5] }));
    expect(lines(e.issues)).toEqual([
      "inputs[1]: expected a non-empty file, folder or glob, got 3",
      'inputs[2]: expected a non-empty file, folder or glob, got ""',
      'securities[1]: expected a security code of 1–32 characters A–Z a–z 0–9 . _ -, got "bad code!"',
      "securities[2]: expected a security code of 1–32 characters A–Z a–z 0–9 . _ -, got 1.5",
    ]);
  });

  it("reports bad dates in either form of dates, through the form that was meant", () => {
    const bad = (dates: unknown): string[] => lines(configError(() => resolveConfig({ ...MINIMAL, dates })).issues);
    expect(bad({ from: "2024-02-30", to: "2024-13-01" })).toEqual([
      'dates.from: expected a calendar date YYYY-MM-DD, got "2024-02-30"',
      'dates.to: expected a calendar date YYYY-MM-DD, got "2024-13-01"',
    ]);
    expect(bad({ from: "2024-10-07", to: "2024-10-02" })).toEqual([
      'dates: expected from ≤ to, got {"from":"2024-10-07","to":"2024-10-02"}',
    ]);
    expect(bad({ from: "02/10/2024", till: "2024-10-04" })).toEqual([
      'dates.from: expected a calendar date YYYY-MM-DD, got "02/10/2024"',
      "dates.till: unknown key; allowed keys: from, to",
    ]);
    expect(bad(["2024-10-02", "2024-10-32", 20241003])).toEqual([
      'dates[1]: expected a calendar date YYYY-MM-DD, got "2024-10-32"',
      "dates[2]: expected a calendar date YYYY-MM-DD, got 20241003",
    ]);
    expect(bad("2024-10-02")).toEqual([`dates: expected ${RANGE}, got "2024-10-02"`]);
    expect(bad([])).toEqual([`dates: expected ${RANGE}, got []`]);
  });

  it("reports bad chunk sizes", () => {
    const bad = (chunkSize: unknown): string | undefined =>
      configError(() => resolveConfig({ ...MINIMAL, chunkSize })).issues[0]?.message.replace(/.*, got /, "got ");
    expect(bad("64XB")).toBe('got "64XB"');
    expect(bad("0")).toBe('got "0"');
    expect(bad("0.0001KB")).toBe('got "0.0001KB"');
    expect(bad("-1MB")).toBe('got "-1MB"');
    expect(bad("")).toBe('got ""');
    expect(bad(0)).toBe("got 0");
    expect(bad(1.5)).toBe("got 1.5");
    expect(bad(true)).toBe("got true");
  });

  it("reports the analysis fields through AnalysisConfig's own rules", () => {
    const e = configError(() =>
      resolveConfig({
        ...MINIMAL,
        analysis: {
          centrePointMask: 0,
          session: { start: "25:00" },
          participants: [1001, 1.5],
          sizeBands: { smallMax: -1 },
          impactTicks: "x",
        },
      }),
    );
    // The session refinement ("start must be before its end") is not repeated over start's own issue.
    expect(lines(e.issues)).toEqual([
      "analysis.centrePointMask: expected an integer from 1 to 65535, got 0",
      'analysis.session.start: expected HH:MM or HH:MM:SS, got "25:00"',
      "analysis.participants[1]: expected an integer, got 1.5",
      "analysis.sizeBands.smallMax: expected an integer ≥ 0, got -1",
      'analysis.impactTicks: expected a number ≥ 0, got "x"',
    ]);
    const refined = configError(() =>
      resolveConfig({
        ...MINIMAL,
        analysis: { session: { start: "16:00", end: "10:00" }, sizeBands: { smallMax: 3000 } },
      }),
    );
    expect(refined.issues).toEqual([
      {
        path: "analysis.session",
        message: 'session start must be before its end, got {"start":"16:00","end":"10:00"}',
      },
      { path: "analysis.sizeBands", message: 'smallMax must be below mediumMax, got {"smallMax":3000}' },
    ]);
    expect(lines(configError(() => resolveConfig({ ...MINIMAL, analysis: 5 })).issues)).toEqual([
      `analysis: expected a mapping with keys ${ANALYSIS_KEYS}, got 5`,
    ]);
  });

  it("refuses a base or an override that is not a mapping", () => {
    const e = configError(() => resolveConfig([1], { workers: 2 }, "x"));
    expect(e.issues).toEqual([
      { path: "", message: "expected the base config to be a mapping of settings, got [1]", allowed: "a mapping" },
      { path: "", message: 'expected override 2 to be a mapping of settings, got "x"', allowed: "a mapping" },
    ]);
    expect(e.message).toBe(
      'bad config, 2 problems:\n  config: expected the base config to be a mapping of settings, got [1]\n  config: expected override 2 to be a mapping of settings, got "x"',
    );
  });

  it("shortens long values in messages", () => {
    const e = configError(() => resolveConfig({ ...MINIMAL, outputDir: ["x".repeat(200)] }));
    expect(e.issues[0]?.message).toBe(`expected a non-empty text, got ["${"x".repeat(75)}...`);
  });

  it("can be attributed to a file", () => {
    const e = new ConfigError("bad_config", [{ path: "workers", message: "m" }]).withSource("run.yaml");
    expect([e.source, e.message]).toEqual(["run.yaml", "bad config (run.yaml), 1 problem:\n  workers: m"]);
  });
});
