// Preloaded into the project's tslab kernel (kernel.json: `node --import <this file> tslab kernel …`).
//
// tslab 1.0.22 prints a cell's uncaught error with console.error — the whole inspected object: its
// stack, then a dump of its fields — and replies `status: "error"` with no `ename`, `evalue` or
// `traceback`, and sends no `error` message. So a notebook showed a toolkit error's message two or
// three times with a stack and an object dump, and under `jupyter nbconvert --execute` (nbclient,
// which reads the reply) the error's name and message were empty. This file makes a failed cell end
// the Jupyter way instead:
//
// - The thrown value becomes one `error` output (and the reply's ename/evalue/traceback): its name,
//   its message, and as traceback its `stack` — which sweeplab shortens to the one line
//   `Name: message` for its own typed errors unless `setDebug(true)` (its notebook API does, and
//   this file asks it to, through the function it registers as Symbol.for("sweeplab.briefError"),
//   for an error of any sweeplab function); a bug keeps its stack. Type
//   errors of the cell's TypeScript become one error output `TypeScriptError` listing them.
// - A cell that tslab skips because one before it failed (queued by "Run All") says
//   `not run: a cell above failed`. A request with `stop_on_error: false` (what nbclient sends with
//   --allow-errors) no longer aborts the cells after it (tslab ignored the flag and aborted the
//   cells sent within 200 ms of a failure).
// - With SWEEPLAB_STOP_AFTER_ERROR=1 in the kernel's environment (batch execution, e.g.
//   `nbconvert --execute --allow-errors`, which sends every cell), the cells after a failed one are
//   not run either: each replies `aborted` with the output `not run: cell N (`its first line`) failed
//   above`. It is
//   read when a cell fails, so a cell may also set it (process.env is the kernel's).
//
// It patches tslab's internals (createExecutor's console, JupyterHandlerImpl.handleExecuteImpl,
// ZmqServer.handleExecute) and checks that they are the ones of tslab 1.0.22; with another version
// it changes nothing and says so on the kernel's stderr.
import { createRequire } from "node:module";
import path from "node:path";
import util from "node:util";

