import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkJobRecord,
  JOB_RECORD_FORMAT,
  readSealedJobJson,
  recordFile,
  sealJobJson,
  UNSEALED_JSON_SHA256,
  type JobStamp,
} from "../../src/io/outputs/job-record.js";
import { JobSumsBuilder } from "../../src/core/job-sums.js";
import { jobSumsJson } from "../../src/io/outputs/job-sums-record.js";
import { tmp } from "../helpers.js";

const STAMP: JobStamp = { toolkitVersion: "0.1.0", input: "in-1", analysis: "a".repeat(64), reference: "b".repeat(64) };

/** A job folder with two files and a job.json whose record lists them (`over` replaces record members). */
function folder(over: Record<string, unknown> = {}): string {
  const dir = join(tmp("sweeplab-record-"), "job");
  mkdirSync(dir);
  const files = { "a.csv": "x,y\n1,2\n", "b.csv": "z\n3\n" };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const record = {
    format: JOB_RECORD_FORMAT,
    stamp: STAMP,
    rows: 10,
    sweeps: 2,
    files: Object.entries(files).map(([name, text]) => recordFile(name, Buffer.from(text))),
    decimals: 2,
    sums: jobSumsJson(new JobSumsBuilder(2).sums()),
    jsonSha256: UNSEALED_JSON_SHA256,
    ...over,
  };
  writeFileSync(join(dir, "job.json"), sealJobJson(JSON.stringify({ securityCode: "X", record })).text);
  return dir;
}

const expected =
  (s: Partial<JobStamp> = {}) =>
  () =>
    Promise.resolve({ ...STAMP, ...s });

describe("checkJobRecord", () => {
  it("is current when the stamp equals and every file has its size and sha256", async () => {
    const c = await checkJobRecord(folder(), expected());
    expect(c).toMatchObject({ current: true, record: { rows: 10, sweeps: 2 } });
  });

  it("names each way a folder is not current, never throwing", async () => {
    const dir = folder();
    rmSync(join(dir, "job.json"));
    let asked = false;
    const missing = await checkJobRecord(dir, () => ((asked = true), Promise.resolve(STAMP)));
    expect(missing).toEqual({ current: false, kind: "missing", reason: "job.json cannot be read (ENOENT)" });
    expect(asked).toBe(false); // no record: the input fingerprint is not hashed

    const notJson = folder();
    writeFileSync(join(notJson, "job.json"), '{"record": {');
    expect(await checkJobRecord(notJson, expected())).toMatchObject({
      kind: "damaged",
      reason: "job.json is not valid JSON",
    });
    expect(await checkJobRecord(folder({ sums: undefined }), expected())).toMatchObject({ kind: "damaged" });

    for (const field of ["toolkitVersion", "input", "analysis", "reference"] as const)
      expect(
        await checkJobRecord(folder(), expected({ [field]: field === "input" ? "in-2" : "c".repeat(64) })),
      ).toEqual({
        current: false,
        kind: "stale",
        reason: `recorded with another ${field} fingerprint`,
      });

    const gone = folder();
    rmSync(join(gone, "b.csv"));
    expect(await checkJobRecord(gone, expected())).toMatchObject({ kind: "damaged", reason: "b.csv is missing" });
    const longer = folder();
    writeFileSync(join(longer, "a.csv"), "x,y\n1,2\n3,4\n");
    expect(await checkJobRecord(longer, expected())).toMatchObject({ reason: "a.csv has 12 bytes; recorded 8" });
    const changed = folder();
    writeFileSync(join(changed, "a.csv"), "x,y\n1,3\n");
    expect(await checkJobRecord(changed, expected())).toMatchObject({
      reason: "a.csv does not match its recorded sha256",
    });
  });

  it("takes a job.json changed by hand (a count, a sum, even its spacing) as damaged, also for aggregation", async () => {
    const damaged = {
      current: false,
      kind: "damaged",
      reason: "job.json was changed after its job wrote it (record.jsonSha256 does not match)",
    };
    const edits: ((t: string) => string)[] = [
      (t) => t.replace('"rows":10', '"rows":11'),
      (t) => t.replace('"securityCode":"X"', '"securityCode":"Y"'),
      (t) => JSON.stringify(JSON.parse(t), null, 2),
      (t) => t.replace(/"jsonSha256":"[0-9a-f]{64}"/, `"jsonSha256":"${UNSEALED_JSON_SHA256}"`),
    ];
    for (const edit of edits) {
      const dir = folder();
      const file = join(dir, "job.json");
      const text = readFileSync(file, "utf8");
      expect(edit(text)).not.toBe(text);
      writeFileSync(file, edit(text));
      expect(await checkJobRecord(dir, expected())).toEqual(damaged);
      expect(await checkJobRecord(dir, expected(), { verifyFiles: false })).toEqual(damaged);
    }
    // As written: current.
    expect(await checkJobRecord(folder(), expected(), { verifyFiles: false })).toMatchObject({ current: true });
  });

  it("takes a record of another format (format 1, written before jobs saved their sums) as stale: run recomputes the job", async () => {
    const old = folder({ format: 1, decimals: undefined, sums: undefined });
    expect(await checkJobRecord(old, expected())).toEqual({
      current: false,
      kind: "stale",
      reason: `job.json holds a record of format 1, not ${JOB_RECORD_FORMAT} (an older sweeplab wrote it)`,
    });
    expect(JOB_RECORD_FORMAT).toBe(4);
  });

  it("with verifyFiles false (aggregation) checks the stamp but neither reads nor hashes a recorded file", async () => {
    const gone = folder();
    rmSync(join(gone, "a.csv"));
    writeFileSync(join(gone, "b.csv"), "garbage");
    expect(await checkJobRecord(gone, expected(), { verifyFiles: false })).toMatchObject({ current: true });
    expect(await checkJobRecord(gone, expected())).toMatchObject({ current: false, kind: "damaged" });
    expect(await checkJobRecord(gone, expected({ input: "in-2" }), { verifyFiles: false })).toMatchObject({
      kind: "stale",
    });
  });
});

describe("readSealedJobJson", () => {
  it("reads, validates and checks the seal of job.json once, for every reader: each way it fails, by kind", async () => {
    const dir = folder();
    const file = join(dir, "job.json");
    expect(await readSealedJobJson(dir)).toMatchObject({
      kind: "sealed",
      file,
      json: { securityCode: "X" },
      record: { rows: 10, sweeps: 2 },
    });
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"rows":10', '"rows":11'));
    expect(await readSealedJobJson(dir)).toEqual({ kind: "unsealed", file });
    writeFileSync(file, text.replace('"rows":10', '"rows":-1'));
    expect(await readSealedJobJson(dir)).toMatchObject({ kind: "invalid", format: 4, path: "record.rows" });
    writeFileSync(file, text.replace(`"format":${JOB_RECORD_FORMAT}`, '"format":1'));
    expect(await readSealedJobJson(dir)).toMatchObject({ kind: "invalid", format: 1, path: "record.format" });
    writeFileSync(file, "{");
    expect(await readSealedJobJson(dir)).toMatchObject({ kind: "not_json", file });
    rmSync(file);
    expect(await readSealedJobJson(dir)).toEqual({ kind: "unreadable", file, code: "ENOENT" });
  });
});
