// show's options as typed at the REPL or in a script, where nothing type-checks them: a misspelt
// option (maxrows, column) was ignored without a word, `columns: "sweeps"` threw a TypeError
// ("options.columns.map is not a function") and `maxRows: 0` showed two rows.
import { afterEach, describe, expect, it } from "vitest";
import { DataFrame, setDisplayTarget, show } from "../../src/notebook/index.js";
import { collector } from "./collector.js";

afterEach(() => setDisplayTarget(undefined));

const frame = (): DataFrame =>
  new DataFrame({ security_code: ["110621", "110622", "110623"], sweeps: [514, 510, 528] });
const untyped = (o: unknown): Parameters<typeof show>[1] => o as Parameters<typeof show>[1];

describe("show's options at the REPL", () => {
  it("one column name is a list of one", () => {
    const c = collector();
    setDisplayTarget(c);
    show(frame(), untyped({ columns: "sweeps", index: false }));
    show(frame(), { columns: ["sweeps"], index: false });
    expect(c.shown).toHaveLength(2);
    expect(c.shown[0]?.text).toBe(c.shown[1]?.text);
    expect(c.shown[0]?.text).not.toContain("110621");
  });

  it("an option it does not take, or a maxRows below 1, is one bad_argument", () => {
    setDisplayTarget(collector());
    expect(() => show(frame(), untyped({ maxrows: 1 }))).toThrow(
      'show: "maxrows" is no option of show (maxRows, title, columns, formats, index)',
    );
    expect(() => show(frame(), { maxRows: 0 })).toThrow(
      "show: maxRows must be an integer ≥ 1 (or Infinity: every row), got 0",
    );
    expect(() => show(frame(), untyped({ columns: [3] }))).toThrow(
      'show: columns must name one column or a list of them (show(frame, { columns: ["security_code", "sweeps"] })), got [3]',
    );
  });

  it("maxRows: Infinity shows every row, as before show's options were checked (refused since)", () => {
    const c = collector();
    setDisplayTarget(c);
    const codes = Array.from({ length: 50 }, (_, i) => String(110600 + i));
    const long = new DataFrame({ security_code: codes, sweeps: codes.map((_, i) => i) });
    show(long, { maxRows: Infinity });
    show(long);
    for (const code of codes) expect(c.shown[0]?.text).toContain(code);
    expect(c.shown[1]?.text).not.toContain("110620"); // the default 40 rows leave the middle out
  });
});
