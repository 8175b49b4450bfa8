import { SECURITY_CODE_PATTERN } from "../model/fields.js";
import { join } from "node:path";
import type { JobResult } from "../core/job.js";
import { GROUP_SUM_FIELDS } from "../core/sums.js";
import { SIZE_BANDS } from "../core/classify.js";
import type { OrderEvents } from "../model/partition.js";
import { writeFileAtomic } from "./atomic.js";
import { csvField } from "./csv-write.js";

/** Columns of `metrics.csv`: one row per (fill group, size band) cell of additive sums. */
export const METRICS_COLUMNS = [
  "security_code",
  "date",
  "decimals",
  "group",
  "size_band",
  ...GROUP_SUM_FIELDS,
] as const;

/** Columns of `simulation.csv.gz`: one row per sweep order, real against simulated. */
export const SIMULATION_COLUMNS = [
  "security_code",
  "date",
  "decimals",
  "order_id",
  "participant_id",
  "side",
  "group",
  "size_band",
  "qty",
  "placed_ns",
  "placed_time",
  "real_filled",
  "real_value_ticks",
  "real_trades",
  "sim_filled",
  "sim_value_half_ticks",
  "sim_fills",
  "compared_qty",
  "savings_micro_aud",
  "savings_bps",
  "mean_mid_half_ticks",
  "cost_midpoint_micro_aud",
  "cost_half_spread_micro_aud",
  "cost_impact_micro_aud",
] as const;

/** Columns of `classified.csv.gz`: one row per sweep order with its group and band. */
export const CLASSIFIED_COLUMNS = [
  "security_code",
  "date",
  "order_id",
  "participant_id",
  "side",
  "group",
  "group_name",
  "size_band",
  "qty",
  "placed_time",
] as const;

/** Columns of `orders.csv.gz`: the partition's Centre Point order events. */
export const JOB_ORDER_COLUMNS = [
  "order_id",
  "timestamp",
  "security_code",
  "price",
  "side",
  "changereason",
  "orderstatus",
  "quantity",
  "leavesquantity",
  "ordertype",
  "exchangeordertype",
  "national_bid",
  "national_offer",
  "participantid",
  "minimumquantity",
  "singlefillminimumquantity",
  "sequence",
  "totalmatchedquantity",
  "date",
] as const;

/** The per-job output files, in the seed's layout. */
export const JOB_FILES = [
  "orders.csv.gz",
  "classified.csv.gz",
  "simulation.csv.gz",
  "metrics.csv",
  "job.json",
] as const;

/**
 * The folder of one job's outputs: `<outputDir>/by_security/SEC_<code>/<date>/`. The code and date
 * come from data, so they are checked again here (1–32 of [A-Za-z0-9._-] not starting with a dot;
 * YYYY-MM-DD): a value such as `../x` or `/etc` throws `RangeError` instead of leaving the folder.
 */
