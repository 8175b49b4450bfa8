import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { BatchBuilder, type Batch } from "../../src/io/csv/batch.js";
import { FastRowParser } from "../../src/io/csv/fast-row.js";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import { openTable, type ReadOptions } from "../../src/io/csv/reader.js";
import { InputError, type RowReject } from "../../src/model/errors.js";
import { NBBO_HEADER, ORDER_HEADER, TRADE_HEADER } from "../../src/model/headers.js";
import { mulberry32 } from "../fixtures/prng.js";
import { stubOrder, stubTrade, tmp } from "../helpers.js";

/**
 * The fast ingest path (src/io/csv/fast-row.ts) against the general path (split / csv-parse and
 * parseField, `fastPath: false`): identical rows — every stored value, exactly (bigint ids and
 * times, −0 apart from 0), byte offset and trading date — identical rejects (line, column, code,
 * message, text) and identical reports, on the whole bad-input corpus and on seeded random CSV full
 * of edge values, quotes, CRLF, blank lines and non-ASCII text, read with chunk sizes from 1 byte up,
 * with and without a column subset, whole and in byte ranges. (The 3,000-case fuzzer in fuzz.test.ts
 * also reads its reference with the general path and the rest with the fast path.) The tests below
 * also check the fast path really takes plain lines, so these comparisons cover it.
 */

/** Everything a read yields, as exact text: rows with offset and trading date, rejects, report. */
async function readExact(file: string, options: ReadOptions): Promise<string> {
  const rejects: RowReject[] = [];
  let reader;
  try {
    reader = await openTable(file, { ...options, onReject: (r) => rejects.push(r) });
  } catch (e) {
    if (e instanceof InputError) return `threw ${e.code}: ${e.message}`;
    throw e;
  }
  const out: string[] = [];
  for await (const b of reader) out.push(...batchRows(b));
  return JSON.stringify({ rows: out, rejects, report: reader.report });
}

function exact(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  return JSON.stringify(v);
}

function batchRows(b: Batch): string[] {
  const cols = Object.entries(b.columns) as [string, ArrayLike<unknown>][];
  const rows: string[] = [];
  for (let i = 0; i < b.length; i++) {
    const fields = cols.map(([name, a]) => (a.length === 0 ? `${name}:-` : `${name}:${exact(a[i])}`));
    rows.push(`${b.offset[i]}|${b.tradingDate[i]}|${fields.join(",")}`);
  }
  return rows;
}

/** Reads with the general path once, then with the fast path in every way; all must be identical. */
async function expectSameBothPaths(file: string, extra: ReadOptions, chunkSizes: number[]): Promise<void> {
  const want = await readExact(file, { ...extra, fastPath: false, chunkSize: 1 << 20 });
  for (const chunkSize of chunkSizes) {
    const got = await readExact(file, { ...extra, chunkSize, batchRows: 3 });
    if (got !== want) expect({ file, chunkSize, got: JSON.parse(got) as unknown }).toEqual({ file, chunkSize, want });
    expect(got).toBe(want);
  }
}

describe("fast path ≡ general path on the bad-input corpus", () => {
  const dir = join(import.meta.dirname, "..", "fixtures", "bad");
  const files = readdirSync(dir).filter((f) => /\.csv(\.gz)?$/.test(f));
  it("has the corpus", () => expect(files.length).toBeGreaterThan(40));
  for (const f of files) {
    it(f, async () => {
      await expectSameBothPaths(join(dir, f), {}, [1, 7, 4096, 1 << 20]);
      await expectSameBothPaths(join(dir, f), { columns: ["order_id", "timestamp", "security_code", "tradetime"] }, [
        5,
        1 << 20,
      ]);
    });
  }
});

// ── seeded random CSV ───────────────────────────────────────────────────────────────────────────

