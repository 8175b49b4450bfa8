import { inspect } from "node:util";
import { frameOf } from "../notebook/frame.js";
import { replValueText } from "./writer.js";

/**
 * Makes `util.inspect` print a danfojs DataFrame or Series as its text table ({@link replValueText})
 * in this process: `console.log(frame)`, the terminal's input preview and any other inspection show
 * the table instead of danfojs internals. The REPL calls it once; it finds danfojs's two classes
 * through a one-row frame (only src/frames imports danfojs) and defines `util.inspect.custom` on
 * their prototypes, which `replValueText` itself never reaches (it checks frames first).
 */
export async function installFrameInspect(): Promise<void> {
  const frame = await frameOf([{ name: "x", kind: "key" }], [["a"]]);
  const series = (frame as unknown as Record<string, unknown>).x;
  for (const proto of [Object.getPrototypeOf(frame), Object.getPrototypeOf(series)] as object[]) {
    if (Object.prototype.hasOwnProperty.call(proto, inspect.custom)) continue;
    Object.defineProperty(proto, inspect.custom, {
      value(this: unknown): string {
        return replValueText(this);
      },
      configurable: true,
      writable: true,
    });
  }
}
