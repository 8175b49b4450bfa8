import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import type { RunSummary } from "../../src/pipeline/summary.js";
import { tmp } from "../helpers.js";
import { configFor, diffSnapshots, smallData, snapshot } from "./helpers.js";

/*
 * The same generated market presented as a stranger's export would present it, all at once: a BOM,
 * CRLF, header names in upper case with spaces, a space before every row and around every value,
 * two trailing unnamed columns, zero minimum quantities written as empty values, one day's orders
 * split in two files in a subfolder (one gzipped), a gzipped copy of a trades file beside it, and an
 * orders.zip nobody can read. The aggregated tables must be byte for byte those of the plain data,
 * with every row accepted, none twice, and the zip named.
 */

let plain = "";
let messy = "";
let plainOut = "";
let messyOut = "";
let plainRun: RunSummary;
let messyRun: RunSummary;

/** One CSV file of the generator rewritten as the stranger's export. */
function mess(text: string): string {
  const [head, ...rows] = text.trimEnd().split("\n");
  const names = (head as string).split(",");
  const minQty = names.indexOf("minimumquantity");
  const out = [
    `\ufeff${names.map((n) => ` ${n.toUpperCase()}`).join(",")},,`,
    ...rows.map((r) => {
      const f = r.split(",");
      if (minQty >= 0 && f[minQty] === "0") f[minQty] = "";
      return ` ${f.map((v) => (v === "" ? v : `${v} `)).join(", ")},,`;
    }),
  ];
  return out.join("\r\n") + "\r\n";
}

beforeAll(async () => {
  plain = await smallData(5);
  messy = tmp("sweeplab-messy-");
  for (const ref of ["ob.csv", "par.csv", "session.csv"]) copyFileSync(join(plain, ref), join(messy, ref));
  writeFileSync(join(messy, "nbbo.csv"), mess(readFileSync(join(plain, "nbbo.csv"), "utf8")));
  mkdirSync(join(messy, "deep", "orders"), { recursive: true });
  for (const name of readdirSync(join(plain, "orders")).sort()) {
    const text = mess(readFileSync(join(plain, "orders", name), "utf8"));
    const [head, ...rows] = text.trimEnd().split("\r\n");
    const half = Math.floor(rows.length / 2);
    const base = join(messy, "deep", "orders", name.replace(/\.csv$/, ""));
    writeFileSync(`${base}-a.csv`, [head, ...rows.slice(0, half)].join("\r\n") + "\r\n");
    writeFileSync(`${base}-b.csv.gz`, gzipSync([head, ...rows.slice(half)].join("\r\n") + "\r\n"));
  }
  for (const name of readdirSync(join(plain, "trades")).sort()) {
    const text = mess(readFileSync(join(plain, "trades", name), "utf8"));
    writeFileSync(join(messy, name), text);
    writeFileSync(join(messy, `${name}.gz`), gzipSync(text)); // a compressed copy beside it
  }
  writeFileSync(join(messy, "orders.zip"), "PK not read");
  plainOut = tmp("sweeplab-messy-plain-out-");
  messyOut = tmp("sweeplab-messy-out-");
  plainRun = await runPipeline(configFor(plain, plainOut, { reference: { instruments: join(plain, "ob.csv") } }));
  messyRun = await runPipeline(configFor(messy, messyOut, { reference: { instruments: join(messy, "ob.csv") } }));
}, 180_000);

describe("a stranger's export of the same market", () => {
  it("gives the aggregated tables of the plain data, byte for byte", () => {
    const agg = (out: string): Map<string, Buffer> =>
      new Map([...snapshot(out)].filter(([k]) => k.startsWith("aggregated/")));
    expect(agg(plainOut).size).toBe(8);
    expect(diffSnapshots(agg(messyOut), agg(plainOut))).toEqual([]);
  });

  it("reads every row once: rows read = accepted, none rejected, the same count as the plain data", () => {
    const p = plainRun.partition;
    const m = messyRun.partition;
    expect(m?.rejected).toBe(0);
    expect(m?.rowsRead).toBe(m?.accepted);
    expect(m?.accepted).toBe(p?.accepted);
    // The gzipped copy of each of the three trades files.
    expect(messyRun.inputs?.duplicates.map((d) => d.reason)).toEqual(["same_content", "same_content", "same_content"]);
    expect(messyRun.inputs?.ignored.map((i) => i.file)).toEqual([join(messy, "orders.zip")]);
    expect(messyRun.warnings ?? []).toEqual([]);
  });
});
