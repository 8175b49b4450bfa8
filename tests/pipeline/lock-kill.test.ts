import { fork } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireRunLock } from "../../src/pipeline/lock.js";
import { tmp } from "../helpers.js";

const CHURN = join(import.meta.dirname, "..", "fixtures", "lock", "churn.mjs");
const KILLS = 40;

/** A seeded xorshift in [0, 1): the kill instants are the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe("a run killed at any instant while taking or releasing its lock", () => {
  it(`never blocks the next run (${KILLS} kill -9 at random instants)`, async () => {
    const random = rng(20261206);
    const dir = tmp("sweeplab-lock-kill-");
    for (let k = 0; k < KILLS; k++) {
      const child = fork(CHURN, [dir], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      await new Promise((resolve) => child.once("message", resolve));
      await new Promise((resolve) => setTimeout(resolve, 5 + random() * 40));
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      // Whatever the killed process left (a whole lock with its dead pid, a pending lock text, or
      // nothing), the next run takes the lock at once — never "another run is starting right now".
      const lock = await acquireRunLock(dir);
      await lock.release();
      expect(readdirSync(dir), `after kill ${k + 1}`).toEqual([]);
    }
  }, 120_000);
});
