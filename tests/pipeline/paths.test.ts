import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { jobDir } from "../../src/io/outputs/job-outputs.js";
import { JobTask } from "../../src/pipeline/messages.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { resolveConfig } from "../../src/config/index.js";
import { ORDERS_HEAD, stubOrder, tmp, writeFixture } from "../helpers.js";

const EVIL = ["../../evil", "/etc/passwd", "..", ".", "a/b", "a\\\\b", "x y", "SEC\u0000", "é", "a".repeat(33)];

describe("security codes and dates from data never reach a file path unchecked", () => {
  it("jobDir and the worker's task schema refuse them", () => {
    const task = (securityCode: string): unknown => ({
      kind: "job",
      securityCode,
      date: "2024-10-03",
      decimals: 2,
      storeDir: "s",
      jobDir: "j",
      analysis: {},
      detailFormat: "parquet",
      session: { startNs: 36_000e9, endNs: 57_600e9, source: "config" },
      returnSums: false,
    });
    expect(JobTask.safeParse(task("110621")).success).toBe(true);
    for (const code of EVIL) {
      expect(() => jobDir("/out", code, "2024-10-03"), code).toThrow(RangeError);
      expect(JobTask.safeParse(task(code)).success).toBe(false);
    }
    for (const date of ["../2024-10-03", "2024/10/03", "2024-10-03/..", ""])
      expect(() => jobDir("/out", "110621", date)).toThrow(RangeError);
    expect(jobDir("/out", "110621", "2024-10-03")).toBe("/out/by_security/SEC_110621/2024-10-03");
  });

  it("a run over rows with such codes rejects them (bad_security_code) and writes nothing outside its folder", async () => {
    const root = tmp("sweeplab-paths-");
    const data = join(root, "data");
    const out = join(root, "out");
    const rows = [
      ORDERS_HEAD,
      stubOrder({
        order_id: 1,
        security_code: "110621",
        changereason: 6,
        timestamp: 1727913600000000000n,
        sequence: 1,
      }),
    ];
    EVIL.filter((c) => !c.includes("\u0000")).forEach((code, i) =>
      rows.push(
        stubOrder({
          order_id: 10 + i,
          security_code: code,
          changereason: 6,
          timestamp: 1727913600000000000n + BigInt(i),
          sequence: 2 + i,
        }),
      ),
    );
    mkdirSync(data, { recursive: true });
    writeFixture(data, "orders-evil.csv", rows.join("\n") + "\n");
    const s = await runPipeline(resolveConfig({ inputs: [data], outputDir: out, workers: 1 }));
    expect(s.partition.rejected).toBe(EVIL.length - 1);
    expect(s.partition.accepted).toBe(1);
    expect(readdirSync(root).sort()).toEqual(["data", "out"]);
    expect(readdirSync(join(out, "by_security"))).toEqual(["SEC_110621"]);
    expect(existsSync(join(dirname(root), "evil"))).toBe(false);
    const rejects = readdirSync(join(out, "rejects"));
    expect(rejects.length).toBeGreaterThan(0);
  });
});
