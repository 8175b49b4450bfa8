import { describe, expect, it } from "vitest";
import { FrameError } from "../../src/frames/frame-error.js";
import { securityNames } from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";

/*
 * The readers take an output folder as a source (`aggregate("/path/out")`); securityNames took the
 * same string as the instruments file and said `InputError: /path/out: cannot be read (EISDIR)`.
 * A folder is refused saying what to give instead.
 */
describe("securityNames given a folder", () => {
  it("is bad_argument naming what to give, not a file that cannot be read", async () => {
    const out = tmp("sweeplab-names-");
    const e = await securityNames(out).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FrameError);
    expect((e as FrameError).code).toBe("bad_argument");
    expect((e as FrameError).message).toBe(
      `securityNames: ${out} is a folder: give the run's result or config (securityNames(result)), or the ` +
        "instruments file itself (ob.csv); an output folder does not record its reference files",
    );
  });
});
