// Report parameters (`npm run report -- <notebook> --param name=value …`), as papermill does them:
// a notebook declares its parameters in the code cell tagged `parameters`, one per line,
// `const name[: type] = <default>;`; a report given `--param` gets a cell tagged
// `injected-parameters` right after it that declares the same names again with the given values
// (tslab lets a later cell declare a name again), and a markdown cell saying what was set, which
// shows also when code is hidden. Values are typed after the default: a list of strings or numbers
// (`110621` or `110621,110622` or JSON `["110621"]`), a string, a number, a boolean; any other
// default takes a JSON value.

/** One `--param` problem: the message says what to fix. */
export class ParamError extends Error {
  name = "ParamError";
}

/** Parses `name=value` arguments into [name, value] pairs (in order; a later one wins). */
export function parseParams(args) {
  return args.map((arg) => {
    const at = arg.indexOf("=");
    const name = at < 0 ? "" : arg.slice(0, at).trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
      throw new ParamError(`--param ${arg}: write --param name=value (name: a variable of the parameters cell)`);
    }
    return [name, arg.slice(at + 1)];
  });
}

const source = (cell) => [cell.source].flat().join("");
const isParameters = (cell) => cell.cell_type === "code" && (cell.metadata?.tags ?? []).includes("parameters");

/** The JSON value of a default written in TypeScript (`40_000`, `["a", "b"]`), or undefined. */
function literal(text) {
  try {
    return JSON.parse(text.replace(/(\d)_(?=\d)/g, "$1"));
  } catch {
    return undefined;
  }
}

/** The declarations of the parameters cell: name → { keyword, type (with its colon, or ""), value }. */
export function declaredParams(cell) {
  const found = new Map();
  const re = /^\s*(const|let|var)\s+([A-Za-z_$][\w$]*)\s*(:[^=]+?)?\s*=\s*(.+?)\s*;?\s*(?:\/\/.*)?$/;
  for (const line of source(cell).split("\n")) {
    const m = re.exec(line);
    if (m !== null) found.set(m[2], { keyword: m[1], type: m[3]?.trim() ?? "", value: literal(m[4]) });
  }
  return found;
}

/** The given text typed after the default's kind. */
function typed(name, text, fallback) {
  const json = literal(text);
  const fail = (what) => new ParamError(`--param ${name}=${text}: ${what}`);
  if (Array.isArray(fallback)) {
    const items = Array.isArray(json)
      ? json
      : text
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
    if (fallback.every((v) => typeof v === "number")) {
      const numbers = items.map(Number);
      if (numbers.some((n) => !Number.isFinite(n))) throw fail("a list of numbers, e.g. 1,2 or [1, 2]");
      return numbers;
    }
    return items.map(String);
  }
  if (typeof fallback === "string") return typeof json === "string" ? json : text;
  if (typeof fallback === "number") {
    const n = Number(text.replace(/_/g, ""));
    if (text.trim() === "" || !Number.isFinite(n)) throw fail("a number");
    return n;
  }
  if (typeof fallback === "boolean") {
    if (json !== true && json !== false) throw fail("true or false");
    return json;
  }
  if (json === undefined) throw fail("a JSON value (the default is not a plain list, string, number or boolean)");
  return json;
}

let counter = 0;

/**
 * The notebook with the given parameters injected after its `parameters` cell (a copy; the
 * notebook itself is untouched). Throws ParamError naming the notebook's parameters when it has no
 * such cell or no such name.
 */
export function injectParams(notebook, name, params) {
  if (params.length === 0) return notebook;
  const at = notebook.cells.findIndex(isParameters);
  if (at < 0) throw new ParamError(`${name} has no cell tagged "parameters": it takes no --param`);
  const declared = declaredParams(notebook.cells[at]);
  const values = new Map();
  for (const [param, text] of params) {
    const d = declared.get(param);
    if (d === undefined) {
      throw new ParamError(`${name} has no parameter "${param}"; its parameters: ${[...declared.keys()].join(", ")}`);
    }
    values.set(param, { ...d, given: typed(param, text, d.value) });
  }
  const id = `injected-parameters-${++counter}`;
  const lines = [...values].map(
    ([param, d]) => `${d.keyword} ${param}${d.type === "" ? "" : `${d.type}`} = ${JSON.stringify(d.given)};`,
  );
  const note = [...values].map(([param, d]) => `\`${param}\` = \`${JSON.stringify(d.given)}\``).join(", ");
  const cells = [
    {
      cell_type: "markdown",
      id: `${id}-note`,
      metadata: { tags: ["injected-parameters"] },
      source: `**Report parameters** (\`npm run report -- --param\`): ${note}`,
    },
    {
      cell_type: "code",
      id,
      metadata: { tags: ["injected-parameters"] },
      source: `// injected by npm run report --param\n${lines.join("\n")}`,
      outputs: [],
      execution_count: null,
    },
  ];
  return { ...notebook, cells: [...notebook.cells.slice(0, at + 1), ...cells, ...notebook.cells.slice(at + 1)] };
}
