import { describe, expect, it } from "vitest";
import { ORDERS_HEAD, readAll, stubOrder, tmp, writeFixture } from "../helpers.js";

/*
 * A stray quote in one row used to be closed by the next quote further down — here the quoted,
 * two-line value of a later row — and every row in between became one `csv_syntax` reject: 10
 * records in, 5 rows read. A quoted record spanning lines that does not have the header's number
 * of fields is given up instead: its first line is the reject, the lines after it are rows again.
 */
describe("a stray quote followed, rows later, by a quoted value spanning lines", () => {
  const rows = Array.from({ length: 10 }, (_, i) =>
    stubOrder({
      order_id: 1000 + i,
      ...(i === 1 ? { timevaliditydecoded: 'Current "Max' } : {}),
      ...(i === 7 ? { timevaliditydecoded: '"Current\nMax"' } : {}),
    }),
  );
  const text = `${ORDERS_HEAD}\n${rows.join("\n")}\n`;

  it("costs only the row with the stray quote: 10 records, 9 accepted + 1 rejected", async () => {
    const path = writeFixture(tmp(), "orders-stray.csv", text);
    const { report, rejects, csv } = await readAll(path);
    expect(report).toMatchObject({ rowsRead: 10, accepted: 9, rejected: 1 });
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ code: "csv_syntax", line: 3 });
    expect(rejects[0]?.message).toContain("with the quote 6 line(s) down it does not make one record");
    // Every other row is there, the two-line value whole.
    for (const i of [0, 2, 3, 4, 5, 6, 7, 8, 9]) expect(csv).toContain(String(1000 + i));
    expect(csv).toContain("Current\nMax");
  });

  it("reads the same in small chunks as in one", async () => {
    const path = writeFixture(tmp(), "orders-stray.csv", text);
    const whole = await readAll(path);
    const small = await readAll(path, { chunkSize: 64 });
    expect(small.csv).toBe(whole.csv);
    expect(small.rejects).toEqual(whole.rejects);
  });

  it("keeps a legitimate multi-line quoted value as one row", async () => {
    const path = writeFixture(tmp(), "orders-ok.csv", `${ORDERS_HEAD}\n${rows.filter((_, i) => i !== 1).join("\n")}\n`);
    const { report } = await readAll(path);
    expect(report).toMatchObject({ rowsRead: 9, accepted: 9, rejected: 0 });
  });
});