/** Edge values per field kind: valid and invalid forms around every rule the parsers apply. */
const DIGITS = (n: number, first = "1"): string => first + "7".repeat(n - 1);
const EDGES = {
  u64: [
    "0",
    "7",
    "000000000000000000001",
    "00000000000000000001",
    DIGITS(15),
    DIGITS(16),
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999",
    "4294967295",
    "4294967296",
    "-1",
    "",
    "1e3",
    " 12",
    "12 ",
    "+5",
    "0x10",
    "١٢",
  ],
  ns: [
    "631152000000000000",
    "631151999999999999",
    "4102444800000000000",
    "4102444800000000001",
    "1727827200030008648",
    "1728140399999999999",
    "1728140400000000000",
    "1725494536001032398",
    "01725494536001032398",
    "001725494536001032398",
    "-1725494536001032398",
    "",
    "1.7e18",
  ],
  int: ["0", "00", "-0", "-1", "42", DIGITS(15), DIGITS(16), "9007199254740991", "9007199254740992", "", "4a", " 1"],
  qty: ["0", "1", "0100", DIGITS(15), DIGITS(16), "-5", "", "3.0", "1,0"],
  side: ["1", "2", "0", "3", "01", "12", "", "B"],
  // Known codes of every table (CODES.md), unknown ones (kept and counted, or rejected) and non-codes.
  code: [
    "0",
    "1",
    "2",
    "3",
    "4",
    "6",
    "24",
    "29",
    "30",
    "48",
    "51",
    "52",
    "99",
    "255",
    "256",
    "1000",
    "-6",
    "006",
    "",
    "x",
  ],
  otype: ["0", "2", "64", "2048", "4098", "6208", "65535", "65536", "1", "8", "-64", ""],
  // A quote side: a price, or the NBBO's no-price text −2^63 (exactly that text).
  quote: [
    "0",
    "3340",
    "-9223372036854775808",
    "-9223372036854775807",
    "-9223372036854775809",
    "9223372036854775808",
    " -9223372036854775808",
    "-09223372036854775808",
    "-1",
    "-0",
    "",
  ],
  security: ["110637", "BHP", "A.B", "a_b-c", ".A", "A B", "", "X".repeat(32), "X".repeat(33), "ÉLÉ", "A,B"],
  date: ["2024-10-02", "2024-02-29", "2023-02-29", "2024-13-01", "2024-1-01", "", "2024/10/02"],
  text: ["", "Current Max", "Café", "tab\there", "a\u0000b", "x", '"quoted"', '"a,b"', '"line\nbreak"', "☃"],
};

const KINDS: Record<string, keyof typeof EDGES> = {
  // orders
  order_id: "u64",
  timestamp: "ns",
  security_code: "security",
  price: "qty",
  national_bid: "quote",
  national_offer: "quote",
  bid: "quote",
  offer: "quote",
  side: "side",
  changereason: "code",
  orderstatus: "code",
  quantity: "qty",
  leavesquantity: "qty",
  ordertype: "code",
  exchangeordertype: "otype",
  participantid: "int",
  sequence: "int",
  exchange: "int",
  crossingkey: "text",
  timevaliditydecoded: "text",
  // trades
  orderid: "u64",
  matchgroupid: "u64",
  tradetime: "ns",
  securitycode: "security",
  tradedate: "date",
  dealsource: "code",
  passiveaggressive: "code",
  tradeprice: "qty",
  nationalbidpricesnapshot: "quote",
  nationalofferpricesnapshot: "quote",
  // nbbo
  bidprice: "quote",
  offerprice: "quote",
  creationtime: "ns",
  orderbookid: "security",
  partition: "int",
  userid: "text",
};

const NBBO_ROW = "1,7,1725494400000000000,3340,1725494536001032398,3350,110637,1725494536001032398,u,r";

function randomDocument(next: () => number): { name: string; text: string } {
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const table = pick(["orders", "orders", "trades", "nbbo"] as const);
  const header = table === "orders" ? ORDER_HEADER : table === "trades" ? TRADE_HEADER : NBBO_HEADER;
  const eol = next() < 0.3 ? "\r\n" : "\n";
  const lines: string[] = [header.join(",")];
  const n = 1 + int(30);
  for (let i = 0; i < n; i++) {
    const base =
      table === "orders"
        ? stubOrder({ timestamp: 1_727_827_200_000_000_000n + BigInt(int(2 ** 31)) * 100_000n })
        : table === "trades"
          ? stubTrade({ tradetime: 1_727_827_200_000_000_000n + BigInt(int(2 ** 31)) * 100_000n })
          : NBBO_ROW;
    const fields = base.split(",");
    const r = next();
    if (r < 0.05) {
      lines.push(pick(["", " ", "\t", ",,,"]));
      continue;
    }
    // Most rows valid (the fast path's business), some with 1–3 edge values.
    if (r > 0.4) {
      for (let k = 1 + int(3); k > 0; k--) {
        const f = int(fields.length);
        const kind = KINDS[header[f] as string];
        fields[f] = kind === undefined ? pick(EDGES.text) : pick(EDGES[kind]);
      }
    }
    if (next() < 0.05) fields.push("extra");
    if (next() < 0.05) fields.pop();
    if (next() < 0.05) {
      const f = int(fields.length);
      fields[f] = `"${(fields[f] as string).replaceAll('"', '""')}"`;
    }
    lines.push(fields.join(","));
  }
  return { name: `${table}.csv`, text: lines.join(eol) + (next() < 0.9 ? eol : "") };
}

