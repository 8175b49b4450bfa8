import { Console } from "node:console";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { DataFrame, installFrameDisplay, Series, setDisplayTarget } from "../../src/notebook/index.js";
import { collector } from "./collector.js";

afterEach(() => setDisplayTarget(undefined));

const frame = (): DataFrame => new DataFrame({ security_code: ["BHP", "CBA"], savings_aud: [31_858_367.375, 0.5] });

const TEXT = [
  "[2 rows × 2 columns]",
  "   security_code      savings_aud",
  "0  BHP            A$31,858,367.38",
  "1  CBA                     A$0.50",
].join("\n");

/** What `console.log` (tslab's way of printing a cell's last value) writes to stdout while `body` runs. */
function stdoutOf(body: () => void): string[] {
  const written: string[] = [];
  const out = process.stdout;
  const saved = Object.getOwnPropertyDescriptor(out, "write");
  out.write = (chunk: unknown) => (written.push(String(chunk)), true);
  try {
    body();
  } finally {
    if (saved === undefined) delete (out as { write?: unknown }).write;
    else Object.defineProperty(out, "write", saved);
  }
  return written;
}

describe("a frame as a notebook cell's last value", () => {
  it("in a tslab kernel displays as its show() HTML table, printed once", () => {
    const kernel = { ...collector(), kind: "tslab" };
    setDisplayTarget(kernel);
    const f = frame();
    const log = new Console({ stdout: process.stdout, stderr: process.stderr });
    const written = stdoutOf(() => {
      log.log(f); // what tslab does with a cell's last value
      log.log("next line");
    });
    expect(kernel.shown).toHaveLength(1);
    expect(kernel.shown[0]?.html).toContain("A$31,858,367.38</td>");
    expect(kernel.shown[0]?.text).toBe(TEXT);
    // The text table is taken back off stdout; the next write goes through.
    expect(written).toEqual(["next line\n"]);
  });

  it("nested in another value, or outside a kernel, prints the text table, never danfojs internals", () => {
    const kernel = { ...collector(), kind: "tslab" };
    setDisplayTarget(kernel);
    expect(inspect({ f: frame() })).toContain("A$31,858,367.38");
    expect(kernel.shown).toHaveLength(0);
    setDisplayTarget(undefined);
    expect(inspect(frame())).toBe(TEXT);
    expect(inspect(new Series([0.5, 0.25], { columns: ["real_fill_ratio"] }))).toBe(
      ["[2 rows × 1 columns]", "   real_fill_ratio", "0           50.0 %", "1           25.0 %"].join("\n"),
    );
    expect(inspect(frame())).not.toMatch(/\$data|tensorflow|\$config/);
    // describe() and query() return danfojs' base DataFrame class: the same table.
    expect(inspect(frame().describe()).split("\n")[3]).toMatch(/^mean +A\$15,929,183\.94$/);
    const f = frame();
    expect(inspect(f.query(f.column("savings_aud").gt(1)))).toContain("0  BHP            A$31,858,367.38");
  });

  it("outside a kernel keeps an inspect hook installed before it (the REPL's)", () => {
    class Frame {}
    class Column {}
    Object.defineProperty(Frame.prototype, inspect.custom, { value: () => "REPL table", configurable: true });
    installFrameDisplay({ DataFrame: Frame, Series: Column } as never);
    installFrameDisplay({ DataFrame: Frame, Series: Column } as never); // idempotent
    expect(inspect(new Frame())).toBe("REPL table");
  });
});
