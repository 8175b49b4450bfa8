import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { generate } from "../../src/gen/index.js";
import { resolveConfig, type RunConfig, type RunConfigInput } from "../../src/config/index.js";
import { tmp } from "../helpers.js";

/** A small generated data set (2 securities × 3 dates = 6 jobs), plain CSV. */
export async function smallData(seed = 3): Promise<string> {
  const dir = tmp("sweeplab-data-");
  await generate({ orders: 9_000, securities: 2, dates: 3, seed, outDir: dir });
  return dir;
}

/** A run config over `data` writing to `out`. */
/** The unresolved config of the data in `data` (its ob.csv) into `out`, 2 workers, no retry, with `over` over it (a notebook's `run` resolves it). */
export function configInput(data: string, out: string, over: Partial<RunConfigInput> = {}): RunConfigInput {
  return {
    inputs: [data],
    reference: { instruments: join(data, "ob.csv") },
    outputDir: out,
    workers: 2,
    retries: 0,
    ...over,
  };
}

export function configFor(data: string, out: string, over: Record<string, unknown> = {}): RunConfig {
  return resolveConfig(
    {
      inputs: [data],
      reference: { instruments: join(data, "ob.csv") },
      outputDir: out,
      workers: 2,
      jobTimeoutMs: 20_000,
      retries: 0,
    },
    over,
  );
}

/**
 * Every file under `dir` (relative path → bytes), leaving out the per-run logs that carry timings and
 * the store's piece digests and the job files' digests (their file times).
 */
export function snapshot(
  dir: string,
  skip: RegExp = /^(run_summary|run_manifest|_file_digests)(\.shard-\d+-of-\d+)?\.json$|^(store\/)?_piece_digests\.json$/,
): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const rel = relative(dir, p);
        if (!skip.test(rel)) out.set(rel, readFileSync(p));
      }
    }
  };
  if (statSync(dir, { throwIfNoEntry: false }) !== undefined) walk(dir);
  return out;
}

/** The aggregated tables of an output folder (relative path → bytes): {@link snapshot}'s `aggregated/` files. */
export function aggregatedSnapshot(dir: string): Map<string, Buffer> {
  return new Map([...snapshot(dir)].filter(([k]) => k.startsWith("aggregated/")));
}

/** Paths that differ between two snapshots (missing, extra, or different bytes). */
export function diffSnapshots(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .filter((k) => {
      const x = a.get(k);
      const y = b.get(k);
      return x === undefined || y === undefined || !x.equals(y);
    })
    .sort();
}

/** The header and first row of an orders CSV file, that row moved a day earlier (its timestamp and date): a new partition. */
export function firstRowDayEarlier(file: string): string {
  const [head = "", row = ""] = readFileSync(file, "utf8").split("\n");
  const names = head.split(",");
  const cells = row.split(",");
  const ts = names.indexOf("timestamp");
  const day = names.indexOf("date");
  cells[ts] = String(BigInt(cells[ts] ?? "") - 86_400_000_000_000n);
  cells[day] = new Date(Date.parse(`${cells[day] ?? ""}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return `${head}\n${cells.join(",")}\n`;
}
