import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { splitByteRanges } from "../../src/io/csv/ranges.js";
import { InputError, type RowReject } from "../../src/model/errors.js";
import { mulberry32 } from "../fixtures/prng.js";
import { FORMATS, readAll, stubOrder, stubTrade, tmp } from "../helpers.js";

/**
 * Seeded fuzzing of the reader: valid sample rows (the real format examples and stubOrder/stubTrade
 * rows) are mutated byte by byte (flips, truncations, field swaps, duplicated and dropped
 * delimiters and lines, inserted quotes, CR, LF, BOM, NUL and invalid UTF-8), sometimes gzipped and
 * then damaged. For every case: openTable throws nothing but an InputError; a read never throws
 * anything but an InputError and never hangs; rows read = accepted + rejected; and chunk sizes
 * 1, 1..64 and 1 MiB (and byte ranges, for a file without quotes) give identical rows, rejects and
 * counts, and the fast ingest path agrees with the general one (the reference read uses the general
 * path only). SWEEPLAB_FUZZ_CASES (default 3,000) and SWEEPLAB_FUZZ_SEED set the run; the seeds in
 * fuzz-seeds.json (each a bug once found) are checked first. `node scripts/fuzz.mjs --cases N` runs
 * a long campaign and records new failing seeds there.
 */
const CASES = Number(process.env.SWEEPLAB_FUZZ_CASES ?? 3000);
const BASE_SEED = Number(process.env.SWEEPLAB_FUZZ_SEED ?? 20240905);
const RECORD = process.env.SWEEPLAB_FUZZ_RECORD === "1";
const SEEDS_FILE = join(import.meta.dirname, "fuzz-seeds.json");
/** A read of one small case takes milliseconds; this much means it hangs. */
const CASE_TIMEOUT_MS = 10_000;

interface SeedEntry {
  seed: number;
  found: string;
}
const KEPT = (JSON.parse(readFileSync(SEEDS_FILE, "utf8")) as { seeds: SeedEntry[] }).seeds;

/** The seed of case `i` of a run: independent streams for neighbouring cases. */
function caseSeed(base: number, i: number): number {
  return (Math.imul(base ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) >>> 0;
}

class Rng {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  u64(): bigint {
    return (BigInt(this.int(2 ** 32)) << 32n) | BigInt(this.int(2 ** 32));
  }
}

const exampleLines = (name: string): string[] => readFileSync(join(FORMATS, name), "utf8").trim().split("\n");
const SAMPLES = {
  // The examples, then rows of the real extracts (tests/fixtures/formats/real): order rows with real
  // codes, NBBO quotes with a side written as the no-price text −2^63 (issue 13.1).
  orders: [
    ...exampleLines("orders-example.csv"),
    ...exampleLines("real/orders-final-2024-09-04-110621.csv").slice(1, 6),
  ],
  trades: exampleLines("trades-example.csv"),
  nbbo: [...exampleLines("nbbo.csv"), ...exampleLines("real/nbbo-no-price.csv").slice(1, 5)],
};
type Table = keyof typeof SAMPLES;

/** A valid row of the table: a real example row or a stub with random (valid) values. */
function validRow(r: Rng, table: Table): string {
  const examples = SAMPLES[table].slice(1);
  if (table === "nbbo" || r.chance(0.4)) return r.pick(examples);
  const tsNs = 1_725_400_000_000_000_000n + BigInt(r.int(2 ** 31)) * 1_000_000n;
  if (table === "orders") {
    const qty = 1 + r.int(5000);
    return stubOrder({
      order_id: r.u64(),
      timestamp: tsNs,
      price: r.int(200_000),
      side: 1 + r.int(2),
      // Known codes of CODES.md (24 a purge, with orderstatus 4) and 99, an unknown one (kept, counted).
      ...r.pick([
        { changereason: 1 },
        { changereason: 3 },
        { changereason: 5 },
        { changereason: 6 },
        { changereason: 9 },
        { changereason: 30 },
        { changereason: 48 },
        { changereason: 24, orderstatus: 4 },
        { changereason: 29, orderstatus: 4 },
        { changereason: 99 },
      ]),
      quantity: qty,
      leavesquantity: r.int(qty + 1),
      exchangeordertype: r.pick([0, 2, 64, 2048, 4098]),
      sequence: r.int(10_000_000),
      timevaliditydecoded: r.pick(["Current Max", "Good Till Cancel", ""]),
    });
  }
  return stubTrade({
    orderid: r.u64(),
    matchgroupid: r.u64(),
    tradetime: tsNs,
    tradeprice: r.int(200_000),
    quantity: 1 + r.int(5000),
    side: 1 + r.int(2),
    passiveaggressive: r.int(3),
  });
}

/** A CSV field quoted (valid CSV), sometimes with an embedded quote, comma or line end. */
function quote(r: Rng, field: string): string {
  const extra = r.pick(["", "", '""', ",", "\n", "\r\n"]);
  const at = r.int(field.length + 1);
  return `"${field.slice(0, at)}${extra}${field.slice(at)}"`;
}

/** A valid document: header and 0–6 rows, maybe reordered columns, quoted fields, CRLF, no final newline. */
function validDocument(r: Rng, table: Table): string {
  let lines = [SAMPLES[table][0] as string, ...Array.from({ length: r.int(7) }, () => validRow(r, table))];
  if (r.chance(0.15)) {
    // The same permutation of every line: another column order, the same data.
    const n = lines[0]!.split(",").length;
    const order = Array.from({ length: n }, (_, i) => i).sort(() => r.next() - 0.5);
    lines = lines.map((l) => {
      const f = l.split(",");
      return order.map((i) => f[i]).join(",");
    });
  }
  if (r.chance(0.2)) {
    lines = lines.map((l, i) =>
      i === 0
        ? l
        : l
            .split(",")
            .map((f) => (r.chance(0.1) ? quote(r, f) : f))
            .join(","),
    );
  }
  const eol = r.chance(0.2) ? "\r\n" : "\n";
  return lines.join(eol) + (r.chance(0.85) ? eol : "");
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const INVALID_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]),
];

