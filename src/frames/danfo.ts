import { createRequire } from "node:module";
import type * as Danfo from "danfojs-node";
import { FrameError } from "./frame-error.js";
import { columnIndex, frameData } from "./frame-read.js";
import { nameList } from "./name-list.js";
import { checkOptionKeys } from "./option-keys.js";
import { installSortValues } from "./sort-values.js";
import { frameToCsv, installToCSV, type CsvOptions } from "./to-csv.js";

/*
 * danfojs for notebooks, re-exported through `sweeplab` so one import suffices, and loaded on
 * first use: danfojs-node brings TensorFlow with it (≈1 s), which a CLI run, a worker or a REPL
 * that never builds a frame should not pay. `DataFrame` and `Series` here are the danfojs classes
 * themselves behind a forwarding proxy: `new DataFrame(...)`, `instanceof`, `extends` and the
 * static members behave as danfojs documents, and a frame made here is the same kind of object as
 * one made by `import { DataFrame } from "danfojs-node"`.
 */

/** The danfojs-node module (its public exports). */
export type DanfoModule = typeof Danfo;

const require = createRequire(import.meta.url);
let loaded: DanfoModule | undefined;
const onLoad: ((danfo: DanfoModule) => void)[] = [];

/** The danfojs-node module, loaded on the first call; the hooks of {@link whenDanfoLoaded} run then. */
export function danfo(): DanfoModule {
  if (loaded === undefined) {
    loaded = require("danfojs-node") as DanfoModule;
    // danfojs' sortValues misorders a column holding NaN: sweeplab's puts missing values last.
    installSortValues(loaded);
    // danfojs' toCSV writes NaN for a missing value, quotes nothing, and throws on a `head()` frame.
    installToCSV(loaded);
    for (const hook of onLoad.splice(0)) hook(loaded);
  }
  return loaded;
}

/** Runs `hook` with the danfojs module once it is loaded: now if it already is, else on first use. */
export function whenDanfoLoaded(hook: (danfo: DanfoModule) => void): void {
  if (loaded === undefined) onLoad.push(hook);
  else hook(loaded);
}

/** Whether danfojs has been loaded through {@link danfo}. */
export function danfoLoaded(): boolean {
  return loaded !== undefined;
}

