// Objects typed at the REPL's prompt (and made in any other vm context) have that context's
// Object.prototype: the config layer must take them by their shape, as it takes its own.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ConfigError, mergeConfig, resolveConfig } from "../../src/config/index.js";
import { isPlainRecord } from "../../src/model/index.js";

/** `source` evaluated in a fresh vm context, as the REPL evaluates what is typed at its prompt. */
const other = <T>(source: string): T => runInNewContext(`(${source})`) as T;

const BASE = {
  inputs: ["/data/orders"],
  analysis: { impactTicks: 2, sizeBands: { smallMax: 100 } },
  outputDir: "out",
};

describe("isPlainRecord", () => {
  it("takes a mapping from this context, from another one, or without a prototype", () => {
    expect(isPlainRecord({ a: 1 })).toBe(true);
    expect(isPlainRecord(other("{ a: 1 }"))).toBe(true);
    expect(isPlainRecord(Object.create(null))).toBe(true);
    expect(isPlainRecord(other("Object.create(null)"))).toBe(true);
    expect(isPlainRecord(JSON.parse('{"a":{"b":1}}'))).toBe(true);
  });

  it("refuses lists, dates, maps, class instances, namespaces and built-in objects from either context", () => {
    class Settings {
      a = 1;
    }
    const values: unknown[] = [
      null,
      undefined,
      "a",
      1,
      [],
      other("[1]"),
      new Date(0),
      other("new Date(0)"),
      new Map(),
      other("new Map()"),
      new Settings(),
      other("new (class Settings { a = 1 })()"),
      Math,
      other("Math"),
      JSON,
      (): number => 1,
      Object.freeze(Object.assign(Object.create(null), { [Symbol.toStringTag]: "Module" })) as unknown,
    ];
    expect(values.map((v, i) => [i, isPlainRecord(v)])).toEqual(values.map((_, i) => [i, false]));
  });
});

describe("a config from another context", () => {
  it("is a base config and an override like one of this context (the REPL's `expected override 1` error)", () => {
    const c = resolveConfig(other('{ inputs: ["/data/orders"], outputDir: "a" }'), other('{ outputDir: "x" }'));
    expect([c.inputs, c.outputDir]).toEqual([["/data/orders"], "x"]);
  });

  it("merges its nested mappings field by field instead of replacing them", () => {
    const c = resolveConfig(BASE, other('{ analysis: { sizeBands: { mediumMax: 5000 } }, securities: ["110621"] }'));
    expect(c.analysis.sizeBands).toEqual({ smallMax: 100, mediumMax: 5000 });
    expect(c.analysis.impactTicks).toBe(2);
    expect(c.securities).toEqual(["110621"]);
    expect(mergeConfig(BASE, other("{ analysis: { impactTicks: 3 } }"))).toEqual({
      ...BASE,
      analysis: { impactTicks: 3, sizeBands: { smallMax: 100 } },
    });
  });

  it("is still refused when it is not a mapping, naming the override", () => {
    expect(() => resolveConfig(BASE, other('["outputDir", "x"]'))).toThrow(ConfigError);
    expect(() => resolveConfig(BASE, other("new Date(0)"))).toThrow(/expected override 1 to be a mapping/);
  });
});
