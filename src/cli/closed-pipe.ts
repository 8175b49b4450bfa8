let installed = false;

/**
 * `sweeplab run | head`: once the reader of stdout (or stderr) is gone, writes to it fail with
 * EPIPE, which Node raises as an unhandled 'error' event — a stack trace, and a run killed halfway
 * through its jobs. Output to a closed pipe is dropped instead and the command goes on to its end:
 * its outputs, run_summary.json and exit code are those of the same command without the pipe. Any
 * other error of the stream is thrown as before. Idempotent.
 */
export function dropOutputToClosedPipes(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      stream.write = () => true;
    });
  }
}