function insert(b: Buffer, at: number, what: Buffer): Buffer {
  return Buffer.concat([b.subarray(0, at), what, b.subarray(at)]);
}

/** Positions of a byte in a buffer. */
function positions(b: Buffer, byte: number): number[] {
  const out: number[] = [];
  for (let i = b.indexOf(byte); i !== -1; i = b.indexOf(byte, i + 1)) out.push(i);
  return out;
}

/** One random mutation of the bytes; its name goes into the case description. */
function mutate(r: Rng, b: Buffer): [string, Buffer] {
  const at = r.int(b.length + 1);
  switch (r.int(13)) {
    case 0: {
      if (b.length === 0) return ["none", b];
      const c = Buffer.from(b);
      const i = r.int(c.length);
      c[i] = (c[i] as number) ^ (1 << r.int(8));
      return [`flip@${i}`, c];
    }
    case 1:
      return [`truncate@${at}`, b.subarray(0, at)];
    case 2: {
      // Swap two fields of one line.
      const lines = b.toString("latin1").split("\n");
      const li = r.int(lines.length);
      const f = (lines[li] as string).split(",");
      const i = r.int(f.length);
      const j = r.int(f.length);
      [f[i], f[j]] = [f[j] as string, f[i] as string];
      lines[li] = f.join(",");
      return [`swap@${li}:${i},${j}`, Buffer.from(lines.join("\n"), "latin1")];
    }
    case 3: {
      const commas = positions(b, 0x2c);
      if (commas.length === 0) return ["none", b];
      const i = r.pick(commas);
      return [`dupcomma@${i}`, insert(b, i, Buffer.from(","))];
    }
    case 4: {
      const commas = positions(b, 0x2c);
      if (commas.length === 0) return ["none", b];
      const i = r.pick(commas);
      return [`dropcomma@${i}`, Buffer.concat([b.subarray(0, i), b.subarray(i + 1)])];
    }
    case 5:
      return [`quote@${at}`, insert(b, at, Buffer.from('"'))];
    case 6:
      return [`cr@${at}`, insert(b, at, Buffer.from("\r"))];
    case 7:
      return [`lf@${at}`, insert(b, at, Buffer.from("\n"))];
    case 8:
      return [`bom@${at}`, insert(b, r.chance(0.5) ? 0 : at, BOM)];
    case 9:
      return [`nul@${at}`, insert(b, at, Buffer.alloc(1 + r.int(3)))];
    case 10:
      return [`badutf8@${at}`, insert(b, at, r.pick(INVALID_UTF8))];
    case 11: {
      // Duplicate or drop a whole line (a duplicated header is a concatenated file).
      const lines = b.toString("latin1").split("\n");
      const li = r.int(lines.length);
      if (r.chance(0.5)) lines.splice(li + r.int(lines.length - li + 1), 0, lines[li] as string);
      else lines.splice(li, 1);
      return [`line@${li}`, Buffer.from(lines.join("\n"), "latin1")];
    }
    default: {
      const end = Math.min(b.length, at + 1 + r.int(40));
      return [`delete@${at}-${end}`, Buffer.concat([b.subarray(0, at), b.subarray(end)])];
    }
  }
}

