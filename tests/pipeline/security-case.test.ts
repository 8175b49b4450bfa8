import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fingerprintInputs, readStoreManifest, STORE_LAYOUT, writeStoreManifest } from "../../src/io/store/index.js";
import { claimOutputFolder } from "../../src/io/outputs/output-marker.js";
import { partitionFile } from "../../src/io/store/partition-file.js";
import { caseClashes, lineAt, SecurityCaseError } from "../../src/pipeline/partition/code-case.js";
import { sealStore } from "../../src/pipeline/partition/partition-seal.js";
import { partitionSlice } from "../../src/pipeline/partition/partition-slice.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { FORMATS, tmp, writeFixture } from "../helpers.js";
import { configFor } from "./helpers.js";

/*
 * Two security codes that differ only in case (`bhp` in one orders file, `BHP` in another) got the
 * output folders by_security/SEC_bhp and SEC_BHP and the store folders security=bhp and
 * security=BHP: one folder on a case-insensitive disk (macOS, Windows, or the output copied there),
 * where one silently overwrote the other. Now the run refuses before any job, naming both codes and
 * where each was first seen, and removes the store it partitioned.
 */

const BIN = join(import.meta.dirname, "..", "..", "bin", "sweeplab.js");
const [HEAD, ...ROWS] = readFileSync(join(FORMATS, "orders-example.csv"), "utf8").trimEnd().split("\n") as [
  string,
  ...string[],
];
/** The example's three order rows (security 85603), the `i`-th under code `codes[i]`. */
const orders = (codes: string[]): string =>
  [HEAD, ...ROWS.map((r, i) => r.replace(",85603,", `,${codes[i]},`))].join("\n") + "\n";

/** A data folder: orders.csv all `bhp`; orders-b.csv `ANZ`, then `BHP` from line 3. */
function clashData(): { data: string; a: string; b: string } {
  expect(ROWS).toHaveLength(3);
  const data = tmp("sweeplab-case-");
  const a = writeFixture(data, "orders.csv", orders(["bhp", "bhp", "bhp"]));
  const b = writeFixture(data, "orders-b.csv", orders(["ANZ", "BHP", "BHP"]));
  return { data, a, b };
}

describe("caseClashes", () => {
  it("pairs codes equal but for case, each with where it was first seen; equal codes never clash", () => {
    const seen = [
      { securityCode: "BHP", file: "/d/b.csv", line: 7 },
      { securityCode: "ANZ", file: "/d/b.csv", line: 2 },
      { securityCode: "bhp", file: "/d/a.csv", line: 2 },
      { securityCode: "ANZ", file: "/d/a.csv", line: 9 },
      { securityCode: "Bhp", file: "/d/c.csv" },
      { securityCode: "bhp", file: "/d/c.csv", line: 4 },
    ];
    expect(caseClashes(seen)).toEqual([
      [
        { securityCode: "BHP", file: "/d/b.csv", line: 7 },
        { securityCode: "Bhp", file: "/d/c.csv" },
      ],
      [
        { securityCode: "BHP", file: "/d/b.csv", line: 7 },
        { securityCode: "bhp", file: "/d/a.csv", line: 2 },
      ],
    ]);
    expect(caseClashes(seen.filter((s) => s.securityCode !== "BHP" && s.securityCode !== "Bhp"))).toEqual([]);
  });

  it("SecurityCaseError: one line naming both codes, where each was seen, both folders and what to do", () => {
    const e = new SecurityCaseError([
      [
        { securityCode: "BHP", file: "/d/b.csv", line: 7 },
        { securityCode: "bhp", file: "/d/a.csv" },
      ],
    ]);
    expect(e.code).toBe("security_case_clash");
    expect(e.message).toBe(
      "security codes BHP (/d/b.csv line 7) and bhp (/d/a.csv) differ only in case: their folders " +
        "by_security/SEC_BHP and SEC_bhp (and the store's security=BHP and security=bhp) are one folder " +
        "on a case-insensitive disk (macOS, Windows), where one would overwrite the other; no job was run: " +
        "spell each security one way in the inputs (codes are compared exactly), or leave the files of one out of inputs, then run again",
    );
  });
});

describe("where each code was first seen", () => {
  it("partitionFile gives each code's first row offset (in the file, also for a byte range and a .gz), lineAt its line", async () => {
    const dir = tmp("sweeplab-case-seen-");
    const text = orders(["ANZ", "bhp", "ANZ"]);
    const lineStart = (n: number): number =>
      text
        .split("\n")
        .slice(0, n - 1)
        .join("\n").length + 1;
    for (const name of ["orders.csv", "orders.csv.gz"]) {
      const file = writeFixture(dir, name, text);
      const r = await partitionFile({ file, storeDir: join(dir, `store-${name}`), tag: "t" });
      expect(r.codes).toEqual([
        { securityCode: "ANZ", offset: lineStart(2) },
        { securityCode: "bhp", offset: lineStart(3) },
      ]);
      expect(await Promise.all(r.codes.map((c) => lineAt(file, c.offset)))).toEqual([2, 3]);
    }
    const file = join(dir, "orders.csv");
    const range = await partitionFile({
      file,
      range: { start: lineStart(3), end: text.length },
      storeDir: join(dir, "store-range"),
      tag: "r",
    });
    expect(range.codes).toEqual([
      { securityCode: "bhp", offset: lineStart(3) },
      { securityCode: "ANZ", offset: lineStart(4) },
    ]);
    expect(await lineAt(file, lineStart(4))).toBe(4);
  });
});

