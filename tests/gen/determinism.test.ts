import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate, type GenOptions } from "../../src/gen/index.js";
import { SweeplabError } from "../../src/model/errors.js";
import { readText, SMALL, tempDir } from "./dataset.js";

const dirs: Array<() => void> = [];
function fresh(): string {
  const t = tempDir();
  dirs.push(t.cleanup);
  return t.dir;
}
afterAll(() => dirs.forEach((c) => c()));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe("generate() determinism", () => {
  it("writes byte-identical plain files for the same options", async () => {
    const a = fresh();
    const b = fresh();
    const sa = await generate({ ...SMALL, outDir: a });
    const sb = await generate({ ...SMALL, outDir: b });
    expect(sb).toEqual({ ...sa, files: sa.files.map((f) => join(b, relative(a, f))) });
    expect(listFiles(b)).toEqual(listFiles(a));
    for (const f of listFiles(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  });

  it("writes byte-identical gzip files whose content equals the plain files", async () => {
    const plain = fresh();
    const a = fresh();
    const b = fresh();
    await generate({ ...SMALL, outDir: plain });
    await generate({ ...SMALL, outDir: a, gzip: true });
    await generate({ ...SMALL, outDir: b, gzip: true });
    const gz = listFiles(a).filter((f) => f.endsWith(".gz"));
    expect(gz).toHaveLength(9);
    for (const f of listFiles(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    for (const f of gz) {
      const bytes = readFileSync(join(a, f));
      expect(bytes.readUInt32LE(4), `${f} gzip mtime`).toBe(0);
      expect(readText(join(a, f))).toBe(readFileSync(join(plain, f.replace(/\.gz$/, ""))).toString("utf8"));
    }
  });

  it("writes different files for a different seed", async () => {
    const a = fresh();
    const b = fresh();
    await generate({ ...SMALL, outDir: a });
    await generate({ ...SMALL, seed: SMALL.seed + 1, outDir: b });
    for (const f of ["orders/orders-2024-10-02.csv", "trades/trades-2024-10-07.csv", "nbbo.csv"]) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(false);
    }
  });

  it("reports progress with non-decreasing counts ending at the order row total", async () => {
    const seen: number[] = [];
    const s = await generate({ ...SMALL, outDir: fresh(), onProgress: (n) => seen.push(n) });
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.every((n, i) => i === 0 || n >= (seen[i - 1] ?? 0))).toBe(true);
    expect(seen.at(-1)).toBe(s.orderRows);
  });

  it("rejects invalid options with a typed error (bad_option) naming the field and its value", async () => {
    const bad = (o: Partial<GenOptions>) => generate({ ...SMALL, outDir: fresh(), ...o });
    await expect(bad({ orders: 0 })).rejects.toMatchObject({
      code: "bad_option",
      message: expect.stringMatching(/orders: .* got 0/),
    });
    await expect(bad({ startDate: "2024/10/02" })).rejects.toThrow(SweeplabError);
    await expect(bad({ startDate: "2024-02-30" })).rejects.toMatchObject({
      name: "GenOptionsError",
      code: "bad_option",
      message: 'invalid generator options: startDate: not a calendar date, got "2024-02-30"',
    });
  });

  it("as typed at the REPL: a misspelt option (gzp) is bad_option naming it, not ignored; a missing one is 'required'", async () => {
    const keys = "orders, securities, dates, seed, outDir, gzip, startDate, rules, onProgress, onRuleEvent, signal";
    const out = fresh();
    // Before: generated plain .csv files, gzp ignored.
    await expect(generate({ ...SMALL, outDir: out, ...({ gzp: true } as Partial<GenOptions>) })).rejects.toMatchObject({
      name: "GenOptionsError",
      code: "bad_option",
      message: `invalid generator options: gzp: no option of generate (${keys})`,
    });
    // Before: "orders: Invalid input: expected number, received undefined, got undefined" and no word of `order`.
    await expect(
      generate({ order: 100, securities: 1, dates: 1, seed: 1, outDir: out } as unknown as GenOptions),
    ).rejects.toMatchObject({
      message: `invalid generator options: order: no option of generate (${keys}); orders: required`,
    });
  });

  it("no options at all (generate() at the REPL) is bad_option, not a TypeError of the option-key check", async () => {
    // Since the check of unknown keys: "Cannot convert undefined or null to object".
    for (const none of [undefined, null, 3])
      await expect(generate(none as unknown as GenOptions)).rejects.toMatchObject({
        name: "GenOptionsError",
        code: "bad_option",
        message:
          "invalid generator options: expected an object of options ({ orders, securities, dates, seed, outDir, … }), " +
          `got ${none === undefined ? "nothing" : String(none)}`,
      });
  });

  it("a bigint option (seed: 42n, as the toolkit's ids are) is bad_option quoting it, not a TypeError of the message", async () => {
    const bad = (o: Record<string, unknown>) => generate({ ...SMALL, outDir: fresh(), ...(o as Partial<GenOptions>) });
    await expect(bad({ seed: 42n })).rejects.toMatchObject({
      name: "GenOptionsError",
      code: "bad_option",
      message: expect.stringMatching(/^invalid generator options: seed: .*, got 42n$/),
    });
  });
});
