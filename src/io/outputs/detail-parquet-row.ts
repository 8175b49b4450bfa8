/**
 * One row of a per-sweep Parquet table (`simulation.parquet`) as a checked {@link SweepRow}: each
 * column with a `read` in its declaration, by its read kind, in the conventions of both Parquet
 * paths of detail-parquet-read.ts (a u64 a bigint, whole numbers as numbers while safe, a date as
 * epoch ms or a Date, null for a null).
 */
import { SIZE_BANDS } from "../../core/classify.js";
import { SIMULATION_TABLE, type DetailColumn, type ReadKind } from "../../core/detail-tables/index.js";
import { JobOutputsError, sameJob, wrongJob, type JobIdentity } from "./job-outputs-rows.js";
import { rowBuilder, type SweepRow } from "./sweep-row.js";

/** ms in a day. */
export const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an Arrow date value (epoch ms as a number, or a Date, depending on the version). */
export function dateText(v: unknown): string | undefined {
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : undefined;
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The read columns of a table, by position, planned once per table (never per row). */
export interface ReadPlan {
  names: string[];
  kinds: ReadKind[];
  nullable: boolean[];
  /** Names of the `simulated` columns: null all together or not at all. */
  simulated: string[];
  build: (values: readonly unknown[]) => Record<string, unknown>;
}

const plans = new WeakMap<readonly DetailColumn[], ReadPlan>();

/** The {@link ReadPlan} of `table`, made on its first use. */
export function readPlan(table: readonly DetailColumn[]): ReadPlan {
  let plan = plans.get(table);
  if (plan !== undefined) return plan;
  const read = table.filter((c) => c.read !== undefined);
  plan = {
    names: read.map((c) => c.name),
    kinds: read.map((c) => c.read!.kind),
    nullable: read.map((c) => c.nullable === true),
    simulated: read.filter((c) => c.simulated === true).map((c) => c.name),
    build: rowBuilder(read.map((c) => c.read!.field)),
  };
  plans.set(table, plan);
  return plan;
}
readPlan(SIMULATION_TABLE); // at module load

/** One row's values (by column name) as a checked SweepRow: each `read` column of the table by its kind. */
export function sweepRow(
  file: string,
  line: number,
  job: JobIdentity,
  plan: ReadPlan,
  value: (name: string) => unknown,
): SweepRow {
  const bad = (name: string, what: string): JobOutputsError =>
    new JobOutputsError("bad_value", file, line, name, `${what}, got ${String(value(name))}`);
  const whole = (name: string, min: number): number => {
    const v = value(name);
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min)
      throw bad(name, min === 0 ? "expected a whole number ≥ 0" : "expected a whole number");
    return n;
  };
  const oneOf = (name: string, values: readonly number[]): number => {
    const n = whole(name, Number.MIN_SAFE_INTEGER);
    if (!values.includes(n)) throw bad(name, `expected one of ${values.join(", ")}`);
    return n;
  };
  const { names, kinds, nullable, simulated } = plan;
  const nulls = simulated.filter((f) => value(f) === null);
  if (nulls.length > 0 && nulls.length < simulated.length)
    throw bad(
      nulls[0] as string,
      `is null while other simulated fields are not: all of ${simulated.join(", ")} are null (not simulated) or none`,
    );
  const row: unknown[] = new Array(names.length);
  for (let field = 0; field < names.length; field++) {
    const name = names[field] as string;
    const kind = kinds[field] as ReadKind;
    const v = value(name);
    if (nullable[field] === true && (v === null || (kind === "number" && typeof v === "number" && Number.isNaN(v)))) {
      row[field] = undefined;
      continue;
    }
    switch (kind) {
      case "security":
        if (typeof v !== "string") throw bad(name, "expected text");
        row[field] = v;
        break;
      case "date": {
        const date = dateText(v);
        if (date === undefined) throw bad(name, "expected a date");
        row[field] = date;
        break;
      }
      case "decimals":
        row[field] = oneOf(name, [0, 1, 2, 3, 4, 5, 6]);
        break;
      case "u64":
        if (typeof v !== "bigint") throw bad(name, "expected a 64-bit id");
        row[field] = v;
        break;
      case "count":
        row[field] = whole(name, 0);
        break;
      case "signed":
        row[field] = whole(name, Number.MIN_SAFE_INTEGER);
        break;
      case "side":
        row[field] = oneOf(name, [1, 2]);
        break;
      case "group":
        row[field] = oneOf(name, [1, 2, 3]);
        break;
      case "band":
        if (!SIZE_BANDS.includes(v as (typeof SIZE_BANDS)[number]))
          throw bad(name, `expected one of ${SIZE_BANDS.join(", ")}`);
        row[field] = v;
        break;
      case "number":
        if (typeof v !== "number")
          throw bad(name, nullable[field] === true ? "expected a number or null" : "expected a number");
        row[field] = v;
        break;
    }
  }
  const r = plan.build(row) as SweepRow;
  if (!sameJob(r, job)) throw wrongJob(file, line, r, job);
  return r;
}
