/**
 * The jobs' checks against their records, a few at a time: a rerun over many current jobs hashes
 * several jobs' files at once instead of one file after another, and its decisions still come in
 * matrix order.
 */

/**
 * Jobs checked at the same time by `planJobs` and `currentJobs`. Each check reads job.json and
 * hashes the job's store pieces and detail files; the main thread parses and hashes while libuv's 4
 * threads read, so more checks at once only overlap the reads (the rest is CPU on the main thread).
 * Checking 200 current jobs (1M orders), on 2 cores shared at a load of 8–11: 1 at a time
 * 0.7–2.8 s, 4 at once 0.6–1.4 s, 8 at once 0.5–2.2 s; at most this many + 1 parsed records are held.
 */
export const JOB_CHECK_CONCURRENCY = 4;

type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

const settle = <R>(p: Promise<R>): Promise<Settled<R>> =>
  p.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/**
 * `fn` of every item, at most `width` (≥ 1) running at once, yielded in the order of `items`
 * whatever order they finish in. Item i + width starts only once item i has finished, and the next
 * after it once item i has been taken, so at most `width` + 1 results are held at once: memory does
 * not grow with the number of items. A rejection of
 * `fn` is thrown when its item's turn comes (the items before it have been yielded); the ones
 * already started then finish unobserved. RangeError on a bad `width`.
 */
export async function* mapInOrder<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`width must be a positive integer, got ${width}`);
  const window: Promise<Settled<R>>[] = [];
  let next = 0;
  const start = (): void => {
    const i = next++;
    // Settled at once, so a rejection waiting behind the head of the window is never "unhandled".
    window.push(settle(Promise.resolve().then(() => fn(items[i] as T, i))));
  };
  while (next < items.length && window.length < width) start();
  while (window.length > 0) {
    const head = await (window.shift() as Promise<Settled<R>>);
    if (!head.ok) throw head.error;
    if (next < items.length) start();
    yield head.value;
  }
}
