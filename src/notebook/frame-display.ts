import { inspect, type InspectOptions } from "node:util";
import type { DanfoModule } from "../frames/index.js";
import { displayTarget } from "./display.js";
import { tableOutput } from "./show.js";

/*
 * A frame left as a notebook cell's last value. tslab has no display protocol for values: it hands
 * the value to `console.log`, i.e. to `util.inspect`, and sends the text to the cell's stdout. So
 * the hook is `util.inspect.custom` on the root prototype of danfojs' frames and series: inside a tslab
 * kernel, at the top level of an inspection, it sends the HTML table of `show()` to the cell's
 * output and returns the text table, which it takes back off stdout (the one write of exactly
 * that text) so the cell shows the table once. Anywhere else it defers to the inspect hook that
 * was there before (the REPL's text table), or returns the same text table.
 */

type CustomInspect = (this: unknown, depth: number, options: InspectOptions, inspectFn: typeof inspect) => unknown;

const INSTALLED = Symbol.for("sweeplab.frameDisplay");

/** Drops the next stdout write if it is exactly `text`; every other write goes through, and the patch goes. */
function swallowNextWrite(text: string): void {
  const out = process.stdout;
  const own = Object.getOwnPropertyDescriptor(out, "write");
  const write = out.write.bind(out) as (...args: unknown[]) => boolean;
  out.write = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (own === undefined) delete (out as { write?: unknown }).write;
    else Object.defineProperty(out, "write", own);
    return chunk === text ? true : write(chunk, ...rest);
  };
}

function hookFor(previous: CustomInspect | undefined): CustomInspect {
  return function (this: unknown, depth, options, inspectFn) {
    const topLevel = depth === options.depth || (options.depth === undefined && depth === 2);
    if (topLevel && displayTarget().kind === "tslab") {
      const output = tableOutput(this);
      displayTarget().show(output);
      swallowNextWrite(`${output.text}\n`);
      return output.text;
    }
    if (previous !== undefined) return previous.call(this, depth, options, inspectFn);
    return tableOutput(this).text;
  };
}

/**
 * Makes danfojs frames and series display as `show()` tables when they are a notebook cell's last
 * value (or are `console.log`ged in a cell), through `util.inspect.custom` (see above). Idempotent;
 * the notebook layer installs it when danfojs loads. Outside a tslab kernel it keeps whichever
 * inspect hook was installed before it (e.g. the REPL's), else prints the text table.
 */
export function installFrameDisplay(danfo: Pick<DanfoModule, "DataFrame" | "Series">): void {
  for (const cls of [danfo.DataFrame, danfo.Series]) {
    // On the root of danfojs' class chain (NDframe): many danfojs methods (describe, query, …)
    // return instances of its base DataFrame class, not of danfojs-node's subclass.
    let proto = cls.prototype as object;
    for (let up = Object.getPrototypeOf(proto) as object | null; up !== null && up !== Object.prototype;) {
      proto = up;
      up = Object.getPrototypeOf(up) as object | null;
    }
    const p = proto as Record<symbol, unknown>;
    if (Object.prototype.hasOwnProperty.call(p, INSTALLED)) continue;
    const previous = p[inspect.custom] as CustomInspect | undefined;
    Object.defineProperty(p, inspect.custom, { value: hookFor(previous), configurable: true, writable: true });
    Object.defineProperty(p, INSTALLED, { value: true, configurable: true });
  }
}
