import { describe, expect, it } from "vitest";
import {
  admitCount,
  JOB_BASE_BYTES,
  JOB_BYTES_PER_ROW,
  jobAdmission,
  jobEstimateBytes,
  oversizedJobWarning,
  PROCESS_BASE_BYTES,
} from "../../src/pipeline/jobs/admission.js";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/**
 * Runs the policy over `estimates` (in queue order) with `workers` slots and a `budget`: at each
 * step every admitted job starts, then the oldest running job finishes. Returns the sets of jobs
 * running together after each admission (by index).
 */
function simulate(estimates: number[], budget: number, workers: number): number[][] {
  const queue = estimates.map((e, i) => ({ e, i }));
  const running: { e: number; i: number }[] = [];
  const steps: number[][] = [];
  while (queue.length > 0 || running.length > 0) {
    const n = admitCount(
      queue.map((q) => q.e),
      running.map((r) => r.e),
      budget,
      workers,
    );
    running.push(...queue.splice(0, n));
    steps.push(running.map((r) => r.i));
    running.shift();
  }
  return steps;
}

describe("admitCount: which queued jobs start, given the running ones and the budget", () => {
  it("starts jobs up to the workers while their estimates fit in the budget", () => {
    // 3 × 300 MiB in 1 GiB: all three fit, but only 2 workers.
    expect(admitCount([300 * MiB, 300 * MiB, 300 * MiB], [], GiB, 2)).toBe(2);
    expect(admitCount([300 * MiB, 300 * MiB, 300 * MiB], [], GiB, 4)).toBe(3);
    // 600 + 600 MiB > 1 GiB: only one starts.
    expect(admitCount([600 * MiB, 600 * MiB], [], GiB, 2)).toBe(1);
    // A running 600 MiB job leaves 424 MiB: a 400 MiB one starts, a 500 MiB one waits.
    expect(admitCount([400 * MiB], [600 * MiB], GiB, 2)).toBe(1);
    expect(admitCount([500 * MiB], [600 * MiB], GiB, 2)).toBe(0);
    // Exactly the budget fits.
    expect(admitCount([512 * MiB, 512 * MiB], [], GiB, 2)).toBe(2);
  });

  it("keeps queue order: a job that does not fit holds back the smaller ones behind it", () => {
    expect(admitCount([800 * MiB, 10 * MiB], [300 * MiB], GiB, 3)).toBe(0);
  });

  it("starts a job larger than the whole budget only when nothing runs, and then nothing beside it", () => {
    expect(admitCount([3 * GiB, 10 * MiB], [], GiB, 2)).toBe(1);
    expect(admitCount([3 * GiB], [10 * MiB], GiB, 2)).toBe(0);
    expect(admitCount([10 * MiB], [3 * GiB], GiB, 2)).toBe(0);
  });

  it("never runs two big jobs at once, and lets a small one run beside a big one that leaves room", () => {
    const big = 700 * MiB;
    const huge = 2 * GiB;
    const small = 100 * MiB;
    expect(simulate([small, small, big, huge, big, small, small], GiB, 2)).toEqual([
      [0, 1], // two small ones
      [1, 2], // a small one and a big one (800 MiB)
      [2], // the huge one waits for the big one to end
      [3], // the huge one alone
      [4, 5], // a big one and a small one (800 MiB)
      [5, 6],
      [6],
    ]);
  });

  it("with a budget under every job, runs the jobs one at a time in queue order", () => {
    expect(simulate([5 * MiB, 6 * MiB, 7 * MiB], 1, 2)).toEqual([[0], [1], [2]]);
  });

  it("starts nothing with no free worker or an empty queue", () => {
    expect(admitCount([1], [1, 1], GiB, 2)).toBe(0);
    expect(admitCount([], [], GiB, 2)).toBe(0);
  });
});

describe("jobEstimateBytes: a job's peak memory from its partition's rows", () => {
  it("is a fixed base plus the measured bytes per row of every table", () => {
    expect(jobEstimateBytes({ orders: 0, trades: 0, nbbo: 0 })).toBe(JOB_BASE_BYTES);
    expect(jobEstimateBytes({ orders: 3_000_000, trades: 1_000_000, nbbo: 300_000 })).toBe(
      JOB_BASE_BYTES + 4_300_000 * JOB_BYTES_PER_ROW,
    );
  });
});

describe("oversizedJobWarning", () => {
  it("names the job, its rows, its estimate and the budget, and what to do", () => {
    const w = oversizedJobWarning("BHP|2024-10-02", 4_300_000, 3 * GiB, GiB);
    expect(w).toBe(
      "job BHP|2024-10-02: estimated peak memory 3 GiB (4,300,000 partition rows) is over memoryBudget = 1 GiB; " +
        "it runs alone, no other job beside it. Raise memoryBudget if the machine has the memory",
    );
  });
});

describe("jobAdmission: the jobs phase's estimates and warnings from the store's row counts", () => {
  const small = { securityCode: "AAA", date: "2024-10-02", rows: { orders: 1000, trades: 100, nbbo: 10 } };
  // The cases: 3M and 6M order events a day of one security, with their trades and quotes.
  const big = {
    securityCode: "BBB",
    date: "2024-10-02",
    rows: { orders: 3_000_000, trades: 1_200_000, nbbo: 270_000 },
  };
  const huge = {
    securityCode: "HHH",
    date: "2024-10-02",
    rows: { orders: 6_000_000, trades: 2_400_000, nbbo: 540_000 },
  };
  const key = (p: { securityCode: string; date: string }) => ({ securityCode: p.securityCode, date: p.date });

  it("shares the budget less the main thread's own share, and warns once per job too big for it", () => {
    const tasks = [key(small), key(big), key(huge), { securityCode: "CCC", date: "2024-10-02" }]; // CCC: not in the store
    const { admission, warnings } = jobAdmission(tasks, [small, big, huge], GiB);
    expect(admission.budget).toBe(GiB - PROCESS_BASE_BYTES);
    expect(tasks.map(admission.estimate)).toEqual([
      JOB_BASE_BYTES + 1110 * JOB_BYTES_PER_ROW,
      JOB_BASE_BYTES + 4_470_000 * JOB_BYTES_PER_ROW,
      JOB_BASE_BYTES + 8_940_000 * JOB_BYTES_PER_ROW,
      JOB_BASE_BYTES,
    ]);
    // 64 MiB + 8,940,000 × 120 B + 128 MiB = 1,274,126,592 B = 1.19 GiB; the 3M job fits alone.
    expect(warnings).toEqual([
      "job HHH|2024-10-02: estimated peak memory 1.19 GiB (8,940,000 partition rows) is over memoryBudget = 1 GiB; " +
        "it runs alone, no other job beside it. Raise memoryBudget if the machine has the memory",
    ]);
    expect(jobAdmission(tasks, [small, big, huge], 2 * GiB).warnings).toEqual([]);
  });

  it("runs the 3M jobs one at a time in 1 GiB, and the 6M ones one at a time in 2 GiB", () => {
    const run = (p: typeof big, budget: number): number[][] => {
      const { admission } = jobAdmission([key(p), key(p)], [p], budget);
      const e = admission.estimate(key(p));
      return simulate([e, e], admission.budget, 2);
    };
    expect(run(big, GiB)).toEqual([[0], [1]]);
    expect(run(huge, 2 * GiB)).toEqual([[0], [1]]);
    expect(run(big, 4 * GiB)).toEqual([[0, 1], [1]]);
  });
});
