import type { EventEmitter } from "node:events";
import { createInterface } from "node:readline";
import type { REPLEval, REPLServer } from "node:repl";
import type { Writable } from "node:stream";
import { inspect } from "node:util";

/** A statement of piped input that threw: its lines in the input (from 1) and what it threw. */
export interface ThrownAt {
  firstLine: number;
  lastLine: number;
  error: unknown;
}

/**
 * Feeds `source`, a script piped into the REPL (`npm run repl < analysis.js`), to `server` through
 * `feed`, the server's input, one line at a time: a line is written only when the REPL is ready for
 * it, that is once it has shown its prompt again after the previous line — after the evaluation of
 * that line ended, its awaited promise included, and its value or error was printed. (Node's REPL
 * holds back typed keys while a top-level `await` runs only on a terminal; from a pipe it evaluates
 * each line as it arrives, so `r.summary` ran before `r = await run(…)` had finished.) A line that
 * starts no evaluation (`.editor`, a line inside it) is followed by the next at once. At the end of
 * `source`, once the last evaluation ended, `feed` ends, which closes the REPL; when the REPL closes
 * first (`.exit`), the rest of `source` is left unread.
 *
 * Returns the statements that threw, filled in as they throw (an uncaught error reaches the REPL's
 * domain, whose handler prints it), each with the lines of the input it was gathered from.
 */
export function feedInOrder(server: REPLServer, source: NodeJS.ReadableStream, feed: Writable): ThrownAt[] {
  const thrown: ThrownAt[] = [];
  const prompt = server.getPrompt();
  let statement = { firstLine: 0, lastLine: 0 };
  let continued = false; // the REPL gathers a statement over lines: its prompt is "... "
  let evaluating = false;
  let busy = false;
  let closed = false;
  let wake: (() => void) | undefined;

  const ready = (): void => {
    busy = false;
    const w = wake;
    wake = undefined;
    w?.();
  };
  // Ready for the next line: the REPL is, and what it deferred for the last one has run (`.exit`
  // closes it on the next tick: no line may follow then), so the next goes in on a later turn.
  const idle = async (): Promise<void> => {
    if (busy && !closed) await new Promise<void>((resolve) => (wake = resolve));
    await new Promise((resolve) => setImmediate(resolve));
  };

  const display = server.displayPrompt.bind(server);
  server.displayPrompt = (preserveCursor?: boolean): void => {
    display(preserveCursor);
    continued = server.getPrompt() !== prompt;
    evaluating = false;
    ready();
  };
  const evaluate = server.eval;
  (server as { eval: REPLEval }).eval = function (this: REPLServer, ...args: Parameters<REPLEval>) {
    evaluating = true;
    evaluate.apply(this, args);
  };
  // After the REPL's own handler of the line: nothing left to wait for unless it started an evaluation.
  server.on("line", () => void (evaluating ? undefined : ready()));
  (server as unknown as { _domain?: EventEmitter })._domain?.on("error", (error: unknown) => {
    thrown.push({ ...statement, error });
  });

  const lines = createInterface({ input: source, crlfDelay: Infinity, terminal: false });
  server.on("exit", () => {
    closed = true;
    lines.close();
    ready();
  });
  void (async () => {
    let n = 0;
    for await (const line of lines) {
      await idle();
      if (closed) break;
      n += 1;
      statement = { firstLine: continued ? statement.firstLine : n, lastLine: n };
      busy = true;
      feed.write(`${line}\n`);
    }
    await idle();
    feed.end();
  })();
  return thrown;
}

/** What a thrown value says, on one line: `TypeError: Cannot read properties of null (reading 'y')`. */
function thrownLine(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | null;
  const text =
    typeof e === "object" && e !== null && typeof e.message === "string"
      ? `${typeof e.name === "string" ? e.name : "Error"}: ${e.message}`
      : inspect(error);
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * The report of the statements of piped input that threw, one line each, then the count:
 * `sweeplab repl: line 2 threw TypeError: …`, `sweeplab repl: lines 5–7 threw …`,
 * `sweeplab repl: 2 statements of the input threw: exit code 1`. Empty when none threw.
 */
export function thrownReport(thrown: readonly ThrownAt[]): string {
  if (thrown.length === 0) return "";
  const where = (t: ThrownAt): string =>
    t.firstLine === t.lastLine ? `line ${t.lastLine}` : `lines ${t.firstLine}–${t.lastLine}`;
  const count = `${thrown.length} statement${thrown.length === 1 ? "" : "s"}`;
  return [
    ...thrown.map((t) => `sweeplab repl: ${where(t)} threw ${thrownLine(t.error)}`),
    `sweeplab repl: ${count} of the input threw: exit code 1`,
    "",
  ].join("\n");
}