describe("a run over codes that differ only in case", () => {
  it("refuses before any job with security_case_clash, naming both codes, files and lines; no output folders, no store", async () => {
    const { data, a, b } = clashData();
    const out = tmp("sweeplab-case-out-");
    const run = runPipeline(configFor(data, out, { reference: { instruments: null } }));
    const e = await run.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SecurityCaseError);
    const message = (e as SecurityCaseError).message;
    expect((e as SecurityCaseError).code).toBe("security_case_clash");
    expect(message).toContain(`security codes BHP (${b} line 3) and bhp (${a} line 2) differ only in case`);
    expect(message).not.toContain("\n");
    expect(existsSync(join(out, "by_security"))).toBe(false);
    expect(existsSync(join(out, "store"))).toBe(false);
    expect(existsSync(join(out, "run_summary.json"))).toBe(false);
  }, 60_000);

  it("both spellings in one file: named by their two lines", async () => {
    const data = tmp("sweeplab-case1-");
    const f = writeFixture(data, "orders.csv", orders(["bhp", "ANZ", "BHP"]));
    const e = await runPipeline(configFor(data, tmp("sweeplab-case1-out-"), { reference: { instruments: null } })).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect((e as SecurityCaseError).code).toBe("security_case_clash");
    expect((e as SecurityCaseError).message).toContain(`security codes BHP (${f} line 4) and bhp (${f} line 2)`);
  }, 60_000);

  it("a rerun that keeps a file's pieces (partition-reuse): a new file's code clashing with the kept file's names that input file, not the store", async () => {
    const data = tmp("sweeplab-case-kept-");
    const a = writeFixture(data, "orders.csv", orders(["bhp", "bhp", "bhp"]));
    const out = tmp("sweeplab-case-kept-out-");
    const config = configFor(data, out, { reference: { instruments: null } });
    expect((await runPipeline(config)).partition.files).toHaveLength(1);
    // Sorts first: the kept orders.csv moves from input 0 to input 1.
    const b = writeFixture(data, "orders-b.csv", orders(["ANZ", "BHP", "BHP"]));
    const e = await runPipeline(config).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SecurityCaseError);
    // The kept file is not read again: its line is not known, its file is (a fresh run also names line 2).
    expect((e as SecurityCaseError).clashes).toEqual([
      [
        { securityCode: "BHP", file: b, line: 3 },
        { securityCode: "bhp", file: a },
      ],
    ]);
    expect(existsSync(join(out, "store"))).toBe(false);
  }, 60_000);

  it("a store already current with such codes (partitioned before this check): refused too, naming its folders", async () => {
    const { data, a, b } = clashData();
    const out = tmp("sweeplab-case-current-");
    const config = configFor(data, out, { reference: { instruments: null } });
    // The store as a run without the check left it: every piece, and a manifest of these inputs.
    await claimOutputFolder(out);
    const store = join(out, "store");
    const files = [b, a]; // input order: orders-b.csv, orders.csv
    const parts = [];
    for (const [i, file] of files.entries()) parts.push(await partitionFile({ file, storeDir: store, tag: `${i}-0` }));
    await writeStoreManifest(store, {
      version: 1,
      inputs: await fingerprintInputs(files),
      unknownCodes: config.unknownCodes,
      layout: STORE_LAYOUT,
      pieces: parts.flatMap((p) => p.pieces).sort((x, y) => (x.path < y.path ? -1 : 1)),
      files: parts.map((p) => p.report),
    });
    const e = await runPipeline(config).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect((e as SecurityCaseError).code).toBe("security_case_clash");
    expect((e as SecurityCaseError).message).toContain(
      `security codes BHP (${store}/orders/security=BHP) and bhp (${store}/orders/security=bhp) differ only in case`,
    );
    expect(existsSync(join(out, "by_security"))).toBe(false);
  }, 60_000);

  it("partition slices: the seal refuses (no store manifest), naming both store folders", async () => {
    const { data } = clashData();
    const out = tmp("sweeplab-case-slices-");
    const config = configFor(data, out, { reference: { instruments: null } });
    for (let i = 0; i < 2; i++) expect((await partitionSlice(config, { index: i, count: 2 })).failures).toEqual([]);
    const e = await sealStore(config, 2).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect((e as SecurityCaseError).code).toBe("security_case_clash");
    const store = join(out, "store");
    expect((e as SecurityCaseError).message).toContain(
      `security codes BHP (${store}/orders/security=BHP) and bhp (${store}/orders/security=bhp) differ only in case`,
    );
    expect(await readStoreManifest(store)).toBeUndefined();
  }, 60_000);

  it("the CLI prints it as one line, no stack trace, exit 1 (built dist/)", () => {
    const { data, a, b } = clashData();
    const config = join(tmp("sweeplab-case-cfg-"), "run.json");
    writeFileSync(config, JSON.stringify({ inputs: [data], outputDir: tmp("sweeplab-case-cli-out-"), workers: 1 }));
    const r = spawnSync(process.execPath, [BIN, "run", "--config", config], { encoding: "utf8", cwd: tmp() });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines.filter((l) => l.includes("security codes"))).toEqual([
      expect.stringContaining(`security codes BHP (${b} line 3) and bhp (${a} line 2) differ only in case`),
    ]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);
});
