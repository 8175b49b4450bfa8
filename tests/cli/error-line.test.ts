import { describe, expect, it } from "vitest";
import { errorLine } from "../../src/cli/error-line.js";
import { ConfigError } from "../../src/config/index.js";
import { AggregationError } from "../../src/aggregate/errors.js";
import { JobOutputsError } from "../../src/io/outputs/job-outputs-rows.js";
import { StoreError } from "../../src/io/store/errors.js";
import * as publicApi from "../../src/index.js";
import * as internal from "../../src/internal.js";
import { InputError, InputErrors, SweeplabError } from "../../src/model/errors.js";
import { RunLockedError } from "../../src/pipeline/lock.js";
import { StoreNotReadyError } from "../../src/pipeline/run.js";

const errno = (code: string, path: string): Error =>
  Object.assign(new Error(`${code}: failed, open '${path}'`), { code, path, syscall: "open" });

describe("errorLine: every typed error of the toolkit as its message, never a stack trace", () => {
  it("covers every error class the toolkit exports: each is a SweeplabError", () => {
    const classes = Object.entries({ ...internal, ...publicApi }).filter(
      ([, v]) => typeof v === "function" && (v as { prototype?: unknown }).prototype instanceof Error,
    );
    expect(classes.length).toBeGreaterThanOrEqual(14);
    const outside = classes.filter(
      ([name, v]) => name !== "SweeplabError" && !((v as { prototype: unknown }).prototype instanceof SweeplabError),
    );
    expect(outside.map(([name]) => name)).toEqual([]);
    // A class of the family prints as its message, whatever it is.
    class Probe extends SweeplabError {
      readonly code = "probe_failed";
    }
    expect(errorLine(new Probe("/x: went wrong; do this"))).toBe("/x: went wrong; do this");
  });

  it("prints the typed errors by their code, whatever their class", () => {
    const typed: Error[] = [
      new StoreError("corrupt_piece", "/o/store/orders/x.parquet", "is not Parquet; delete the store and rerun"),
      new JobOutputsError("bad_value", "/o/by_security/SEC_A/2024-10-02/metrics.csv", 3, "sweeps", "not a number"),
      new AggregationError("duplicate_job", "counted twice", "A", "2024-10-02"),
      new RunLockedError("/o/.sweeplab.lock", { pid: 7, host: "h" }),
      new StoreNotReadyError("/o/store"),
      new ConfigError("bad_config", [{ path: "workers", message: "expected an integer ≥ 1" }]),
      new InputError("empty_file", "/d/orders.csv", "is empty"),
      new InputErrors([new InputError("empty_file", "/d/orders.csv", "is empty")]),
    ];
    for (const e of typed) expect(errorLine(e), e.name).toBe(e.message);
    expect(errorLine(typed[0])).toBe("/o/store/orders/x.parquet: is not Parquet; delete the store and rerun");
  });

  it("turns a full or read-only disk into the STOPPED line naming the path and what to do", () => {
    expect(errorLine(errno("ENOSPC", "/o/aggregated/a.csv"))).toBe(
      "STOPPED: the output folder cannot be written (ENOSPC: failed, open '/o/aggregated/a.csv'): free space on the disk of /o/aggregated/a.csv (or choose another output folder: --output / outputDir), then rerun; finished work is kept, no half-written file is left",
    );
    for (const code of ["EROFS", "EACCES", "EPERM"])
      expect(errorLine(errno(code, "/o"))).toMatch(new RegExp(`^STOPPED: .*\\(${code}: .*make /o writable`));
    expect(errorLine(errno("ENOENT", "/d/x.csv"))).toBe("ENOENT: failed, open '/d/x.csv'");
  });

  it("leaves a bug's stack trace alone", () => {
    expect(errorLine(new TypeError("x is undefined"))).toBeUndefined();
    expect(errorLine(Object.assign(new Error("odd"), { code: "ERR_SOMETHING" }))).toBeUndefined();
    expect(errorLine("a string")).toBeUndefined();
  });
});
