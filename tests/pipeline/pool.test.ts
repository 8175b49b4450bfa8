import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { TaskPool } from "../../src/pipeline/pool.js";
import type { Task } from "../../src/pipeline/messages.js";

const ECHO = fileURLToPath(new URL("../fixtures/pool/echo-worker.cjs", import.meta.url));
const LATE_THROW = fileURLToPath(new URL("../fixtures/pool/late-throw-worker.cjs", import.meta.url));
const BOOT_THROW = fileURLToPath(new URL("../fixtures/pool/boot-throw-worker.cjs", import.meta.url));

type EchoTask = { id: number; ms: number; fail?: boolean | string } & Task;

const tasks = (specs: { ms: number; fail?: boolean | string }[]): EchoTask[] =>
  specs.map((s, id) => ({ id, ...s }) as unknown as EchoTask);

describe("TaskPool dispatch", () => {
  let pool: TaskPool | undefined;
  afterEach(async () => {
    await pool?.destroy();
    pool = undefined;
  });

  it("starts the next task on the freed worker before the caller handles a success", async () => {
    pool = new TaskPool({ workers: 1, worker: { filename: ECHO } });
    const started: number[] = [];
    const events: string[] = [];
    const seen: { id: number; startedBefore: number[] }[] = [];
    for await (const f of pool.run<EchoTask, EchoTask>(tasks([{ ms: 5 }, { ms: 5 }, { ms: 5 }]), {
      timeoutMs: 10_000,
      retries: 0,
      onStart: (t) => (started.push(t.id), events.push(`start ${t.id}`)),
      onEnd: (t, attempts) => events.push(`end ${t.id} after ${attempts}`),
    })) {
      seen.push({ id: f.task.id, startedBefore: [...started] });
      await new Promise((r) => setTimeout(r, 20)); // the caller's own work (manifest write)
    }
    expect(seen).toEqual([
      { id: 0, startedBefore: [0, 1] },
      { id: 1, startedBefore: [0, 1, 2] },
      { id: 2, startedBefore: [0, 1, 2] },
    ]);
    // onEnd comes before the next start: a running count kept with both never sees two on one worker.
    expect(events).toEqual(["start 0", "end 0 after 1", "start 1", "end 1 after 1", "start 2", "end 2 after 1"]);
  });

  it("drops a result that comes after its task was aborted, without an uncaught error", async () => {
    // piscina emits 'error' for such a result; with no listener the process (a CLI run, a kernel) died.
    pool = new TaskPool({ workers: 1, worker: { filename: ECHO } });
    for await (const f of pool.run<EchoTask, EchoTask>(tasks([{ ms: 0 }]), { timeoutMs: 10_000, retries: 0 })) {
      expect(f.outcome.ok).toBe(true); // the thread is up: the next task is posted at once
    }
    const stop = new AbortController();
    const batch = pool.run<EchoTask, EchoTask>(tasks([{ ms: 0 }]), {
      timeoutMs: 10_000,
      retries: 0,
      signal: stop.signal,
    });
    const first = batch.next();
    // The main thread is busy while the worker finishes and posts its result; then the run is stopped.
    const t0 = Date.now();
    while (Date.now() - t0 < 200);
    stop.abort(new Error("stopped by the test"));
    const got = await first;
    expect(got.done).toBe(false);
    expect(got.done === false && got.value.outcome).toEqual({
      ok: false,
      error: { code: "aborted", message: "cancelled while running: stopped by the test" },
    });
    // The late result is dispatched on a later turn: it must not surface as an uncaught 'error' event.
    await new Promise((r) => setTimeout(r, 200));
    expect((await batch.next()).done).toBe(true);
  });

  it("tells onPoolError of a thread that failed between tasks; the task's own outcome stands", async () => {
    const told: string[] = [];
    // piscina's idle thread blocks in Atomics.wait, so no timer of it runs between tasks; without
    // atomics its event loop runs, and the fixture's timer throws there.
    process.env["PISCINA_DISABLE_ATOMICS"] = "1";
    pool = new TaskPool({ workers: 1, worker: { filename: LATE_THROW }, onPoolError: (m) => told.push(m) });
    delete process.env["PISCINA_DISABLE_ATOMICS"];
    const outcomes: unknown[] = [];
    for await (const f of pool.run<EchoTask, EchoTask>(tasks([{ ms: 0 }]), { timeoutMs: 10_000, retries: 0 }))
      outcomes.push(f.outcome);
    expect(outcomes).toEqual([{ ok: true, value: { id: 0, ms: 0 } }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(told).toEqual([
      "a worker thread failed outside any task (it is replaced; no task is affected): thrown after task 0",
    ]);
  });

  it("fails the tasks of a pool whose threads cannot start, instead of waiting for a thread forever", async () => {
    // piscina starts the first thread with the pool; when it fails before any task is posted, it
    // starts none in its place and keeps later tasks queued: they waited for their time limit.
    const told: string[] = [];
    pool = new TaskPool({ workers: 2, worker: { filename: BOOT_THROW }, onPoolError: (m) => told.push(m) });
    await new Promise((r) => setTimeout(r, 1_000)); // the first thread has failed
    const t0 = Date.now();
    const outcomes: unknown[] = [];
    for await (const f of pool.run<EchoTask, EchoTask>(tasks([{ ms: 0 }, { ms: 0 }]), {
      timeoutMs: 60_000,
      retries: 1,
    }))
      outcomes.push([
        f.task.id,
        f.outcome.ok || f.outcome.error.code,
        f.outcome.ok || f.outcome.error.message,
        f.attempts,
      ]);
    expect(Date.now() - t0).toBeLessThan(8_000);
    // Each task failed as it would posted to a thread that fails as it starts (job_threw, retried once).
    expect(outcomes.sort()).toEqual([
      [0, "job_threw", "a worker thread could not start: thrown while the worker loads", 2],
      [1, "job_threw", "a worker thread could not start: thrown while the worker loads", 2],
    ]);
    expect(told).toContain("a worker thread could not start: thrown while the worker loads");
  }, 20_000);

  it("after a failure the caller decides first: no task starts before it has seen the failure", async () => {
    pool = new TaskPool({ workers: 1, worker: { filename: ECHO } });
    const started: number[] = [];
    const seen: number[][] = [];
    const stop = new AbortController();
    for await (const f of pool.run<EchoTask, EchoTask>(tasks([{ ms: 5, fail: true }, { ms: 5 }]), {
      timeoutMs: 10_000,
      retries: 0,
      signal: stop.signal,
      onStart: (t) => started.push(t.id),
    })) {
      seen.push([...started]);
      if (!f.outcome.ok) stop.abort(new Error("the caller stops the run"));
    }
    expect(seen).toEqual([[0], [0]]);
    expect(started).toEqual([0]);
  });

  it("retries a thrown job, never a job's typed data error (its own code: the same data fails the same way)", async () => {
    pool = new TaskPool({ workers: 1, worker: { filename: ECHO } });
    const specs = [
      { ms: 1, fail: true },
      { ms: 1, fail: "value_too_large" },
      { ms: 1, fail: "corrupt_piece" },
    ];
    const attempts: Record<number, number> = {};
    const codes: Record<number, string> = {};
    for await (const f of pool.run<EchoTask, EchoTask>(tasks(specs), { timeoutMs: 10_000, retries: 2 })) {
      attempts[f.task.id] = f.attempts;
      codes[f.task.id] = f.outcome.ok ? "ok" : f.outcome.error.code;
    }
    expect(attempts).toEqual({ 0: 3, 1: 1, 2: 1 });
    expect(codes).toEqual({ 0: "job_threw", 1: "value_too_large", 2: "corrupt_piece" });
  });
});
