// `sweeplab/internal` for resolvers that ignore package.json "exports" (tslab 1.0.22's TypeScript
// 5.0 among them): the package root's internal.d.ts re-exports the built dist/internal.d.ts.
export * from "./dist/internal.js";
