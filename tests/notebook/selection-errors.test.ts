import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  aggregate,
  compare,
  details,
  RunHandle,
  RunSourceError,
  sweepRows,
  type RunResult,
} from "../../src/notebook/index.js";
import { writeSampleJobs } from "../frames/fixtures.js";
import { tmp } from "../helpers.js";

// A filter date typed the way people write dates ("2024-10-3", "3/10/2024") matched nothing and
// was reported as "not in the data", which sends the analyst looking for missing data; it is a
// date in the wrong form: say so, and how to write it.

let dir = "";
let dates: string[] = [];
beforeAll(async () => {
  dir = tmp("sweeplab-nb-selection-");
  await writeSampleJobs(dir);
  const sec = readdirSync(join(dir, "by_security")).sort()[0]!;
  dates = readdirSync(join(dir, "by_security", sec)).sort();
}, 120_000);

describe("a filter date not written YYYY-MM-DD", () => {
  it.each(["2024-10-3", "3/10/2024", "20241003"])("%s is empty_selection naming the form to use", async (date) => {
    const e = (await aggregate(dir, { dates: [date] }).catch((x: unknown) => x)) as RunSourceError;
    expect(e).toBeInstanceOf(RunSourceError);
    expect(e.code).toBe("empty_selection");
    expect(e.message).toBe(
      `${resolve(dir)}: "${date}" is not a date written YYYY-MM-DD (e.g. "${dates[0]}"): present are ${dates.join(", ")}`,
    );
  });

  it("a well-formed date without data still says it is not in the data", async () => {
    const e = (await aggregate(dir, { dates: ["2030-01-02"] }).catch((x: unknown) => x)) as RunSourceError;
    expect(e.message).toBe(`${resolve(dir)}: 2030-01-02 is not in the data: present are ${dates.join(", ")}`);
  });
});

// A filter is typed untyped at the REPL (and in a script): a misspelt field ({ security: … },
// { participants: … }) was ignored, so every job was read and the analyst got the whole run's
// rows as if they were the selection; the config's { from, to } date range became the date
// "[object Object]". Both are refused, saying what a filter takes.
describe("a filter field sweeplab does not know", () => {
  const untyped = (f: unknown): { securities?: string[] } => f as { securities?: string[] };

  it.each(["security", "participants", "date"])("{ %s: … } is bad_filter, naming the fields there are", async (key) => {
    for (const read of [
      () => aggregate(dir, untyped({ [key]: ["x"] })),
      () => compare(dir, untyped({ [key]: ["x"] })),
      () => sweepRows(dir, untyped({ [key]: ["x"] })),
      () => details(dir, "orders", untyped({ [key]: ["x"] })),
    ]) {
      const e = (await read().catch((x: unknown) => x)) as RunSourceError;
      expect(e).toBeInstanceOf(RunSourceError);
      expect(e.code).toBe("bad_filter");
      expect(e.message).toBe(
        `"${key}" is not a filter field: a filter chooses jobs by securities and dates ` +
          '(e.g. { securities: ["110621"], dates: ["2024-10-03"] }); rows within jobs (a participant, a side, ' +
          "a size band): filter(frame, (r) => r.participant_id === 1001)",
      );
    }
  });

  it("an object as securities, or dates other than { from, to }, is bad_filter", async () => {
    for (const [f, message] of [
      [
        { securities: { code: "110621" } },
        'securities: a filter takes a list of security codes (e.g. ["110621", "110622"]), got an object',
      ],
      [
        { dates: { start: dates[0] } },
        'dates: a filter takes a list of YYYY-MM-DD dates (e.g. ["2024-10-02", "2024-10-03"]) or a range ' +
          '{ from: "2024-10-02", to: "2024-10-03" } (either end may be left out), got an object with start',
      ],
    ] as const) {
      const e = (await compare(dir, untyped(f)).catch((x: unknown) => x)) as RunSourceError;
      expect(e.code).toBe("bad_filter");
      expect(e.message).toBe(message);
    }
  });

  it("securities and dates as lists, numbers or comma-separated text still filter", async () => {
    const sec = readdirSync(join(dir, "by_security")).sort()[0]!.slice(4);
    expect((await compare(dir, { securities: [sec], dates: [dates[0]!] })).shape[0]).toBeGreaterThan(0);
    expect((await compare(dir, untyped({ securities: sec, dates: dates.join(",") }))).shape[0]).toBeGreaterThan(0);
  });
});

