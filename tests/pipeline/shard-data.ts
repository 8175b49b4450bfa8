import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { resolveConfig, type RunConfig } from "../../src/config/index.js";
import { foundConfig } from "../../src/pipeline/found-config.js";
import { listStore, readPartition, readStoreManifest } from "../../src/io/store/index.js";
import { ORDER_HEADER } from "../../src/model/headers.js";
import { tmp } from "../helpers.js";
import { smallData, snapshot } from "./helpers.js";

// Shared by tests/pipeline/partition-shards.test.ts and tests/cli/partition-shards.test.ts (issue 16.1).

/** The least bytes of a byte range in these tests: small files are split across slices and workers. */
export const MIN_RANGE = 20_000;

const TV = ORDER_HEADER.indexOf("timevaliditydecoded");

function withValidity(row: string, value: string): string {
  const f = row.split(",");
  f[TV] = value;
  return f.join(",");
}

/**
 * A generated data set (2 securities × 3 dates) with: the trades files gzipped (never split), the
 * orders and NBBO files plain (split into byte ranges), a typed multi-line quoted value in every
 * 37th order row (the quote-avoiding split steps over them), and a quoted value of 60 lines that each
 * look like a plain row (no split can tell them from rows) around the middle byte of all the inputs:
 * the boundary between slices 0 and 1 of 2 falls inside it. Returns the folder and that file.
 */
export async function shardData(seed = 5): Promise<{ data: string; cutFile: string }> {
  const data = await smallData(seed);
  for (const f of readdirSync(join(data, "trades"))) {
    const p = join(data, "trades", f);
    writeFileSync(`${p}.gz`, gzipSync(readFileSync(p)));
    rmSync(p);
  }
  const orders = readdirSync(join(data, "orders"))
    .sort()
    .map((f) => join(data, "orders", f));
  for (const [n, f] of orders.entries()) {
    const lines = readFileSync(f, "utf8").trimEnd().split("\n");
    // One bad row per file (a price that is not a number): rejects to compare.
    const bad = (lines[100 + n] as string).split(",");
    bad[ORDER_HEADER.indexOf("price")] = "12x";
    lines[100 + n] = bad.join(",");
    for (let i = 5; i < lines.length; i += 37)
      lines[i] = withValidity(lines[i] as string, `"Good till ${i},\nthen ""cancel"" on Monday"`);
    writeFileSync(f, lines.join("\n") + "\n");
  }
  // The middle byte of all the inputs, laid end to end in input order (as the slice plan does).
  const files = (await foundConfig(configFor(data, tmp("sweeplab-shard-probe-")))).inputs.data.map((d) => d.file);
  const total = files.reduce((a, f) => a + statSync(f).size, 0);
  let offset = 0;
  for (const f of files) {
    const size = statSync(f).size;
    if (offset + size > total / 2) {
      if (!f.includes("/orders/")) throw new Error(`the middle byte falls in ${f}, not an orders file`);
      putRowLikeAt(f, total / 2 - offset);
      return { data, cutFile: f };
    }
    offset += size;
  }
  throw new Error("no middle byte");
}

/**
 * Gives the row holding byte `pos` of file `f` a quoted value of 60 lines that each look like a
 * plain row (no quote, every comma): a split near `pos` (which the value then spans) cuts it.
 */
export function putRowLikeAt(f: string, pos: number): void {
  const lines = readFileSync(f, "utf8").trimEnd().split("\n");
  let at = 0;
  let row = 0;
  while (at + (lines[row] as string).length + 1 <= pos) at += (lines[row++] as string).length + 1;
  const plain = [lines[row + 1], lines[row + 2]].find((l) => l?.includes('"') === false) as string;
  const note = `"Note:\n${Array.from({ length: 60 }, () => plain).join("\n")}\nend of note"`;
  lines[row] = withValidity(lines[row] as string, note);
  writeFileSync(f, lines.join("\n") + "\n");
}

/** A run config over `data` writing to `out` (2 workers, no retries). */
export function configFor(data: string, out: string, over: Record<string, unknown> = {}): RunConfig {
  return resolveConfig(
    { inputs: [data], reference: { instruments: join(data, "ob.csv") }, outputDir: out, workers: 2, retries: 0 },
    over,
  );
}

function plain(v: unknown): unknown {
  if (typeof v === "bigint") return `${v}n`;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, plain);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)] as const));
  return v;
}

/**
 * The content of a store, independent of piece names and boundaries: for every (security, date),
 * its row counts per table and every column of its rows as a job reads them (in read order), plus
 * the manifest's inputs and per-file reports. Two stores with equal content give jobs equal input.
 */
export async function storeContent(out: string): Promise<Record<string, unknown>> {
  const storeDir = join(out, "store");
  const manifest = await readStoreManifest(storeDir);
  const content: Record<string, unknown> = { inputs: manifest?.inputs, files: manifest?.files };
  for (const p of await listStore(storeDir))
    content[`${p.securityCode}|${p.date}`] = {
      rows: p.rows,
      data: plain(await readPartition(storeDir, p.securityCode, p.date, 4)),
    };
  return content;
}

/** The rejected rows of every input, its rejects files read in tag order (the whole read's order). */
export function rejectLines(out: string): string[] {
  const files = snapshot(join(out, "rejects"), /^$/);
  return [...files.keys()]
    .filter((k) => k.startsWith("partition-"))
    .sort()
    .flatMap((k) => (files.get(k) as Buffer).toString("utf8").trimEnd().split("\n").slice(1));
}

/**
 * The jobs' outputs (by_security/ and aggregated/), with job.json's `stamp.input` (the fingerprint
 * of the partition's piece files, whose names and boundaries differ) and its seal `jsonSha256`
 * (which covers it) blanked: everything else byte for byte.
 */
export function jobOutputs(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const sub of ["by_security", "aggregated"])
    for (const [k, v] of snapshot(join(out, sub), /^$/)) {
      const text = v.toString("utf8");
      m.set(
        `${sub}/${k}`,
        k.endsWith("job.json")
          ? text
              .replace(/"input": "[0-9a-f]{64}"/, '"input": "…"')
              .replace(/"jsonSha256": "[0-9a-f]{64}"/, '"jsonSha256": "…"')
          : text,
      );
    }
  return m;
}
