import type { DisplayTarget, Output } from "../notebook/index.js";
import { displayTarget, lineByLineDisplay, setDisplayTarget } from "../notebook/index.js";
import { writePlotFile } from "./plot-file.js";

/**
 * Where the toolkit's outputs go at the REPL: text on the REPL's output stream, and a chart
 * (`plot(figure)`) written to a standalone HTML file in `plotDir()` whose path is printed, since a
 * terminal cannot draw it. Its kind is `console`, as the automatic target outside a notebook, so
 * everything else behaves as in a script (no live progress display unless asked for).
 */
export function replTarget(write: (text: string) => void, plotDir: () => string): DisplayTarget {
  const show = (output: Output): void => {
    if (output.figure === undefined) {
      write(`${output.text}\n`);
      return;
    }
    const path = writePlotFile(output.figure, plotDir());
    write(`${output.text}\nwritten to ${path} (open it in a browser)\n`);
  };
  return {
    kind: "console",
    show,
    live: () => lineByLineDisplay(write),
  };
}

/**
 * The text that `render` shows (through `show()` and the other display calls) instead of showing it:
 * every later output goes to a collector while `render` runs, then the display target is restored.
 */
export function shownText(render: () => void): string {
  const previous = displayTarget();
  const texts: string[] = [];
  setDisplayTarget({ kind: "console", show: (o) => void texts.push(o.text), live: () => previous.live() });
  try {
    render();
  } finally {
    setDisplayTarget(previous);
  }
  return texts.join("\n");
}
