import { CODE_TABLES as KNOWN_CODES } from "../../model/codes.js";
import type { FieldKind } from "../../model/fields.js";
import type { ColumnSpec, TableSpec } from "../../model/schemas.js";

/*
 * The plan of the fast ingest path (fast-row.ts) for one file: what to do with each field of the
 * file's header (its kind in the numbering below, the spec column it fills, whether its value is
 * stored, the code table of a coded field). Computed once per file; the row loop only reads it.
 */

/** What the fast path does with one field of the file: the numbering fast-row.ts switches on. */
export const FAST_KIND = {
  /** Not stored (or not a spec column): only checked to be plain bytes. */
  SKIP: 0,
  /** Stored text. */
  TEXT: 1,
  /** An unsigned 64-bit id. */
  U64: 2,
  /** A nanosecond timestamp. */
  NS: 3,
  /** A signed integer: the fast path takes only the non-negative ≤ 15-digit form. */
  INT: 4,
  /** A quantity or price. */
  NONNEG: 5,
  /** A side (1 or 2). */
  SIDE: 6,
  /** A code from a set, looked up in a table. */
  CODE: 7,
  /** An order-type bit mask. */
  OTYPE: 8,
  /** A security code (interned). */
  SECURITY: 9,
  /** A date (interned). */
  DATE: 10,
  /** A quote side: as NONNEG, or exactly the no-price text (model/price.ts) → NO_PRICE. */
  QUOTE: 11,
} as const;

const { SKIP, TEXT, U64, NS, INT, NONNEG, SIDE, CODE, OTYPE, SECURITY, DATE, QUOTE } = FAST_KIND;

/** model/fields.ts: the lowest plausible timestamp (1990-01-01) in ns. */
export const NS_MIN = 631_152_000_000_000_000n;
/** model/fields.ts: the highest plausible timestamp (2100-01-01) in ns. */
export const NS_MAX = 4_102_444_800_000_000_000n;

function codeTable(allowed: ReadonlySet<number>): Uint8Array {
  const t = new Uint8Array(256);
  for (const v of allowed) if (v >= 0 && v < 256) t[v] = 1;
  return t;
}

// The known values of each coded column (model/codes.ts), as 256-entry tables. A value outside its
// table (or a mask with an unknown bit) is declined: the general path keeps and counts it (or
// rejects it under `unknownCodes: "reject"`), so the fast path stays exactly the general path's and
// the counting lives in one place (batch.ts).
const CODE_TABLES: Partial<Record<FieldKind, Uint8Array>> = Object.fromEntries(
  Object.entries(KNOWN_CODES).map(([kind, set]) => {
    // A code ≥ 256 would be missed by the table: the general path would then accept what we refuse,
    // which is still correct (the line falls back), but say so loudly if the model ever grows one.
    if ([...set].some((v) => v >= 256)) throw new Error(`fast-row: ${kind} has a code ≥ 256`);
    return [kind, codeTable(set)];
  }),
);

function planOf(kind: FieldKind, keep: boolean): number {
  switch (kind) {
    case "u64":
      return U64;
    case "ns":
      return NS;
    case "int":
      return INT;
    case "qty":
    case "price":
      return NONNEG;
    case "quote":
      return QUOTE;
    case "side":
      return SIDE;
    case "otype":
      return OTYPE;
    case "security":
      return SECURITY;
    case "date":
      return DATE;
    case "text":
      return keep ? TEXT : SKIP;
    default:
      return CODE;
  }
}

/** The fast path's plan for one file, per field of its header. */
export interface FastPlan {
  /** Per file field: what to do ({@link FAST_KIND}). */
  plan: Int32Array;
  /** Per file field: the spec column it fills, or −1. */
  col: Int32Array;
  /** Per file field: store the value (1) or only check it (0). */
  keep: Uint8Array;
  /** Per file field: the code table of a CODE field. */
  codes: (Uint8Array | undefined)[];
  /** The file field of the table's time column, or −1. */
  timeField: number;
}

/** The fast path's plan for a file of this table with this header, storing `keepColumns` (all when undefined). */
export function planFastRows(
  spec: TableSpec<ColumnSpec>,
  fileHeader: readonly string[],
  keepColumns: ReadonlySet<string> | undefined,
): FastPlan {
  const names = Object.keys(spec.columns);
  const n = fileHeader.length;
  const p: FastPlan = {
    plan: new Int32Array(n),
    col: new Int32Array(n).fill(-1),
    keep: new Uint8Array(n),
    codes: new Array<Uint8Array | undefined>(n).fill(undefined),
    timeField: -1,
  };
  for (let f = 0; f < n; f++) {
    const name = fileHeader[f] as string;
    const c = names.indexOf(name);
    if (c < 0) continue; // not a spec column: SKIP
    const kind = spec.columns[name] as FieldKind;
    const keep = keepColumns === undefined || keepColumns.has(name);
    p.col[f] = c;
    p.keep[f] = keep ? 1 : 0;
    p.plan[f] = planOf(kind, keep);
    p.codes[f] = CODE_TABLES[kind];
    if (name === spec.timeColumn) p.timeField = f;
  }
  return p;
}
