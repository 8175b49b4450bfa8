import { describe, expect, it } from "vitest";
import { lineByLineDisplay } from "../../src/notebook/index.js";
import { replTarget } from "../../src/repl/target.js";

describe("lineByLineDisplay: a live display on a text stream", () => {
  it("writes each changed text as a line of its own, and nothing for an unchanged one", () => {
    const out: string[] = [];
    const live = lineByLineDisplay((t) => out.push(t));
    for (const text of ["1/3 jobs", "1/3 jobs", "2/3 jobs", "3/3 jobs", "3/3 jobs"]) live.update({ text });
    expect(out).toEqual(["1/3 jobs\n", "2/3 jobs\n", "3/3 jobs\n"]);
  });

  it("is the REPL target's live display, each one with its own last text", () => {
    const out: string[] = [];
    const target = replTarget(
      (t) => out.push(t),
      () => "/nowhere",
    );
    const a = target.live();
    const b = target.live();
    a.update({ text: "a" });
    a.update({ text: "a" });
    b.update({ text: "a" });
    expect(out).toEqual(["a\n", "a\n"]);
  });
});
