import { describe, expect, it } from "vitest";
import { canonicalJson, configFingerprint, referenceFingerprint, resolveConfig } from "../../src/config/index.js";

const base = { inputs: ["x"] };

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps list order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, e: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe("configFingerprint", () => {
  it("is a sha256 hex digest of the analysis settings", () => {
    const fp = configFingerprint(resolveConfig(base));
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fp).toBe(configFingerprint(resolveConfig(base)));
  });

  it("is stable across key order and explicit defaults", () => {
    const a = resolveConfig({ ...base, analysis: { impactTicks: 2, sizeBands: { mediumMax: 3000, smallMax: 400 } } });
    const b = resolveConfig({ analysis: { sizeBands: { smallMax: 400, mediumMax: 3000 }, impactTicks: 2 }, ...base });
    expect(configFingerprint(a)).toBe(configFingerprint(b));
    expect(configFingerprint(resolveConfig(base))).toBe(
      configFingerprint(
        resolveConfig({
          ...base,
          analysis: {
            session: { end: "16:00", start: "10:00" },
            impactTicks: 1,
            sweepMask: 2048,
            centrePointMask: 6464,
            sizeBands: { smallMax: 500, mediumMax: 2000 },
          },
        }),
      ),
    );
  });

  it("ignores how the run is executed", () => {
    const plain = configFingerprint(resolveConfig(base));
    const other = resolveConfig({
      inputs: ["y", "z"],
      securities: ["BHP"],
      dates: { from: "2024-10-02" },
      workers: 3,
      chunkSize: "1MB",
      jobTimeoutMs: 5,
      retries: 0,
      outputDir: "elsewhere",
      strict: true,
    });
    expect(configFingerprint(other)).toBe(plain);
  });

  it("changes with every analysis setting", () => {
    const fp = (analysis: Record<string, unknown>): string => configFingerprint(resolveConfig({ ...base, analysis }));
    const all = [
      fp({}),
      fp({ impactTicks: 2 }),
      fp({ impactTicks: 1.5 }),
      fp({ centrePointMask: 64 }),
      fp({ sweepMask: 4096 }),
      fp({ session: { start: "10:30" } }),
      fp({ session: { end: "15:59:59" } }),
      fp({ sizeBands: { smallMax: 499 } }),
      fp({ sizeBands: { mediumMax: 2001 } }),
      fp({ participants: [1001] }),
      fp({ participants: [1001, 1002] }),
    ];
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("configFingerprint and outputs.detailFormat", () => {
  it("changes with the detail tables' format (their files differ), parquet being the default", () => {
    const parquet = configFingerprint(resolveConfig(base));
    expect(configFingerprint(resolveConfig({ ...base, outputs: { detailFormat: "parquet" } }))).toBe(parquet);
    expect(configFingerprint(resolveConfig({ ...base, outputs: {} }))).toBe(parquet);
    expect(configFingerprint(resolveConfig({ ...base, outputs: { detailFormat: "csv.gz" } }))).not.toBe(parquet);
  });
});

describe("referenceFingerprint", () => {
  it("is the sha256 of the canonical JSON of the reference values a job used", async () => {
    const { createHash } = await import("node:crypto");
    const session = { startNs: 36_000e9, endNs: 57_600e9, source: "config" };
    expect(referenceFingerprint({ decimals: 3, session })).toBe(
      createHash("sha256")
        .update('{"decimals":3,"session":{"endNs":57600000000000,"source":"config","startNs":36000000000000}}')
        .digest("hex"),
    );
    expect(referenceFingerprint({ decimals: 3, session })).not.toBe(referenceFingerprint({ decimals: 2, session }));
    expect(referenceFingerprint({ decimals: 3, session })).not.toBe(
      referenceFingerprint({ decimals: 3, session: { ...session, startNs: 36_300e9, source: "sessions file" } }),
    );
  });
});
