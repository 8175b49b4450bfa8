import type { DisplayTarget, Output } from "../../src/notebook/index.js";

/** A display target that records what would be shown: one-off outputs, and every state of each live display. */
export interface Collected extends DisplayTarget {
  shown: Output[];
  live_: Output[][];
}

/** A fresh collector (kind "test": runs show their live progress there, as in a notebook). */
export function collector(): Collected {
  const c: Collected = {
    kind: "test",
    shown: [],
    live_: [],
    show: (o) => void c.shown.push(o),
    live: () => {
      const states: Output[] = [];
      c.live_.push(states);
      return { update: (o) => void states.push(o) };
    },
  };
  return c;
}
