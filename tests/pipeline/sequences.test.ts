import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../src/pipeline/run.js";
import { generate } from "../../src/gen/index.js";
import { tmp } from "../helpers.js";
import { diffSnapshots } from "./helpers.js";
import { runSequence, sequenceConfig, sequenceSnapshot, type SequenceEnv } from "./sequences.js";

// CI runs COUNT seeded sequences; the long run (`npm run test:sequences`, REFERENCE.md "Tests", which
// records its figures) sets SWEEPLAB_SEQUENCES and SWEEPLAB_SEQUENCE_SEED.
const COUNT = Number(process.env.SWEEPLAB_SEQUENCES ?? 200);
const SEED = Number(process.env.SWEEPLAB_SEQUENCE_SEED ?? 20261206);

let data = "";
let reference = new Map<string, Buffer>();
let tmpfs: string | undefined;
const securities = ["110621", "110622"];
let dates: string[] = [];

/** Mounts a small tmpfs when root (the `disk_full` action fills it); undefined otherwise. */
function mountTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = tmp("sweeplab-seq-tmpfs-");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", dir]);
    return dir;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  data = tmp("sweeplab-seq-data-");
  const ds = await generate({ orders: 3_000, securities: 2, dates: 2, seed: 12, outDir: data });
  dates = ds.dates;
  const out = tmp("sweeplab-seq-ref-");
  const env: SequenceEnv = { data, out, securities, dates };
  const s = await runPipeline(sequenceConfig(env, "A"));
  expect(s.jobs?.failed).toBe(0);
  reference = sequenceSnapshot(out);
  tmpfs = mountTmpfs();
}, 120_000);

afterAll(() => {
  if (tmpfs !== undefined) execFileSync("umount", ["-l", tmpfs]);
});

describe(`${COUNT} seeded sequences of user actions, then one clean run with config A`, () => {
  it("leave outputs byte-identical to a fresh run with A", { timeout: Math.max(600_000, COUNT * 10_000) }, async () => {
    const root = tmpfs ?? tmp("sweeplab-seq-");
    const failures: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const seed = SEED + i;
      const out = join(root, `out-${seed}`);
      mkdirSync(out);
      const env: SequenceEnv = { data, out, securities, dates, ...(tmpfs === undefined ? {} : { tmpfs }) };
      try {
        const { log } = await runSequence(env, seed);
        const diff = diffSnapshots(sequenceSnapshot(out), reference);
        if (diff.length > 0)
          failures.push(
            `seed ${seed}: outputs differ (${diff.slice(0, 5).join(", ")})\n${log.map((l) => `  ${l.action} → ${l.outcome}`).join("\n")}`,
          );
      } catch (e) {
        failures.push((e as Error).message);
      }
      rmSync(out, { recursive: true, force: true });
      for (const n of ["A", "B", "C", "Ax"]) rmSync(`${out}.${n}.json`, { force: true });
      // The long run reports as it goes (REFERENCE.md "Tests" records its figures).
      if (COUNT > 200 && (i + 1) % 100 === 0)
        process.stderr.write(`sequences: ${i + 1} of ${COUNT} run, ${failures.length} failed (seed ${SEED})\n`);
    }
    expect(failures.slice(0, 5).join("\n\n"), `${failures.length} of ${COUNT} sequences failed`).toBe("");
  });
});
