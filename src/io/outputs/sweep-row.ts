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

/** How many fields {@link rowBuilder} stores through a site of their own (the rest go through one loop). */
export const UNROLLED_FIELDS = 32;

/**
 * A function making a row object from its field values in `fields` order (`values[k]` is field
 * `k`), planned once per table, in plain code (no generated function) and near an object literal's
 * speed. Every row starts as a copy of one template holding all the fields (parsed by `JSON.parse`,
 * so its properties are in place and every copy shares its hidden class: a row never gains a
 * property, so never turns into a slow dictionary object, which made a generic `row[field] = v` loop
 * on `{}` ~3× slower over a whole file). Then field `k` is stored through store site `k` of its own:
 * each site only ever sees one name per table, so V8 keeps it monomorphic, where one site for all
 * fields is megamorphic (a descriptor search per field, ~3× the whole builder's time). Fields past
 * {@link UNROLLED_FIELDS} go through one loop: right, only slower. Throws when a field is repeated
 * or `__proto__` (a declaration bug). bench/sweep-rows.mjs measures it.
 */
export function rowBuilder(fields: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f) || f === "__proto__") throw new Error(`read field ${JSON.stringify(f)} is repeated or __proto__`);
    seen.add(f);
  }
  const template = JSON.parse(`{${fields.map((f) => `${JSON.stringify(f)}:null`).join(",")}}`) as Record<
    string,
    unknown
  >;
  const f = fields;
  const n = f.length;
  return (v) => {
    const row = { ...template };
    if (n > 0) row[f[0]!] = v[0];
    if (n > 1) row[f[1]!] = v[1];
    if (n > 2) row[f[2]!] = v[2];
    if (n > 3) row[f[3]!] = v[3];
    if (n > 4) row[f[4]!] = v[4];
    if (n > 5) row[f[5]!] = v[5];
    if (n > 6) row[f[6]!] = v[6];
    if (n > 7) row[f[7]!] = v[7];
    if (n > 8) row[f[8]!] = v[8];
    if (n > 9) row[f[9]!] = v[9];
    if (n > 10) row[f[10]!] = v[10];
    if (n > 11) row[f[11]!] = v[11];
    if (n > 12) row[f[12]!] = v[12];
    if (n > 13) row[f[13]!] = v[13];
    if (n > 14) row[f[14]!] = v[14];
    if (n > 15) row[f[15]!] = v[15];
    if (n > 16) row[f[16]!] = v[16];
    if (n > 17) row[f[17]!] = v[17];
    if (n > 18) row[f[18]!] = v[18];
    if (n > 19) row[f[19]!] = v[19];
    if (n > 20) row[f[20]!] = v[20];
    if (n > 21) row[f[21]!] = v[21];
    if (n > 22) row[f[22]!] = v[22];
    if (n > 23) row[f[23]!] = v[23];
    if (n > 24) row[f[24]!] = v[24];
    if (n > 25) row[f[25]!] = v[25];
    if (n > 26) row[f[26]!] = v[26];
    if (n > 27) row[f[27]!] = v[27];
    if (n > 28) row[f[28]!] = v[28];
    if (n > 29) row[f[29]!] = v[29];
    if (n > 30) row[f[30]!] = v[30];
    if (n > 31) row[f[31]!] = v[31];
    for (let k = UNROLLED_FIELDS; k < n; k++) row[f[k]!] = v[k];
    return row;
  };
}
