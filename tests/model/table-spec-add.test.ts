import { describe, expect, it } from "vitest";
import { FAST_KIND, planFastRows } from "../../src/io/csv/fast-plan.js";
import { toPartitionColumns } from "../../src/io/store/read-partition.js";
import { ORDER_HEADER } from "../../src/model/headers.js";
import { rowSchema, tableSpecOf, type TableSpec } from "../../src/model/schemas.js";
import {
  allocPartitionColumns,
  headerOf,
  kindsOf,
  partitionColumnsOf,
  requiredOf,
  storedColumnsOf,
  type TableDef,
} from "../../src/model/table-spec.js";
import { ORDER_TABLE } from "../../src/model/tables/orders.js";
import { ORDER_BASE } from "../fixtures/rows.mjs";

// "Adding a column is one edit": a copy of the orders declaration with one more entry, and what
// every derivation makes of it (table-spec.test.ts pins the real tables' layouts).
describe("adding a column to a table declaration", () => {
  it("follows one added column everywhere: header, kinds, required, zod row, store, partition, store read, fast plan", () => {
    // The one edit: a new entry in the table's declaration.
    const def = defineWith({
      imbalancequantity: {
        field: "imbalanceQty",
        kind: "qty",
        required: true,
        store: { kind: "int", at: 17 },
        partition: "Float64Array",
        doc: "Auction imbalance quantity, shares.",
      },
    });
    const header = headerOf(def);
    expect(header.at(-1)).toBe("imbalancequantity");
    expect(header.slice(0, -1)).toEqual([...ORDER_HEADER]);
    expect(kindsOf(def).imbalancequantity).toBe("qty");
    expect(requiredOf(def).has("imbalancequantity")).toBe(true);
    const fields = (imbalance: string): Record<string, string> => ({ ...ORDER_BASE, imbalancequantity: imbalance });
    const row = rowSchema(kindsOf(def)).safeParse(fields("1200"));
    expect(row.success && row.data.imbalancequantity).toBe(1200);
    expect(row.success && row.data.order_id).toBe(BigInt(ORDER_BASE.order_id));
    const bad = rowSchema(kindsOf(def)).safeParse(fields("-5"));
    expect(bad.success).toBe(false);
    expect(storedColumnsOf(def).at(-1)).toEqual({ name: "imbalancequantity", kind: "int", delta: false });
    expect(partitionColumnsOf(def).at(-1)).toEqual({
      name: "imbalancequantity",
      field: "imbalanceQty",
      array: "Float64Array",
    });
    expect(allocPartitionColumns(def, 4).imbalanceQty).toEqual(new Float64Array(4));
    // Reading it back from stored columns puts it in the partition, sorted with the other columns.
    const columns = new Map(storedColumnsOf(def).map((c) => [c.name, storedArray(c.kind, 2)]));
    (columns.get("timestamp") as BigInt64Array).set([1_727_827_200_000_000_001n, 1_727_827_200_000_000_000n]);
    (columns.get("imbalancequantity") as Float64Array).set([700, 300]);
    const part = toPartitionColumns(def, { rows: 2, pieces: 1, columns });
    expect(Array.from(part.imbalanceQty)).toEqual([300, 700]);
    // The fast ingest path plans the new field from the same declaration.
    const plan = planFastRows(tableSpecOf(def) as unknown as TableSpec, header, undefined);
    expect(plan.plan[header.length - 1]).toBe(FAST_KIND.NONNEG);
    expect(plan.keep[header.length - 1]).toBe(1);
    expect(plan.col[header.length - 1]).toBe(Object.keys(tableSpecOf(def).columns).indexOf("imbalancequantity"));
  });

  it("refuses a declaration whose store positions have a gap or a partition column that is not stored", () => {
    const gap = defineWith({ extra: { field: "extra", kind: "int", store: { kind: "int", at: 18 }, doc: "A gap." } });
    expect(() => storedColumnsOf(gap)).toThrow(/extra is stored at 18, expected 17/);
    const unstored = defineWith({ extra: { field: "extra", kind: "int", partition: "Int32Array", doc: "Not kept." } });
    expect(() => partitionColumnsOf(unstored)).toThrow(/partition column extra is not stored/);
  });
});

function defineWith<const C extends TableDef["columns"]>(
  extra: C,
): Omit<typeof ORDER_TABLE, "columns"> & {
  columns: typeof ORDER_TABLE.columns & C;
} {
  return { ...ORDER_TABLE, columns: { ...ORDER_TABLE.columns, ...extra } };
}

function storedArray(kind: string, n: number): BigUint64Array | BigInt64Array | Float64Array | Uint8Array | Int32Array {
  if (kind === "u64") return new BigUint64Array(n);
  if (kind === "ns") return new BigInt64Array(n);
  if (kind === "code") return new Uint8Array(n);
  if (kind === "mask") return new Int32Array(n);
  return new Float64Array(n);
}
