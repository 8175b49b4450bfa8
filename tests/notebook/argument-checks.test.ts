import { describe, expect, it } from "vitest";
import {
  concat,
  DataFrame,
  diffFrames,
  FrameError,
  merge,
  plot,
  records,
  run,
  savePlot,
  securityNames,
  setPlotMode,
  workDir,
} from "../../src/notebook/index.js";

// What an analyst types at the REPL or in a script, where nothing type-checks the call: a Promise
// not awaited, a frame where a figure goes, one key instead of a list. Each threw a bare TypeError
// ("Cannot read properties of undefined (reading 'includes')", "f.copy is not a function", "reading
// 'layout'"), shown as a bug with its stack, or (setPlotMode("png")) was taken silently.

const PROMISE = "a Promise: await it first (compare, aggregate, details and testsFrame return Promises)";
const frame = (): DataFrame => new DataFrame({ k: ["a", "b"], v: [1, 2] });
const pending = (): DataFrame => Promise.resolve(frame()) as unknown as DataFrame;

async function errorOf(f: () => unknown): Promise<FrameError> {
  try {
    await f();
  } catch (e) {
    return e as FrameError;
  }
  throw new Error("no error");
}

describe("frame and chart functions given the wrong argument: a typed error saying what it got", () => {
  it.each([
    [
      "records(Promise)",
      () => records(pending()),
      "not_a_frame",
      `records: expected a danfojs DataFrame or Series, got ${PROMISE}`,
    ],
    [
      "diffFrames(Promise, frame)",
      () => diffFrames(pending(), frame(), ["k"]),
      "not_a_frame",
      `diffFrames (before): expected a danfojs DataFrame or Series, got ${PROMISE}`,
    ],
    [
      "diffFrames(frame, frame, 5)",
      () => diffFrames(frame(), frame(), 5 as never),
      "bad_argument",
      "diffFrames: keys must be a list of column names, got 5",
    ],
    [
      "merge({ left: Promise })",
      () => merge({ left: pending(), right: frame(), on: ["k"] }),
      "not_a_frame",
      `merge (left): expected a danfojs DataFrame or Series, got ${PROMISE}`,
    ],
    [
      "concat({ dfList: [frame, Promise] })",
      () => concat({ dfList: [frame(), pending()], axis: 0 }),
      "not_a_frame",
      `concat (dfList[1]): expected a danfojs DataFrame or Series, got ${PROMISE}`,
    ],
    [
      "plot(frame)",
      () => plot(frame() as never),
      "bad_argument",
      "plot: expected a figure (charts.fillRatio(await aggregate(result)), or { data: [traces], layout }), got a DataFrame: show(frame) draws it as a table; a chart of it is a charts.<name>(…) figure or { data: [traces] }",
    ],
    [
      "plot(a builder not called)",
      () => plot((() => undefined) as never),
      "bad_argument",
      "plot: expected a figure (charts.fillRatio(await aggregate(result)), or { data: [traces], layout }), got a function: call it (charts.fillRatio(tables))",
    ],
    [
      "savePlot(Promise)",
      () => savePlot(Promise.resolve({}) as never, "/tmp/x.html"),
      "bad_argument",
      `savePlot: expected a figure (charts.fillRatio(await aggregate(result)), or { data: [traces], layout }), got ${PROMISE}`,
    ],
    [
      "setPlotMode(png)",
      () => setPlotMode("png" as never),
      "bad_argument",
      'setPlotMode: the mode is "mime" or "html", got "png"',
    ],
    [
      "securityNames()",
      () => securityNames(undefined as never),
      "bad_argument",
      "securityNames: expected the run's result or config, or the instruments file (ob.csv), got undefined",
    ],
    [
      "workDir()",
      () => workDir(undefined as never),
      "bad_argument",
      'workDir: expected a folder name (workDir("mine")), got undefined',
    ],
  ])("%s", async (_, f, code, message) => {
    const e = await errorOf(f);
    expect(e).toBeInstanceOf(FrameError);
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
  });

  it("the right arguments still work; diffFrames takes one key as a list of one", async () => {
    const after = new DataFrame({ k: ["a", "b"], v: [1, 3] });
    expect(records(await diffFrames(frame(), after, "k"))).toEqual(records(await diffFrames(frame(), after, ["k"])));
    expect(records(await diffFrames(frame(), after, "k"))).toEqual([
      { k: "b", column: "v", before: 2, after: 3, change: 1 },
    ]);
    expect(concat({ dfList: [frame(), frame()], axis: 0 }).shape).toEqual([4, 2]);
    expect(merge({ left: frame(), right: after, on: ["k"] }).shape).toEqual([2, 3]);
    setPlotMode("mime");
  });
});

describe("run given an option it does not have", () => {
  it("a name of every object (toString, constructor) is no option either; null is no options", async () => {
    const out = workDir("run-options-2", { fresh: true });
    const untyped = (o: unknown): Parameters<typeof run>[2] => o as Parameters<typeof run>[2];
    const e = await errorOf(() => run({ inputs: [out], outputDir: out }, {}, untyped({ constructor: 1 })));
    expect([e.code, e.message.slice(0, 40)]).toEqual(["bad_argument", 'run: "constructor" is no option of run (']);
    // null: read as no options, so the run goes on to its config (an empty folder: no input file).
    const n = await errorOf(() => run({ inputs: [out], outputDir: out }, {}, untyped(null)));
    expect(n).not.toBeInstanceOf(TypeError);
    expect(n.code).not.toBe("bad_argument");
  });

  it("a misspelt option or a config setting in the third argument is bad_argument, before any work", async () => {
    const out = workDir("run-options", { fresh: true });
    const untyped = (o: unknown): Parameters<typeof run>[2] => o as Parameters<typeof run>[2];
    const e = await errorOf(() =>
      run({ inputs: [out], outputDir: out }, {}, untyped({ progres: false, securities: ["110621"] })),
    );
    expect(e).toBeInstanceOf(FrameError);
    expect([e.code, e.message]).toEqual([
      "bad_argument",
      'run: "progres", "securities" are no options of run (its third argument: progress, signal, onProgress, onJob, onSkippedJob, retryFailed, …); a setting of the config goes in the second, run(config, { securities: ["110621"] })',
    ]);
  });
});
