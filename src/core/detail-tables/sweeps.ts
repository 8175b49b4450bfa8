/**
 * The per-sweep detail tables of a job (`classified`, `simulation`), declared once (see ./index.ts):
 * for each column where its value comes from in the job's result (`value`) and, for `simulation`,
 * the field it is read back into (`read`), from which the {@link SweepRow} type derives.
 */
import type { ReadKind, RowOf, SweepArrayKey, SweepDetailColumn } from "../detail-column.js";
import { DATE, ORDER_ID, SECURITY, SIDE } from "./columns.js";

const JOB_KEY = [
  { ...SECURITY, value: { job: "securityCode" }, read: { field: "securityCode", kind: "security" } },
  { ...DATE, value: { job: "date" }, read: { field: "date", kind: "date" } },
] as const;
const ID = { ...ORDER_ID, value: { sweep: "orderId" }, read: { field: "orderId", kind: "u64" } } as const;
const PARTICIPANT = {
  name: "participant_id",
  type: "int32",
  doc: "the participant id",
  value: { sweep: "participantId" },
  read: { field: "participantId", kind: "signed" },
} as const;
const SWEEP_SIDE = { ...SIDE, value: { sweep: "side" }, read: { field: "side", kind: "side" } } as const;
const GROUP = {
  name: "group",
  type: "int32",
  doc: "fill group: 1 fully, 2 partially, 3 not filled",
  value: { sweep: "group" },
  read: { field: "group", kind: "group" },
} as const;
const BAND = {
  name: "size_band",
  type: "text",
  doc: "Small, Medium or Large (analysis.sizeBands)",
  value: { sweep: "band", as: "band" },
  read: { field: "sizeBand", kind: "band" },
} as const;
const QTY = {
  name: "qty",
  type: "int64",
  doc: "the order's quantity, shares",
  value: { sweep: "qty" },
  read: { field: "qty", kind: "count" },
} as const;
const PLACED_TIME = {
  name: "placed_time",
  type: "text",
  doc: "placement time, Sydney local HH:MM:SS.mmm",
  value: { sweep: "placedNs", as: "clock" },
} as const;

/** `classified`: one row per sweep order with its fill group and size band (written, not read back). */
export const CLASSIFIED_TABLE = [
  ...JOB_KEY,
  ID,
  PARTICIPANT,
  SWEEP_SIDE,
  GROUP,
  {
    name: "group_name",
    type: "text",
    doc: "Fully filled, Partially filled or Unfilled",
    value: { sweep: "group", as: "groupName" },
  },
  BAND,
  QTY,
  PLACED_TIME,
] as const satisfies readonly SweepDetailColumn[];

const SIM = "; null (empty in CSV) when the sweep was not simulated (a final-state job)";

/** `{ value, read }` of a column holding sweep array `key` as it is, read back into the field of the same name. */
const of = <K extends SweepArrayKey, R extends ReadKind>(
  key: K,
  kind: R,
): { value: { sweep: K }; read: { field: K; kind: R } } => ({
  value: { sweep: key },
  read: { field: key, kind },
});

/** `simulation`: one row per sweep order, real against simulated (units as in `SweepMetrics`). */
export const SIMULATION_TABLE = [
  ...JOB_KEY,
  {
    name: "decimals",
    type: "int32",
    doc: "price decimals of the security: AUD = ticks / 10^decimals",
    value: { job: "decimals" },
    read: { field: "decimals", kind: "decimals" },
  },
  ID,
  PARTICIPANT,
  SWEEP_SIDE,
  GROUP,
  BAND,
  QTY,
  {
    name: "placed_ns",
    type: "int64",
    doc: "placement time, ns since Sydney local midnight (a time of day)",
    ...of("placedNs", "count"),
  },
  PLACED_TIME,
  { name: "real_filled", type: "int64", doc: "real filled quantity, shares", ...of("realFilled", "count") },
  {
    name: "real_value_ticks",
    type: "int64",
    doc: "real filled value Σ price·qty, ticks",
    ...of("realValueTicks", "count"),
  },
  { name: "real_trades", type: "int32", doc: "real trade legs", ...of("realTrades", "count") },
  {
    name: "sim_filled",
    type: "int64",
    nullable: true,
    simulated: true,
    doc: `simulated filled quantity, shares${SIM}`,
    ...of("simFilled", "count"),
  },
  {
    name: "sim_value_half_ticks",
    type: "int64",
    nullable: true,
    simulated: true,
    doc: `simulated value, half ticks${SIM}`,
    ...of("simValueHalfTicks", "count"),
  },
  {
    name: "sim_fills",
    type: "int32",
    nullable: true,
    simulated: true,
    doc: `simulated fills${SIM}`,
    ...of("simFills", "count"),
  },
  {
    name: "compared_qty",
    type: "int64",
    nullable: true,
    simulated: true,
    doc: `min(real, simulated filled), shares${SIM}`,
    ...of("comparedQty", "count"),
  },
  {
    name: "savings_micro_aud",
    type: "int64",
    nullable: true,
    simulated: true,
    doc: `side-signed saving of the simulation, whole micro-AUD${SIM}`,
    ...of("savingsMicroAud", "signed"),
  },
  {
    name: "savings_bps",
    type: "float64",
    nullable: true,
    doc: "saving in basis points; null when nothing compared or the real VWAP is 0",
    ...of("savingsBps", "number"),
  },
  {
    name: "mean_mid_half_ticks",
    type: "float64",
    nullable: true,
    doc: "time-weighted mean NBBO midpoint, half ticks; null when there was none",
    ...of("meanMidHalfTicks", "number"),
  },
  {
    name: "cost_midpoint_micro_aud",
    type: "int64",
    doc: "side-signed cost of the real fill against the mean midpoint, whole micro-AUD (0 without fill or midpoint)",
    ...of("costMidpointMicroAud", "signed"),
  },
  {
    name: "cost_half_spread_micro_aud",
    type: "int64",
    doc: "half of the midpoint cost, whole micro-AUD",
    ...of("costHalfSpreadMicroAud", "signed"),
  },
  {
    name: "cost_impact_micro_aud",
    type: "int64",
    doc: "side-signed cost against mid ± analysis.impactTicks price steps, whole micro-AUD",
    ...of("costImpactMicroAud", "signed"),
  },
] as const satisfies readonly SweepDetailColumn[];

/**
 * One sweep order of one job, real against simulated: a row of the job's `simulation.parquet` (or
 * `.csv.gz`), derived from {@link SIMULATION_TABLE}. Quantities in shares; `realValueTicks` in ticks
 * and `simValueHalfTicks` in half ticks of `decimals`; `*MicroAud` in whole micro-AUD; `placedNs` in
 * ns since Sydney local midnight; the five simulated fields all undefined when the sweep was not
 * simulated; `savingsBps` and `meanMidHalfTicks` undefined when there is no answer.
 */
export type SweepRow = RowOf<typeof SIMULATION_TABLE>;
