import { describe, it } from "vitest";
import { readAll, ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";
import { gzipSync } from "node:zlib";

describe("probe", () => {
  it("speed", async () => {
    const dir = tmp();
    const text = [ORDERS_HEAD, stubOrder(), stubOrder(), stubOrder()].join("\n") + "\n";
    const f = writeFixture(dir, "orders-a.csv", text);
    console.log("bytes", text.length);
    let t = performance.now();
    for (let i = 0; i < 20; i++) await readAll(f, { chunkSize: 1 });
    console.log("chunk1 ms/case", (performance.now() - t) / 20);
    t = performance.now();
    for (let i = 0; i < 20; i++) await readAll(f, { chunkSize: 1 << 20 });
    console.log("chunk1M ms/case", (performance.now() - t) / 20);
    t = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => readAll(f, { chunkSize: 1 })));
    console.log("chunk1 parallel ms/case", (performance.now() - t) / 20);
    const g = writeFixture(dir, "orders-b.csv.gz", text);
    t = performance.now();
    for (let i = 0; i < 20; i++) await readAll(g, { chunkSize: 1 });
    console.log("gz chunk1 ms/case", (performance.now() - t) / 20);
    // cases
    const cases: [string, string | Buffer][] = [
      ["orders-cr-only.csv", text.replaceAll("\n", "\r")],
      ["orders-garbage.csv.gz", Buffer.concat([gzipSync(text), Buffer.from("GARBAGE")])],
      ["orders-dup.csv", text + text],
      ["orders-nul.csv", text.replace("Current Max", "Curr\0nt Max")],
    ];
    for (const [name, body] of cases) {
      const p = writeFixture(dir, name.replace(".gz", ""), body);
      const path = name.endsWith(".gz") ? p + ".gz" : p;
      if (name.endsWith(".gz")) (await import("node:fs")).renameSync(p, path);
      for (const cs of [1, 1 << 20]) {
        try {
          const r = await readAll(path, { chunkSize: cs });
          console.log(name, cs, JSON.stringify(r.report), r.rejects.map((x) => [x.line, x.code, x.column]));
        } catch (e) {
          console.log(name, cs, "THROW", (e as Error).name, (e as { code?: string }).code, (e as Error).message);
        }
      }
    }
  });
});
