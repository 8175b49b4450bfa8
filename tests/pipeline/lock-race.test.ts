import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tmp } from "../helpers.js";

const CONTENDER = join(import.meta.dirname, "..", "fixtures", "lock", "contender.mjs");
const PROCESSES = 8;
const TRIALS = 50;

type Reply = { ready?: true; won?: boolean; code?: string; released?: true };

/** The next message of a child. */
function next(child: ChildProcess): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`contender ${child.pid} exited (${code})`));
    child.once("exit", onExit);
    child.once("message", (m) => {
      child.off("exit", onExit);
      resolve(m as Reply);
    });
  });
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

let children: ChildProcess[] = [];

beforeAll(async () => {
  children = Array.from({ length: PROCESSES }, () =>
    fork(CONTENDER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  await Promise.all(children.map(next));
});

afterAll(() => {
  for (const c of children) if (c.connected) c.send({ exit: true });
});

describe("taking over a stale lock", () => {
  it(`lets exactly one of ${PROCESSES} simultaneous processes win, in each of ${TRIALS} trials`, async () => {
    const winners: number[] = [];
    const losers = new Set<string>();
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = tmp("sweeplab-race-");
      // A lock left by a killed run on this host (the format of the toolkit before the takeover guard).
      writeFileSync(join(dir, ".sweeplab.lock"), JSON.stringify({ pid: deadPid(), host: hostname() }) + "\n");
      const at = Date.now() + 30;
      const replies = children.map(next);
      for (const c of children) c.send({ dir, at });
      const results = await Promise.all(replies);
      const won = results.flatMap((r, i) => (r.won === true ? [i] : []));
      for (const r of results) if (r.won === false) losers.add(r.code ?? "");
      winners.push(won.length);
      for (const i of won) {
        const c = children[i] as ChildProcess;
        const released = next(c);
        c.send({ release: true });
        await released;
      }
      expect(readdirSync(dir)).toEqual([]); // released, and no takeover guard left behind
    }
    expect(winners).toEqual(Array.from({ length: TRIALS }, () => 1));
    expect([...losers]).toEqual(["run_locked"]);
  }, 60_000);
});
