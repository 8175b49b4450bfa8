import { start, type REPLServer } from "node:repl";
import * as toolkit from "../index.js";
import { helpText } from "./help.js";

/** Options of {@link startRepl}. */
export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Treat the streams as a terminal (colours, line editing); default: whether output is a TTY. */
  terminal?: boolean;
  /** Print the one-line welcome (default true). */
  banner?: boolean;
}

/**
 * Starts a Node REPL with every export of the toolkit preloaded as a global (and the whole API as
 * `sweeplab`), top-level `await`, and a `.sweeplab` command that lists the functions. Returns the
 * REPL server; the process ends when it closes (`.exit`, Ctrl-D).
 */
export function startRepl(options: ReplOptions = {}): REPLServer {
  const output = options.output ?? process.stdout;
  const terminal = options.terminal ?? (output as { isTTY?: boolean }).isTTY === true;
  if (options.banner !== false) {
    output.write(
      `sweeplab REPL: ${Object.keys(toolkit).length} functions, classes and constants preloaded; top-level await works.\n` +
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
  });
  const preload = (context: Record<string, unknown>): void => {
    for (const [name, value] of Object.entries(toolkit)) context[name] = value;
    context.sweeplab = toolkit;
  };
  preload(server.context);
  server.on("reset", preload);
  server.defineCommand("sweeplab", {
    help: "List the toolkit's functions, classes and constants",
    action() {
      this.clearBufferedCommand();
      output.write(`${helpText(toolkit)}\n`);
      this.displayPrompt();
    },
  });
  return server;
}
