import { describe, expect, it } from "vitest";
import { InputError, isToolkitError, SweeplabError } from "../../src/model/errors.js";

describe("isToolkitError: the one test of the CLI, the notebook and the REPL", () => {
  it("is true of every SweeplabError, whatever its code", () => {
    class Odd extends SweeplabError {
      readonly code = "Not_Snake"; // a class of the family counts by its class
    }
    expect(isToolkitError(new InputError("empty_file", "/d/orders.csv", "is empty"))).toBe(true);
    expect(isToolkitError(new Odd("x"))).toBe(true);
  });

  it("is true of an Error with a lower_snake code (a typed error that crossed a worker as a plain Error)", () => {
    for (const code of ["bad_value", "store_not_ready", "x", "corrupt_piece2", "a1_b2"])
      expect(isToolkitError(Object.assign(new Error("m"), { code })), code).toBe(true);
  });

  it("is false of Node's codes, other codes, no code and non-errors", () => {
    for (const code of ["ENOENT", "ERR_INVALID_ARG_TYPE", "bad-value", "_bad", "bad_", "bad__value", "1bad", ""])
      expect(isToolkitError(Object.assign(new Error("m"), { code })), code).toBe(false);
    expect(isToolkitError(Object.assign(new Error("m"), { code: 7 }))).toBe(false);
    expect(isToolkitError(new TypeError("x is undefined"))).toBe(false);
    expect(isToolkitError({ code: "bad_value", message: "a plain object is not an Error" })).toBe(false);
    expect(isToolkitError("bad_value")).toBe(false);
    expect(isToolkitError(undefined)).toBe(false);
  });
});
