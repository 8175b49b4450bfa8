import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { contentHash, normalisedText, TEXT_EDGE, textHeadKey, textTailKey } from "../../src/io/inputs/content-hash.js";
import { InputError } from "../../src/model/errors.js";
import { tmp } from "../helpers.js";

// The text a copy check compares: a leading BOM dropped, each CRLF read as LF, wherever the chunks
// of the reader are cut; and the keys of both ends that decide which files are hashed whole.

const BOM = "\ufeff";
const crlf = (text: string): string => text.replace(/\n/g, "\r\n");
const expected = (text: string): string => text.replace(/^\ufeff/, "").replace(/\r\n/g, "\n");

async function normalise(bytes: Buffer, cut: number, atStart = true): Promise<string> {
  const cuts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += cut) cuts.push(bytes.subarray(i, i + cut));
  const parts: Buffer[] = [];
  for await (const b of normalisedText(Readable.from(cuts) as AsyncIterable<Buffer>, atStart))
    parts.push(Buffer.from(b));
  return Buffer.concat(parts).toString("utf8");
}

/** A CSV text of `n` rows, LF line ends. */
const rows = (n: number): string =>
  ["a,b,c", ...Array.from({ length: n }, (_, i) => `${i},x${i % 7},${i * 3}`)].join("\n") + "\n";

describe("normalisedText", () => {
  const samples = [
    BOM + "a,b\r\n1,2\r\n",
    "a,b\r\n1,2\n3,4\r\n", // mixed line ends
    "a,b\r1,2\r\n", // a bare CR is kept
    "a\r\r\nb\r", // CR CR LF: the CR before the LF only; a final CR kept
    "x" + BOM + "y\r\n", // a BOM not at the start is text
    "\uFEFF", // a BOM alone
    "\u00ef\u00bb", // two bytes that are not a BOM
  ];
  it.each(samples)("gives the text of %j whatever the chunk size (1, 2, 3, 5, all)", async (text) => {
    const bytes = Buffer.from(text, "utf8");
    for (const cut of [1, 2, 3, 5, bytes.length + 1])
      expect(await normalise(bytes, cut), `chunks of ${cut}`).toBe(expected(text));
  });

  it("keeps a BOM that is not at the start of the file (a byte range's text)", async () => {
    expect(await normalise(Buffer.from(BOM + "a\r\n"), 2, false)).toBe(BOM + "a\n");
  });
});