// At the REPL (or in a script) `r = run(…)` without await gives a run handle; aggregate(r),
// compare(r), sweepRows(r) and details(r, …) then died on a TypeError with Node's stack ('The
// "path" argument must be of type string. Received undefined'). Now: not_a_run, saying to await it.
describe("a reader given a run handle, or no source", () => {
  const handle = new RunHandle(() => new Promise<RunResult>(() => undefined));
  const readers = (source: unknown): (() => Promise<unknown>)[] => [
    () => aggregate(source as string),
    () => compare(source as string),
    () => sweepRows(source as string),
    () => details(source as string, "orders"),
  ];

  it("a run handle is not_a_run, saying to await it", async () => {
    for (const read of readers(handle)) {
      const e = (await read().catch((x: unknown) => x)) as RunSourceError;
      expect(e).toBeInstanceOf(RunSourceError);
      expect(e.code).toBe("not_a_run");
      expect(e.message).toBe(
        "expected a run's result, its config or its output folder, got a run handle or a Promise: " +
          "await it first (r = await run(…))",
      );
    }
  });

  it("undefined is not_a_run, naming what it got", async () => {
    for (const read of readers(undefined)) {
      const e = (await read().catch((x: unknown) => x)) as RunSourceError;
      expect(e.code).toBe("not_a_run");
      expect(e.message).toBe("expected a run's result, its config or its output folder, got undefined");
    }
  });
});

// The config's dates are a list or a range { from, to }; a filter's were a list only (a year of
// dates typed out one by one). A filter takes the range too, either end open, as the config does.
describe("a filter's dates as a range { from, to }", () => {
  const count = async (f: unknown): Promise<number> => (await compare(dir, untyped2(f))).shape[0] ?? 0;
  const untyped2 = (f: unknown): { dates?: string[] } => f as { dates?: string[] };

  it("keeps the jobs of the dates from `from` to `to`, both included; either end may be left out", async () => {
    const first = await count({ dates: [dates[0]] });
    const second = await count({ dates: [dates[1]] });
    expect(first).toBeGreaterThan(0);
    expect(await count({ dates: { from: dates[0], to: dates[0] } })).toBe(first);
    expect(await count({ dates: { from: dates[0], to: dates[1] } })).toBe(first + second);
    expect(await count({ dates: { from: dates[1] } })).toBe(await count({ dates: dates.slice(1) }));
    expect(await count({ dates: { to: dates[0] } })).toBe(first);
  });

  it("a range with neither end, dates: {}, is every date (it was bad_filter, though either end may be left out)", async () => {
    const all = await count({});
    expect(all).toBe(await count({ dates: dates }));
    expect(await count({ dates: {} })).toBe(all);
    expect(await count({ dates: { from: undefined, to: undefined } })).toBe(all);
    const byDate = async (f: unknown): Promise<unknown[]> =>
      (await aggregate(dir, untyped2(f))).by_date.column("date").values;
    expect(await byDate({ dates: {} })).toEqual(dates);
  });

  it("a range holding no date of the data is empty_selection, naming the dates there are", async () => {
    const e = (await aggregate(dir, untyped2({ dates: { from: "2030-01-01", to: "2030-12-31" } })).catch(
      (x: unknown) => x,
    )) as RunSourceError;
    expect(e.code).toBe("empty_selection");
    expect(e.message).toBe(
      `${resolve(dir)}: no date from 2030-01-01 to 2030-12-31 is in the data: present are ${dates.join(", ")}`,
    );
  });

  it.each(["2024-10-3", "2024-13-01", "2024-02-30"])(
    "an end %s, no calendar date YYYY-MM-DD, is bad_filter",
    async (d) => {
      const e = (await compare(dir, untyped2({ dates: { from: d } })).catch((x: unknown) => x)) as RunSourceError;
      expect(e.code).toBe("bad_filter");
      expect(e.message).toBe(
        `dates: the range's from "${d}" is not a calendar date written YYYY-MM-DD (e.g. "2024-10-02")`,
      );
    },
  );
});