export function jobDir(outputDir: string, securityCode: string, date: string): string {
  if (!SECURITY_CODE_PATTERN.test(securityCode))
    throw new RangeError(`unsafe security code for a path: ${JSON.stringify(securityCode)}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`unsafe date for a path: ${JSON.stringify(date)}`);
  return join(outputDir, "by_security", `SEC_${securityCode}`, date);
}

const NAMES = { 1: "Fully filled", 2: "Partially filled", 3: "Unfilled" } as const;
const num = (v: number): string => (Number.isNaN(v) ? "" : String(v));

function csv(head: readonly string[], rows: (string | number | bigint)[][]): string {
  return [head.join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}

/**
 * Writes one job's outputs atomically (each file via temp + rename; `job.json` last, so its
 * presence means the job's files are complete): orders.csv.gz (the partition's Centre Point order
 * events, any bit of `centrePointMask`), classified.csv.gz, simulation.csv.gz, metrics.csv and job.json (counts, warnings,
 * fidelity). Deterministic: the same result gives the same bytes. Returns the file paths.
 */
export async function writeJobOutputs(
  dir: string,
  r: JobResult,
  orders: OrderEvents,
  centrePointMask: number,
): Promise<string[]> {
  const s = r.sweeps;
  const key = [r.securityCode, r.date];
  const sim: (string | number | bigint)[][] = [];
  const cls: (string | number | bigint)[][] = [];
  for (let i = 0; i < s.length; i++) {
    const g = s.group[i] as 1 | 2 | 3;
    const band = SIZE_BANDS[s.band[i] as 0 | 1 | 2];
    const placed = formatLocal(s.placedNs[i] as number);
    sim.push([
      ...key,
      r.decimals,
      s.orderId[i] as bigint,
      s.participantId[i] as number,
      s.side[i] as number,
      g,
      band,
      s.qty[i] as number,
      s.placedNs[i] as number,
      placed,
      s.realFilled[i] as number,
      s.realValueTicks[i] as number,
      s.realTrades[i] as number,
      s.simFilled[i] as number,
      s.simValueHalfTicks[i] as number,
      s.simFills[i] as number,
      s.comparedQty[i] as number,
      s.savingsMicroAud[i] as number,
      num(s.savingsBps[i] as number),
      num(s.meanMidHalfTicks[i] as number),
      s.costMidpointMicroAud[i] as number,
      s.costHalfSpreadMicroAud[i] as number,
      s.costImpactMicroAud[i] as number,
    ]);
    cls.push([
      ...key,
      s.orderId[i] as bigint,
      s.participantId[i] as number,
      s.side[i] as number,
      g,
      NAMES[g],
      band,
      s.qty[i] as number,
      placed,
    ]);
  }
  const metrics = r.cells.map((c, i) => [
    ...key,
    r.decimals,
    Math.floor(i / 3) + 1,
    SIZE_BANDS[i % 3] as string,
    ...GROUP_SUM_FIELDS.map((f) => c[f]),
  ]);
  const ord: (string | number | bigint)[][] = [];
  for (let row = 0; row < orders.length; row++) {
    if (((orders.exchangeOrderType[row] as number) & centrePointMask) === 0) continue;
    ord.push([
      orders.orderId[row] as bigint,
      orders.tsNs[row] as bigint,
      r.securityCode,
      orders.priceTicks[row] as number,
      orders.side[row] as number,
      orders.changeReason[row] as number,
      orders.orderStatus[row] as number,
      orders.qty[row] as number,
      orders.leavesQty[row] as number,
      orders.orderType[row] as number,
      orders.exchangeOrderType[row] as number,
      orders.nationalBidTicks[row] as number,
      orders.nationalOfferTicks[row] as number,
      orders.participantId[row] as number,
      orders.minQty[row] as number,
      orders.singleFillMinQty[row] as number,
      orders.sequence[row] as number,
      orders.matchedQty[row] as number,
      r.date,
    ]);
  }
  const files: [string, string][] = [
    ["orders.csv.gz", csv(JOB_ORDER_COLUMNS, ord)],
    ["classified.csv.gz", csv(CLASSIFIED_COLUMNS, cls)],
    ["simulation.csv.gz", csv(SIMULATION_COLUMNS, sim)],
    ["metrics.csv", csv(METRICS_COLUMNS, metrics)],
    ["job.json", jobJson(r)],
  ];
  const paths: string[] = [];
  for (const [name, text] of files) {
    const p = join(dir, name);
    await writeFileAtomic(p, text);
    paths.push(p);
  }
  return paths;
}

function formatLocal(ns: number): string {
  const ms = Math.floor(ns / 1e6);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  return `${p2(Math.floor(ms / 3_600_000))}:${p2(Math.floor(ms / 60_000) % 60)}:${p2(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, "0")}`;
}

/** The job summary without the per-order columns (those are in the CSV files). */
function jobJson(r: JobResult): string {
  const { sweeps: _sweeps, ...rest } = r;
  return JSON.stringify(rest, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}