describe("text keys and hashes", () => {
  it("an LF file and its CRLF/BOM copy agree on head, tail and whole text, around the window sizes", async () => {
    const dir = tmp();
    for (const n of [3, 4000, 9000, 9362, 20_000]) {
      const lf = join(dir, `lf-${n}.csv`);
      const win = join(dir, `win-${n}.csv`);
      const gz = join(dir, `win-${n}.csv.gz`);
      const text = rows(n);
      writeFileSync(lf, text);
      writeFileSync(win, BOM + text.replace(/\n/g, "\r\n"));
      writeFileSync(gz, gzipSync(BOM + text.replace(/\n/g, "\r\n")));
      const size = (p: string): number => Buffer.byteLength(p === lf ? text : BOM + text.replace(/\n/g, "\r\n"));
      expect(await textHeadKey(win), `head ${n}`).toBe(await textHeadKey(lf));
      expect(await textHeadKey(gz), `gz head ${n}`).toBe(await textHeadKey(lf));
      expect(await textTailKey(win, size(win)), `tail ${n}`).toBe(await textTailKey(lf, size(lf)));
      expect(await contentHash(win, true)).toBe(await contentHash(lf, true));
      expect(await contentHash(gz, true)).toBe(await contentHash(lf, true));
      expect(await contentHash(win)).not.toBe(await contentHash(lf)); // the bytes differ
    }
    expect(rows(20_000).length).toBeGreaterThan(4 * TEXT_EDGE);
  });

  it("keys of files that differ in their last row or first row differ", async () => {
    const dir = tmp();
    const a = join(dir, "a.csv");
    const b = join(dir, "b.csv");
    const text = rows(20_000);
    writeFileSync(a, text);
    const last = text.replace(/19999,x0,59997\n$/, "19999,x6,59997\n");
    expect(last).not.toBe(text);
    writeFileSync(b, last);
    expect(await textHeadKey(b)).toBe(await textHeadKey(a));
    expect(await textTailKey(b, text.length)).not.toBe(await textTailKey(a, text.length));
    writeFileSync(b, text.replace("0,x0,0\n", "0,x1,0\n"));
    expect(await textHeadKey(b)).not.toBe(await textHeadKey(a));
  });

  // A Windows export often lacks the final line end (or the original does): the texts then differ
  // only in the line end of the last row, and blank lines at the end are no rows either (the reader
  // counts them as blank lines). Before, head (small files), tail and whole text all differed.
  it("a copy without the final line end, or with blank lines at the end, agrees on head, tail and whole text", async () => {
    const dir = tmp();
    for (const n of [3, 4000, 9000, 9362, 20_000]) {
      const text = rows(n);
      const variants: Record<string, string> = {
        lf: text,
        "lf-no-final": text.slice(0, -1),
        "crlf-no-final": BOM + crlf(text).slice(0, -2),
        "final-cr": text.slice(0, -1) + "\r", // a last line ending in a bare CR: the reader drops it
        blank: text + "\n\n",
        "crlf-blank": crlf(text) + "\r\n \r\n\t\r\n\r\n",
      };
      const keys = new Map<string, string[]>();
      for (const [name, body] of Object.entries(variants)) {
        const plain = join(dir, `${name}-${n}.csv`);
        const gz = join(dir, `${name}-${n}.csv.gz`);
        writeFileSync(plain, body);
        writeFileSync(gz, gzipSync(body));
        const size = Buffer.byteLength(body);
        keys.set(name, [
          await textHeadKey(plain),
          await textHeadKey(gz),
          await textTailKey(plain, size),
          await contentHash(plain, true),
          await contentHash(gz, true),
        ]);
      }
      const [h, , t, w] = keys.get("lf") as string[];
      for (const [name, [head, gzHead, tail, whole, gzWhole]] of keys) {
        expect([head, gzHead], `head ${name} ${n}`).toEqual([h, h]);
        expect(tail, `tail ${name} ${n}`).toBe(t);
        expect([whole, gzWhole], `whole ${name} ${n}`).toEqual([w, w]);
      }
    }
  });

  it("the last row's own trailing spaces, or a non-blank line at the end, still make another text", async () => {
    const dir = tmp();
    const text = rows(3);
    const base = join(dir, "base.csv");
    writeFileSync(base, text);
    for (const [i, other] of [
      text.slice(0, -1) + " \n",
      text + "x\n",
      text + ",,\n",
      text.slice(0, -2) + "\n",
    ].entries()) {
      const f = join(dir, `other-${i}.csv`);
      writeFileSync(f, other);
      expect(await contentHash(f, true), JSON.stringify(other.slice(-6))).not.toBe(await contentHash(base, true));
      expect(await textHeadKey(f)).not.toBe(await textHeadKey(base));
    }
  });

  it("a tail of blank lines longer than the tail window: the key still reaches the last rows", async () => {
    const dir = tmp();
    const text = rows(20_000);
    const a = join(dir, "a.csv");
    const b = join(dir, "b.csv");
    const c = join(dir, "c.csv");
    writeFileSync(a, text);
    const blanks = "\r\n".repeat(3 * TEXT_EDGE);
    writeFileSync(b, crlf(text) + blanks);
    writeFileSync(c, text.replace(/19999,x0,59997\n$/, "19999,x6,59997\n") + blanks);
    const size = (p: string): number => statSync(p).size;
    expect(await textTailKey(b, size(b))).toBe(await textTailKey(a, size(a)));
    expect(await textTailKey(c, size(c))).not.toBe(await textTailKey(a, size(a)));
    expect(await contentHash(b, true)).toBe(await contentHash(a, true));
  });

  it("a damaged gzip file gets a key of its own; a missing plain file is an unreadable InputError", async () => {
    const dir = tmp();
    const whole = gzipSync(rows(5000));
    const cut = join(dir, "cut.csv.gz");
    writeFileSync(cut, whole.subarray(0, whole.length - 100));
    expect(await contentHash(cut)).toBe(`unreadable gzip ${cut}`);
    expect(await contentHash(cut, true)).toBe(`unreadable gzip ${cut}`);
    await expect(contentHash(join(dir, "missing.csv"))).rejects.toBeInstanceOf(InputError);
    await expect(textHeadKey(join(dir, "missing.csv"))).rejects.toMatchObject({ code: "unreadable" });
  });
});
