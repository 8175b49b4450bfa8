/**
 * The CSV bytes of the per-job row files (orders, classified, simulation), written field by field
 * with {@link CsvBytes}: the same text as `csvField` gives each value, without a per-row array, a
 * per-field string or a `BigInt` per id (this is the jobs phase's hot path; see csv-bytes.ts).
 */
import type { JobResult } from "../../core/job.js";
import { SIZE_BANDS } from "../../core/classify.js";
import type { OrderEvents } from "../../model/partition.js";
import { CsvBytes, words64 } from "../csv/csv-bytes.js";
import { csvField } from "../csv/csv-write.js";

const NAMES = { 1: "Fully filled", 2: "Partially filled", 3: "Unfilled" } as const;
const encoder = new TextEncoder();
const field = (v: string): Uint8Array => encoder.encode(csvField(v));

/** Bytes of CSV text per chunk of {@link ordersCsvChunks}. */
const ORDERS_CHUNK_BYTES = 1 << 20;

/**
 * orders.csv: the header `head`, then the partition's Centre Point order events (any bit of
 * `centrePointMask`) with the fields in the order of `JOB_ORDER_COLUMNS`, as chunks of about 1 MiB
 * (whole lines; each a fresh copy), so that the file is never held whole: a large partition's
 * orders.csv is ~100 bytes an order event, more than the job's own columns.
 */
export function* ordersCsvChunks(
  head: readonly string[],
  r: JobResult,
  o: OrderEvents,
  centrePointMask: number,
): Generator<Uint8Array> {
  const b = new CsvBytes(ORDERS_CHUNK_BYTES + 4096);
  b.ascii(head.join(","));
  b.newline();
  const sec = field(r.securityCode);
  const date = field(r.date);
  const ids = words64(o.orderId);
  const ts = words64(o.tsNs);
  const type = o.exchangeOrderType;
  for (let row = 0; row < o.length; row++) {
    if (((type[row] as number) & centrePointMask) === 0) continue;
    b.u64(ids, row);
    b.comma();
    b.i64(ts, o.tsNs, row);
    b.comma();
    b.raw(sec);
    b.comma();
    b.num(o.priceTicks[row] as number);
    b.comma();
    b.num(o.side[row] as number);
    b.comma();
    b.num(o.changeReason[row] as number);
    b.comma();
    b.num(o.orderStatus[row] as number);
    b.comma();
    b.num(o.qty[row] as number);
    b.comma();
    b.num(o.leavesQty[row] as number);
    b.comma();
    b.num(o.orderType[row] as number);
    b.comma();
    b.num(type[row] as number);
    b.comma();
    b.num(o.nationalBidTicks[row] as number);
    b.comma();
    b.num(o.nationalOfferTicks[row] as number);
    b.comma();
    b.num(o.participantId[row] as number);
    b.comma();
    b.num(o.minQty[row] as number);
    b.comma();
    b.num(o.singleFillMinQty[row] as number);
    b.comma();
    b.num(o.sequence[row] as number);
    b.comma();
    b.num(o.matchedQty[row] as number);
    b.comma();
    b.raw(date);
    b.newline();
    if (b.length >= ORDERS_CHUNK_BYTES) {
      yield b.bytes().slice();
      b.clear();
    }
  }
  if (b.length > 0) yield b.bytes().slice();
}

/**
 * classified.csv and simulation.csv: each header, then one row per sweep order with the fields in the
 * order of `CLASSIFIED_COLUMNS` and `SIMULATION_COLUMNS`. A sweep not simulated (`simulated` 0)
 * has empty `sim_filled`, `sim_value_half_ticks`, `sim_fills`, `compared_qty` and `savings_micro_aud`.
 */
export function sweepCsv(
  classifiedHead: readonly string[],
  simulationHead: readonly string[],
  r: JobResult,
): { classified: Uint8Array; simulation: Uint8Array } {
  const s = r.sweeps;
  const cls = new CsvBytes(256 + s.length * 96);
  const sim = new CsvBytes(256 + s.length * 160);
  cls.ascii(classifiedHead.join(","));
  cls.newline();
  sim.ascii(simulationHead.join(","));
  sim.newline();
  const sec = field(r.securityCode);
  const date = field(r.date);
  const bands = SIZE_BANDS.map(field);
  const names = [field(NAMES[1]), field(NAMES[2]), field(NAMES[3])];
  const ids = words64(s.orderId);
  const opt = (v: number): void => {
    if (!Number.isNaN(v)) sim.num(v); // NaN: an empty field
  };
  for (let i = 0; i < s.length; i++) {
    const g = s.group[i] as 1 | 2 | 3;
    const band = bands[s.band[i] as 0 | 1 | 2] as Uint8Array;
    sim.raw(sec);
    sim.comma();
    sim.raw(date);
    sim.comma();
    sim.num(r.decimals);
    sim.comma();
    sim.u64(ids, i);
    sim.comma();
    sim.num(s.participantId[i] as number);
    sim.comma();
    sim.num(s.side[i] as number);
    sim.comma();
    sim.num(g);
    sim.comma();
    sim.raw(band);
    sim.comma();
    sim.num(s.qty[i] as number);
    sim.comma();
    sim.num(s.placedNs[i] as number);
    sim.comma();
    sim.clock(s.placedNs[i] as number);
    sim.comma();
    sim.num(s.realFilled[i] as number);
    sim.comma();
    sim.num(s.realValueTicks[i] as number);
    sim.comma();
    sim.num(s.realTrades[i] as number);
    sim.comma();
    // Not simulated (a final-state job): empty fields, never a simulated 0.
    const simulated = s.simulated[i] === 1;
    if (simulated) sim.num(s.simFilled[i] as number);
    sim.comma();
    if (simulated) sim.num(s.simValueHalfTicks[i] as number);
    sim.comma();
    if (simulated) sim.num(s.simFills[i] as number);
    sim.comma();
    if (simulated) sim.num(s.comparedQty[i] as number);
    sim.comma();
    if (simulated) sim.num(s.savingsMicroAud[i] as number);
    sim.comma();
    opt(s.savingsBps[i] as number);
    sim.comma();
    opt(s.meanMidHalfTicks[i] as number);
    sim.comma();
    sim.num(s.costMidpointMicroAud[i] as number);
    sim.comma();
    sim.num(s.costHalfSpreadMicroAud[i] as number);
    sim.comma();
    sim.num(s.costImpactMicroAud[i] as number);
    sim.newline();

    cls.raw(sec);
    cls.comma();
    cls.raw(date);
    cls.comma();
    cls.u64(ids, i);
    cls.comma();
    cls.num(s.participantId[i] as number);
    cls.comma();
    cls.num(s.side[i] as number);
    cls.comma();
    cls.num(g);
    cls.comma();
    cls.raw(names[g - 1] as Uint8Array);
    cls.comma();
    cls.raw(band);
    cls.comma();
    cls.num(s.qty[i] as number);
    cls.comma();
    cls.clock(s.placedNs[i] as number);
    cls.newline();
  }
  return { classified: cls.bytes(), simulation: sim.bytes() };
}
