import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config/index.js";
import { run, type RunHandle } from "../../src/notebook/index.js";
import { faults, tmp } from "../helpers.js";
import { configFor, smallData } from "../pipeline/helpers.js";

/*
 * A kernel interrupt (Jupyter's ■) is a SIGINT to the kernel, which tslab handles (its listener
 * rejects the cell's promise). A run the cell awaited went on in the background: running the cell
 * again was refused `run_locked` (naming the kernel's own pid) until the run ended, a hanging job
 * until its timeout. Now the SIGINT cancels the awaited run, and a run into its folder waits for
 * it to end. The kernel is played here by a SIGINT listener of the test's own.
 */

let data: string;
beforeAll(async () => {
  data = await smallData(4);
});

const config = (out: string): RunConfig => configFor(data, out, { workers: 1, jobTimeoutMs: 60_000 });

const tslab = (): void => undefined; // the kernel's own SIGINT listener (it interrupts the cell)
afterEach(() => {
  process.removeListener("SIGINT", tslab);
});

/** A run whose first job hangs (until cancelled, or its 60 s timeout), and a promise of its first running job. */
function hangingRun(out: string): { handle: RunHandle; running: Promise<void> } {
  let started = (): void => undefined;
  const running = new Promise<void>((done) => (started = done));
  const handle = run(
    config(out),
    {},
    {
      progress: false,
      ...faults({ "110621|2024-10-02": "hang" }),
      onProgress: (p) => {
        if (p.phase === "jobs" && p.running > 0) started();
      },
    },
  );
  return { handle, running };
}

describe("a kernel interrupt during an awaited run", () => {
  it("cancels the run, and the cell run again into the same folder is not refused", async () => {
    process.on("SIGINT", tslab);
    const out = tmp("sweeplab-interrupt-");
    const { handle, running } = hangingRun(out);
    const awaited = handle.then((r) => r); // the cell's `await run(…)`
    await running;
    const t0 = performance.now();
    process.emit("SIGINT", "SIGINT");
    const first = await awaited;
    expect(first.cancelled).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20_000); // not the hanging job's 60 s timeout
    // The cell again at once: it waits for nothing of the first, runs every job.
    const again = await run(config(out), {}, { progress: false });
    expect(again.summary.jobs).toMatchObject({ total: 6, failed: 0 });
    expect(again.summary.jobs!.done + again.summary.jobs!.skipped).toBe(6);
    expect(process.listenerCount("SIGINT")).toBe(1); // only the kernel's: none left behind
  }, 60_000);

  it("a cancel() followed at once by the same run waits for the first to end instead of run_locked", async () => {
    const out = tmp("sweeplab-interrupt-cancel-");
    const { handle, running } = hangingRun(out);
    await running;
    handle.cancel();
    const again = await run(config(out), {}, { progress: false });
    expect((await handle).cancelled).toBe(true);
    expect(again.summary.jobs).toMatchObject({ total: 6, failed: 0 });
  }, 60_000);

  it("leaves a run nobody awaits running, and a script without a SIGINT listener as it was", async () => {
    process.on("SIGINT", tslab);
    const out = tmp("sweeplab-interrupt-bg-");
    const background = run(config(out), {}, { progress: false });
    await new Promise((r) => setTimeout(r, 50));
    process.emit("SIGINT", "SIGINT");
    expect(background.cancelRequested).toBe(false);
    expect((await background).cancelled).toBe(false);
    process.removeListener("SIGINT", tslab);
    // No listener of the kernel: the run adds none (Ctrl-C still ends a script).
    const h = run(config(tmp("sweeplab-interrupt-script-")), {}, { progress: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(process.listenerCount("SIGINT")).toBe(0);
    await h;
  }, 60_000);
});
