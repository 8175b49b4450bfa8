import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorReport } from "../../src/cli/main.js";
import { PlanRefusedError } from "../../src/cli/plan.js";
import { ConfigError } from "../../src/config/index.js";
import { AggregationError } from "../../src/aggregate/errors.js";
import { FrameError } from "../../src/frames/frame-error.js";
import { GenerateInterruptedError } from "../../src/gen/interrupted.js";
import { GenOptionsError } from "../../src/gen/options.js";
import * as publicApi from "../../src/index.js";
import * as internal from "../../src/internal.js";
import { JobOutputsError } from "../../src/io/outputs/job-outputs-rows.js";
import { OutputNotOursError } from "../../src/io/outputs/output-marker.js";
import { StoreError } from "../../src/io/store/errors.js";
import { InputError, InputErrors, SweeplabError } from "../../src/model/errors.js";
import { DetailsError } from "../../src/notebook/details-errors.js";
import { RunSourceError } from "../../src/notebook/source-errors.js";
import { SavePlotError } from "../../src/notebook/save-plot.js";
import { AggregateRefusedError } from "../../src/pipeline/aggregate/aggregate-errors.js";
import { OutputUnwritableError } from "../../src/pipeline/errors.js";
import { RunLockedError } from "../../src/pipeline/lock.js";
import { SlicesIncompleteError, StoreNotSealedError } from "../../src/pipeline/partition/slice-errors.js";
import { StoreNotReadyError } from "../../src/pipeline/run.js";
import { StoreBusyError } from "../../src/pipeline/store-busy.js";
import { SecurityCaseError } from "../../src/pipeline/partition/code-case.js";
import { JobSumsMissingError } from "../../src/pipeline/jobs/job-sums-missing.js";
import { ValueTooLargeError } from "../../src/core/exact-values.js";

const errno = (code: string, path: string): Error =>
  Object.assign(new Error(`${code}: failed, open '${path}'`), { code, path, syscall: "open" });

/** One instance of every error class the toolkit exports, as the code throws it. */
const SAMPLES: Record<string, () => SweeplabError> = {
  AggregateRefusedError: () =>
    new AggregateRefusedError("aggregate_empty", "/o: the selection matches no partition; check --securities/--dates"),
  AggregationError: () => new AggregationError("duplicate_job", "appears twice", "A", "2024-10-02"),
  ConfigError: () => new ConfigError("bad_config", [{ path: "workers", message: "expected an integer ≥ 1" }]),
  DetailsError: () =>
    new DetailsError(
      "unknown_table",
      'details: "trades" is not a detail table; a job writes orders, classified, simulation',
    ),
  FrameError: () => new FrameError("unknown_column", 'no column "x"; the frame has: a, b'),
  GenerateInterruptedError: () => new GenerateInterruptedError("/d"),
  GenOptionsError: () =>
    new GenOptionsError("invalid generator options: orders: Too small: expected number to be >=1, got 0"),
  InputError: () => new InputError("empty_file", "/d/orders.csv", "is empty"),
  InputErrors: () => new InputErrors([new InputError("empty_file", "/d/orders.csv", "is empty")]),
  JobSumsMissingError: () => new JobSumsMissingError("A|2024-10-02", "/o/by_security/SEC_A/2024-10-02"),
  JobOutputsError: () =>
    new JobOutputsError("bad_value", "/o/by_security/SEC_A/2024-10-02/metrics.csv", 3, "sweeps", "not a number"),
  OutputNotOursError: () => new OutputNotOursError("/home/me", ["a.txt", "notes/"], 2),
  OutputUnwritableError: () => new OutputUnwritableError("ENOSPC", "/o", "jobs", errno("ENOSPC", "/o/x")),
  PlanRefusedError: () =>
    new PlanRefusedError("/w/sweeplab.yaml: no such run config; give the run config … with --config <file>"),
  RunLockedError: () => new RunLockedError("/o/.sweeplab.lock", { pid: 7, host: "h" }),
  RunSourceError: () => new RunSourceError("no_run", "/o: no run here; run sweeplab run first"),
  SavePlotError: () => new SavePlotError("unsupported_format", "/o/x.gif", "save as .html, .png or .svg"),
  SecurityCaseError: () =>
    new SecurityCaseError([
      [
        { securityCode: "BHP", file: "/d/orders-b.csv", line: 3 },
        { securityCode: "bhp", file: "/d/orders.csv", line: 2 },
      ],
    ]),
  SlicesIncompleteError: () =>
    new SlicesIncompleteError("/o/store", 3, [{ index: 1, kind: "missing", reason: "no record" }], " --output /o"),
  StoreBusyError: () =>
    new StoreBusyError(
      "/o/store",
      [{ path: "/o/.sweeplab.shard-1-of-3.lock", holder: { pid: 9, host: "h" } }],
      "rebuild",
    ),
  StoreError: () =>
    new StoreError("corrupt_piece", "/o/store/orders/x.parquet", "is not Parquet; delete the store and rerun"),
  StoreNotReadyError: () => new StoreNotReadyError("/o/store"),
  StoreNotSealedError: () => new StoreNotSealedError("/o/store"),
  ValueTooLargeError: () =>
    new ValueTooLargeError(
      "123 2024-10-02: sweep order 7 has real_value_ticks 1.000003000001e+18 (≈), beyond 2^53 − 1: …",
    ),
};

