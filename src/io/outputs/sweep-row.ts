/**
 * The zod schema of a per-sweep table's CSV row (`simulation.csv.gz`), derived from its declaration
 * (core/detail-tables/sweeps.ts): one field per column with a `read`, keyed by its camelCase field, parsed
 * by its read kind; a `nullable` column is empty → undefined; the `simulated` columns are all empty
 * (the sweep was not simulated) or none.
 */
import { z } from "zod";
import { SIZE_BANDS } from "../../core/classify.js";
import { fieldSchema } from "../../model/fields.js";
import {
  SIMULATION_TABLE,
  type DetailColumn,
  type ReadKind,
  type RowOf,
  type SweepRow as SweepRowType,
} from "../../core/detail-tables/index.js";
import { oneOf, optionalNumber } from "./job-outputs-rows.js";

/** A decimal number (not empty). */
const number = optionalNumber.refine((v) => v !== undefined, { message: "expected a decimal number" });

/** The schema of a field of each read kind, from its text. */
const KIND_SCHEMA: Record<ReadKind, z.ZodType<unknown, string>> = {
  security: fieldSchema("security"),
  date: fieldSchema("date"),
  /** DecimalsInPrice of the security: 0..6, so that ticks × 10^(6 − decimals) is whole micro-AUD. */
  decimals: oneOf([0, 1, 2, 3, 4, 5, 6], "decimals"),
  u64: fieldSchema("u64"),
  count: fieldSchema("qty"), // a non-negative whole number
  signed: fieldSchema("int"),
  side: oneOf([1, 2], "side"),
  group: oneOf([1, 2, 3], "group"),
  band: z.enum(SIZE_BANDS),
  number,
};

/** A field of `schema`, or undefined for an empty field. */
const orEmpty = (schema: z.ZodType<unknown, string>): z.ZodType<unknown, string> =>
  z.union([z.literal("").transform(() => undefined), schema]);

/** The zod schema of one CSV row (camelCase keys → text) of a per-sweep table, from its declaration. */
export function sweepRowSchema<const T extends readonly DetailColumn[]>(
  table: T,
): z.ZodType<RowOf<T>, Record<string, string>> {
  const shape: Record<string, z.ZodType<unknown, string>> = {};
  for (const c of table) {
    if (c.read === undefined) continue;
    const kind = c.read.kind;
    if (c.nullable === true) shape[c.read.field] = kind === "number" ? optionalNumber : orEmpty(KIND_SCHEMA[kind]);
    else shape[c.read.field] = KIND_SCHEMA[kind];
  }
  const simulated = table.filter((c) => c.simulated === true && c.read !== undefined).map((c) => c.read!.field);
  return z.object(shape).superRefine((r, ctx) => {
    const empty = simulated.filter((f) => r[f] === undefined);
    if (empty.length > 0 && empty.length < simulated.length)
      ctx.addIssue({
        code: "custom",
        path: [empty[0] as string],
        message: `is empty while other simulated fields are not: all of ${simulated.join(", ")} are empty (not simulated) or none`,
      });
  }) as unknown as z.ZodType<RowOf<T>, Record<string, string>>;
}

/** One row of a job's `simulation.csv.gz`: one sweep order, real against simulated (units as in `SweepMetrics`). */
export const SweepRow = sweepRowSchema(SIMULATION_TABLE);
/** One sweep order of one job, typed: derived from `SIMULATION_TABLE` (core/detail-tables/sweeps.ts). */
export type SweepRow = SweepRowType;

/** A valid JavaScript identifier: what a read field must be (it becomes a property of every row). */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A function making a row object from its field values in `fields` order (`values[k]` is field
 * `k`), generated once per table: an object literal of the declared fields, so every row has one
 * hidden class and no per-field keyed store (a generic `row[field] = v` loop made the readers ~3×
 * slower). Throws when a field is not an identifier (a declaration bug).
 */
export function rowBuilder(fields: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  for (const f of fields)
    if (!IDENTIFIER.test(f)) throw new Error(`read field ${JSON.stringify(f)} is not an identifier`);
  const body = `return { ${fields.map((f, k) => `${f}: v[${k}]`).join(", ")} };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated once per table from checked identifiers
  return new Function("v", body) as (values: readonly unknown[]) => Record<string, unknown>;
}