/** Builds the `error` content of a failed cell from what it threw, or from its type errors. */
function errorContent(failure) {
  if (failure === undefined)
    return {
      ename: "Error",
      evalue: "the cell failed (see its output)",
      traceback: ["the cell failed (see its output)"],
    };
  if (failure.diagnostics !== undefined) {
    const lines = failure.diagnostics;
    return { ename: "TypeScriptError", evalue: lines.join("\n"), traceback: lines };
  }
  // sweeplab's own rule (a typed toolkit error: its message alone, unless setDebug(true)), when a
  // cell has imported it; it leaves anything else as it is.
  const brief = globalThis[Symbol.for("sweeplab.briefError")];
  const value = typeof brief === "function" ? brief(failure.thrown) : failure.thrown;
  if (value instanceof Error || (typeof value === "object" && value !== null && "message" in value)) {
    const ename = String(value.name ?? "Error");
    const evalue = String(value.message ?? "");
    const stack = typeof value.stack === "string" && value.stack !== "" ? value.stack : `${ename}: ${evalue}`;
    return { ename, evalue, traceback: [withoutKernelFrames(stack)] };
  }
  const text = util.inspect(value);
  return { ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}

/**
 * A stack without the frames of the kernel's machinery below the cell's code: from the first frame
 * of Node's vm (tslab runs a cell with vm.runInThisContext) on, nothing is the notebook's.
 */
function withoutKernelFrames(stack) {
  const lines = stack.split("\n");
  const vm = lines.findIndex(
    (l) => /^\s+at .*\((node:vm|node:internal\/vm)[:)]/.test(l) || /^\s+at sigintHandlersWrap /.test(l),
  );
  return vm < 0 ? stack : lines.slice(0, vm).join("\n");
}

/** "cell N (`first line of its code`)", the line cut to 60 characters. */
function cellName(count, code) {
  const line =
    String(code ?? "")
      .trim()
      .split("\n")[0] ?? "";
  const shown = line.length > 60 ? `${line.slice(0, 59)}…` : line;
  return `cell ${count ?? "?"} (\`${shown}\`)`;
}

function patch() {
  // The tslab that runs this kernel: the one of the main script (node_modules/tslab/bin/tslab).
  const require = createRequire(import.meta.url);
  const paths = [path.dirname(process.argv[1] ?? ""), process.cwd()];
  const tslabDir = path.dirname(require.resolve("tslab/package.json", { paths }));
  const version = require(path.join(tslabDir, "package.json")).version;
  if (version !== "1.0.22") throw new Error(`tslab ${version}, not 1.0.22`);
  const executorModule = require(path.join(tslabDir, "dist", "executor.js"));
  const jupyter = require(path.join(tslabDir, "dist", "jupyter.js"));
  const { JupyterHandlerImpl, ZmqServer } = jupyter;
  if (
    typeof executorModule.createExecutor !== "function" ||
    typeof JupyterHandlerImpl?.prototype.handleExecuteImpl !== "function" ||
    typeof ZmqServer?.prototype.handleExecute !== "function"
  )
    throw new Error("tslab's executor or Jupyter handler is not the expected one");

  // What the running cell failed with: set by the executor's console while a cell runs.
  let current;
  const createExecutor = executorModule.createExecutor;
  executorModule.createExecutor = (rootDir, convs, console) =>
    createExecutor(rootDir, convs, {
      log: (...args) => console.log(...args),
      error: (...args) => {
        if (current === undefined) return console.error(...args);
        // tslab calls console.error(e) with the thrown value alone, and
        // console.error("%s%d:%d - %s", file, line, column, message) for each type error.
        if (args.length === 1) current.thrown = args[0];
        else (current.diagnostics ??= []).push(util.format(...args));
      },
    });

  // The failure of each request (its content object), kept until its reply is sent.
  const failures = new WeakMap();
  const handleExecuteImpl = JupyterHandlerImpl.prototype.handleExecuteImpl;
  JupyterHandlerImpl.prototype.handleExecuteImpl = async function (req, writeStream, writeDisplayData) {
    current = {};
    try {
      return await handleExecuteImpl.call(this, req, writeStream, writeDisplayData);
    } catch (e) {
      failures.set(req, current);
      throw e;
    } finally {
      current = undefined;
    }
  };

  // An execute request with stop_on_error false (nbclient with --allow-errors sends every cell so)
  // must not abort the cells after a failure; tslab aborts them whatever the request says.
  const handleExecute = JupyterHandlerImpl.prototype.handleExecute;
  JupyterHandlerImpl.prototype.handleExecute = async function (req, writeStream, writeDisplayData) {
    if (req.stop_on_error !== false) return handleExecute.call(this, req, writeStream, writeDisplayData);
    try {
      return await this.execQueue.add(() =>
        this.handleExecuteImpl(req, writeStream, writeDisplayData).then(
          (count) => ({ status: "ok", execution_count: count.count }),
          (rejected) => {
            if (typeof rejected?.count !== "number") console.error("unexpected error:", rejected);
            return { status: "error", execution_count: rejected?.count };
          },
        ),
      );
    } catch {
      // Queued behind a cell that failed with stop_on_error: aborted, as tslab does.
      return { status: "abort", execution_count: undefined };
    }
  };

  // The first failed cell, when SWEEPLAB_STOP_AFTER_ERROR=1: "cell N (`its first line`)", N its
  // execution count (in a batch run, where every code cell runs once: its place among the code cells).
  let failed;
  ZmqServer.prototype.handleExecute = async function (sock, msg) {
    const send = (type, content, socket = this.iopub) => {
      const m = msg.createReply();
      m.header.msg_type = type;
      m.content = content;
      m.signAndSend(this.connInfo.key, socket);
    };
    const note = (text) => send("stream", { name: "stderr", text: `${text}\n` });
    let content;
    if (failed !== undefined) {
      note(`not run: ${failed} failed above`);
      content = { status: "aborted", execution_count: null };
    } else {
      content = await this.handler.handleExecute(
        msg.content,
        (name, text) => send("stream", { name, text }),
        (data, update) => send(update ? "update_display_data" : "display_data", data),
      );
      if (content.status === "error") {
        const error = errorContent(failures.get(msg.content));
        failures.delete(msg.content);
        send("error", error);
        Object.assign(content, error);
        // Read at each failure: set when the kernel starts, or by a cell (process.env is this process's).
        if (process.env.SWEEPLAB_STOP_AFTER_ERROR === "1") failed = cellName(content.execution_count, msg.content.code);
      } else if (content.status === "abort") {
        note("not run: a cell above failed");
        content.status = "aborted"; // the protocol's word (tslab says "abort")
      }
    }
    send("execute_reply", content, sock);
  };
}

try {
  patch();
} catch (e) {
  process.stderr.write(`sweeplab kernel: errors are shown as tslab prints them (${e.message})\n`);
}
