import { createRequire } from "node:module";
const dfd = createRequire(import.meta.url)("danfojs-node");
const df = new dfd.DataFrame({ g: ["a","a","b"], x: [1, NaN, 2] }, {index: ["r1","r2","r3"]});
const s = df["x"];
console.log(s.name, s.columns, s.index, s.values, s.shape, df.index, typeof s.dtypes, s.dtypes, df.dtypes);
const e = new dfd.DataFrame([], {columns:["a","b"]}); console.log(e.shape, e.columns, e.index, e.values);
const b = new dfd.DataFrame([[1n, "x"]], {columns:["a","b"]}); console.log(b.values, b.dtypes);