/** Damage done to gzip bytes. */
function mutateGzip(r: Rng, z: Buffer): [string, Buffer] {
  switch (r.int(6)) {
    case 0:
      return ["gz-intact", z];
    case 1: {
      const at = r.int(z.length);
      return [`gz-truncate@${at}`, z.subarray(0, at)];
    }
    case 2: {
      const c = Buffer.from(z);
      const i = r.int(c.length);
      c[i] = (c[i] as number) ^ (1 + r.int(255));
      return [`gz-flip@${i}`, c];
    }
    case 3:
      return ["gz-garbage", Buffer.concat([z, Buffer.from(r.pick(["junk", "\x1f", "\x1f\x8b", "\0\0x"]))])];
    case 4:
      return ["gz-zero-pad", Buffer.concat([z, Buffer.alloc(1 + r.int(64))])];
    default:
      return ["gz-two-members", Buffer.concat([z, z])];
  }
}

/** One fuzz case: a file name and its bytes, from the seed alone. */
function makeCase(seed: number): { name: string; bytes: Buffer; steps: string[] } {
  const r = new Rng(mulberry32(seed));
  const table = r.pick(["orders", "orders", "trades", "nbbo"] as const);
  let bytes = Buffer.from(validDocument(r, table), "utf8");
  const steps: string[] = [];
  for (let k = r.int(5); k > 0; k--) {
    const [step, next] = mutate(r, bytes);
    steps.push(step);
    bytes = next;
  }
  const gz = r.chance(0.2);
  if (gz) {
    const [step, next] = mutateGzip(r, gzipSync(bytes));
    steps.push(step);
    bytes = next;
  }
  return { name: `${table}-${seed}.csv${gz ? ".gz" : ""}`, bytes, steps };
}

/** What a read gave: the InputError code if it threw, else rows as CSV, rejects and the report. */
type Outcome = { threw: string } | { csv: string; rejects: RowReject[]; report: Record<string, unknown> };

async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function outcome(file: string, options: Parameters<typeof readAll>[1]): Promise<Outcome> {
  let got: Awaited<ReturnType<typeof readAll>>;
  try {
    got = await readAll(file, options);
  } catch (e) {
    // Only an InputError may escape the reader.
    if (!(e instanceof InputError)) throw e;
    return { threw: e.code };
  }
  const { csv, rejects, report, rows } = got;
  // The accounting identity, every reject reported once, every accepted row yielded once.
  const byCode = Object.values(report.rejectsByCode).reduce((a, n) => a + (n ?? 0), 0);
  if (
    report.rowsRead !== report.accepted + report.rejected ||
    rejects.length !== report.rejected ||
    rows !== report.accepted ||
    byCode !== report.rejected ||
    rejects.some((rj) => !(rj.line > 0))
  )
    throw new Error(`accounting broken: ${json({ report, rows, rejects: rejects.length })}`);
  return { csv, rejects, report: { ...report } };
}

/** JSON with bigint as text: a fast, exact comparison of two outcomes. */
function json(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x));
}

/** Throws, showing where the two first differ, unless both are the same data. */
function same(got: unknown, want: unknown, message: string): void {
  const [a, b] = [json(got), json(want)];
  if (a === b) return;
  let i = 0;
  while (a[i] === b[i]) i++;
  const at = (t: string): string => t.slice(Math.max(0, i - 80), i + 80);
  throw new Error(`${message}: results differ at character ${i}\n    got:  …${at(a)}…\n    want: …${at(b)}…`);
}

