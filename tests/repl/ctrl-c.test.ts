import { readdirSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { RunHandle, RunResult } from "../../src/notebook/index.js";
import { startRepl } from "../../src/repl/start.js";
import { faults, tmp } from "../helpers.js";
import { configFor, smallData } from "../pipeline/helpers.js";

/*
 * Ctrl-C at the REPL's prompt (a terminal) while `r = await run(…)` waits: Node's REPL held the key
 * back until the await ended, so a run could not be stopped from the prompt (a job hanging until
 * its timeout, a long run to its end); and a run whose await was given up went on holding the
 * folder. Now Ctrl-C ends the await and cancels the run it awaited; the same run typed again
 * resumes at once. The terminal is played by a stream marked as a TTY (readline turns the byte
 * 0x03 into the REPL's SIGINT).
 */

async function until<T>(what: () => T | undefined, ms: number, why: string): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = what();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`waited ${ms} ms for ${why}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Ctrl-C at the REPL's prompt", () => {
  it("stops waiting for an awaited run and cancels it; the run typed again resumes", async () => {
    const data = await smallData(6);
    const out = tmp("sweeplab-repl-ctrl-c-");
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let text = "";
    output.on("data", (b: Buffer) => (text += b.toString()));
    const server = startRepl({ input, output, terminal: true, banner: false, plotDir: tmp() });
    let running = false;
    Object.assign(server.context, {
      cfg: configFor(data, out, { workers: 1, jobTimeoutMs: 60_000 }),
      opts: {
        progress: false,
        ...faults({ "110621|2024-10-02": "hang" }),
        onProgress: (p: { phase: string; running: number }) => {
          if (p.phase === "jobs" && p.running > 0) running = true;
        },
      },
    });
    try {
      input.write("h = run(cfg, {}, opts); r = await h\n");
      await until(() => (running ? true : undefined), 30_000, "the hanging job to start");
      const t0 = Date.now();
      input.write("\x03");
      await until(() => (/interrupted by `SIGINT`/.test(text) ? true : undefined), 10_000, "the await to end");
      const h = server.context.h as RunHandle;
      const first = await h;
      expect(first.cancelled).toBe(true);
      expect(Date.now() - t0).toBeLessThan(20_000); // not the hanging job's 60 s timeout
      input.write("r2 = await run(cfg, {}, { progress: false })\n");
      const again = await until(() => server.context.r2 as RunResult | undefined, 60_000, "the run typed again");
      expect(again.summary.jobs).toMatchObject({ total: 6, failed: 0 });
      expect(again.summary.jobs!.done + again.summary.jobs!.skipped).toBe(6);
    } finally {
      server.close();
    }
  }, 120_000);

  it("stops a generate() it awaits: the files it wrote are removed, and it rejects generate_interrupted", async () => {
    const dir = tmp("sweeplab-repl-ctrl-c-gen-");
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let text = "";
    output.on("data", (b: Buffer) => (text += b.toString()));
    const server = startRepl({ input, output, terminal: true, banner: false, plotDir: tmp() });
    let writing = false;
    Object.assign(server.context, {
      opts: { orders: 240_000, securities: 3, dates: 3, seed: 7, outDir: dir, onProgress: () => (writing = true) },
    });
    try {
      input.write("g = generate(opts); s = await g\n");
      await until(() => (writing ? true : undefined), 30_000, "the generator to write");
      input.write("\x03");
      await until(() => (/interrupted by `SIGINT`/.test(text) ? true : undefined), 10_000, "the await to end");
      const g = server.context.g as Promise<unknown>;
      await expect(g).rejects.toMatchObject({ code: "generate_interrupted" });
      expect(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())).toEqual([]);
    } finally {
      server.close();
    }
  }, 120_000);
});