describe("fast path ≡ general path on seeded random CSV", () => {
  const dir = tmp("sweeplab-fast-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const SEEDS = 300;
  it(
    `${SEEDS} documents × chunk sizes 1, 2, 3, random and 1 MiB, whole, with a column subset and in byte ranges`,
    {
      timeout: 120_000,
    },
    async () => {
      for (let s = 0; s < SEEDS; s++) {
        const next = mulberry32(0xfa57 + s);
        const { name, text } = randomDocument(next);
        const file = join(dir, `${s}-${name}`);
        writeFileSync(file, text);
        await expectSameBothPaths(file, {}, [1, 2, 3, 1 + Math.floor(next() * 200), 1 << 20]);
        await expectSameBothPaths(file, { columns: ["order_id", "security_code", "orderid", "tradedate"] }, [
          1 + Math.floor(next() * 50),
        ]);
        // Unknown codes rejected instead of kept: the same on both paths too.
        if (s % 3 === 0) await expectSameBothPaths(file, { unknownCodes: "reject" }, [1 + Math.floor(next() * 64)]);
        if (!text.includes('"')) {
          // Byte ranges, each read both ways.
          for (const range of await splitByteRanges(file, 1 + Math.floor(next() * 4)))
            await expectSameBothPaths(file, { range }, [1 + Math.floor(next() * 64), 1 << 20]);
        }
        rmSync(file);
      }
    },
  );

  it("reads plain rows with the fast path, LF and CRLF alike, equal to the general path", async () => {
    const file = join(dir, "plain-eol-orders.csv");
    const rows = Array.from({ length: 300 }, (_, i) =>
      stubOrder({
        order_id: 18_446_744_073_709_551_615n - BigInt(i),
        timestamp: 1_727_827_200_000_000_000n + BigInt(i) * 7_919n,
        security_code: ["110637", "BHP", "A.B"][i % 3] as string,
        price: 100 + i,
      }),
    );
    const parse = vi.spyOn(FastRowParser.prototype, "parse");
    try {
      // A CRLF line ends before its CR, as the line splitter cuts it.
      for (const eol of ["\n", "\r\n"]) {
        writeFileSync(file, [ORDER_HEADER.join(","), ...rows].join(eol) + eol);
        parse.mockClear();
        const got = await readExact(file, { chunkSize: 1 << 20 });
        expect(parse.mock.results.filter((r) => r.value === true)).toHaveLength(300);
        expect(got).toBe(await readExact(file, { fastPath: false }));
      }
    } finally {
      parse.mockRestore();
    }
  });

  it("stays exact when two reads in one thread take turns, and on very long fields and lines", async () => {
    // Two readers alternating chunk by chunk, each with its own field plan:
    // the same orders, the second file with order_id and price swapped (and short ids, so that its
    // lines parse under either plan: only the right plan gives the right values), read with a subset.
    const a = join(dir, "turns-orders.csv");
    const b = join(dir, "turns-swapped.csv");
    const orders = Array.from({ length: 2000 }, (_, i) =>
      stubOrder({ order_id: 1000 + i, quantity: i + 1, price: 5000 + i }).split(","),
    );
    const swap = <T>(r: readonly T[]): T[] => {
      const out = [...r];
      const [i, j] = [ORDER_HEADER.indexOf("order_id"), ORDER_HEADER.indexOf("price")];
      [out[i], out[j]] = [out[j] as T, out[i] as T];
      return out;
    };
    writeFileSync(a, [ORDER_HEADER.join(","), ...orders.map((r) => r.join(","))].join("\n") + "\n");
    writeFileSync(b, [swap(ORDER_HEADER).join(","), ...orders.map((r) => swap(r).join(","))].join("\n") + "\n");
    const subset = { columns: ["order_id", "price", "security_code", "timevaliditydecoded"] };
    const alone = [await readExact(a, { fastPath: false }), await readExact(b, { ...subset, fastPath: false })];
    const readers = [
      await openTable(a, { chunkSize: 20_000, batchRows: 100 }),
      await openTable(b, { ...subset, chunkSize: 30_000, batchRows: 70 }),
    ];
    const its = readers.map((r) => r[Symbol.asyncIterator]());
    const out: string[][] = [[], []];
    for (let done = [false, false]; !done[0] || !done[1];) {
      for (const k of [0, 1]) {
        if (done[k]) continue;
        const step = await (its[k] as AsyncIterator<Batch>).next();
        if (step.done === true) done[k] = true;
        else (out[k] as string[]).push(...batchRows(step.value));
      }
    }
    for (const k of [0, 1])
      expect(JSON.stringify({ rows: out[k], rejects: [], report: readers[k]?.report })).toBe(alone[k]);

    // A 5000-byte text field, and a line longer than 1 MiB: the same result.
    const c = join(dir, "long-orders.csv");
    writeFileSync(
      c,
      [
        ORDER_HEADER.join(","),
        stubOrder({ timevaliditydecoded: "x".repeat(5000) }),
        stubOrder({ timevaliditydecoded: "y".repeat((1 << 20) + 10) }),
        stubOrder({}),
      ].join("\n") + "\n",
    );
    expect(await readExact(c, { chunkSize: 4 << 20 })).toBe(await readExact(c, { fastPath: false }));
  });

  it("takes the fast path for NBBO quotes with a side of no price (-9223372036854775808), equal to the general path", async () => {
    const file = join(dir, "nbbo-no-price.csv");
    const np = "-9223372036854775808";
    const rows = Array.from({ length: 40 }, (_, i) =>
      [
        1,
        2279309 + i,
        "1751328000000000000",
        i % 3 === 0 ? np : 10 + i,
        "1751328000012753000",
        i % 3 === 1 ? np : 50 + i,
      ]
        .concat(["74150", String(1751328000085537948n + BigInt(i)), "262826", "1751364092"])
        .join(","),
    );
    writeFileSync(file, [NBBO_HEADER.join(","), ...rows].join("\n") + "\n");
    const general = vi.spyOn(BatchBuilder.prototype, "push");
    const fast = vi.spyOn(FastRowParser.prototype, "parse");
    try {
      const want = await readExact(file, { fastPath: false });
      expect(want).toContain("bidprice:-1,");
      expect(general).toHaveBeenCalledTimes(40);
      general.mockClear();
      // Lines carried across 7-byte chunks and whole lines of one chunk alike.
      for (const chunkSize of [7, 1 << 20]) {
        fast.mockClear();
        expect(await readExact(file, { chunkSize })).toBe(want);
        expect(fast.mock.results.filter((r) => r.value === true)).toHaveLength(40);
      }
      expect(general).toHaveBeenCalledTimes(0);
    } finally {
      general.mockRestore();
      fast.mockRestore();
    }
  });

  it("takes the fast path for plain rows (the test would prove nothing otherwise)", async () => {
    // A file of valid rows: the fast path reads them all, so the general path must not be called.
    const file = join(dir, "plain-orders.csv");
    const rows = Array.from({ length: 50 }, (_, i) =>
      stubOrder({
        order_id: 7_904_794_000_000_000_000n + BigInt(i),
        timestamp: 1_727_827_200_000_000_000n + BigInt(i),
      }),
    );
    writeFileSync(file, [ORDER_HEADER.join(","), ...rows].join("\n") + "\n");
    const general = vi.spyOn(BatchBuilder.prototype, "push");
    try {
      expect(await readExact(file, {})).toBe(await readExact(file, { fastPath: false }));
      general.mockClear();
      await readExact(file, {});
      expect(general).toHaveBeenCalledTimes(0);
      await readExact(file, { fastPath: false });
      expect(general).toHaveBeenCalledTimes(50);
    } finally {
      general.mockRestore();
    }
  });
});
