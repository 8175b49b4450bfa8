import { describe, expect, it } from "vitest";
import { isFieldError, isKnownCode, parseField } from "../../src/model/fields.js";
import { OrderRow, TradeRow } from "../../src/model/schemas.js";
import { ORDER_HEADER, TRADE_HEADER } from "../../src/model/headers.js";
import { stubOrder, stubTrade } from "../helpers.js";

const code = (v: unknown): string | undefined => (isFieldError(v) ? v.code : undefined);

describe("parseField", () => {
  it("parses ids and timestamps to exact bigints", () => {
    expect(parseField("u64", "7904794000124046634")).toBe(7904794000124046634n);
    expect(parseField("u64", "18446744073709551615")).toBe(18446744073709551615n);
    expect(parseField("ns", "1725494536001032398")).toBe(1725494536001032398n);
    // The float round-trip the predecessor shipped would have changed the last digits:
    expect(String(Number("7904794000124046634"))).not.toBe("7904794000124046634");
  });
  it("returns typed error codes", () => {
    expect(code(parseField("u64", "18446744073709551616"))).toBe("out_of_range");
    expect(code(parseField("u64", "123456789012345678901"))).toBe("out_of_range");
    expect(code(parseField("u64", "12x"))).toBe("not_integer");
    expect(code(parseField("ns", "2024-09-05T00:00:00"))).toBe("bad_timestamp");
    expect(code(parseField("ns", "-1725494536001032398"))).toBe("bad_timestamp");
    expect(code(parseField("ns", "17254945"))).toBe("bad_timestamp");
    expect(code(parseField("price", "33.40"))).toBe("not_integer");
    expect(code(parseField("price", "-5"))).toBe("negative");
    expect(code(parseField("qty", "abc"))).toBe("not_integer");
    expect(code(parseField("qty", ""))).toBe("empty_field");
    expect(code(parseField("side", "3"))).toBe("unknown_side");
    // A code outside its table parses (the readers count or reject it, see isKnownCode); one wider
    // than its stored width does not.
    expect(parseField("changereason", "99")).toBe(99);
    expect(isKnownCode("changereason", 99)).toBe(false);
    expect(code(parseField("changereason", "256"))).toBe("out_of_range");
    expect(code(parseField("changereason", "-1"))).toBe("out_of_range");
    expect(parseField("otype", "8")).toBe(8);
    expect(isKnownCode("otype", 8)).toBe(false);
    expect(code(parseField("otype", "65536"))).toBe("out_of_range");
    expect(parseField("otype", "4098")).toBe(4098);
    expect(code(parseField("security", "../etc"))).toBe("bad_security_code");
    expect(code(parseField("date", "2024-02-30"))).toBe("bad_date");
    expect(parseField("date", "2024-02-29")).toBe("2024-02-29");
    expect(parseField("text", "")).toBe("");
  });
});

describe("zod row schemas", () => {
  it("parse a real order row exactly, with the inferred types", () => {
    const fields = stubOrder().split(",");
    const row = OrderRow.parse(Object.fromEntries(ORDER_HEADER.map((h, i) => [h, fields[i]])));
    expect(row.order_id).toBe(7898856358160837782n);
    expect(row.timestamp).toBe(1725448941024284297n);
    expect(row.exchangeordertype).toBe(2048);
    expect(row.security_code).toBe("85603");
  });
  it("report the error code of a bad field as a zod issue", () => {
    const fields = stubTrade({ side: "9" }).split(",");
    const r = TradeRow.safeParse(Object.fromEntries(TRADE_HEADER.map((h, i) => [h, fields[i]])));
    expect(r.success).toBe(false);
    const issue = r.error?.issues[0];
    expect(issue?.path).toEqual(["side"]);
    expect((issue as { params?: { code?: string } } | undefined)?.params?.code).toBe("unknown_side");
  });
});
