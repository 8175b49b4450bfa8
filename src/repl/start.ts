import { start, writer as nodeWriter, type REPLServer } from "node:repl";
import { PassThrough } from "node:stream";
import * as toolkit from "../index.js";
import * as internal from "../internal.js";
import { interruptRuns, setDisplayTarget } from "../notebook/index.js";
import { helpText } from "./help.js";
import { feedInOrder, thrownReport, type ThrownAt } from "./piped-input.js";
import { installFrameInspect } from "./frame-inspect.js";
import { defaultPlotDir } from "./plot-file.js";
import { replTarget } from "./target.js";
import { replValueText } from "./writer.js";

/** Options of {@link startRepl}. */
export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /**
   * Treat the streams as a terminal (colours, line editing); default: whether output is a TTY. With
   * piped input (not a TTY), colours only: the input is fed to the REPL a line at a time, in order.
   */
  terminal?: boolean;
  /** Where {@link replSession} reports the statements of piped input that threw (default stderr). */
  errors?: NodeJS.WritableStream;
  /** Print the one-line welcome (default true). */
  banner?: boolean;
  /** Where `plot(figure)` writes its HTML files (default `$SWEEPLAB_PLOT_DIR`, else `./sweeplab-plots`). */
  plotDir?: string;
}

/**
 * {@link startRepl}, then waits for the REPL to close (`.exit`, Ctrl-D, the end of piped input) and
 * resolves to the exit code for the process: 0, or 1 when a statement of piped input threw (each
 * one named by its line on `errors`, see {@link thrownReport}). A statement typed at a terminal that
 * throws is part of working at the prompt: 0 all the same.
 */
export function replSession(options: ReplOptions = {}): Promise<number> {
  const { server, thrown } = openRepl(options);
  return new Promise((resolve) => {
    server.on("exit", () => {
      const report = thrownReport(thrown ?? []);
      if (report !== "") (options.errors ?? process.stderr).write(report);
      resolve(report === "" ? 0 : 1);
    });
  });
}

/**
 * Starts a Node REPL with the toolkit's public API preloaded as globals, the rest of it as
 * `internal` (`internal.runPipeline`, the names of `sweeplab/internal`), both also under `sweeplab`
 * (`sweeplab.run`, `sweeplab.internal`), top-level `await`, and a `.sweeplab` command that lists them. Objects typed
 * at the prompt are taken like any other (the config layer checks shapes, not prototypes). What it
 * prints is made for reading: a DataFrame as a text table, `await handle` as the run's summary, a
 * run handle as one line; `plot(figure)` writes a standalone HTML file and prints its path (all
 * the toolkit's outputs go to this REPL's output, see `replTarget`). Input that is not a TTY (a
 * script piped in) is fed to the REPL one line at a time, each once the one before has finished, its
 * awaited promise included (`feedInOrder`); the REPL closes at its end. Returns the REPL server;
 * the process ends when it closes (`.exit`, Ctrl-D, the end of piped input).
 */
export function startRepl(options: ReplOptions = {}): REPLServer {
  return openRepl(options).server;
}

/** The REPL of {@link startRepl}, and the statements of its piped input that threw (undefined: a TTY). */
function openRepl(options: ReplOptions): { server: REPLServer; thrown: ThrownAt[] | undefined } {
  const output = options.output ?? process.stdout;
  const input = options.input ?? process.stdin;
  const piped = (input as { isTTY?: boolean }).isTTY !== true;
  const colors = options.terminal ?? (output as { isTTY?: boolean }).isTTY === true;
  const feed = piped ? new PassThrough() : undefined;
  if (options.banner !== false) {
    output.write(
      `sweeplab REPL: ${Object.keys(toolkit).length} functions, classes and constants preloaded, the rest as internal.<name>; top-level await works.\n` +
        "Type .sweeplab to list them, .help for the REPL's commands.\n",
    );
  }
  const server = start({
    prompt: "sweeplab> ",
    input: feed ?? input,
    output,
    terminal: colors && !piped,
    // At a terminal, Ctrl-C stops waiting for an `await` (Node held it back until the await ended:
    // an `await run(…)` could not be stopped) and cancels the run it awaited (below).
    breakEvalOnSigint: !piped,
    useColors: colors,
    useGlobal: false,
    ignoreUndefined: true,
    writer: (value: unknown) => replValueText(value, { ...nodeWriter.options, colors }),
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
  // Ctrl-C at a terminal: the runs being awaited are cancelled, as a kernel interrupt cancels them.
  server.on("SIGINT", () => interruptRuns());
  server.on("reset", preload);
  server.defineCommand("sweeplab", {
    help: "List the toolkit's functions, classes and constants",
    action() {
      this.clearBufferedCommand();
      output.write(`${helpText(toolkit, internal)}\n`);
      this.displayPrompt();
    },
  });
  if (feed === undefined) return { server, thrown: undefined };
  server.on("exit", () => void output.write("\n")); // the last prompt ends its line
  return { server, thrown: feedInOrder(server, input, feed) };
}
