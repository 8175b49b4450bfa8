import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ManifestSaver } from "../../src/pipeline/jobs/manifest-saver.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A saver on the fake clock whose saves take `took` ms each; returns it and the times saves began and ended. */
function fakeSaver(took: number) {
  const saves: { start: number; end: number }[] = [];
  const saver = new ManifestSaver(
    async () => {
      const start = Date.now();
      if (took > 0) await new Promise((r) => setTimeout(r, took));
      saves.push({ start, end: Date.now() });
    },
    () => Date.now(),
  );
  return { saver, saves };
}

describe("ManifestSaver: the run manifest is not rewritten after every job", () => {
  it("saves on flush, then about once a second between flushes, however many jobs end", async () => {
    const { saver, saves } = fakeSaver(0);
    await saver.flush();
    // 10,000 jobs ending 1 ms apart: 10 s of jobs.
    for (let i = 0; i < 10_000; i++) {
      await vi.advanceTimersByTimeAsync(1);
      await saver.changed();
    }
    await saver.flush();
    // The start, one save about every 1,000 ms of the 10 s, the end: not 10,002 saves.
    expect(saves.length).toBeGreaterThanOrEqual(10);
    expect(saves.length).toBeLessThanOrEqual(13);
    for (let i = 2; i < saves.length - 1; i++) expect(saves[i]!.start - saves[i - 1]!.end).toBeGreaterThanOrEqual(1000);
  });

  it("a change is saved within about a second even when no other job ends (a long job runs next)", async () => {
    const { saver, saves } = fakeSaver(0);
    await saver.flush();
    await vi.advanceTimersByTimeAsync(10);
    await saver.changed(); // a job ended 10 ms after the start: not due yet
    expect(saves).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(989);
    expect(saves).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toHaveLength(2);
    expect(saves[1]!.start).toBe(saves[0]!.end + 1000);
    // Nothing changed since: no more saves, however long the next job takes.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(saves).toHaveLength(2);
  });

  it("a save that takes long spaces the next ones out to 20 times its duration", async () => {
    const { saver, saves } = fakeSaver(200); // a big manifest: 200 ms a save
    const start = saver.flush();
    await vi.advanceTimersByTimeAsync(200);
    await start;
    for (let i = 0; i < 1000; i++) {
      await vi.advanceTimersByTimeAsync(20);
      void saver.changed(); // a due save runs on while the fake clock moves
    }
    await vi.advanceTimersByTimeAsync(1000);
    for (let i = 1; i < saves.length; i++) expect(saves[i]!.start - saves[i - 1]!.end).toBeGreaterThanOrEqual(4000);
    expect((saves.length * 200) / Date.now()).toBeLessThan(0.06);
  });

  it("saves never overlap: a flush waits for the save under way, and the last one called ends last", async () => {
    const { saver, saves } = fakeSaver(300);
    const first = saver.flush();
    const second = saver.flush();
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([first, second]);
    expect(saves).toHaveLength(2);
    expect(saves[1]!.start).toBeGreaterThanOrEqual(saves[0]!.end);
  });
});