/** A class that loads its danfojs original on first use and forwards everything to it. */
function lazyClass<C extends object>(real: () => C): C {
  // A plain function as target: a proxy is constructible only if its target is.
  const target = function () {} as unknown as C;
  const proxy: C = new Proxy(target, {
    construct: (_t, args, newTarget) =>
      Reflect.construct(real() as never, args, newTarget === proxy ? (real() as never) : newTarget) as object,
    get: (_t, p) => Reflect.get(real(), p) as unknown,
    has: (_t, p) => Reflect.has(real(), p),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return proxy;
}

/** A function that loads danfojs on its first call and forwards to the original. */
function lazyFunction<F>(real: () => F): F {
  return ((...args: unknown[]) => (real() as (...a: unknown[]) => unknown)(...args)) as F;
}

/**
 * A danfojs class whose instances are typed by sweeplab's alias `T`: in a notebook outside the
 * repository, tslab can then name the type of `const f = new DataFrame(...)` as sweeplab's (the
 * class's own type lives under sweeplab's node_modules, which TypeScript will not write into a
 * declaration: "The inferred type of 'f' cannot be named without a reference to …/danfojs-node").
 */
export type DanfoClass<T, C extends abstract new (...args: never[]) => unknown> = Omit<C, "prototype"> & {
  new (...args: ConstructorParameters<C>): T;
  prototype: T;
};

/**
 * A danfojs DataFrame (declared here so that TypeScript names it through sweeplab, see
 * {@link DanfoClass}). In a notebook prefer sweeplab's helpers where danfojs fails (README
 * "Frames in a notebook").
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- danfojs' DataFrame, under sweeplab's name
export interface DataFrame extends Danfo.DataFrame {}
/** danfojs `DataFrame`: a 2-D table of labelled columns (see the danfojs docs; loaded on first use). */
export const DataFrame: DanfoClass<DataFrame, typeof Danfo.DataFrame> = lazyClass(() => danfo().DataFrame);

/** A danfojs Series (declared here so that TypeScript names it through sweeplab). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- danfojs' Series, under sweeplab's name
export interface Series extends Danfo.Series {}
/** danfojs `Series`: one labelled column (loaded on first use). */
export const Series: DanfoClass<Series, typeof Danfo.Series> = lazyClass(() => danfo().Series);

/**
 * danfojs `concat({ dfList, axis })`: frames or series stacked along rows (axis 0) or columns (axis
 * 1), the inputs left as they were. (danfojs-node 1.2's own builds on its inputs' column arrays:
 * along rows it appends to the first frame's columns, along columns it pads the shorter ones with
 * NaN, leaving them corrupt, e.g. `a.column(…)` then throws "IndexError"; it is given copies here.)
 * FrameError `bad_argument` for an option it does not take (`axes: 1` stacked rows, silently) or an
 * axis other than 0 or 1.
 */
export const concat: typeof Danfo.concat = (args) => {
  const list: unknown = (args as { dfList?: unknown } | undefined)?.dfList;
  if (!Array.isArray(list)) throw new FrameError("bad_argument", "concat: expected { dfList: [frame, …], axis }");
  checkOptionKeys("concat", args, ["dfList", "axis"]);
  const axis: unknown = args.axis;
  if (axis !== undefined && axis !== 0 && axis !== 1)
    throw new FrameError(
      "bad_argument",
      `concat: axis must be 0 (rows) or 1 (columns), got ${typeof axis === "number" ? String(axis) : (JSON.stringify(axis) ?? typeof axis)}`,
    );
  list.forEach((f, i) => frameData(f, `concat (dfList[${i}])`));
  return danfo().concat({ ...args, dfList: args.dfList.map((f) => f.copy()) });
};

const HOWS: readonly unknown[] = ["inner", "outer", "left", "right"];

/**
 * danfojs `merge({ left, right, on, how })`: a database-style join of two frames, `how` `"inner"`
 * when left out, as pandas' default (danfojs-node 1.2 returned no rows at all without it, or with a
 * misspelt one, silently: from the REPL or a script, where nothing type-checks the call). Throws
 * `FrameError` `bad_argument` for a `how` other than `inner`, `outer`, `left` or `right` and for an
 * `on` that names no column (missing, empty: danfojs joined every row with every row), `unknown_column`
 * for an `on` column one of the frames lacks (danfojs: a TypeError or "Column names length mismatch").
 */
export const merge = (
  args: Omit<Parameters<typeof Danfo.merge>[0], "how"> & { how?: Parameters<typeof Danfo.merge>[0]["how"] },
): ReturnType<typeof Danfo.merge> => {
  const left = frameData(args.left, "merge (left)");
  const right = frameData(args.right, "merge (right)");
  const on = nameList(args.on, "merge: on", 'merge({ left, right, on: ["security_code"] })');
  for (const c of on) {
    columnIndex(left, c, "merge: on column (left)");
    columnIndex(right, c, "merge: on column (right)");
  }
  const how: unknown = args.how ?? "inner";
  if (!HOWS.includes(how))
    throw new FrameError(
      "bad_argument",
      `merge: how must be "inner" (the default), "outer", "left" or "right"; got ${JSON.stringify(how)}`,
    );
  return danfo().merge({ ...args, on, how: how as Parameters<typeof Danfo.merge>[0]["how"] });
};

/** danfojs `toDateTime(series)`: date accessors (`.year()`, `.hours()`, …) over a Series of date texts. */
export const toDateTime: typeof Danfo.toDateTime = lazyFunction(() => danfo().toDateTime);

/** danfojs `dateRange({ start, period, freq })`: a list of date texts. */
export const dateRange: typeof Danfo.dateRange = lazyFunction(() => danfo().dateRange);

/** danfojs `readCSV(path, options)`: a CSV file as a DataFrame (Promise). */
export const readCSV: typeof Danfo.readCSV = lazyFunction(() => danfo().readCSV);

/**
 * `toCSV(frame, { filePath, sep, header })`: a frame (or Series) as CSV text, or written to
 * `filePath`, as pandas' `to_csv(index=False)` writes it: a missing value as an empty field, a field
 * holding the separator, a quote or a line end quoted (frames' own `frame.toCSV(options)` is the same).
 */
export const toCSV = (frame: Danfo.DataFrame | Danfo.Series, options?: CsvOptions): string | undefined => {
  danfo();
  return frameToCsv(frame, options);
};

/** danfojs `getDummies(frame, options)`: one-hot columns for categorical columns. */
export const getDummies: typeof Danfo.getDummies = lazyFunction(() => danfo().getDummies);
