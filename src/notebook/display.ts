import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import type { Figure } from "../plots/index.js";

/** The MIME type of a plotly figure in Jupyter (JupyterLab's and VS Code's plotly renderers, the HTML reports). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * One piece of output in its alternative forms: always plain text (the REPL, a terminal), HTML for
 * a notebook, and a plotly figure when it is a chart. A frontend shows the richest form it can.
 */
export interface Output {
  text: string;
  html?: string;
  figure?: Figure;
}

/** One output area that a live display rewrites in place (the progress of a run). */
export interface LiveDisplay {
  /** Replaces what this area shows. */
  update(output: Output): void;
}

/** Where outputs go: the tslab kernel's output area, the console, or a test's collector. */
export interface DisplayTarget {
  /** `tslab` inside a Jupyter kernel, `console` elsewhere, or any name a custom target gives itself. */
  readonly kind: string;
  /** Shows an output once, below the running cell. */
  show(output: Output): void;
  /** Opens an output area that can be rewritten in place. */
  live(): LiveDisplay;
}

/** What sweeplab uses of tslab's `Display` (tslab 1.0.22). */
interface TslabDisplay {
  html(s: string): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): unknown;
}

/** What sweeplab uses of the `tslab` module. */
interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

const require = createRequire(import.meta.url);
const JUPYTER_MODULE = `${sep}${join("tslab", "dist", "jupyter.js")}`;

function isTslabModule(m: unknown): m is TslabModule {
  const t = m as Partial<TslabModule> | null;
  return typeof t?.newDisplay === "function" && typeof t.display?.html === "function";
}

/**
 * The tslab module of the kernel this code runs in, or undefined outside a kernel. tslab keeps the
 * current cell's output channel in its `jupyter.js` module once the kernel executes a cell; that
 * module is already in Node's require cache then, so it is found there rather than imported (which
 * would load TypeScript and zeromq into every REPL and script that imports sweeplab).
 */
function kernelTslab(): KernelTslab | undefined {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!file.endsWith(JUPYTER_MODULE)) continue;
    const state = mod?.exports as TslabState | undefined;
    if (state?.lastWriteDisplayData === undefined || state.lastWriteDisplayData === null) continue;
    const pub: unknown = require(join(dirname(file), "public.js"));
    if (isTslabModule(pub)) return { tslab: pub, state };
  }
  return undefined;
}

/** tslab's `jupyter.js` state: the current cell's display_data writer (what its `Display.raw` calls). */
interface TslabState {
  lastWriteDisplayData?: unknown;
}

/** The kernel's tslab module and its state. */
interface KernelTslab {
  tslab: TslabModule;
  state: TslabState;
}

type WriteDisplayData = (
  message: { data: Record<string, unknown>; metadata: object; transient: object },
  update: boolean,
) => void;

/**
 * A chart as one display_data of two MIME types (tslab's `Display` sends one a message): the
 * plotly figure, and its one-line text, which a frontend without a plotly renderer (a bare
 * JupyterLab, the classic Notebook) shows instead of "no renderer"; false when tslab's writer is
 * not there (then the figure goes alone, through `raw`).
 */
function showChart(state: TslabState, output: Output): boolean {
  const write = state.lastWriteDisplayData;
  if (output.figure === undefined || typeof write !== "function") return false;
  (write as WriteDisplayData)(
    { data: { [PLOTLY_MIME]: output.figure, "text/plain": output.text }, metadata: {}, transient: {} },
    false,
  );
  return true;
}

function showIn(d: TslabDisplay, output: Output): void {
  // tslab's `raw` is typed for text and bytes but passes any JSON value on; Jupyter wants the
  // plotly MIME type's data as a JSON object, not as a string of JSON.
  if (output.figure !== undefined) d.raw(PLOTLY_MIME, output.figure as unknown as string);
  else if (output.html !== undefined) d.html(output.html);
  else d.text(output.text);
}

function tslabTarget({ tslab: t, state }: KernelTslab): DisplayTarget {
  return {
    kind: "tslab",
    show: (output) => void (showChart(state, output) || showIn(t.display, output)),
    live: () => {
      // newDisplay() gives the output a display_id: the first call displays, later calls send
      // update_display_data, which Jupyter (and nbclient when it executes headless) applies in place.
      const d = t.newDisplay();
      return { update: (output) => showIn(d, output) };
    },
  };
}

/**
 * A live display for a text stream, which cannot rewrite what it wrote: each update whose text
 * differs from the last one's is written as a line of its own (`write` gets it with its newline);
 * an unchanged update writes nothing.
 */
export function lineByLineDisplay(write: (text: string) => void): LiveDisplay {
  let last = "";
  return {
    update: (output) => {
      if (output.text === last) return;
      last = output.text;
      write(`${output.text}\n`);
    },
  };
}

/** Writes `text` to stdout. */
const toStdout = (text: string): void => void process.stdout.write(text);

/** Plain text on stdout; a live display prints a line only when its text changed. */
const consoleTarget: DisplayTarget = {
  kind: "console",
  show: (output) => toStdout(`${output.text}\n`),
  live: () => lineByLineDisplay(toStdout),
};

let override: DisplayTarget | undefined;

/**
 * Sends every later output to `target` (a test's collector, another frontend), or back to the
 * automatic choice with `undefined`: tslab's output area inside a Jupyter kernel, else the console.
 */
export function setDisplayTarget(target: DisplayTarget | undefined): void {
  override = target;
}

/** Where outputs go now (see {@link setDisplayTarget}). */
export function displayTarget(): DisplayTarget {
  if (override !== undefined) return override;
  const t = kernelTslab();
  return t === undefined ? consoleTarget : tslabTarget(t);
}

/** Whether outputs go to a notebook (a tslab kernel) rather than the console. */
export function inNotebook(): boolean {
  return displayTarget().kind === "tslab";
}
