/**
 * When the jobs phase saves the run manifest. The manifest lists every job of the output folder, so
 * saving it after each of n jobs writes O(n²) bytes: a run of 4,000 small jobs spent about a
 * quarter of its main thread's time rewriting it, and a year of 75,000 jobs would write about a
 * terabyte. So it is saved on {@link ManifestSaver.flush} (the start and the end of the phase) and,
 * between them, on {@link ManifestSaver.due} calls only when at least `minMs` have passed since the
 * last save ended and at least `ratio` times the last save's own duration: saving takes at most
 * about 1/`ratio` of the phase, whatever the number of jobs.
 *
 * What a crash (kill -9, a power cut) can lose is the listing of the jobs finished since the last
 * save, never a result: a done job is proved by its own sealed job.json on the next run, and a
 * failure whose entry was lost only runs again.
 */
export class ManifestSaver {
  /** When the last save ended (−∞: none yet), and how long it took, in the clock's ms. */
  private lastEnd = -Infinity;
  private lastTook = 0;

  /**
   * @param save - writes the manifest (errors are its own to handle: it should not throw).
   * @param now - the clock, in ms (a test's fake one).
   * @param minMs - the least time between two saves of {@link due}.
   * @param ratio - the least time between two saves as a multiple of the last save's duration.
   */
  constructor(
    private readonly save: () => Promise<void>,
    private readonly now: () => number = () => performance.now(),
    private readonly minMs = 1000,
    private readonly ratio = 20,
  ) {}

  /** Saves the manifest now. */
  async flush(): Promise<void> {
    const start = this.now();
    await this.save();
    this.lastEnd = this.now();
    this.lastTook = this.lastEnd - start;
  }

  /** Saves the manifest if a save is due (see the class), after a job's entry changed. */
  async due(): Promise<void> {
    if (this.now() - this.lastEnd >= Math.max(this.minMs, this.ratio * this.lastTook)) await this.flush();
  }
}
