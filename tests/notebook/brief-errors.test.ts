import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/index.js";
import {
  aggregate,
  briefError,
  compare,
  run,
  RunSourceError,
  scan,
  setDebug,
  setDisplayTarget,
  sweepRows,
} from "../../src/notebook/index.js";
import { tmp } from "../helpers.js";
import { generate } from "../../src/gen/index.js";
import { collector } from "./collector.js";

/** What a rejected promise rejected with. */
async function rejection(p: PromiseLike<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

/** A toolkit error shown briefly: its stack and its printed form are the one line `Name: message`. */
function expectBrief(e: Error, name: string): void {
  expect(e.name).toBe(name);
  expect(e.stack).toBe(`${name}: ${e.message}`);
  expect(e.stack).not.toMatch(/\n\s+at /);
  expect(inspect(e)).toBe(`${name}: ${e.message}`);
}

let data = "";
let ran = "";

beforeAll(async () => {
  setDisplayTarget(collector());
  const dir = tmp("sweeplab-brief-");
  data = join(dir, "data");
  await generate({ orders: 2_000, securities: 2, dates: 2, seed: 7, outDir: data });
  ran = join(dir, "out");
  await run({ inputs: [data], outputDir: ran, workers: 1 }, {}, { progress: false });
}, 120_000);

afterEach(() => setDebug(false));

describe("briefError (the error-shortening wrapper, no Jupyter)", () => {
  it("shortens a typed toolkit error to its message, keeping its class, code and fields", () => {
    const e = new ConfigError("bad_config", [{ path: "wokers", message: "unknown key" }], "x.yaml");
    const full = e.stack ?? "";
    expect(full).toMatch(/\n\s+at /); // a stack trace before
    expect(inspect(e)).toContain("issues"); // and a dump of its fields
    const b = briefError(e);
    expect(b).toBe(e);
    expect(b).toBeInstanceOf(ConfigError);
    expect(b.code).toBe("bad_config");
    expectBrief(b, "ConfigError");
    expect(b.stack).toBe("ConfigError: bad config (x.yaml), 1 problem:\n  wokers: unknown key");
  });

  it("leaves a bug (an error without a lower_snake code) and anything not an Error as they are", () => {
    const bug = new TypeError("x is undefined");
    const stack = bug.stack;
    expect(briefError(bug).stack).toBe(stack);
    const upper = Object.assign(new Error("spawn failed"), { code: "ERR_SOMETHING" });
    expect(briefError(upper).stack).toMatch(/\n\s+at /);
    expect(briefError("text")).toBe("text");
  });

  it("keeps the whole stack after setDebug(true)", () => {
    setDebug(true);
    const e = new ConfigError("bad_config", [{ path: "x", message: "bad" }]);
    expect(briefError(e).stack).toMatch(/\n\s+at /);
  });
});

describe("the notebook API throws toolkit errors briefly", () => {
  it("run with a bad config key: the ConfigError in one message, no stack", async () => {
    const file = join(tmp("sweeplab-brief-cfg-"), "bad.yaml");
    writeFileSync(file, `inputs: ["${data}"]\nwokers: 1\n`);
    const e = await rejection(run(file, {}, { progress: false }));
    expectBrief(e, "ConfigError");
    expect(e.message).toContain('wokers: unknown key (did you mean "workers"?)');
  });

  it("scan of a missing input: the InputError in one message, no stack; with setDebug(true) the stack", async () => {
    const missing = join(tmp("sweeplab-brief-in-"), "no-such-folder");
    const e = await rejection(scan(missing));
    expectBrief(e, "InputError");
    expect(e.message).toBe(
      `${missing}: matches no file (expected a file, a folder holding .csv or .csv.gz files, or a glob)`,
    );
    setDebug(true);
    expect((await rejection(scan(missing))).stack).toMatch(/\n\s+at /);
  });

  it("run with a selection matching no data says what is there, briefly", async () => {
    const out = join(tmp("sweeplab-brief-sel-"), "out");
    const e = await rejection(
      run({ inputs: [data], outputDir: out, workers: 1 }, { securities: ["999999"] }, { progress: false }),
    );
    expectBrief(e, "AggregateRefusedError");
    expect(e.message).toMatch(/^the selection matches no \(security, date\) in the store: present are securities \d+/);
  });
});

describe("aggregate, sweepRows and compare on a folder without the jobs asked for", () => {
  it("a folder that never ran: holds no sweeplab run, run it first", async () => {
    const empty = join(tmp("sweeplab-brief-none-"), "nothing");
    mkdirSync(empty);
    const e = await rejection(aggregate(empty));
    expect(e).toBeInstanceOf(RunSourceError);
    expect(e).toMatchObject({ code: "no_run" });
    expect(e.message).toBe(
      `${resolve(empty)} holds no sweeplab run: run it first with run(config) or \`sweeplab run\``,
    );
    expectBrief(e, "RunSourceError");
    expect((await rejection(sweepRows(empty))).message).toBe(e.message);
  });

  it("a selection matching no job names the securities and dates that are there", async () => {
    const e = await rejection(aggregate(ran, { securities: ["999999"] }));
    expect(e).toMatchObject({ code: "empty_selection" });
    expect(e.message).toMatch(
      new RegExp(`^${resolve(ran)}: security 999999 is not in the data: present are \\d+, \\d+`),
    );
    expectBrief(e, "RunSourceError");
    const d = await rejection(compare(ran, { dates: ["2030-01-02"] }));
    expect(d.message).toMatch(/: 2030-01-02 is not in the data: present are \d{4}-\d\d-\d\d/);
    const both = await rejection(sweepRows(ran, { securities: ["999999"], dates: ["2030-01-02"] }));
    expect(both.message).toMatch(
      /security 999999 is not in the data: present are [^;]+; 2030-01-02 is not in the data: present are \d{4}-/,
    );
  });
});