describe("the CLI prints every error class of the toolkit as one line, never a stack trace", () => {
  it("has a sample of every exported error class (a new class fails here until it has one)", () => {
    const exported = Object.entries({ ...internal, ...publicApi })
      .filter(([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Error)
      .map(([name]) => name)
      .filter((name) => name !== "SweeplabError");
    expect(exported.length).toBeGreaterThanOrEqual(16);
    expect(exported.filter((name) => !(name in SAMPLES))).toEqual([]);
  });

  it("has a sample of every error class declared in src, exported or not (UsageError: the CLI's own, printed with its usage)", () => {
    const src = join(import.meta.dirname, "..", "..", "src");
    const declared = readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...readFileSync(join(src, f), "utf8").matchAll(/class (\w+) extends SweeplabError\b/g)])
      .map((m) => m[1] as string);
    expect(declared.length).toBeGreaterThanOrEqual(19);
    expect(declared.filter((name) => name !== "UsageError" && !(name in SAMPLES))).toEqual([]);
  });

  // One line each; an error that lists several problems (ConfigError, InputErrors: every problem
  // before any work) is its headline line plus one indented line per problem.
  for (const [name, make] of Object.entries(SAMPLES))
    it(`${name}: "sweeplab <command>: <its message>", exit code 1`, () => {
      const e = make();
      expect(e).toBeInstanceOf(SweeplabError);
      expect(e.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      const report = errorReport("run", e, "HELP");
      expect(report).toBeDefined();
      expect(report?.exitCode).toBe(1);
      const text = report?.text ?? "";
      expect(text.endsWith("\n")).toBe(true);
      const [first, ...more] = text.slice(0, -1).split("\n");
      expect(first).toMatch(/^sweeplab run: \S/);
      for (const line of more) expect(line).toMatch(/^ {2}\S/);
      expect(more.length).toBe(e instanceof ConfigError || e instanceof InputErrors ? 1 : 0);
      expect(text).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
      expect(text).toBe(`sweeplab run: ${e.message}\n`);
    });

  it("leaves a bug's stack trace to Node (no report), and a usage error with the command's help (exit 2)", () => {
    expect(errorReport("run", new TypeError("x is undefined"), "HELP")).toBeUndefined();
    const bad = Object.assign(new Error("Unknown option '--nope'"), { code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" });
    expect(errorReport("run", bad, "HELP")).toEqual({
      text: "sweeplab run: Unknown option '--nope'\n\nHELP",
      exitCode: 2,
    });
  });
});
