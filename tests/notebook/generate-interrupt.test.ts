import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generate, workDir } from "../../src/index.js";
import { tmp } from "../helpers.js";

/*
 * An interrupted generate() (a kernel interrupt, ■, or its AbortSignal) went on writing in the
 * background: tslab stops waiting for the cell, nothing more. Running the cell again —
 * `workDir(name, { fresh: true })`, then generate() with other options — emptied the folder while
 * the first kept writing into it, so the folder held files of both data sets. Now an interrupted
 * generate stops writing, removes the files it wrote and rejects (`generate_interrupted`), and a
 * generate into its folder first waits for it to have done so. The kernel is played by a SIGINT
 * listener of the test's own (as in interrupt.test.ts); no signal is sent to any process.
 */

const tslab = (): void => undefined; // the kernel's own SIGINT listener (it interrupts the cell)
const savedWorkDir = process.env.SWEEPLAB_WORK_DIR;
afterEach(() => {
  process.removeListener("SIGINT", tslab);
  if (savedWorkDir === undefined) delete process.env.SWEEPLAB_WORK_DIR;
  else process.env.SWEEPLAB_WORK_DIR = savedWorkDir;
});

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Asserts that `dir` holds exactly the files of `clean`, byte for byte. */
function expectSameFiles(dir: string, clean: string): void {
  expect(listFiles(dir)).toEqual(listFiles(clean));
  for (const f of listFiles(clean))
    expect(readFileSync(join(dir, f)).equals(readFileSync(join(clean, f))), f).toBe(true);
}

// Large enough to be interrupted while writing (several ~1 MB flushes a date), small enough to be quick.
const FIRST = { orders: 240_000, securities: 3, dates: 3, seed: 7 };
const SECOND = { orders: 60_000, securities: 2, dates: 2, seed: 8 };

describe("an interrupted generate", () => {
  it.each([false, true])(
    "aborted by its signal (gzip %s): stops, removes what it wrote and rejects; generating again gives a clean data set",
    async (gzip) => {
      const dir = tmp("sweeplab-gen-abort-");
      const controller = new AbortController();
      let progress = 0;
      const e = (await generate({
        ...FIRST,
        gzip,
        outDir: dir,
        signal: controller.signal,
        // Stopped in its second date (after some files were written whole).
        onProgress: (rows) => {
          progress++;
          if (rows > FIRST.orders / 2) controller.abort();
        },
      }).catch((x: unknown) => x)) as { code?: string; message?: string };
      expect(e.code).toBe("generate_interrupted");
      expect(e.message).toContain(dir);
      expect(progress).toBeGreaterThan(1);
      expect(listFiles(dir)).toEqual([]);
      await generate({ ...SECOND, gzip, outDir: dir });
      const clean = tmp("sweeplab-gen-clean-");
      await generate({ ...SECOND, gzip, outDir: clean });
      expectSameFiles(dir, clean);
    },
    120_000,
  );

  it("into a folder holding an earlier data set: only the files it opened are removed, and it says the others are left", async () => {
    const dir = tmp("sweeplab-gen-over-");
    const earlier = await generate({ ...SECOND, outDir: dir });
    const controller = new AbortController();
    const e = (await generate({
      ...SECOND,
      outDir: dir,
      signal: controller.signal,
      onProgress: () => controller.abort(), // in its first date
    }).catch((x: unknown) => x)) as { code?: string; message?: string };
    expect(e.code).toBe("generate_interrupted");
    // What it opened (nbbo.csv, the first date's orders and trades) is gone; the earlier data set's
    // other files were never its own: left as they were, so the folder is not free of a data set.
    const left = listFiles(dir);
    expect(left).toEqual([
      "ob.csv",
      "orders/orders-2024-10-03.csv",
      "par.csv",
      "session.csv",
      "trades/trades-2024-10-03.csv",
    ]);
    expect(earlier.files.length).toBe(left.length + 3);
    // Before: "the files it had written are removed (no data set is left there)".
    expect(e.message).not.toContain("no data set is left");
    expect(e.message).toContain("any other file there is left as it was (an earlier data set's among them)");
  });

  it("by a kernel interrupt: the cell run again with workDir's fresh writes exactly a clean generate's files", async () => {
    process.env.SWEEPLAB_WORK_DIR = tmp("sweeplab-gen-workdir-");
    process.on("SIGINT", tslab);
    let started = (): void => undefined;
    const writing = new Promise<void>((done) => (started = done));
    // The cell: its generate awaited, then interrupted once it writes.
    const cell = generate({ ...FIRST, outDir: workDir("gen", { fresh: true }), onProgress: () => started() });
    const ended = cell.then(
      () => "returned",
      (x: unknown) => (x as { code?: string }).code,
    );
    await writing;
    process.emit("SIGINT", "SIGINT");
    // tslab stops waiting for the cell; the cell is run again at once, with other options.
    const dir = workDir("gen", { fresh: true });
    const summary = await generate({ ...SECOND, outDir: dir });
    const how = await ended; // the interrupted one, once it has ended
    const clean = tmp("sweeplab-gen-clean-");
    await generate({ ...SECOND, outDir: clean });
    expectSameFiles(dir, clean);
    expect(summary.files.length).toBe(listFiles(clean).length);
    expect(how).toBe("generate_interrupted");
    expect(process.listenerCount("SIGINT")).toBe(1); // only the kernel's: none left behind
  }, 120_000);
});
