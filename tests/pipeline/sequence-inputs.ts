/**
 * Input changes of the randomised sequences (tests/pipeline/sequences.ts): what a user does to the
 * data folder between two runs — rows appended, a file removed, renamed, copied or rewritten in
 * its middle with size and mtime put back, a reference file edited (a security's DecimalsInPrice,
 * a book's session start, a participant's name) — each remembered so that the folder can be put
 * back byte for byte before the sequence's last run (the reference outputs are of the original data).
 */
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import type { ActionLog, SequenceEnv } from "./sequences.js";

/** The original bytes (or absence) of every file of a data folder a sequence touched, to put them back. */
export class InputChanges {
  private readonly originals = new Map<string, Buffer | null>();

  constructor(readonly data: string) {}

  /** Remembers `path` as it is now, the first time only (call before changing it). */
  touch(path: string): void {
    if (!this.originals.has(path)) this.originals.set(path, existsSync(path) ? readFileSync(path) : null);
  }

  /** Puts every touched file back as it was (removing those that were not there); whether any was touched. */
  restore(): boolean {
    for (const [path, bytes] of this.originals) {
      if (bytes === null) rmSync(path, { force: true });
      else writeFileSync(path, bytes);
    }
    const any = this.originals.size > 0;
    this.originals.clear();
    return any;
  }
}

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

/** The order and trade files of a data folder (relative paths), sorted. */
function dataFiles(data: string): string[] {
  return readdirSync(data, { recursive: true, encoding: "utf8" })
    .filter((f) => /^(orders|trades)\/.*\.csv$/.test(f.replaceAll("\\", "/")))
    .sort();
}

/** Edits one line of a reference CSV: the first line `match` keeps, column `col` set by `edit`. */
function editReference(
  inputs: InputChanges,
  file: string,
  col: string,
  match: (cells: string[], head: string[]) => boolean,
  edit: (v: string) => string,
): string {
  if (!existsSync(file)) return "no such file";
  inputs.touch(file);
  const lines = readFileSync(file, "utf8").split("\n");
  const head = lines[0]!.split(",").map((h) => h.trim());
  const k = head.indexOf(col);
  const i = lines.findIndex((l, j) => j > 0 && l.trim() !== "" && match(l.split(","), head));
  if (k < 0 || i < 0) return "nothing to edit";
  const cells = lines[i]!.split(",");
  cells[k] = edit(cells[k]!);
  lines[i] = cells.join(",");
  writeFileSync(file, lines.join("\n"));
  return `line ${i + 1}: ${col} = ${cells[k]}`;
}

/** Changes the env's inputs the way a user might between runs; every change is undone by `inputs.restore()`. */
export function changeInput(env: SequenceEnv, rnd: Rnd, inputs: InputChanges): ActionLog {
  const files = dataFiles(env.data);
  const kind = pick(rnd, [
    "append",
    "remove",
    "rename",
    "copy",
    "rewrite_touch_r",
    "decimals",
    "session",
    "participant",
  ] as const);
  const f = join(env.data, pick(rnd, files));
  const rel = (p: string): string => relative(env.data, p);
  switch (kind) {
    case "append": {
      // The file's last rows again (a resent tail): repeated rows, dropped or kept by `duplicates`.
      inputs.touch(f);
      const lines = readFileSync(f, "utf8").trimEnd().split("\n");
      writeFileSync(f, readFileSync(f, "utf8") + lines.slice(-4).join("\n") + "\n");
      return { action: `inputs: append 4 rows to ${rel(f)}`, outcome: "done" };
    }
    case "remove":
      inputs.touch(f);
      rmSync(f);
      return { action: `inputs: rm ${rel(f)}`, outcome: "done" };
    case "rename":
    case "copy": {
      const to = f.replace(/\.csv$/, `-${kind}${Math.floor(rnd() * 100)}.csv`);
      inputs.touch(f);
      inputs.touch(to);
      if (kind === "rename") renameSync(f, to);
      else writeFileSync(to, readFileSync(f));
      return { action: `inputs: ${kind === "rename" ? "mv" : "cp"} ${rel(f)} ${rel(to)}`, outcome: "done" };
    }
    case "rewrite_touch_r": {
      // One digit of a quantity in the file's middle changed, size and mtime put back (`touch -r`).
      inputs.touch(f);
      const { atime, mtime } = statSync(f);
      const lines = readFileSync(f, "utf8").split("\n");
      const q = lines[0]!.split(",").findIndex((h) => /^(quantity|volume)$/.test(h.trim()));
      for (let i = Math.floor(lines.length / 2); q >= 0 && i < lines.length; i++) {
        const c = lines[i]!.split(",");
        if (/^[1-8]\d+$/.test(c[q] ?? "")) {
          c[q] = `${Number(c[q]![0]) + 1}${c[q]!.slice(1)}`;
          lines[i] = c.join(",");
          break;
        }
      }
      writeFileSync(f, lines.join("\n"));
      utimesSync(f, atime, mtime);
      return { action: `inputs: rewrite the middle of ${rel(f)}, touch -r`, outcome: "done" };
    }
    case "decimals": {
      const sec = pick(rnd, env.securities);
      const outcome = editReference(
        inputs,
        join(env.data, "ob.csv"),
        "DecimalsInPrice",
        (c, h) => c[h.indexOf("Id")]?.trim() === sec,
        (v) => String((Number(v) % 4) + 1),
      );
      return { action: `inputs: ob.csv DecimalsInPrice of ${sec}`, outcome };
    }
    case "session": {
      const sec = pick(rnd, env.securities);
      const outcome = editReference(
        inputs,
        join(env.data, "session.csv"),
        "Timestamp",
        (c, h) => c[h.indexOf("OrderBookId")]?.trim() === sec && c[h.indexOf("Name")]?.trim() === "OPEN",
        (v) => String(BigInt(v.trim()) + 300_000_000_000n),
      );
      return { action: `inputs: session.csv first OPEN of ${sec} 5 minutes later`, outcome };
    }
    case "participant": {
      const outcome = editReference(
        inputs,
        join(env.data, "par.csv"),
        "ParticipantName",
        () => true,
        (v) => `${v}Renamed`,
      );
      return { action: "inputs: par.csv a participant renamed", outcome };
    }
  }
}
