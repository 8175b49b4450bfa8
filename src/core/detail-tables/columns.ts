/**
 * The columns every detail table shares (core/detail-tables/), without `value` or `read`: each
 * table adds where its value comes from and how it is read back.
 */

/** The job's security code. */
export const SECURITY = { name: "security_code", type: "text", doc: "the security code of the job" } as const;
/** The job's date. */
export const DATE = { name: "date", type: "date", doc: "the Sydney trading date of the job" } as const;
/** The order id. */
export const ORDER_ID = { name: "order_id", type: "u64", doc: "the order id (exact 64-bit)" } as const;
/** The order's side. */
export const SIDE = { name: "side", type: "int32", doc: "1 buy, 2 sell" } as const;
