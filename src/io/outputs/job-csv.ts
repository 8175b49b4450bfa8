/**
 * The CSV bytes of the per-sweep row files (classified, simulation), derived from their declarations
 * (core/detail-tables/sweeps.ts) and written field by field with {@link CsvBytes}: the same text as
 * `csvField` gives each value, without a per-row array, a per-field string or a `BigInt` per id
 * (this is the jobs phase's hot path; see csv-bytes.ts). The `orders` table's writer is orders-csv.ts.
 */
import type { JobResult } from "../../core/job.js";
import { SIZE_BANDS } from "../../core/classify.js";
import { CsvBytes, words64 } from "../csv/csv-bytes.js";
import { csvField } from "../csv/csv-write.js";
import {
  CLASSIFIED_TABLE,
  SIMULATION_TABLE,
  type SweepDetailColumn,
  type SweepSource,
} from "../../core/detail-tables/index.js";

const NAMES = { 1: "Fully filled", 2: "Partially filled", 3: "Unfilled" } as const;
const encoder = new TextEncoder();
const field = (v: string): Uint8Array => encoder.encode(csvField(v));

/** What the CSV writer does for one column of a per-sweep table (planned once per table). */
const enum Op {
  /** The job's value, the same bytes on every row. */
  Same,
  /** The sweep's number as it is. */
  Num,
  /** The sweep's number, empty when the sweep was not simulated. */
  NumSimulated,
  /** The sweep's number, empty when NaN. */
  NumOrEmpty,
  /** The sweep's 64-bit id. */
  U64,
  /** ns of day as HH:MM:SS.mmm. */
  Clock,
  /** The size band's name. */
  Band,
  /** The fill group's name. */
  GroupName,
}

/** A table's CSV plan: per column, its op and its source. */
interface CsvPlan {
  ops: Op[];
  sources: SweepSource[];
}

const plans = new WeakMap<readonly SweepDetailColumn[], CsvPlan>();

/** The CSV plan of a per-sweep table, made once per table (never per row or per job). */
function sweepCsvPlan(table: readonly SweepDetailColumn[]): CsvPlan {
  let plan = plans.get(table);
  if (plan !== undefined) return plan;
  const sources = table.map((c) => c.value);
  const ops = table.map((c, k): Op => {
    const v = sources[k] as SweepSource;
    if ("job" in v) return Op.Same;
    if (v.as === "clock") return Op.Clock;
    if (v.as === "band") return Op.Band;
    if (v.as === "groupName") return Op.GroupName;
    if (c.type === "u64") return Op.U64;
    if (c.simulated === true) return Op.NumSimulated;
    return c.nullable === true ? Op.NumOrEmpty : Op.Num;
  });
  plan = { ops, sources };
  plans.set(table, plan);
  return plan;
}

// Planned at module load: the tables the jobs write.
sweepCsvPlan(CLASSIFIED_TABLE);
sweepCsvPlan(SIMULATION_TABLE);

/**
 * The CSV bytes of one per-sweep table (`classified`, `simulation`, or any table of {@link
 * SweepDetailColumn}s): the header `head`, then one row per sweep order of `r` with the
 * fields as the table's columns declare. A column of `simulated` values is empty for a sweep not
 * simulated; another nullable number is empty when NaN.
 */
export function sweepTableCsv(table: readonly SweepDetailColumn[], head: readonly string[], r: JobResult): Uint8Array {
  const { ops, sources } = sweepCsvPlan(table);
  const s = r.sweeps;
  const b = new CsvBytes(256 + s.length * 8 * table.length);
  b.ascii(head.join(","));
  b.newline();
  const n = ops.length;
  const same: Uint8Array[] = [];
  const arrays: ArrayLike<number>[] = [];
  const words: Uint32Array[] = [];
  for (let k = 0; k < n; k++) {
    const v = sources[k] as SweepSource;
    if ("job" in v) same[k] = field(String(r[v.job]));
    else if (ops[k] === Op.U64) words[k] = words64(s[v.sweep] as BigUint64Array);
    else arrays[k] = s[v.sweep] as ArrayLike<number>;
  }
  const bands = SIZE_BANDS.map(field);
  const names = [field(NAMES[1]), field(NAMES[2]), field(NAMES[3])];
  const simulated = s.simulated;
  for (let i = 0; i < s.length; i++) {
    for (let k = 0; k < n; k++) {
      if (k > 0) b.comma();
      switch (ops[k]) {
        case Op.Same:
          b.raw(same[k] as Uint8Array);
          break;
        case Op.Num:
          b.num((arrays[k] as ArrayLike<number>)[i] as number);
          break;
        case Op.NumSimulated:
          // Not simulated (a final-state job): an empty field, never a simulated 0.
          if (simulated[i] === 1) b.num((arrays[k] as ArrayLike<number>)[i] as number);
          break;
        case Op.NumOrEmpty: {
          const v = (arrays[k] as ArrayLike<number>)[i] as number;
          if (!Number.isNaN(v)) b.num(v); // NaN: an empty field
          break;
        }
        case Op.U64:
          b.u64(words[k] as Uint32Array, i);
          break;
        case Op.Clock:
          b.clock((arrays[k] as ArrayLike<number>)[i] as number);
          break;
        case Op.Band:
          b.raw(bands[(arrays[k] as ArrayLike<number>)[i] as 0 | 1 | 2] as Uint8Array);
          break;
        case Op.GroupName:
          b.raw(names[((arrays[k] as ArrayLike<number>)[i] as number) - 1] as Uint8Array);
          break;
      }
    }
    b.newline();
  }
  return b.bytes();
}

/**
 * classified.csv and simulation.csv: each header, then one row per sweep order with the fields as
 * `CLASSIFIED_TABLE` and `SIMULATION_TABLE` declare (core/detail-tables/sweeps.ts).
 */
export function sweepCsv(
  classifiedHead: readonly string[],
  simulationHead: readonly string[],
  r: JobResult,
): { classified: Uint8Array; simulation: Uint8Array } {
  return {
    classified: sweepTableCsv(CLASSIFIED_TABLE, classifiedHead, r),
    simulation: sweepTableCsv(SIMULATION_TABLE, simulationHead, r),
  };
}
