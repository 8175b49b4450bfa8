/**
 * When the jobs phase saves the run manifest. The manifest lists every job of the output folder, so
 * saving it after each of n jobs writes O(n²) bytes: a run of 4,000 small jobs spent about a
 * quarter of its main thread's time rewriting it, and a year of 75,000 jobs would write about a
 * terabyte. So it is saved on {@link ManifestSaver.flush} (the start and the end of the phase) and,
 * after {@link ManifestSaver.changed} calls, once at least `minMs` have passed since the last save
 * ended and at least `ratio` times the last save's own duration — at once if that much time has
 * passed, else by a timer — so saving takes at most about 1/`ratio` of the phase, whatever the
 * number of jobs, and a change waits at most about `minMs` (not until the next job ends).
 * Saves never overlap: each starts after the one before it ended, so the last one called wins.
 *
 * What a crash (kill -9, a power cut) can lose is the listing of the jobs finished since the last
 * save, never a result: a done job is proved by its own sealed job.json on the next run, and a
 * failure whose entry was lost only runs again.
 */
export class ManifestSaver {
  /** When the last save ended (−∞: none yet), and how long it took, in the clock's ms. */
  private lastEnd = -Infinity;
  private lastTook = 0;
  /** The save running or queued, if any: the next one starts after it. */
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Saves queued or running, and whether a change came after the running one began. */
  private busy = 0;
  private dirty = false;

  /**
   * @param save - writes the manifest (errors are its own to handle: it should not throw).
   * @param now - the clock, in ms (a test's fake one).
   * @param minMs - the least time between two saves after {@link changed}.
   * @param ratio - the least time between two saves as a multiple of the last save's duration.
   */
  constructor(
    private readonly save: () => Promise<void>,
    private readonly now: () => number = () => performance.now(),
    private readonly minMs = 1000,
    private readonly ratio = 20,
  ) {}

  /** Saves the manifest now (after any save under way), cancelling a save planned by {@link changed}. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.busy++;
    this.chain = this.chain.then(async () => {
      this.dirty = false;
      const start = this.now();
      await this.save();
      this.lastEnd = this.now();
      this.lastTook = this.lastEnd - start;
      // A change during this save may not be in it: plan the next save by the usual rule.
      if (--this.busy === 0 && this.dirty) void this.changed();
    });
    return this.chain;
  }

  /** A job's entry changed: saves now if a save is due (see the class), else plans one for when it is. */
  async changed(): Promise<void> {
    if (this.timer !== undefined) return;
    if (this.busy > 0) {
      this.dirty = true;
      return;
    }
    const wait = Math.max(this.minMs, this.ratio * this.lastTook) - (this.now() - this.lastEnd);
    if (wait <= 0) return this.flush();
    // Unref'd: a planned save never keeps the process alive (the phase's last flush cancels it).
    this.timer = setTimeout(() => void this.flush(), wait);
    this.timer.unref?.();
  }
}