/** Runs one case: the reads must agree, whatever the chunk size. Throws (with the seed) on a failure. */
async function runCase(dir: string, seed: number): Promise<void> {
  const { name, bytes, steps } = makeCase(seed);
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const what = `seed ${seed} (${name}: ${steps.join(" ") || "valid"})`;
  try {
    const r = new Rng(mulberry32(seed ^ 0x5bd1e995));
    // The reference takes the general path only; the other reads take the fast path (fast-row.ts).
    const ref = await within(
      CASE_TIMEOUT_MS,
      what,
      outcome(file, { chunkSize: 1 << 20, batchRows: 1 + r.int(8), fastPath: false }),
    );
    for (const chunkSize of [1, 1 + r.int(64)]) {
      const got = await within(CASE_TIMEOUT_MS, what, outcome(file, { chunkSize, batchRows: 1 + r.int(8) }));
      same(got, ref, `${what}, chunk size ${chunkSize}`);
    }
    // Whole lines inside one chunk (the fast path takes them in place, not carried across chunks).
    const whole = await within(CASE_TIMEOUT_MS, what, outcome(file, { chunkSize: 1 << 20, batchRows: 3 }));
    same(whole, ref, `${what}, chunk size ${1 << 20}`);
    if (!("threw" in ref) && !name.endsWith(".gz")) {
      // Nothing bad is accepted silently: bytes that are not UTF-8 never reach a row as U+FFFD, and
      // no accepted row holds a NUL byte.
      if (ref.csv.includes("\uFFFD") && !bytes.includes("\uFFFD"))
        throw new Error(`${what}: invalid UTF-8 accepted as U+FFFD in ${json(ref.csv)}`);
      if (ref.csv.includes("\0")) throw new Error(`${what}: a NUL byte accepted in ${json(ref.csv)}`);
    }
    if (!name.endsWith(".gz") && !("threw" in ref) && r.chance(0.3)) {
      // Byte ranges add up to the whole file unless a range before the last ended inside a quoted
      // record spanning lines, which it then reports (`cutRecord`): partition and scan read such a
      // file again whole. Without quotes no record spans lines, so nothing is ever cut.
      const ranges = await splitByteRanges(file, 2 + r.int(3), { avoidQuotedRecords: r.chance(0.5) });
      const parts = await Promise.all(
        ranges.map((range) =>
          within(CASE_TIMEOUT_MS, what, outcome(file, { range, chunkSize: 1 + r.int(64), batchRows: 4 })),
        ),
      );
      const joined = { csv: "", rejects: [] as RowReject[], rowsRead: 0 };
      let cut = false;
      for (const [k, p] of parts.entries()) {
        if ("threw" in p) throw new Error(`${what}: a byte range threw ${p.threw}`);
        joined.csv += p.csv;
        joined.rejects.push(...p.rejects);
        joined.rowsRead += p.report.rowsRead as number;
        if (p.report.cutRecord === true && (k === parts.length - 1 || !bytes.includes(0x22)))
          throw new Error(`${what}: byte range ${k} of ${parts.length} reports a cut record`);
        cut ||= p.report.cutRecord === true;
      }
      if (!cut)
        same(
          joined,
          {
            csv: ref.csv,
            rejects: ref.rejects,
            rowsRead: ref.report.rowsRead,
          },
          `${what}, ${ranges.length} byte ranges`,
        );
    }
  } catch (e) {
    throw new Error(
      `fuzz case failed: ${what}\n  (keep it: add {"seed": ${seed}} to tests/io/fuzz-seeds.json)\n${String(e)}`,
      {
        cause: e,
      },
    );
  } finally {
    rmSync(file, { force: true });
  }
}

const dir = tmp("sweeplab-fuzz-");
const failed: SeedEntry[] = [];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (RECORD && failed.length > 0) {
    const seeds = [...KEPT, ...failed.filter((f) => !KEPT.some((k) => k.seed === f.seed))];
    writeFileSync(SEEDS_FILE, JSON.stringify({ seeds }, null, 2) + "\n");
  }
});

describe("reader fuzzing", () => {
  describe("kept seeds (bugs found once)", () => {
    for (const { seed, found } of KEPT) it(`seed ${seed}: ${found}`, () => runCase(dir, seed));
  });

  it(`${CASES} seeded cases from seed ${BASE_SEED}`, { timeout: Math.max(60_000, CASES * 50) }, async () => {
    const errors: string[] = [];
    let next = 0;
    // A few cases at a time: one case's file system waits overlap another's parsing.
    const worker = async (): Promise<void> => {
      while (next < CASES && errors.length < 5) {
        const seed = caseSeed(BASE_SEED, next++);
        try {
          await runCase(dir, seed);
        } catch (e) {
          errors.push((e as Error).message);
          failed.push({ seed, found: (e as Error).message.split("\n")[0] ?? "" });
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(errors).toEqual([]);
  });
});
