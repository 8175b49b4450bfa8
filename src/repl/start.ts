import { start, writer as nodeWriter, type REPLServer } from "node:repl";
import * as toolkit from "../index.js";
import * as internal from "../internal.js";
import { setDisplayTarget } from "../notebook/index.js";
import { helpText } from "./help.js";
import { installFrameInspect } from "./frame-inspect.js";
import { defaultPlotDir } from "./plot-file.js";
import { replTarget } from "./target.js";
import { replValueText } from "./writer.js";

/** Options of {@link startRepl}. */
export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Treat the streams as a terminal (colours, line editing); default: whether output is a TTY. */
  terminal?: boolean;
  /** Print the one-line welcome (default true). */
  banner?: boolean;
  /** Where `plot(figure)` writes its HTML files (default `$SWEEPLAB_PLOT_DIR`, else `./sweeplab-plots`). */
  plotDir?: string;
}

/**
 * Starts a Node REPL with the toolkit's public API preloaded as globals, the rest of it as
 * `internal` (`internal.runPipeline`, the names of `sweeplab/internal`), both also under `sweeplab`
 * (`sweeplab.run`, `sweeplab.internal`), top-level `await`, and a `.sweeplab` command that lists them. Objects typed
 * at the prompt are taken like any other (the config layer checks shapes, not prototypes). What it
 * prints is made for reading: a DataFrame as a text table, `await handle` as the run's summary, a
 * run handle as one line; `plot(figure)` writes a standalone HTML file and prints its path (all
 * the toolkit's outputs go to this REPL's output, see `replTarget`). Returns the REPL server; the
 * process ends when it closes (`.exit`, Ctrl-D).
 */
export function startRepl(options: ReplOptions = {}): REPLServer {
  const output = options.output ?? process.stdout;
  const terminal = options.terminal ?? (output as { isTTY?: boolean }).isTTY === true;
  if (options.banner !== false) {
    output.write(
      `sweeplab REPL: ${Object.keys(toolkit).length} functions, classes and constants preloaded, the rest as internal.<name>; top-level await works.\n` +
        "Type .sweeplab to list them, .help for the REPL's commands.\n",
    );
  }
  const server = start({
    prompt: "sweeplab> ",
    input: options.input ?? process.stdin,
    output,
    terminal,
    useGlobal: false,
    ignoreUndefined: true,
    writer: (value: unknown) => replValueText(value, { ...nodeWriter.options, colors: terminal }),
  });
  // Not awaited: danfojs loads in the background while the first line is typed. Should it fail,
  // frames still print as tables at the prompt (the writer); only console.log(frame) would not.
  installFrameInspect().catch(() => undefined);
  setDisplayTarget(
    replTarget(
      (text) => void output.write(text),
      () => options.plotDir ?? defaultPlotDir(),
    ),
  );
  const preload = (context: Record<string, unknown>): void => {
    for (const [name, value] of Object.entries(toolkit)) context[name] = value;
    context.internal = internal;
    context.sweeplab = { ...toolkit, internal };
  };
  preload(server.context);
  server.on("reset", preload);
  server.defineCommand("sweeplab", {
    help: "List the toolkit's functions, classes and constants",
    action() {
      this.clearBufferedCommand();
      output.write(`${helpText(toolkit, internal)}\n`);
      this.displayPrompt();
    },
  });
  return server;
}
