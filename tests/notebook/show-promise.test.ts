import { afterEach, describe, expect, it } from "vitest";
import { DataFrame, FrameError, groupStats, setDisplayTarget, show } from "../../src/notebook/index.js";
import { collector } from "./collector.js";

// The readers return Promises (`compare`, `aggregate`, `details`, `testsFrame`); an analyst who
// forgets `await` must be told so, not shown nothing: `show(testsFrame(stats))` printed nothing
// at all, without an error (a Promise was taken for a record of named frames with none).

afterEach(() => setDisplayTarget(undefined));

const frame = (): DataFrame => new DataFrame([{ group: 1, savings_aud: 2.5 }]);

describe("show given something that is not a table", () => {
  it("a Promise is FrameError not_a_frame saying to await it; nothing is shown", () => {
    const c = collector();
    setDisplayTarget(c);
    const e = (() => {
      try {
        show(Promise.resolve(frame()) as unknown as DataFrame);
      } catch (x) {
        return x;
      }
    })() as FrameError;
    expect(e).toBeInstanceOf(FrameError);
    expect(e.code).toBe("not_a_frame");
    expect(e.message).toBe(
      "show: expected a DataFrame, a Series, an array of rows or named frames, got a Promise: await it first (compare, aggregate, details and testsFrame return Promises)",
    );
    expect(c.shown).toEqual([]);
  });

  it("undefined, a number, or named values that are not frames are not_a_frame too, never a TypeError or nothing", () => {
    for (const [bad, got] of [
      [undefined, "undefined"],
      [3, "number"],
      [{ a: 1 }, "a: number"],
      [
        { a: frame(), b: Promise.resolve(frame()) },
        "b: a Promise: await it first (compare, aggregate, details and testsFrame return Promises)",
      ],
    ] as const) {
      const c = collector();
      setDisplayTarget(c);
      let thrown: unknown;
      try {
        show(bad as unknown as DataFrame);
      } catch (x) {
        thrown = x;
      }
      expect(thrown, String(got)).toBeInstanceOf(FrameError);
      expect((thrown as FrameError).message).toBe(
        `show: expected a DataFrame, a Series, an array of rows or named frames, got ${got}`,
      );
      expect(c.shown).toEqual([]);
    }
  });

  it("named frames still show one table each; a frame helper given a Promise says to await it", async () => {
    const c = collector();
    setDisplayTarget(c);
    show({ first: frame(), second: frame() });
    expect(c.shown.map((o) => o.text.split("\n")[0])).toEqual([
      expect.stringContaining("first"),
      expect.stringContaining("second"),
    ]);
    const p = Promise.resolve(frame());
    expect(() => groupStats(p as unknown as DataFrame, ["group"], { savings_aud: ["sum"] })).toThrow(
      /got a Promise: await it/,
    );
    await p;
  });
});
