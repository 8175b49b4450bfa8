import { describe, expect, it } from "vitest";
import { ManifestSaver } from "../../src/pipeline/jobs/manifest-saver.js";

/** A saver on a fake clock whose saves take `took` ms each; returns it, the clock and the save times. */
function fakeSaver(took: number, minMs = 1000, ratio = 20) {
  const clock = { t: 0 };
  const saves: number[] = [];
  const saver = new ManifestSaver(
    () => {
      saves.push(clock.t);
      clock.t += took;
      return Promise.resolve();
    },
    () => clock.t,
    minMs,
    ratio,
  );
  return { saver, clock, saves };
}

describe("ManifestSaver: the run manifest is not rewritten after every job", () => {
  it("saves on flush, then at most once a second between flushes, however many jobs end", async () => {
    const { saver, clock, saves } = fakeSaver(1);
    await saver.flush();
    // 10,000 jobs ending 1 ms apart: 10 s of jobs.
    for (let i = 0; i < 10_000; i++) {
      clock.t += 1;
      await saver.due();
    }
    await saver.flush();
    // The start, one save about every 1,000 ms of the 10 s, the end: not 10,002 saves.
    expect(saves.length).toBeGreaterThanOrEqual(10);
    expect(saves.length).toBeLessThanOrEqual(13);
    for (let i = 2; i < saves.length - 1; i++) expect(saves[i]! - saves[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it("a save that takes long spaces the next ones out to 20 times its duration", async () => {
    const { saver, clock, saves } = fakeSaver(200); // a big manifest: 200 ms a save
    await saver.flush();
    for (let i = 0; i < 1000; i++) {
      clock.t += 20;
      await saver.due();
    }
    // 20 s of jobs plus the saves' own time; each save ends ≥ 4,000 ms (20 × 200) before the next.
    for (let i = 1; i < saves.length; i++) expect(saves[i]! - saves[i - 1]!).toBeGreaterThanOrEqual(4000 + 200);
    const savingShare = (saves.length * 200) / clock.t;
    expect(savingShare).toBeLessThan(0.06);
  });

  it("the first due() after a flush waits; a job ending after minMs saves", async () => {
    const { saver, clock, saves } = fakeSaver(0);
    await saver.flush();
    clock.t += 999;
    await saver.due();
    expect(saves).toEqual([0]);
    clock.t += 1;
    await saver.due();
    expect(saves).toEqual([0, 1000]);
  });
});
