/** A one-line progress display: rewritten in place on a TTY, a line every few seconds otherwise. */
export interface ProgressLine {
  update(text: string): void;
  done(): void;
}

/** Progress on `stream` (usually stderr), throttled to 10 updates/s on a TTY and one per 5 s otherwise. */
export function progressLine(stream: NodeJS.WriteStream, everyMs?: number): ProgressLine {
  const tty = stream.isTTY === true;
  const interval = everyMs ?? (tty ? 100 : 5000);
  let last = tty ? 0 : Date.now();
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      shown = true;
      if (tty) stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 120) - 1)}`);
      else stream.write(`${text}\n`);
    },
    done() {
      if (tty && shown) stream.write("\r\x1b[2K");
    },
  };
}
